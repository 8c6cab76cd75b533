using System.Text.Json.Nodes;
using Nexo.Sdk.Tests.Chats;

namespace Nexo.JsonRpcServer.Tests.Acp;

/// <summary>MCP servers supplied by the ACP client with a session, run by Nexo's MCP host.</summary>
public sealed class AcpMcpTests
{
    private static JsonObject NewSession(AcpHarness h, string name = "fixture") => new()
    {
        ["cwd"] = h.Project,
        ["mcpServers"] = new JsonArray(new JsonObject
        {
            ["name"] = name,
            ["command"] = AcpHarness.DotnetHost,
            ["args"] = new JsonArray(AcpHarness.TestMcpServerDll),
            ["env"] = new JsonArray(new JsonObject { ["name"] = "NEXO_ACP_TEST", ["value"] = "from-the-editor" }),
        }),
    };

    [Fact]
    public async Task ClientServer_IsStoredAndEnabled_ItsToolAsksOnce_AndIsReleasedOnClose()
    {
        await using var h = await AcpHarness.CreateAsync(realMcp: true);
        var init = await h.Client.RequestObjectAsync("initialize", AcpTestClient.Initialize());
        Assert.True((bool)init["agentCapabilities"]!["mcpCapabilities"]!["http"]!);
        var session = (string)(await h.Client.RequestObjectAsync("session/new", NewSession(h)))["sessionId"]!;

        var server = Assert.Single(await h.Nexo.McpServers.ListAsync());
        Assert.Equal("acp:fixture", server.Name);
        Assert.Equal(h.Project, server.WorkingDirectory);
        var workspace = await h.Nexo.Workspaces.GetOrCreateForFolderAsync(h.Project);
        // Issue 11 changed this: an editor's servers are per-turn tools, never enabled in the stored workspace settings.
        Assert.False((await h.Nexo.Workspaces.GetSettingsAsync(workspace.Id)).McpToolIds.ContainsKey(server.Id));

        h.Client.OnRequest = (_, _) => Task.FromResult<JsonNode?>(new JsonObject { ["outcome"] = new JsonObject { ["outcome"] = "selected", ["optionId"] = "allow_always" } });
        h.Model.Enqueue(Step.Call("call-a", "env", new Dictionary<string, object?> { ["name"] = "NEXO_ACP_TEST" }));
        h.Model.Enqueue(Step.Text("done"));
        h.Model.Enqueue(Step.Text("Environment"));
        h.Model.Enqueue(Step.Call("call-b", "env", new Dictionary<string, object?> { ["name"] = "NEXO_ACP_TEST" }));
        h.Model.Enqueue(Step.Text("again"));

        await h.Client.RequestAsync("session/prompt", AcpHarness.Prompt(session, "read the variable"));
        await h.Client.RequestAsync("session/prompt", AcpHarness.Prompt(session, "and again"));

        Assert.Single(h.Client.AgentRequests);
        Assert.Contains("env", h.Model.Requests.First().Options!.Tools!.Select(t => t.Name));
        var completed = h.Client.UpdatesOf(session).Where(u => (string?)u["status"] == "completed").ToList();
        Assert.Equal(["call-a", "call-b"], completed.Select(u => (string)u["toolCallId"]!));
        // The server printed the editor's env value, a secret of that server: the host shows the mask instead (issue 12, item 3).
        Assert.All(completed, u => Assert.Equal("***", (string)u["content"]![0]!["content"]!["text"]!));
        Assert.Equal("env (fixture)", (string)h.Client.UpdatesOf(session).First(u => (string)u["sessionUpdate"]! == "tool_call")["title"]!);
        var rules = (await h.Nexo.Workspaces.GetSettingsAsync(workspace.Id)).ToolPermissions;
        Assert.Equal(ToolPermissionRule.AlwaysAllow, rules[server.Id + "/env"]);

        await h.Client.RequestAsync("session/close", new JsonObject { ["sessionId"] = session });
        Assert.False((await h.Nexo.Workspaces.GetSettingsAsync(workspace.Id)).McpToolIds.ContainsKey(server.Id));

        // The next session supplying the same server reuses the stored connection (and its rules).
        await h.Client.RequestAsync("session/new", NewSession(h));
        Assert.Equal(server.Id, Assert.Single(await h.Nexo.McpServers.ListAsync()).Id);
    }

