using System.Diagnostics;
using Nexo.Sdk.Tests.Mcp;
using Nexo.Testing;
using Xunit.Abstractions;

namespace Nexo.Sdk.Tests.Chats;

/// <summary>The agent loop end to end: a fake OpenAI server as the model, the C# test MCP server as the tools.</summary>
public sealed class AgentLoopMcpTests(ITestOutputHelper output)
{
    private static async Task<(TempDatabase Db, NexoClient Nexo, FakeOpenAIServer Model, Chat Chat, List<NexoEvent> Events)> SetupAsync()
    {
        var db = new TempDatabase();
        var model = await FakeOpenAIServer.StartAsync();
        var nexo = await db.OpenAsync();
        var events = new List<NexoEvent>();
        nexo.Events.Subscribe(e => { lock (events) { events.Add(e); } });
        var server = await nexo.McpServers.CreateAsync(McpTestEnvironment.CSharpServer("tools", timeoutSeconds: 30));
        var connection = await nexo.Connections.CreateAsync(new NewLlmConnection { Name = "fake", Provider = LlmProviderKind.OpenAI, BaseUrl = model.BaseUrl, ApiKey = "sk-x", DefaultModel = "gpt-test" });
        var ws = await nexo.Workspaces.CreateAsync(new NewWorkspace { Name = "w" });
        await nexo.Workspaces.UpdateSettingsAsync(ws.Id, new WorkspaceSettingsPatch
        {
            LlmConnectionId = connection.Id,
            ToolPermissionMode = ToolPermissionMode.AllowAll,
            McpToolIds = new Dictionary<string, IReadOnlyList<string>> { [server.Id] = ["slow", "add", "crash", "slow_outcome"] },
        });
        var chat = await nexo.Chats.CreateAsync(new NewChat { WorkspaceId = ws.Id, Title = "t" });
        return (db, nexo, model, chat, events);
    }

    [Fact]
    public async Task ModelCallsTwoToolsInParallel_AndAnswersWithBothResults()
    {
        var (db, nexo, model, chat, events) = await SetupAsync();
        await using var d = db;
        await using var m = model;
        await using var n = nexo;
        model.Enqueue(
            FakeResponse.Empty.WithToolCall("slow", """{"ms":6000,"steps":4}""", "call_slow").WithToolCall("add", """{"a":2,"b":40}""", "call_add"),
            FakeResponse.Text("Slept and the sum is 42."));

        var result = await nexo.Chats.SendMessageAsync(new SendMessageRequest { ChatId = chat.Id, Content = "sleep and add" });

        Assert.Equal("Slept and the sum is 42.", result.AssistantMessage.Content);
        var toolMessages = (await nexo.Messages.GetActiveBranchAsync(chat.Id)).Where(x => x.Role == MessageRole.Tool).ToList();
        Assert.Equal(["slept 6000 ms", "42"], toolMessages.Select(x => x.Content));
        var second = model.ChatRequests[1].Body;
        Assert.Contains("call_slow", second, StringComparison.Ordinal);
        Assert.Contains("\"42\"", second, StringComparison.Ordinal);

        // Parallel: the quick call finished while the slow one was still reporting progress.
        List<ToolExecutionProgressEvent> progress;
        lock (events)
        {
            progress = events.OfType<ToolExecutionProgressEvent>().ToList();
        }

        var addDone = progress.FindIndex(p => p.ToolCallId == "call_add" && p.Status == "completed");
        var slowLastStep = progress.FindLastIndex(p => p.ToolCallId == "call_slow" && p.Status == "progress");
        Assert.True(addDone >= 0 && addDone < slowLastStep, "the add call completed before the slow call's last progress step");
        // The MCP client handles a notification concurrently with the response right behind it, so the last step's
        // report (sent just before the result) may be dropped; the earlier ones, 1.5 s apart, arrive (at 250 and
        // 750 ms apart a starved test host delivered two reports late and out of order, and the older one is dropped by design).
        Assert.InRange(progress.Count(p => p.ToolCallId == "call_slow" && p.Status == "progress"), 3, 4);
    }

