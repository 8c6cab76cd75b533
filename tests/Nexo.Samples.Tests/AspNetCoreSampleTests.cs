using System.Net;
using System.Net.Http.Json;
using System.Net.ServerSentEvents;
using System.Text.Json;

namespace Nexo.Samples.Tests;

/// <summary>The web sample over real HTTP: chats are created with POST and their turns stream back as Server-Sent Events.</summary>
public sealed class AspNetCoreSampleTests(AspNetCoreSampleFixture app) : IClassFixture<AspNetCoreSampleFixture>
{
    [Fact]
    public async Task PostChats_CreatesAChatAndReturnsItsIdAndLocation()
    {
        using var response = await app.Http.PostAsJsonAsync("/chats", new { title = "from a test" });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var chat = await response.Content.ReadFromJsonAsync<JsonElement>();
        var id = chat.GetProperty("id").GetString();
        Assert.False(string.IsNullOrEmpty(id));
        Assert.Equal("from a test", chat.GetProperty("title").GetString());
        Assert.Equal($"/chats/{id}", response.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task Stream_SendsTheTurnAsServerSentEventsWhoseChunksSpellTheAnswer()
    {
        var chatId = await CreateChatAsync();

        var (contentType, events) = await StreamAsync(chatId, "hello from the browser");

        Assert.Equal("text/event-stream", contentType);
        Assert.Equal("message-started", events[0].EventType);
        Assert.Equal("turn-end", events[^1].EventType);
        var chunks = events.Where(e => e.EventType == "message-chunk").Select(e => Json(e).GetProperty("chunk").GetString()).ToList();
        Assert.True(chunks.Count > 1, "the answer should arrive in several chunks");
        Assert.Equal("hello from the browser", string.Concat(chunks));
        var complete = Json(Assert.Single(events, e => e.EventType == "message-complete"));
        Assert.Equal("hello from the browser", complete.GetProperty("content").GetString());
        Assert.All(events.SkipLast(1), e => Assert.Equal(chatId, Json(e).GetProperty("chatId").GetString()));
    }

    [Fact]
    public async Task Stream_WithAToolCommand_RunsTheSampleMcpServersToolAndStreamsItsResult()
    {
        var chatId = await CreateChatAsync();

        var (_, events) = await StreamAsync(chatId, """/tool word_count {"text":"one two three"}""");

        var completed = events.Where(e => e.EventType == "tool-execution-progress").Select(Json).Single(p => p.GetProperty("status").GetString() == "completed");
        Assert.Equal("word_count", completed.GetProperty("toolName").GetString());
        Assert.Equal("3 words, 1 line, 13 characters", completed.GetProperty("result").GetString());
        var answer = string.Concat(events.Where(e => e.EventType == "message-chunk").Select(e => Json(e).GetProperty("chunk").GetString()));
        Assert.Equal("Tool word_count returned: 3 words, 1 line, 13 characters", answer);
        Assert.Equal("turn-end", events[^1].EventType);
    }

    [Fact]
    public async Task Stream_ForAnUnknownChat_Returns404BeforeAnyEvent()
    {
        using var response = await app.Http.GetAsync("/chats/no-such-chat/stream?message=hi");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("NotFound", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("kind").GetString());
    }

    [Fact]
    public async Task Stream_WithoutAMessage_Returns400()
    {
        var chatId = await CreateChatAsync();

        using var response = await app.Http.GetAsync($"/chats/{chatId}/stream");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Root_ServesThePageThatStreamsWithEventSource()
    {
        var page = await app.Http.GetStringAsync("/");

        Assert.Contains("new EventSource(", page, StringComparison.Ordinal);
        Assert.Contains("\"turn-end\"", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Startup_LogsToStderrOnly()
    {
        await CreateChatAsync();

        Assert.Contains("Workspace aspnetcore sample uses echo (Echo, model echo)", app.Process.Stderr, StringComparison.Ordinal);
        Assert.Equal(string.Empty, app.Process.Stdout);
    }

    private static JsonElement Json(SseItem<string> item) => JsonDocument.Parse(item.Data).RootElement;

    private async Task<string> CreateChatAsync()
    {
        using var response = await app.Http.PostAsJsonAsync("/chats", new { title = "test" });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
    }

    private async Task<(string? ContentType, List<SseItem<string>> Events)> StreamAsync(string chatId, string message)
    {
        using var response = await app.Http.GetAsync($"/chats/{chatId}/stream?message={Uri.EscapeDataString(message)}", HttpCompletionOption.ResponseHeadersRead);
        response.EnsureSuccessStatusCode();
        await using var body = await response.Content.ReadAsStreamAsync();
        var events = new List<SseItem<string>>();
        await foreach (var item in SseParser.Create(body).EnumerateAsync())
        {
            events.Add(item);
        }

        return (response.Content.Headers.ContentType?.MediaType, events);
    }
}
