using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Nexo.Testing;
using Xunit.Abstractions;

namespace Nexo.JsonRpcServer.Tests;

/// <summary>
/// Two real <c>nexo-jsonrpc</c> processes on one PostgreSQL database (issue 14): a turn running on host A streams to
/// host B's client, is refused a second time from B with <c>Conflict</c> naming A, is cancelled from B, and survives A's
/// SIGKILL as an interrupted answer once A's lease expires, after which B runs a new turn in the chat.
/// </summary>
public sealed class TwoHostsOnPostgresTests(ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly TimeSpan Gap = TimeSpan.FromMilliseconds(200);
    private readonly string _key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
    private string _connectionString = null!;
    private FakeOpenAIServer _provider = null!;

    public async Task InitializeAsync()
    {
        _connectionString = await PostgresCluster.Shared.CreateDatabaseAsync();
        _provider = await FakeOpenAIServer.StartAsync();
        _provider.Models.Add("fake-model");
    }

    public async Task DisposeAsync()
    {
        await _provider.DisposeAsync();
        await PostgresCluster.Shared.DropDatabaseAsync(_connectionString);
    }

    [Fact]
    public async Task A_turn_running_on_host_A_streams_to_host_B_and_a_second_turn_from_B_is_a_Conflict_naming_A()
    {
        await using var a = await StartHostAsync();
        await using var b = await StartHostAsync();
        var chatId = await CreateChatAsync(a);

        _provider.Enqueue(FakeResponse.Text("alpha ", "beta ").WithText("gamma", TimeSpan.FromSeconds(30)));
        var pending = a.RequestAsync("send_message", new { chatId, content = "Talk slowly" });
        var answerId = await AnswerIdAsync(a);

        // B's client asked for nothing: every host forwards the events of its store, and B's store gets A's through PostgreSQL.
        var seenOnB = await ChunksOnAsync(b, answerId, "alpha beta ".Length);
        Assert.Equal("alpha beta ", seenOnB);

        var conflict = await b.CallErrorAsync("send_message", new { chatId, content = "me too" });
        Assert.Equal(-32011, (int)conflict["code"]!);
        Assert.Equal("conflict", (string?)conflict["data"]!["kind"]);
        var holder = (string)conflict["data"]!["details"]!["holder"]!;
        Assert.Contains($":{a.Pid}:", holder, StringComparison.Ordinal);
        Assert.Contains(holder, (string)conflict["message"]!, StringComparison.Ordinal);

        // The refused turn stored nothing; A's turn goes on until it is stopped.
        Assert.True((bool)(await a.CallAsync("cancel_message", new { chatId }))["cancelled"]!);
        var result = (await pending)["result"]!;
        Assert.Equal(("cancelled", "alpha beta "), ((string?)result["assistantMessage"]!["status"], (string?)result["assistantMessage"]!["content"]));
        var messages = (await b.CallAsync("get_messages", new { chatId })).AsArray();
        Assert.Equal(["Talk slowly", "alpha beta "], messages.Select(m => (string?)m!["content"]));
    }

    [Fact]
    public async Task Cancel_message_sent_to_host_B_stops_the_turn_running_on_host_A()
    {
        await using var a = await StartHostAsync();
        await using var b = await StartHostAsync();
        var chatId = await CreateChatAsync(a);
        var untilEnded = new List<double>();
        var untilAnswered = new List<double>();

        for (var round = 0; round < 5; round++)
        {
            _provider.Enqueue(FakeResponse.Text($"part {round} ").WithText("never sent", TimeSpan.FromSeconds(30)));
            var pending = a.RequestAsync("send_message", new { chatId, content = $"Talk slowly {round}" });
            var answerId = await AnswerIdAsync(a);
            await ChunksOnAsync(b, answerId, $"part {round} ".Length);

            var clock = Stopwatch.StartNew();
            var cancelling = b.CallAsync("cancel_message", new { chatId });
            var response = await pending;
            untilEnded.Add(clock.Elapsed.TotalMilliseconds);
            var cancel = await cancelling;
            untilAnswered.Add(clock.Elapsed.TotalMilliseconds);

            Assert.True((bool)cancel["cancelled"]!);
            var result = response["result"]!;
            Assert.Equal("cancelled", (string?)result["stopReason"]);
            Assert.Equal(("cancelled", $"part {round} "), ((string?)result["assistantMessage"]!["status"], (string?)result["assistantMessage"]!["content"]));
            var cancelled = (await b.NotificationsUntilAsync("message-cancelled", n => (string?)n["params"]!["messageId"] == answerId)).Last();
            Assert.Equal(chatId, (string?)cancelled["params"]!["chatId"]);
        }

        output.WriteLine($"cancel_message on B until A's send_message returned (ms, 5 rounds): {Format(untilEnded)}; until B answered cancel_message: {Format(untilAnswered)}");
    }

    [Fact]
    public async Task A_host_killed_mid_turn_leaves_its_answer_interrupted_once_its_lease_expires_and_the_other_host_takes_a_new_turn()
    {
        var a = await StartHostAsync(leaseSeconds: "1");
        await using var b = await StartHostAsync(leaseSeconds: "1");
        string chatId;
        string storedBeforeKill;
        try
        {
            chatId = await CreateChatAsync(a);
            // The partial answer is stored at most every 250 ms (StreamFlushInterval, longer while writes are slow): the
            // words come 200 ms apart, and A is killed once some of them are stored.
            _provider.Enqueue(FakeResponse.Text("w0 ").WithText("w1 ", Gap).WithText("w2 ", Gap).WithText("w3 ", Gap).WithText("w4 ", Gap).WithText("w5 ", Gap)
                .WithText("w6 ", Gap).WithText("w7 ", Gap).WithText("w8 ", Gap).WithText("w9 ", Gap).WithText("lost", TimeSpan.FromSeconds(30)));
            _ = a.RequestAsync("send_message", new { chatId, content = "Talk slowly" });
            var answerId = await AnswerIdAsync(a);
            await ChunksOnAsync(b, answerId, "w0 ".Length);
            var live = (await b.CallAsync("get_messages", new { chatId })).AsArray().Last()!;
            for (var wait = Stopwatch.StartNew(); string.IsNullOrEmpty((string?)live["content"]) && wait.Elapsed < TimeSpan.FromSeconds(30); await Task.Delay(50))
            {
                live = (await b.CallAsync("get_messages", new { chatId })).AsArray().Last()!;
            }

            Assert.Equal((answerId, "streaming"), ((string?)live["id"], (string?)live["status"]));
            storedBeforeKill = (string)live["content"]!;
            Assert.StartsWith("w0 ", storedBeforeKill, StringComparison.Ordinal);

            a.Kill();
            await a.WaitForExitAsync();
        }
        finally
        {
            await a.DisposeAsync();
        }

        // B is refused while A's lease runs, then takes the chat over: the claim marks A's answer interrupted.
        _provider.Enqueue(FakeResponse.Text("fresh answer"));
        var clock = Stopwatch.StartNew();
        var conflicts = 0;
        JsonObject response;
        while (true)
        {
            response = await b.RequestAsync("send_message", new { chatId, content = "Again" });
            if (response["error"] is not { } error || (string?)error["data"]!["kind"] != "conflict")
            {
                break;
            }

            conflicts++;
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), "The killed host's lease never expired.");
            await Task.Delay(100);
        }

        output.WriteLine($"A killed (lease 1 s): B's turn started {clock.Elapsed.TotalMilliseconds:F0} ms after A exited, after {conflicts} Conflict answers; stored partial answer kept: '{storedBeforeKill}'");
        Assert.True(response["error"] is null, $"send_message failed: {response["error"]?.ToJsonString()}");
        Assert.Equal(("complete", "fresh answer"), ((string?)response["result"]!["assistantMessage"]!["status"], (string?)response["result"]!["assistantMessage"]!["content"]));

        var messages = (await b.CallAsync("get_messages", new { chatId })).AsArray();
        Assert.Equal(["Talk slowly", "Again", "fresh answer"], messages.Where((_, i) => i != 1).Select(m => (string?)m!["content"]));
        var interrupted = messages[1]!;
        var partial = (string)interrupted["content"]!;
        Assert.StartsWith(storedBeforeKill, partial, StringComparison.Ordinal); // what A stored is kept
        Assert.StartsWith(partial, "w0 w1 w2 w3 w4 w5 w6 w7 w8 w9 ", StringComparison.Ordinal);
        Assert.Equal("error", (string?)interrupted["status"]);
        Assert.StartsWith("Interrupted: the process stopped before this message finished", (string?)interrupted["error"], StringComparison.Ordinal);
    }

    private async Task<ServerProcess> StartHostAsync(string? leaseSeconds = null)
    {
        var folder = Directory.CreateTempSubdirectory("nexo-rpc-pg2-").FullName;
        var environment = new Dictionary<string, string> { ["NEXO_ENCRYPTION_KEY"] = _key, ["NEXO_HOME"] = folder };
        if (leaseSeconds is not null)
        {
            environment["NEXO_PG_LEASE_SECONDS"] = leaseSeconds;
        }

        var host = await ServerProcess.StartAsync(directory: folder, environment: environment, extraArgs: ["--db", _connectionString]);
        await host.InitializeAsync();
        return host;
    }

    private async Task<string> CreateChatAsync(ServerProcess host)
    {
        var connection = await host.CallAsync("create_llm_connection", new
        {
            name = "fake",
            provider = "openai-compatible",
            baseUrl = _provider.BaseUrl,
            apiKey = "sk-test",
            models = new[] { new { id = "fake-model" } },
            defaultModel = "fake-model",
        });
        var workspace = await host.CallAsync("create_workspace", new { name = "two hosts" });
        await host.CallAsync("save_workspace_settings", new { workspaceId = (string)workspace["id"]!, llmConnectionId = (string)connection["id"]!, streamEnabled = true });
        var chat = await host.CallAsync("create_chat", new { workspaceId = (string)workspace["id"]!, title = "shared" });
        return (string)chat["id"]!;
    }

    /// <summary>The id of the answer of the turn just started on <paramref name="host"/>.</summary>
    private static async Task<string> AnswerIdAsync(ServerProcess host)
    {
        var started = (await host.NotificationsUntilAsync("message-started")).Last();
        return (string)started["params"]!["assistantMessageId"]!;
    }

    /// <summary>Reads <c>message-chunk</c> notifications of <paramref name="answerId"/> on <paramref name="host"/> until they hold <paramref name="length"/> characters.</summary>
    private static async Task<string> ChunksOnAsync(ServerProcess host, string answerId, int length)
    {
        var text = string.Empty;
        while (text.Length < length)
        {
            var chunk = (await host.NotificationsUntilAsync("message-chunk", n => (string?)n["params"]!["messageId"] == answerId)).Last();
            text += (string)chunk["params"]!["chunk"]!;
        }

        return text;
    }

    private static string Format(List<double> values)
    {
        var sorted = values.Order().ToList();
        return string.Create(CultureInfo.InvariantCulture, $"{string.Join(", ", values.Select(v => v.ToString("F0", CultureInfo.InvariantCulture)))} (p50 {sorted[sorted.Count / 2]:F0}, max {sorted[^1]:F0})");
    }
}