    [Fact]
    public async Task ParallelToolCalls_TakeAboutAsLongAsTheSlowestOne()
    {
        var (db, nexo, model, chat, events) = await SetupAsync();
        await using var d = db;
        await using var m = model;
        await using var n = nexo;
        model.Enqueue(FakeResponse.Empty.WithToolCall("slow", """{"ms":600,"steps":1}""", "warm"), FakeResponse.Text("warm"));
        await nexo.Chats.SendMessageAsync(new SendMessageRequest { ChatId = chat.Id, Content = "warm up" });
        var calls = FakeResponse.Empty;
        foreach (var (ms, i) in new[] { 300, 600, 900, 1200 }.Select((ms, i) => (ms, i)))
        {
            calls = calls.WithToolCall("slow", $$"""{"ms":{{ms}},"steps":1}""", $"c{i}");
        }

        model.Enqueue(calls, FakeResponse.Text("done"));
        var started = new Stopwatch();
        var elapsed = TimeSpan.Zero;
        using var sub = nexo.Events.Subscribe(e =>
        {
            if (e is ToolExecutionStartedEvent)
            {
                started.Restart();
            }
            else if (e is ToolExecutionCompletedEvent)
            {
                elapsed = started.Elapsed;
            }
        });

        await nexo.Chats.SendMessageAsync(new SendMessageRequest { ChatId = chat.Id, Content = "four sleeps" });

        // Reported, not asserted: timing belongs in benchmarks. The closing note quotes this line.
        output.WriteLine($"4 parallel calls (300/600/900/1200 ms): {elapsed.TotalMilliseconds:F0} ms; slowest alone 1200 ms; sequential would be 3000 ms");
        Assert.Equal(5, (await nexo.Messages.GetActiveBranchAsync(chat.Id)).Count(x => x.Role == MessageRole.Tool && x.Status == MessageStatus.Complete)); // warm-up + 4
    }

    [Fact]
    public async Task ServerCrashingMidCall_IsAToolError_AndTheTurnGoesOn()
    {
        var (db, nexo, model, chat, _) = await SetupAsync();
        await using var d = db;
        await using var m = model;
        await using var n = nexo;
        model.Enqueue(
            FakeResponse.Empty.WithToolCall("crash", "{}", "c1"),
            FakeResponse.Empty.WithToolCall("add", """{"a":1,"b":1}""", "c2"),
            FakeResponse.Text("Recovered: 2"));

        var result = await nexo.Chats.SendMessageAsync(new SendMessageRequest { ChatId = chat.Id, Content = "crash then add" });

        Assert.Equal("Recovered: 2", result.AssistantMessage.Content);
        var tools = (await nexo.Messages.GetActiveBranchAsync(chat.Id)).Where(x => x.Role == MessageRole.Tool).ToList();
        Assert.Equal(MessageStatus.Error, tools[0].Status);
        Assert.Equal(("2", MessageStatus.Complete), (tools[1].Content, tools[1].Status));
    }

    [Fact]
    public async Task CancellingDuringAToolCall_StopsTheTurn_AndTheServerSeesTheCancellation()
    {
        var (db, nexo, model, chat, _) = await SetupAsync();
        await using var d = db;
        await using var m = model;
        await using var n = nexo;
        model.Enqueue(FakeResponse.Empty.WithToolCall("slow", """{"ms":20000,"steps":20,"tag":"cancel-me"}""", "c1"));
        using var sub = nexo.Events.Subscribe(e =>
        {
            if (e is ToolExecutionProgressEvent { Status: "progress" })
            {
                _ = nexo.Chats.CancelAsync(chat.Id);
            }
        });

        var result = await nexo.Chats.SendMessageAsync(new SendMessageRequest { ChatId = chat.Id, Content = "sleep long" });

        Assert.Equal("cancelled", result.StopReason);
        Assert.Single(model.ChatRequests);
        var serverId = (await nexo.McpServers.ListAsync()).Single().Id;
        var outcome = await nexo.Mcp.CallToolAsync(serverId, "slow_outcome", System.Text.Json.JsonDocument.Parse("""{"tag":"cancel-me"}""").RootElement);
        Assert.Equal("cancelled", outcome.Text);
    }
}
