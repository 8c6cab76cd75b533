using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Nexo.Testing;

namespace Nexo.Cli.Tests;

public sealed class ChatCommandTests : IAsyncLifetime
{
    private readonly NexoHome _home = new();
    private FakeOpenAIServer _server = null!;

    public async Task InitializeAsync() => _server = await FakeProvider.StartAsync(_home);

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _home.Dispose();
    }

    [Fact]
    public async Task Chat_StreamsTheAnswerToStdout_AndNothingElse()
    {
        FakeProvider.Answer(_server, _ => FakeResponse.Text("Hel", "lo", " world"));

        var r = await _home.RunAsync("chat", "say hello");

        Assert.Equal(0, r.ExitCode);
        Assert.Equal("Hello world\n", r.StdOut);
        var request = Assert.Single(FakeProvider.Turns(_server));
        Assert.True(request.Stream);
        Assert.Equal(FakeProvider.Model, request.Model);
        Assert.Equal("say hello", LastUserContent(request));
        Assert.Contains("new chat", r.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Chat_WritesChunksAsTheyArrive_BeforeTheAnswerIsComplete()
    {
        // The second chunk waits far longer than the test: seeing the first one while nexo still runs proves streaming.
        FakeProvider.Answer(_server, _ => FakeResponse.Text("first-chunk ").WithText("never-seen", TimeSpan.FromMinutes(5)));
        using var process = _home.Start(["chat", "stream please"], null);
        process.StandardInput.Close();

        var seen = await ReadUntilAsync(process.StandardOutput, "first-chunk ");

        Assert.Equal("first-chunk ", seen);
        Assert.False(process.HasExited);
        process.Kill(entireProcessTree: true);
        await process.WaitForExitAsync();
    }

    [Fact]
    public async Task Chat_Interrupted_ExitsWith130_AndKeepsThePartialAnswer()
    {
        FakeProvider.Answer(_server, _ => FakeResponse.Text("partial ").WithText("never-seen", TimeSpan.FromMinutes(5)));
        using var process = _home.Start(["chat", "interrupt me"], null);
        process.StandardInput.Close();
        await ReadUntilAsync(process.StandardOutput, "partial ");

        using (var kill = System.Diagnostics.Process.Start("kill", ["-s", "INT", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        var result = await NexoHome.CollectAsync(process);

        Assert.Equal(130, result.ExitCode);
        Assert.Contains("(cancelled)", result.StdErr, StringComparison.Ordinal);
        var chat = Assert.Single((await _home.RunAsync("chats", "list", "--json")).Json.EnumerateArray());
        var messages = (await _home.RunAsync("chats", "show", chat.GetProperty("id").GetString()!, "--json")).Json.GetProperty("messages").EnumerateArray().ToList();
        Assert.Equal("partial ", messages[1].GetProperty("content").GetString());
        Assert.Equal("cancelled", messages[1].GetProperty("status").GetString());
    }

    [Fact]
    public async Task ChatsCancel_FromAnotherProcess_StopsTheRunningChat_AndABusyChatRefusesASecondTurn()
    {
        FakeProvider.Answer(_server, r => r.Body.Contains("interrupt me", StringComparison.Ordinal)
            ? FakeResponse.Text("partial ").WithText("never-seen", TimeSpan.FromMinutes(5))
            : FakeResponse.Text("OK"));
        using var process = _home.Start(["chat", "interrupt me"], null);
        process.StandardInput.Close();
        await ReadUntilAsync(process.StandardOutput, "partial ");
        var chatId = (await _home.RunAsync("chats", "list", "--json")).Json[0].GetProperty("id").GetString()!;

        var busy = await _home.RunAsync("chat", "--chat", chatId, "me too");
        var cancel = await _home.RunAsync("chats", "cancel", chatId, "--json");
        var result = await NexoHome.CollectAsync(process);
        var idle = await _home.RunAsync("chats", "cancel", chatId);
        var unknown = await _home.RunAsync("chats", "cancel", "no-such-chat");

        Assert.Equal(1, busy.ExitCode);
        Assert.Contains("error[Conflict]", busy.StdErr, StringComparison.Ordinal);
        Assert.Equal(0, cancel.ExitCode);
        Assert.True(cancel.Json.GetProperty("cancelled").GetBoolean());
        Assert.Equal(130, result.ExitCode);
        Assert.Contains("(cancelled)", result.StdErr, StringComparison.Ordinal);
        Assert.Equal(0, idle.ExitCode);
        Assert.Contains("is not answering anything", idle.StdErr, StringComparison.Ordinal);
        Assert.Equal(1, unknown.ExitCode);
        Assert.StartsWith("error[NotFound]:", unknown.StdErr, StringComparison.Ordinal);
        var messages = (await _home.RunAsync("chats", "show", chatId, "--json")).Json.GetProperty("messages").EnumerateArray().ToList();
        Assert.Equal(["interrupt me", "partial "], messages.Select(m => m.GetProperty("content").GetString()));
        Assert.Equal("cancelled", messages[1].GetProperty("status").GetString());
    }

    [Fact]
    public async Task Chat_WithPipedStdin_SendsTheMessageThenTheInput()
    {
        const string diff = "diff --git a/x.cs b/x.cs\n+    return 42;\n";

        var both = await _home.RunWithInputAsync(diff, "chat", "review this", "--new");
        var onlyStdin = await _home.RunWithInputAsync("just the pipe\n", "chat", "--new");

        Assert.Equal(0, both.ExitCode);
        Assert.Equal(0, onlyStdin.ExitCode);
        var turns = FakeProvider.Turns(_server);
        Assert.Equal("review this\n\ndiff --git a/x.cs b/x.cs\n+    return 42;", LastUserContent(turns[0]));
        Assert.Equal("just the pipe", LastUserContent(turns[1]));
    }

    [Fact]
    public async Task Chat_IntoAReaderThatStopsEarly_EndsQuietly_AndStoresTheWholeAnswer()
    {
        // 300 KB of answer into `head -c 10`: far more than a pipe holds, so nexo writes into a closed pipe. Like any
        // Unix filter it must end without an error line, and the answer is still stored whole.
        FakeProvider.Answer(_server, _ => FakeResponse.Text([.. Enumerable.Repeat(new string('a', 1000), 300)]));
        var script = $"dotnet '{NexoHome.CliDll}' chat 'a long answer please' </dev/null | head -c 10";

        var run = await NexoHome.CollectAsync(_home.Start(["-o", "pipefail", "-c", script], "bash"));

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal("aaaaaaaaaa", run.StdOut);
        Assert.DoesNotContain("error", run.StdErr, StringComparison.OrdinalIgnoreCase);
        var chat = Assert.Single((await _home.RunAsync("chats", "list", "--json")).Json.EnumerateArray());
        var messages = (await _home.RunAsync("chats", "show", chat.GetProperty("id").GetString()!, "--json")).Json.GetProperty("messages");
        Assert.Equal(300_000, messages[1].GetProperty("content").GetString()!.Length);
    }

    [Fact]
    public async Task Chat_Json_WritesOneEventPerLine_WithTheJsonRpcPayloads()
    {
        FakeProvider.Answer(_server, _ => FakeResponse.Text("a", "b").WithUsage(7, 2));

        var r = await _home.RunAsync("chat", "events please", "--json");

        Assert.Equal(0, r.ExitCode);
        var events = r.Lines.Select(l => JsonDocument.Parse(l).RootElement.Clone()).ToList();
        var names = events.Select(e => e.GetProperty("event").GetString()!).ToList();
        Assert.All(names, n => Assert.Contains(n, NexoEvents.All));
        Assert.Equal(NexoEvents.MessageStarted, names[0]);
        Assert.Equal([NexoEvents.MessageChunk, NexoEvents.MessageChunk], names.Where(n => n == NexoEvents.MessageChunk));
        Assert.Contains(NexoEvents.MessageComplete, names);
        var chatId = events[0].GetProperty("data").GetProperty("chatId").GetString();
        Assert.All(events.Where(e => e.GetProperty("event").GetString() != NexoEvents.McpServerStatusChanged), e => Assert.Equal(chatId, e.GetProperty("data").GetProperty("chatId").GetString()));
        var started = events[0].GetProperty("data");
        Assert.True(started.TryGetProperty("userMessageId", out _));
        Assert.True(started.TryGetProperty("assistantMessageId", out _));
        Assert.Equal(["a", "b"], events.Where(e => e.GetProperty("event").GetString() == NexoEvents.MessageChunk).Select(e => e.GetProperty("data").GetProperty("chunk").GetString()));
        var complete = events.Single(e => e.GetProperty("event").GetString() == NexoEvents.MessageComplete).GetProperty("data");
        Assert.Equal("ab", complete.GetProperty("content").GetString());
        Assert.Equal(7, complete.GetProperty("tokenUsage").GetProperty("inputTokens").GetInt64());
        Assert.DoesNotContain("new chat", r.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Chat_ContinuesTheCurrentChat_NewStartsAnother_AndChatPicksOne()
    {
        FakeProvider.Answer(_server, r => FakeResponse.Text("echo: " + LastUserContent(r)));

        var first = await _home.RunAsync("chat", "one");
        var second = await _home.RunAsync("chat", "two");
        var fresh = await _home.RunAsync("chat", "three", "--new");
        var chats = (await _home.RunAsync("chats", "list", "--json")).Json.EnumerateArray().ToList();
        var original = chats.Single(c => c.GetProperty("id").GetString() != chats[0].GetProperty("id").GetString() || chats.Count == 1);
        var picked = await _home.RunAsync("chat", "four", "--chat", FindChat(chats, "one"));
        var unknown = await _home.RunAsync("chat", "five", "--chat", "no-such-chat");

        Assert.Equal(["echo: one\n", "echo: two\n", "echo: three\n", "echo: four\n"], new[] { first, second, fresh, picked }.Select(r => r.StdOut));
        Assert.Equal(2, chats.Count);
        var turns = FakeProvider.Turns(_server);
        Assert.Equal(["one", "echo: one", "two"], Contents(turns[1]));
        Assert.Equal(["three"], Contents(turns[2]));
        Assert.Equal(["one", "echo: one", "two", "echo: two", "four"], Contents(turns[3]));
        Assert.Equal(1, unknown.ExitCode);
        Assert.StartsWith("error[NotFound]: The chat 'no-such-chat' does not exist.", unknown.StdErr, StringComparison.Ordinal);
        Assert.NotNull(original.GetProperty("id").GetString());

        string FindChat(List<JsonElement> list, string firstMessage)
        {
            var transcript = list.Select(c => c.GetProperty("id").GetString()!)
                .First(id => _home.RunAsync("chats", "show", id, "--json").GetAwaiter().GetResult().Json
                    .GetProperty("messages")[0].GetProperty("content").GetString() == firstMessage);
            return transcript;
        }
    }

    [Fact]
    public async Task Chat_PassesModelSystemTemperatureAndNoStream()
    {
        FakeProvider.Answer(_server, _ => FakeResponse.Text("whole answer"));

        var r = await _home.RunAsync("chat", "configured", "-m", "other-model", "--system", "Be terse.", "--temperature", "0.25", "--no-stream");

        Assert.Equal(0, r.ExitCode);
        Assert.Equal("whole answer\n", r.StdOut);
        var body = Assert.Single(FakeProvider.Turns(_server)).Json!;
        Assert.Equal("other-model", body["model"]!.GetValue<string>());
        Assert.Equal(0.25, body["temperature"]!.GetValue<double>());
        Assert.False(body["stream"]?.GetValue<bool>() ?? false);
        var system = body["messages"]!.AsArray().First(m => m!["role"]!.GetValue<string>() == "system")!;
        Assert.Contains("Be terse.", ContentText(system), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Chat_ShowThinking_PutsReasoningOnStderr_Only()
    {
        FakeProvider.Answer(_server, _ => FakeResponse.Empty.WithReasoning("pondering deeply").WithText("42"));

        var hidden = await _home.RunAsync("chat", "think", "--new");
        var shown = await _home.RunAsync("chat", "think", "--new", "--show-thinking");

        Assert.Equal("42\n", hidden.StdOut);
        Assert.DoesNotContain("pondering", hidden.StdErr, StringComparison.Ordinal);
        Assert.Equal("42\n", shown.StdOut);
        Assert.Contains("pondering deeply", shown.StdErr, StringComparison.Ordinal);
        Assert.DoesNotContain("\u001b[", shown.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Chat_ProviderError_IsOneErrorLine_AndExitCodeOne()
    {
        FakeProvider.Answer(_server, _ => FakeResponse.Fail(401, "Incorrect API key provided"));

        var r = await _home.RunAsync("chat", "fail please");

        Assert.Equal(1, r.ExitCode);
        Assert.Equal(string.Empty, r.StdOut);
        var errors = r.StdErr.Split('\n').Where(l => l.StartsWith("error[", StringComparison.Ordinal)).ToList();
        Assert.StartsWith("error[Llm]:", Assert.Single(errors), StringComparison.Ordinal);
        Assert.Contains("Incorrect API key provided", errors[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Chat_WithAnUnknownConnectionOrADisabledOne_Fails()
    {
        var unknown = await _home.RunAsync("chat", "hi", "--connection", "ghost");
        await _home.RunAsync("connection", "update", "fake", "--disable");
        var disabled = await _home.RunAsync("chat", "hi");

        Assert.Equal(1, unknown.ExitCode);
        Assert.StartsWith("error[NotFound]:", unknown.StdErr, StringComparison.Ordinal);
        Assert.Equal(1, disabled.ExitCode);
        Assert.Contains("disabled", disabled.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Chat_WithoutAModel_IsNotConfigured()
    {
        await _home.RunAsync("connection", "update", "fake", "--default-model", "");

        var r = await _home.RunAsync("chat", "hi");

        Assert.Equal(3, r.ExitCode);
        Assert.StartsWith("error[NotConfigured]: No model is selected", r.StdErr, StringComparison.Ordinal);
        Assert.Empty((await _home.RunAsync("chats", "list", "--json")).Json.EnumerateArray());
    }

    [Fact]
    public async Task ConnectionTestAndModels_AskTheProvider()
    {
        _server.Models.AddRange(["fake-model", "fake-large"]);
        _server.ContextLengths["fake-large"] = 128000;

        var test = await _home.RunAsync("connection", "test", "fake");
        var models = await _home.RunAsync("connection", "models", "fake", "--json");
        var table = await _home.RunAsync("connection", "models", "fake");
        _server.EnqueueModels(FakeResponse.Fail(401, "Invalid API key"));
        var failing = await _home.RunAsync("connection", "models", "fake", "--refresh");
        var unsaved = await _home.RunAsync("connection", "test", "--provider", "openai-compatible", "--base-url", _server.BaseUrl, "--json");

        Assert.Equal(0, test.ExitCode);
        Assert.Contains($"answers; {models.Json.GetArrayLength()} model(s)", test.StdErr, StringComparison.Ordinal);
        Assert.Contains("fake-large", models.Json.EnumerateArray().Select(m => m.GetProperty("id").GetString()));
        Assert.Contains(table.Lines, l => l.StartsWith("* ", StringComparison.Ordinal) && l.Contains("fake-model", StringComparison.Ordinal));
        Assert.Contains(table.Lines, l => l.Contains("fake-large", StringComparison.Ordinal) && l.Contains("128,000", StringComparison.Ordinal));
        Assert.Equal(128000, models.Json.EnumerateArray().Single(m => m.GetProperty("id").GetString() == "fake-large").GetProperty("contextWindow").GetInt32());
        Assert.Equal(1, failing.ExitCode);
        Assert.StartsWith("error[Llm]:", failing.StdErr, StringComparison.Ordinal);
        Assert.True(unsaved.Json.GetProperty("ok").GetBoolean());
        Assert.Equal("sk-fake", _server.Requests.First(r => r.Path.EndsWith("/models", StringComparison.Ordinal)).Header("Authorization")?.Replace("Bearer ", string.Empty, StringComparison.Ordinal));
    }

    internal static async Task<string> ReadUntilAsync(StreamReader reader, string expected)
    {
        var seen = new StringBuilder();
        var buffer = new char[256];
        using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (!seen.ToString().Contains(expected, StringComparison.Ordinal))
        {
            var n = await reader.ReadAsync(buffer.AsMemory(), guard.Token);
            if (n == 0)
            {
                break;
            }

            seen.Append(buffer, 0, n);
        }

        return seen.ToString();
    }

    private static string LastUserContent(RecordedRequest request) =>
        ContentText(request.Json!["messages"]!.AsArray().Last(m => m!["role"]!.GetValue<string>() == "user")!);

    private static List<string> Contents(RecordedRequest request) =>
        request.Json!["messages"]!.AsArray().Where(m => m!["role"]!.GetValue<string>() is "user" or "assistant").Select(m => ContentText(m!)).ToList();

    private static string ContentText(JsonNode message) => message["content"] switch
    {
        JsonValue v => v.GetValue<string>(),
        JsonArray parts => string.Concat(parts.Select(p => p!["text"]?.GetValue<string>() ?? string.Empty)),
        _ => string.Empty,
    };
}
