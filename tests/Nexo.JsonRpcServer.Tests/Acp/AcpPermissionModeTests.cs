using System.Text.Json.Nodes;
using Nexo.Sdk.Tests.Chats;

namespace Nexo.JsonRpcServer.Tests.Acp;

/// <summary>The <c>mode</c> config option (the workspace's tool permission mode) and the built-in tools a session's workspace gets.</summary>
public sealed class AcpPermissionModeTests
{
    private static Dictionary<string, object?> Args(int x) => new() { ["x"] = x };

    private static JsonObject ModeOption(JsonNode? options) => options!.AsArray().Single(o => (string?)o!["id"] == "mode")!.AsObject();

    private static JsonObject SetMode(string session, string value) =>
        new() { ["sessionId"] = session, ["configId"] = "mode", ["value"] = value };

    [Fact]
    public async Task PermissionMode_IsAConfigOption_ChangedMidSession_AndTheNextToolCallFollowsIt()
    {
        await using var h = await AcpHarness.CreateAsync();
        await h.Client.RequestAsync("initialize", AcpTestClient.Initialize());
        var created = await h.Client.RequestObjectAsync("session/new", new JsonObject { ["cwd"] = h.Project, ["mcpServers"] = new JsonArray() });
        var session = (string)created["sessionId"]!;
        var other = (string)(await h.Client.RequestObjectAsync("session/new", new JsonObject { ["cwd"] = h.Project, ["mcpServers"] = new JsonArray() }))["sessionId"]!;

        // The model first (as before), then the mode.
        Assert.Equal(["model", "mode"], created["configOptions"]!.AsArray().Select(o => (string)o!["id"]!));
        var mode = ModeOption(created["configOptions"]);
        Assert.Equal("mode", (string)mode["category"]!);
        Assert.Equal("select", (string)mode["type"]!);
        Assert.Equal("ask", (string)mode["currentValue"]!);
        Assert.Equal(["ask", "allow_reads", "allow_all"], mode["options"]!.AsArray().Select(o => (string)o!["value"]!));

        // ask: the call asks.
        h.Model.Enqueue(Step.Call("c1", "delete_file", Args(1)));
        h.Model.Enqueue(Step.Text("deleted"));
        h.Model.Enqueue(Step.Text("Deleting"));
        await h.Client.RequestAsync("session/prompt", AcpHarness.Prompt(session, "delete one"));
        await h.Client.WaitForUpdateAsync(u => (string?)u["update"]!["sessionUpdate"] == "session_info_update");
        Assert.Single(h.Client.AgentRequests);

        // allow_all: stored as the workspace's mode, told to the workspace's other sessions, and the next call runs unasked.
        var result = await h.Client.RequestObjectAsync("session/set_config_option", SetMode(session, "allow_all"));
        Assert.Equal("allow_all", (string)ModeOption(result["configOptions"])["currentValue"]!);
        var chat = await h.Nexo.Chats.GetAsync(session);
        Assert.Equal(ToolPermissionMode.AllowAll, (await h.Nexo.Workspaces.GetSettingsAsync(chat.WorkspaceId)).ToolPermissionMode);
        var told = await h.Client.WaitForUpdateAsync(u => (string?)u["sessionId"] == other && (string?)u["update"]!["sessionUpdate"] == "config_option_update");
        Assert.Equal("allow_all", (string)ModeOption(told["update"]!["configOptions"])["currentValue"]!);

        h.Model.Enqueue(Step.Call("c2", "delete_file", Args(2)));
        h.Model.Enqueue(Step.Text("deleted again"));
        await h.Client.RequestAsync("session/prompt", AcpHarness.Prompt(session, "delete another"));
        Assert.Single(h.Client.AgentRequests);
        Assert.Equal(["delete_file", "delete_file"], h.Tools.Invoked);

        // Back to ask in the middle of a turn: the turn's next call asks.
        h.Model.Enqueue(
            Step.Run(async () => await h.Client.RequestAsync("session/set_config_option", SetMode(session, "ask"))),
            Step.Call("c3", "delete_file", Args(3)));
        h.Model.Enqueue(Step.Text("asked first"));
        await h.Client.RequestAsync("session/prompt", AcpHarness.Prompt(session, "and one more"));
        Assert.Equal(2, h.Client.AgentRequests.Count);
        Assert.Equal("c3", (string)h.Client.AgentRequests.Last().Params["toolCall"]!["toolCallId"]!);

        var load = await h.Client.RequestObjectAsync("session/load", new JsonObject { ["sessionId"] = session, ["cwd"] = h.Project, ["mcpServers"] = new JsonArray() });
        Assert.Equal("ask", (string)ModeOption(load["configOptions"])["currentValue"]!);

        var badValue = await Assert.ThrowsAsync<AcpError>(() => h.Client.RequestAsync("session/set_config_option", SetMode(session, "yolo")));
        Assert.Equal(-32602, badValue.Code);
        var badId = await Assert.ThrowsAsync<AcpError>(() => h.Client.RequestAsync("session/set_config_option", new JsonObject { ["sessionId"] = session, ["configId"] = "temperature", ["value"] = "1" }));
        Assert.Equal(-32602, badId.Code);
    }

    [Fact]
    public async Task BuiltinTools_AreEnabledInAFolderWorkspaceOfferingNone_AChosenListIsKept()
    {
        await using var h = await AcpHarness.CreateAsync(withTools: false, builtinTools: true);
        var chosen = Path.Combine(h.Project, "chosen");
        Directory.CreateDirectory(chosen);
        var kept = await h.Nexo.Workspaces.GetOrCreateForFolderAsync(chosen);
        await h.Nexo.Workspaces.UpdateSettingsAsync(kept.Id, new WorkspaceSettingsPatch { BuiltinTools = [BuiltinToolNames.ReadFile] });

        var session = await h.NewSessionAsync();
        await h.Client.RequestAsync("session/new", new JsonObject { ["cwd"] = chosen, ["mcpServers"] = new JsonArray() });

        var chat = await h.Nexo.Chats.GetAsync(session);
        Assert.Equal(BuiltinToolNames.All, (await h.Nexo.Workspaces.GetSettingsAsync(chat.WorkspaceId)).BuiltinTools);
        Assert.Equal([BuiltinToolNames.ReadFile], (await h.Nexo.Workspaces.GetSettingsAsync(kept.Id)).BuiltinTools);
    }

    [Fact]
    public async Task NoBuiltinTools_LeavesTheWorkspaceWithout()
    {
        await using var h = await AcpHarness.CreateAsync(withTools: false, builtinTools: false);
        var session = await h.NewSessionAsync();
        var chat = await h.Nexo.Chats.GetAsync(session);
        Assert.Empty((await h.Nexo.Workspaces.GetSettingsAsync(chat.WorkspaceId)).BuiltinTools);
    }
}
