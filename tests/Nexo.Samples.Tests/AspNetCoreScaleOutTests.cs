using System.Net.Http.Json;
using System.Net.ServerSentEvents;
using System.Text.Json;
using Nexo.Testing;

namespace Nexo.Samples.Tests;

/// <summary>
/// The web sample scaled out: two instances started with the same <c>--db postgres://…</c> (a real PostgreSQL 15) and
/// key share chats, live turns and cancels, like two replicas behind a load balancer.
/// </summary>
public sealed class AspNetCoreScaleOutTests : IAsyncLifetime
{
    private readonly List<HttpClient> _clients = [];
    private ScaledOutSample _sample = null!;

    // Slow enough to cancel mid-answer: 200 chunks 50 ms apart.
    public async Task InitializeAsync() =>
        _sample = await ScaledOutSample.CreateAsync(FakeResponse.Text(Enumerable.Range(0, 200).Select(i => $"w{i} ").ToArray()).WithChunkDelay(TimeSpan.FromMilliseconds(50)));

    public async Task DisposeAsync()
    {
        foreach (var client in _clients)
        {
            client.Dispose();
        }

        await _sample.DisposeAsync();
    }

    [Fact]
    public async Task A_chat_opened_on_one_instance_streams_through_the_other_is_cancelled_from_the_first_and_both_read_the_same_history()
    {
        var a = await StartAsync();
        var b = await StartAsync();
        using var created = await a.PostAsJsonAsync("/chats", new { title = "scaled out" });
        var chatId = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;

        // Stream the turn through B; once some of the answer has arrived, cancel it through A.
        using var response = await b.GetAsync($"/chats/{chatId}/stream?message=count%20for%20me", HttpCompletionOption.ResponseHeadersRead);
        await using var body = await response.Content.ReadAsStreamAsync();
        var events = new List<SseItem<string>>();
        var cancelled = false;
        await foreach (var item in SseParser.Create(body).EnumerateAsync())
        {
            events.Add(item);
            if (!cancelled && events.Count(e => e.EventType == "message-chunk") == 5)
            {
                using var cancel = await a.PostAsync($"/chats/{chatId}/cancel", null);
                Assert.True((await cancel.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("cancelled").GetBoolean());
                cancelled = true;
            }
        }

        Assert.True(cancelled, "the turn ended before it could be cancelled");
        Assert.Contains(events, e => e.EventType == "message-cancelled");
        Assert.DoesNotContain(events, e => e.EventType == "message-complete");
        var streamed = string.Concat(events.Where(e => e.EventType == "message-chunk").Select(e => JsonDocument.Parse(e.Data).RootElement.GetProperty("chunk").GetString()));
        Assert.StartsWith("w0 w1 w2 w3 w4 ", streamed, StringComparison.Ordinal);
        Assert.True(streamed.Length < 200 * 4, "the whole answer streamed: the cancel did not stop it");

        var fromA = await a.GetFromJsonAsync<JsonElement>($"/chats/{chatId}/messages");
        var fromB = await b.GetFromJsonAsync<JsonElement>($"/chats/{chatId}/messages");
        Assert.Equal(fromA.GetRawText(), fromB.GetRawText());
        var messages = fromA.EnumerateArray().ToList();
        Assert.Equal(2, messages.Count);
        Assert.Equal("count for me", messages[0].GetProperty("content").GetString());
        Assert.Equal("Cancelled", messages[1].GetProperty("status").GetString());
        Assert.StartsWith("w0 w1 w2 w3 w4 ", messages[1].GetProperty("content").GetString(), StringComparison.Ordinal);
    }

    private async Task<HttpClient> StartAsync()
    {
        var client = new HttpClient { BaseAddress = await _sample.StartInstanceAsync() };
        _clients.Add(client);
        return client;
    }
}
