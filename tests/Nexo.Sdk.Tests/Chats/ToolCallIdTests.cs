using Microsoft.Extensions.AI;

namespace Nexo.Sdk.Tests.Chats;

/// <summary>
/// Issue 12, items 1 and 7: every tool call has its own id, so one permission decision never covers another call, and
/// the rules are read again before every decision.
/// </summary>
public sealed class ToolCallIdTests
{
    private static Dictionary<string, object?> Args(int x) => new() { ["x"] = x };

    private static async Task<(ChatHarness H, FakeTools Tools, Chat Chat)> SetupAsync()
    {
        var h = await ChatHarness.CreateAsync(o => o.ToolPermissionTimeout = TimeSpan.FromSeconds(30));
        var tools = new FakeTools { DelayMs = 0 };
        h.Nexo.Engine.McpTools = tools.GetToolsAsync;
        await h.Nexo.Workspaces.UpdateSettingsAsync(h.Workspace.Id, new WorkspaceSettingsPatch
        {
            ToolPermissionMode = ToolPermissionMode.Ask,
            McpToolIds = new Dictionary<string, IReadOnlyList<string>> { ["srv1"] = ["alpha", "beta"] },
        });
        return (h, tools, await h.NewChatAsync("t"));
    }

    [Theory]
    [InlineData("dup", "dup")]
    [InlineData("", "")]
    public async Task TwoCallsUnderOneProviderId_AreAskedAboutSeparately_AndAllowingOneNeverRunsTheOther(string firstId, string secondId)
    {
        var (h, tools, chat) = await SetupAsync();
        await using var harness = h;
        h.Model.Enqueue(Step.Call(firstId, "alpha", Args(1)), Step.Call(secondId, "beta", Args(2)));
        h.Model.Enqueue(Step.Text("done"));
        ToolPermissionRequestEvent? asked = null;
        using var sub = h.Nexo.Events.Subscribe(e =>
        {
            if (e is ToolPermissionRequestEvent r)
            {
                asked = r;
                var alpha = r.ToolCalls.Single(c => c.Name == "alpha");
                _ = h.Nexo.Chats.RespondToolPermissionAsync(new ToolPermissionResponse { MessageId = r.MessageId, Approved = true, AllowedToolIds = [alpha.Id] });
            }
        });

        await h.Nexo.Chats.SendMessageAsync(new SendMessageRequest { ChatId = chat.Id, Content = "go" });

        Assert.Equal(["alpha"], tools.Invoked);
        Assert.NotNull(asked);
        Assert.Equal(2, asked!.ToolCalls.Select(c => c.Id).Distinct().Count());
        Assert.All(asked.ToolCalls, c => Assert.False(string.IsNullOrEmpty(c.Id)));

        // The model gets one result per call, paired with the call it answers.
        var replay = h.Model.Requests.Last().Messages;
        var callIds = replay.SelectMany(m => m.Contents).OfType<FunctionCallContent>().Select(c => c.CallId).ToList();
        var results = replay.Last().Contents.OfType<FunctionResultContent>().ToList();
        Assert.Equal(callIds, results.Select(r => r.CallId));
        Assert.Equal("alpha=10", results[0].Result);
        Assert.StartsWith("Error: The user denied", results[1].Result?.ToString(), StringComparison.Ordinal);

        // Stored: each tool message answers its own call; the provider's id is kept beside a new one.
        var branch = await h.Nexo.Messages.GetActiveBranchAsync(chat.Id);
        var stored = branch[1].ToolCalls!;
        Assert.Equal(stored.Select(c => c.Id), branch.Where(m => m.Role == MessageRole.Tool).Select(m => m.ToolCallId));
        //P1
        //P2
    }

    [Fact]
    public async Task UniqueProviderIds_AreKeptAsTheyAre()
    {
        var (h, _, chat) = await SetupAsync();
        await using var harness = h;
        await h.Nexo.Workspaces.UpdateSettingsAsync(h.Workspace.Id, new WorkspaceSettingsPatch { ToolPermissionMode = ToolPermissionMode.AllowAll });
        h.Model.Enqueue(Step.Call("c1", "alpha", Args(1)), Step.Call("c2", "beta", Args(2)));
        h.Model.Enqueue(Step.Text("done"));

        await h.Nexo.Chats.SendMessageAsync(new SendMessageRequest { ChatId = chat.Id, Content = "go" });

        var calls = (await h.Nexo.Messages.GetActiveBranchAsync(chat.Id))[1].ToolCalls!;
        //P3
    }

    [Fact]
    public async Task AnAlwaysDenyRuleSetMidTurn_StopsTheNextCallOfThatTurn()
    {
        var (h, tools, chat) = await SetupAsync();
        await using var harness = h;
        await h.Nexo.Workspaces.UpdateSettingsAsync(h.Workspace.Id, new WorkspaceSettingsPatch { ToolPermissionMode = ToolPermissionMode.AllowAll });
        h.Model.Enqueue(Step.Call("c1", "alpha", Args(1)));
        h.Model.Enqueue(
            Step.Run(() => h.Nexo.Workspaces.UpdateSettingsAsync(h.Workspace.Id, new WorkspaceSettingsPatch
            {
                ToolPermissions = new Dictionary<string, ToolPermissionRule> { ["srv1/alpha"] = ToolPermissionRule.AlwaysDeny },
            })),
            Step.Call("c2", "alpha", Args(2)));
        h.Model.Enqueue(Step.Text("done"));

        await h.Nexo.Chats.SendMessageAsync(new SendMessageRequest { ChatId = chat.Id, Content = "go" });

        Assert.Equal(["alpha"], tools.Invoked);
        Assert.Contains(h.EventsOf<ToolExecutionProgressEvent>(chat.Id), p => p.ToolCallId == "c2" && p.Status == "denied");
        Assert.Empty(h.EventsOf<ToolPermissionRequestEvent>(chat.Id));
    }
}
