using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.Extensions.AI;

namespace Nexo.Sdk.Tests.Chats;

/// <summary>A tool source with two in-process tools whose timing and results the test controls.</summary>
internal sealed class FakeTools
{
    private static readonly JsonElement Schema = JsonDocument.Parse("""{"type":"object","properties":{"x":{"type":"integer"}}}""").RootElement;
    private int _running;

    public ConcurrentQueue<string> Invoked { get; } = new();

    public int MaxConcurrent { get; private set; }

    public int DelayMs { get; set; } = 200;

    public TaskCompletionSource? Block { get; set; }

    /// <summary>When set, every call waits until this many calls are running at once (proof of parallelism).</summary>
    public int RendezvousCount { get; set; }

    private readonly TaskCompletionSource _rendezvous = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task<IReadOnlyList<WorkspaceTool>> GetToolsAsync(string workspaceId, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<WorkspaceTool>>([Tool("alpha", "First tool"), Tool("beta", "Second tool")]);

    private WorkspaceTool Tool(string name, string description) => new()
    {
        ToolId = "srv1/" + name, ModelName = name, ServerId = "srv1", ServerName = "Server One", ToolName = name, ServerDescription = description, InputSchema = Schema,
        Invoker = async (tool, args, ct) => await InvokeAsync(tool, JsonSerializer.SerializeToElement(args), (p, t, m) => ToolCallContext.Current!.ReportProgress(p, t, m), ct),
    };

    public async Task<string> InvokeAsync(WorkspaceTool tool, JsonElement? arguments, Action<double, double?, string?> progress, CancellationToken cancellationToken)
    {
        Invoked.Enqueue(tool.ToolName);
        var now = Interlocked.Increment(ref _running);
        lock (this)
        {
            MaxConcurrent = Math.Max(MaxConcurrent, now);
        }

        try
        {
            progress(1, 2, "halfway");
            if (RendezvousCount > 0)
            {
                if (now >= RendezvousCount)
                {
                    _rendezvous.TrySetResult();
                }

                await _rendezvous.Task.WaitAsync(TimeSpan.FromSeconds(20), cancellationToken);
            }

            if (Block is not null)
            {
                await Block.Task.WaitAsync(cancellationToken);
            }

            await Task.Delay(DelayMs, cancellationToken);
            var x = arguments is { } a && a.TryGetProperty("x", out var v) ? v.GetInt32() : 0;
            return $"{tool.ToolName}={x * 10}";
        }
        finally
        {
            Interlocked.Decrement(ref _running);
        }
    }
}

public sealed class AgentLoopTests
{
    private static Dictionary<string, object?> Args(int x) => new() { ["x"] = x };

    private static async Task<(ChatHarness H, FakeTools Tools, Chat Chat)> SetupAsync(ToolPermissionMode mode, IReadOnlyDictionary<string, ToolPermissionRule>? rules = null, int maxIterations = 10, TimeSpan? permissionTimeout = null)
    {
        var h = await ChatHarness.CreateAsync(o => o.ToolPermissionTimeout = permissionTimeout ?? TimeSpan.FromSeconds(30));
        var tools = new FakeTools();
        h.Nexo.Engine.McpTools = tools.GetToolsAsync;
        await h.Nexo.Workspaces.UpdateSettingsAsync(h.Workspace.Id, new WorkspaceSettingsPatch
        {
            ToolPermissionMode = mode,
            ToolPermissions = rules,
            MaxAgentIterations = maxIterations,
            McpToolIds = new Dictionary<string, IReadOnlyList<string>> { ["srv1"] = ["alpha", "beta"] },
        });
        return (h, tools, await h.NewChatAsync("t"));
    }

    [Fact]
    public async Task TwoToolCalls_RunInParallel_AndTheModelAnswersWithBothResults()
    {
        var (h, tools, chat) = await SetupAsync(ToolPermissionMode.AllowAll);
        await using var harness = h;
        tools.RendezvousCount = 2;
        h.Model.Enqueue(Step.Text("Let me check."), Step.Call("c1", "alpha", Args(1)), Step.Call("c2", "beta", Args(2)));
        h.Model.Enqueue(Step.Text("alpha gave 10 and beta gave 20."));

        var result = await h.Nexo.Chats.SendMessageAsync(new SendMessageRequest { ChatId = chat.Id, Content = "use both" });

        Assert.Equal(2, tools.MaxConcurrent);
        Assert.Equal("alpha gave 10 and beta gave 20.", result.AssistantMessage.Content);
        var second = h.Model.Requests.Last().Messages;
        var results = second.Last().Contents.OfType<FunctionResultContent>().ToList();
        Assert.Equal(["c1", "c2"], results.Select(r => r.CallId));
        Assert.Equal(["alpha=10", "beta=20"], results.Select(r => r.Result?.ToString()));
        Assert.Equal(["alpha", "beta"], h.Model.Requests.First().Options!.Tools!.Select(t => t.Name));

        var branch = await h.Nexo.Messages.GetActiveBranchAsync(chat.Id);
        Assert.Equal([MessageRole.User, MessageRole.Assistant, MessageRole.Tool, MessageRole.Tool, MessageRole.Assistant], branch.Select(m => m.Role));
        var caller = branch[1];
        Assert.Equal(["alpha", "beta"], caller.ToolCalls!.Select(c => c.Name));
        Assert.Equal("srv1", caller.ToolCalls![0].ServerId);
        Assert.Equal(["alpha=10", "beta=20"], branch.Where(m => m.Role == MessageRole.Tool).Select(m => m.Content));

        var names = h.EventNames(chat.Id);
        Assert.Equal(
            ["message-started", "message-chunk", "message-complete", "tool-calls-detected", "tool-execution-started"],
            names.Take(5));
        Assert.Contains("tool-execution-completed", names);
        Assert.Contains("agent-loop-iteration", names);
        Assert.Equal(2, h.EventsOf<ToolExecutionProgressEvent>(chat.Id).Count(p => p.Status == "progress"));
        var completed = Assert.Single(h.EventsOf<ToolExecutionCompletedEvent>(chat.Id));
        Assert.Equal((2, 2, 0), (completed.ToolCallsCount, completed.SuccessfulCount, completed.FailedCount));
        Assert.Equal(2, (await h.Nexo.Usage.ListAsync()).Count);
    }