    [Fact]
    public async Task ClientServer_WhoseCommandLineChanged_IsAskedAboutAgain_DespiteAnAllowAlwaysForTheOldOne()
    {
        await using var h = await AcpHarness.CreateAsync(realMcp: true);
        await h.Client.RequestAsync("initialize", AcpTestClient.Initialize());
        h.Client.OnRequest = (_, _) => Task.FromResult<JsonNode?>(new JsonObject { ["outcome"] = new JsonObject { ["outcome"] = "selected", ["optionId"] = "allow_always" } });
        var first = (string)(await h.Client.RequestObjectAsync("session/new", NewSession(h)))["sessionId"]!;
        h.Model.Enqueue(Step.Call("call-a", "env", new Dictionary<string, object?> { ["name"] = "NEXO_ACP_TEST" }));
        h.Model.Enqueue(Step.Text("done"));
        h.Model.Enqueue(Step.Text("Environment"));
        await h.Client.RequestAsync("session/prompt", AcpHarness.Prompt(first, "read the variable"));
        Assert.Single(h.Client.AgentRequests);
        var server = Assert.Single(await h.Nexo.McpServers.ListAsync());
        await h.Client.RequestAsync("session/close", new JsonObject { ["sessionId"] = first });

        // The project's editor configuration now starts "fixture" with another argument: the same stored connection
        // (its id, and the allow_always rule under it), but not the program the user allowed.
        var changed = NewSession(h);
        changed["mcpServers"]![0]!["args"] = new JsonArray(AcpHarness.TestMcpServerDll, "--tag", "changed");
        var second = (string)(await h.Client.RequestObjectAsync("session/new", changed))["sessionId"]!;
        Assert.Equal(server.Id, Assert.Single(await h.Nexo.McpServers.ListAsync()).Id);
        h.Model.Enqueue(Step.Call("call-b", "env", new Dictionary<string, object?> { ["name"] = "NEXO_ACP_TEST" }));
        h.Model.Enqueue(Step.Text("again"));
        h.Model.Enqueue(Step.Text("Environment again"));
        await h.Client.RequestAsync("session/prompt", AcpHarness.Prompt(second, "read it again"));

        Assert.Equal(2, h.Client.AgentRequests.Count);
        Assert.Equal("call-b", (string)h.Client.AgentRequests.Last().Params["toolCall"]!["toolCallId"]!);
        var completed = h.Client.UpdatesOf(second).Where(u => (string?)u["status"] == "completed").Select(u => (string)u["toolCallId"]!);
        Assert.Equal(["call-b"], completed);
    }

    [Fact]
    public async Task ClientServer_ThatCannotStart_DoesNotStopTheSession()
    {
        await using var h = await AcpHarness.CreateAsync(realMcp: true);
        await h.Client.RequestAsync("initialize", AcpTestClient.Initialize());
        var request = new JsonObject
        {
            ["cwd"] = h.Project,
            ["mcpServers"] = new JsonArray(new JsonObject { ["name"] = "broken", ["command"] = "/nonexistent/mcp-server", ["args"] = new JsonArray(), ["env"] = new JsonArray() }),
        };

        var result = await h.Client.RequestObjectAsync("session/new", request);

        Assert.NotNull(result["sessionId"]);
        var workspace = await h.Nexo.Workspaces.GetOrCreateForFolderAsync(h.Project);
        Assert.Empty((await h.Nexo.Workspaces.GetSettingsAsync(workspace.Id)).McpToolIds);
    }
}
