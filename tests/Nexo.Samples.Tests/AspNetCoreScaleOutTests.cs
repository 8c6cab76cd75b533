using System.Net.Http.Json;
using System.Net.ServerSentEvents;
using System.Security.Cryptography;
using System.Text.Json;
using Nexo.Testing;

namespace Nexo.Samples.Tests;

/// <summary>
/// The web sample scaled out: two instances started with the same <c>--db postgres://…</c> (a real PostgreSQL 15) and
/// key share chats, live turns and cancels, like two replicas behind a load balancer.
/// </summary>
public sealed class AspNetCoreScaleOutTests : IAsyncLifetime
{
    private const string ListeningOn = "Now listening on: ";
    private readonly string _key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
    private readonly List<SampleProcess> _instances = [];
    private readonly List<HttpClient> _clients = [];
    private string _database = null!;
    private FakeOpenAIServer _provider = null!;

    public async Task InitializeAsync()
    {
        _database = await PostgresCluster.Shared.CreateDatabaseAsync();
        _provider = await FakeOpenAIServer.StartAsync();
        // Slow enough to cancel mid-answer: 200 chunks 50 ms apart.
        _provider.DefaultResponse = FakeResponse.Text(Enumerable.Range(0, 200).Select(i => $"w{i} ").ToArray()).WithChunkDelay(TimeSpan.FromMilliseconds(50));
    }

    public async Task DisposeAsync()
    {
        foreach (var client in _clients)
        {
            client.Dispose();
        }

        foreach (var instance in _instances)
        {
            await instance.DisposeAsync();
        }

        await _provider.DisposeAsync();
        await PostgresCluster.Shared.DropDatabaseAsync(_database);
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
        var process = SampleProcess.Start(
            Samples.AspNetCoreDll,
            ["--urls", "http://127.0.0.1:0", "--db", _database],
            workingDirectory: Samples.ProjectFolder("Nexo.Samples.AspNetCore"),
            environment: new Dictionary<string, string>
            {
                ["ASPNETCORE_ENVIRONMENT"] = "Production",
                ["NEXO_ENCRYPTION_KEY"] = _key,
                ["Nexo__Connection__Name"] = "fake",
                ["Nexo__Connection__Provider"] = "OpenAICompatible",
                ["Nexo__Connection__BaseUrl"] = _provider.BaseUrl,
                ["Nexo__Connection__Model"] = "gpt-4o-mini",
            });
        _instances.Add(process);
        var line = await process.WaitForStderrLineAsync(l => l.Contains(ListeningOn, StringComparison.Ordinal));
        var client = new HttpClient { BaseAddress = new Uri(line[(line.IndexOf(ListeningOn, StringComparison.Ordinal) + ListeningOn.Length)..].Trim()) };
        _clients.Add(client);
        return client;
    }
}