    [Fact]
    public async Task AskMode_WaitsForPermission_AndAllowOnceRunsOnlyTheAllowedCall()
    {
        var (h, tools, chat) = await SetupAsync(ToolPermissionMode.Ask);
        await using var harness = h;
        h.Model.Enqueue(Step.Call("c1", "alpha", Args(1)), Step.Call("c2", "beta", Args(2)));
        h.Model.Enqueue(Step.Text("done"));
        using var sub = h.Nexo.Events.Subscribe(e =>
        {
            if (e is ToolPermissionRequestEvent r)
            {
                Assert.Empty(tools.Invoked); // nothing runs before the answer
                _ = h.Nexo.Chats.RespondToolPermissionAsync(new ToolPermissionResponse { MessageId = r.MessageId, Approved = true, AllowedToolIds = ["c1"] });
            }
        });

        await h.Nexo.Chats.SendMessageAsync(new SendMessageRequest { ChatId = chat.Id, Content = "go" });

        Assert.Equal(["alpha"], tools.Invoked);
        var results = h.Model.Requests.Last().Messages.Last().Contents.OfType<FunctionResultContent>().ToList();
        Assert.Equal("alpha=10", results[0].Result);
        Assert.StartsWith("Error: The user denied", results[1].Result?.ToString(), StringComparison.Ordinal);
        var request = Assert.Single(h.EventsOf<ToolPermissionRequestEvent>(chat.Id));
        Assert.Equal(["c1", "c2"], request.ToolCalls.Select(c => c.Id));
        Assert.Equal("Server One", request.ToolCalls[0].ServerName);
        Assert.Contains(h.EventsOf<ToolExecutionProgressEvent>(chat.Id), p => p.ToolCallId == "c2" && p.Status == "denied");
        Assert.Empty((await h.Nexo.Workspaces.GetSettingsAsync(h.Workspace.Id)).ToolPermissions);
    }

    [Fact]
    public async Task AllowAlways_IsRemembered_AndTheNextCallDoesNotAsk()
    {
        var (h, tools, chat) = await SetupAsync(ToolPermissionMode.Ask);
        await using var harness = h;
        h.Model.Enqueue(Step.Call("c1", "alpha", Args(1)));
        h.Model.Enqueue(Step.Text("one"));
        h.Model.Enqueue(Step.Call("c2", "alpha", Args(2)));
        h.Model.Enqueue(Step.Text("two"));
        using var sub = h.Nexo.Events.Subscribe(e =>
        {
            if (e is ToolPermissionRequestEvent r)
            {
                _ = h.Nexo.Chats.RespondToolPermissionAsync(new ToolPermissionResponse { MessageId = r.MessageId, Approved = true, Remember = true });
            }
        });

        await h.Nexo.Chats.SendMessageAsync(new SendMessageRequest { ChatId = chat.Id, Content = "first" });
        await h.Nexo.Chats.SendMessageAsync(new SendMessageRequest { ChatId = chat.Id, Content = "second" });

        Assert.Equal(["alpha", "alpha"], tools.Invoked);
        Assert.Single(h.EventsOf<ToolPermissionRequestEvent>(chat.Id));
        Assert.Equal(ToolPermissionRule.AlwaysAllow, (await h.Nexo.Workspaces.GetSettingsAsync(h.Workspace.Id)).ToolPermissions["srv1/alpha"]);
    }

    [Fact]
    public async Task Deny_And_AlwaysDenyRule_NeverRunTheTool()
    {
        var (h, tools, chat) = await SetupAsync(ToolPermissionMode.AllowAll, new Dictionary<string, ToolPermissionRule> { ["beta"] = ToolPermissionRule.AlwaysDeny });
        await using var harness = h;
        h.Model.Enqueue(Step.Call("c1", "beta", Args(1)));
        h.Model.Enqueue(Step.Text("ok, no beta"));

        var result = await h.Nexo.Chats.SendMessageAsync(new SendMessageRequest { ChatId = chat.Id, Content = "go" });

        Assert.Empty(tools.Invoked);
        Assert.Empty(h.EventsOf<ToolPermissionRequestEvent>(chat.Id));
        Assert.Equal("ok, no beta", result.AssistantMessage.Content);
        var toolMessage = (await h.Nexo.Messages.GetActiveBranchAsync(chat.Id)).Single(m => m.Role == MessageRole.Tool);
        Assert.Equal(MessageStatus.Error, toolMessage.Status);
        Assert.True(toolMessage.Metadata!.Value.GetProperty("denied").GetBoolean());
    }

    [Fact]
    public async Task PermissionTimeout_IsADeny()
    {
        var (h, tools, chat) = await SetupAsync(ToolPermissionMode.Ask, permissionTimeout: TimeSpan.FromMilliseconds(200));
        await using var harness = h;
        h.Model.Enqueue(Step.Call("c1", "alpha", Args(1)));
        h.Model.Enqueue(Step.Text("nobody answered"));

        var result = await h.Nexo.Chats.SendMessageAsync(new SendMessageRequest { ChatId = chat.Id, Content = "go" });

        Assert.Empty(tools.Invoked);
        Assert.Equal("nobody answered", result.AssistantMessage.Content);
        var late = await Assert.ThrowsAsync<NexoException>(() => h.Nexo.Chats.RespondToolPermissionAsync(new ToolPermissionResponse { MessageId = h.EventsOf<ToolPermissionRequestEvent>(chat.Id)[0].MessageId, Approved = true }));
        Assert.Equal(NexoErrorKind.Validation, late.Kind);
    }

    [Fact]
    public async Task MaxIterations_StopsTheLoopWithAClearStopReason()
    {
        var (h, tools, chat) = await SetupAsync(ToolPermissionMode.AllowAll, maxIterations: 3);
        await using var harness = h;
        h.Model.Fallback = () => [Step.Call(Guid.NewGuid().ToString("N"), "alpha", Args(1))];

        var result = await h.Nexo.Chats.SendMessageAsync(new SendMessageRequest { ChatId = chat.Id, Content = "loop forever" });

        Assert.Equal("max_turn_requests", result.StopReason);
        Assert.Equal(3, h.Model.Requests.Count);
        Assert.Equal(2, tools.Invoked.Count);
        Assert.Null(h.Model.Requests.Last().Options!.Tools);
        Assert.Equal([2, 3], h.EventsOf<AgentLoopIterationEvent>(chat.Id).Select(e => e.Iteration));
    }

    [Fact]
    public async Task CancellationDuringAToolCall_StopsTheTurn()
    {
        var (h, tools, chat) = await SetupAsync(ToolPermissionMode.AllowAll);
        await using var harness = h;
        tools.Block = new TaskCompletionSource();
        h.Model.Enqueue(Step.Call("c1", "alpha", Args(1)));
        using var sub = h.Nexo.Events.Subscribe(e =>
        {
            if (e is ToolExecutionProgressEvent { Status: "executing" })
            {
                _ = h.Nexo.Chats.CancelAsync(chat.Id);
            }
        });

        var result = await h.Nexo.Chats.SendMessageAsync(new SendMessageRequest { ChatId = chat.Id, Content = "go" });

        Assert.Equal("cancelled", result.StopReason);
        Assert.Single(h.Model.Requests);
        var toolMessage = (await h.Nexo.Messages.GetActiveBranchAsync(chat.Id)).Single(m => m.Role == MessageRole.Tool);
        Assert.Contains("cancelled", toolMessage.Content, StringComparison.Ordinal);
    }

    [Fact]
    public async Task History_ReplaysToolCallsWithTheirResults_OnTheNextTurn()
    {
        var (h, _, chat) = await SetupAsync(ToolPermissionMode.AllowAll);
        await using var __ = h;
        h.Model.Enqueue(Step.Call("c1", "alpha", Args(4)));
        h.Model.Enqueue(Step.Text("40"));
        h.Model.Enqueue(Step.Text("still 40"));

        await h.Nexo.Chats.SendMessageAsync(new SendMessageRequest { ChatId = chat.Id, Content = "compute" });
        await h.Nexo.Chats.SendMessageAsync(new SendMessageRequest { ChatId = chat.Id, Content = "again?" });

        var messages = h.Model.Requests.Last().Messages;
        Assert.Equal([ChatRole.User, ChatRole.Assistant, ChatRole.Tool, ChatRole.Assistant, ChatRole.User], messages.Select(m => m.Role));
        Assert.Equal("c1", messages[1].Contents.OfType<FunctionCallContent>().Single().CallId);
        Assert.Equal("alpha=40", messages[2].Contents.OfType<FunctionResultContent>().Single().Result);
    }
}
