using System.Text.Json.Nodes;
using Nexo.Sdk.Tests.Chats;

namespace Nexo.JsonRpcServer.Tests.Acp;

/// <summary>The handshake, errors and session lifecycle of the ACP agent, over in-memory pipes.</summary>
public sealed class AcpProtocolTests
{
    [Fact]
    public async Task Initialize_AdvertisesV1CapabilitiesAuthAndExtensionMethods()
    {
        await using var h = await AcpHarness.CreateAsync();
        var result = await h.Client.RequestObjectAsync("initialize", AcpTestClient.Initialize());

        Assert.Equal(1, (int)result["protocolVersion"]!);
        var caps = result["agentCapabilities"]!.AsObject();
        Assert.True((bool)caps["loadSession"]!);
        Assert.True((bool)caps["promptCapabilities"]!["image"]!);
        Assert.True((bool)caps["promptCapabilities"]!["embeddedContext"]!);
        Assert.False((bool)caps["promptCapabilities"]!["audio"]!);
        var sessionCaps = caps["sessionCapabilities"]!.AsObject();
        Assert.Equal(["close", "delete", "list", "resume"], sessionCaps.Select(kv => kv.Key).Order());
        var methods = caps["_meta"]!["nexo"]!["methods"]!.AsArray().Select(m => (string)m!).ToList();
        Assert.Equal(["_nexo/edit_and_resend", "_nexo/regenerate", "_nexo/switch_branch", "_nexo/fork"], methods);
        Assert.Equal("nexo-env", (string)result["authMethods"]![0]!["id"]!);
        Assert.Equal("nexo", (string)result["agentInfo"]!["name"]!);
    }

    [Fact]
    public async Task Initialize_WithAnotherVersion_AnswersNexosLatest()
    {
        await using var h = await AcpHarness.CreateAsync();
        var request = AcpTestClient.Initialize();
        request["protocolVersion"] = 7;
        var result = await h.Client.RequestObjectAsync("initialize", request);
        Assert.Equal(1, (int)result["protocolVersion"]!);
    }

    [Fact]
    public async Task Errors_UseAcpCodes()
    {
        await using var h = await AcpHarness.CreateAsync();

        var early = await Assert.ThrowsAsync<AcpError>(() => h.Client.RequestAsync("session/new", new JsonObject { ["cwd"] = h.Project, ["mcpServers"] = new JsonArray() }));
        Assert.Equal(-32600, early.Code);

        await h.Client.RequestAsync("initialize", AcpTestClient.Initialize());
        var unknown = await Assert.ThrowsAsync<AcpError>(() => h.Client.RequestAsync("_nexo/nothing", new JsonObject()));
        Assert.Equal(-32601, unknown.Code);

        var missing = await Assert.ThrowsAsync<AcpError>(() => h.Client.RequestAsync("session/new", new JsonObject { ["mcpServers"] = new JsonArray() }));
        Assert.Equal(-32602, missing.Code);

        var relative = await Assert.ThrowsAsync<AcpError>(() => h.Client.RequestAsync("session/new", new JsonObject { ["cwd"] = "relative/dir", ["mcpServers"] = new JsonArray() }));
        Assert.Equal(-32602, relative.Code);

        var notFound = await Assert.ThrowsAsync<AcpError>(() => h.Client.RequestAsync("session/load", new JsonObject { ["sessionId"] = Guid.NewGuid().ToString(), ["cwd"] = h.Project, ["mcpServers"] = new JsonArray() }));
        Assert.Equal(-32002, notFound.Code);
        Assert.Equal("notFound", (string)notFound.ErrorData!["kind"]!);

        var badBlock = await Assert.ThrowsAsync<AcpError>(() => h.Client.RequestAsync("session/prompt", new JsonObject
        {
            ["sessionId"] = Guid.NewGuid().ToString(),
            ["prompt"] = new JsonArray(new JsonObject { ["type"] = "hologram" }),
        }));
        Assert.Equal(-32602, badBlock.Code);
    }

    [Fact]
    public async Task NewSession_ReusesTheFolderWorkspace_AndOffersItsModels()
    {
        await using var h = await AcpHarness.CreateAsync();
        await h.Client.RequestAsync("initialize", AcpTestClient.Initialize());
        var first = await h.Client.RequestObjectAsync("session/new", new JsonObject { ["cwd"] = h.Project, ["mcpServers"] = new JsonArray() });
        var second = await h.Client.RequestObjectAsync("session/new", new JsonObject { ["cwd"] = h.Project + "/", ["mcpServers"] = new JsonArray() });

        var a = await h.Nexo.Chats.GetAsync((string)first["sessionId"]!);
        var b = await h.Nexo.Chats.GetAsync((string)second["sessionId"]!);
        Assert.Equal(a.WorkspaceId, b.WorkspaceId);
        Assert.Equal(h.Project, (await h.Nexo.Workspaces.GetAsync(a.WorkspaceId)).RootPath);

        var option = first["configOptions"]![0]!.AsObject();
        Assert.Equal("model", (string)option["id"]!);
        Assert.Equal("model", (string)option["category"]!);
        Assert.Equal("select", (string)option["type"]!);
        Assert.Equal($"{h.Connection.Id}:model-a", (string)option["currentValue"]!);
        Assert.Equal([$"{h.Connection.Id}:model-a", $"{h.Connection.Id}:model-b"], option["options"]!.AsArray().Select(o => (string)o!["value"]!));
    }

    [Fact]
    public async Task SetConfigOption_StoresTheWorkspaceModel_AndTellsOtherSessions()
    {
        await using var h = await AcpHarness.CreateAsync();
        var first = await h.NewSessionAsync();
        var second = (string)(await h.Client.RequestObjectAsync("session/new", new JsonObject { ["cwd"] = h.Project, ["mcpServers"] = new JsonArray() }))["sessionId"]!;

        var result = await h.Client.RequestObjectAsync("session/set_config_option", new JsonObject
        {
            ["sessionId"] = first,
            ["configId"] = "model",
            ["value"] = $"{h.Connection.Id}:model-b",
        });

        Assert.Equal($"{h.Connection.Id}:model-b", (string)result["configOptions"]![0]!["currentValue"]!);
        var chat = await h.Nexo.Chats.GetAsync(first);
        var settings = await h.Nexo.Workspaces.GetSettingsAsync(chat.WorkspaceId);
        Assert.Equal("model-b", settings.DefaultModel);
        Assert.Equal(h.Connection.Id, settings.LlmConnectionId);
        await h.Client.WaitForUpdateAsync(u => (string?)u["sessionId"] == second && (string?)u["update"]!["sessionUpdate"] == "config_option_update");

        h.Model.Enqueue(Step.Text("hi"));
        await h.Client.RequestAsync("session/prompt", AcpHarness.Prompt(first, "hello"));
        Assert.Equal("model-b", h.Model.Requests.Last().Options!.ModelId);

        // 'mode' is the permission mode since issue 16 (AcpPermissionModeTests); "x" is not one of its values.
        var bad = await Assert.ThrowsAsync<AcpError>(() => h.Client.RequestAsync("session/set_config_option", new JsonObject { ["sessionId"] = first, ["configId"] = "mode", ["value"] = "x" }));
        Assert.Equal(-32602, bad.Code);
    }

    [Fact]
    public async Task NewSession_WithoutConnection_AsksForAuthentication_AndEnvAuthCreatesOne()
    {
        await using var h = await AcpHarness.CreateAsync();
        await h.Nexo.Connections.DeleteAsync(h.Connection.Id);
        await h.Client.RequestAsync("initialize", AcpTestClient.Initialize());

        var error = await Assert.ThrowsAsync<AcpError>(() => h.Client.RequestAsync("session/new", new JsonObject { ["cwd"] = h.Project, ["mcpServers"] = new JsonArray() }));
        Assert.Equal(-32000, error.Code);

        // The harness's agent sees an empty environment: nothing to authenticate with.
        var none = await Assert.ThrowsAsync<AcpError>(() => h.Client.RequestAsync("authenticate", new JsonObject { ["methodId"] = "nexo-env" }));
        Assert.Equal(-32602, none.Code);
    }

    [Fact]
    public async Task ListDeleteAndClose_WorkOnStoredChats()
    {
        await using var h = await AcpHarness.CreateAsync();
        var first = await h.NewSessionAsync();
        var second = (string)(await h.Client.RequestObjectAsync("session/new", new JsonObject { ["cwd"] = h.Project, ["mcpServers"] = new JsonArray() }))["sessionId"]!;
        var elsewhere = Path.Combine(h.Project, "sub");
        Directory.CreateDirectory(elsewhere);
        var other = (string)(await h.Client.RequestObjectAsync("session/new", new JsonObject { ["cwd"] = elsewhere, ["mcpServers"] = new JsonArray() }))["sessionId"]!;

        var list = await h.Client.RequestObjectAsync("session/list", new JsonObject { ["cwd"] = h.Project });
        var sessions = list["sessions"]!.AsArray();
        Assert.Equal([first, second], sessions.Select(s => (string)s!["sessionId"]!).Order());
        Assert.All(sessions, s =>
        {
            Assert.Equal(h.Project, (string)s!["cwd"]!);
            Assert.Equal("New chat", (string)s["title"]!);
            Assert.True(DateTimeOffset.TryParse((string)s["updatedAt"]!, out _));
        });
        Assert.Null(list["nextCursor"]);

        var all = await h.Client.RequestObjectAsync("session/list", new JsonObject());
        Assert.Contains(other, all["sessions"]!.AsArray().Select(s => (string)s!["sessionId"]!));

        await h.Client.RequestAsync("session/close", new JsonObject { ["sessionId"] = second });
        var again = await Assert.ThrowsAsync<AcpError>(() => h.Client.RequestAsync("session/close", new JsonObject { ["sessionId"] = second }));
        Assert.Equal(-32002, again.Code);

        await h.Client.RequestAsync("session/delete", new JsonObject { ["sessionId"] = first });
        var after = await h.Client.RequestObjectAsync("session/list", new JsonObject { ["cwd"] = h.Project });
        Assert.Equal([second], after["sessions"]!.AsArray().Select(s => (string)s!["sessionId"]!));
        await Assert.ThrowsAsync<NexoException>(() => h.Nexo.Chats.GetAsync(first));
    }

    [Fact]
    public async Task List_PagesWithACursor()
    {
        await using var h = await AcpHarness.CreateAsync();
        await h.Client.RequestAsync("initialize", AcpTestClient.Initialize());
        var workspace = await h.Nexo.Workspaces.GetOrCreateForFolderAsync(h.Project);
        for (var i = 0; i < 55; i++)
        {
            await h.Nexo.Chats.CreateAsync(new NewChat { WorkspaceId = workspace.Id, Title = $"chat {i}" });
        }

        var page1 = await h.Client.RequestObjectAsync("session/list", new JsonObject { ["cwd"] = h.Project });
        var cursor = (string)page1["nextCursor"]!;
        var page2 = await h.Client.RequestObjectAsync("session/list", new JsonObject { ["cwd"] = h.Project, ["cursor"] = cursor });

        Assert.Equal(50, page1["sessions"]!.AsArray().Count);
        Assert.Equal(5, page2["sessions"]!.AsArray().Count);
        Assert.Null(page2["nextCursor"]);
        var ids = page1["sessions"]!.AsArray().Concat(page2["sessions"]!.AsArray()).Select(s => (string)s!["sessionId"]!).ToList();
        Assert.Equal(55, ids.Distinct().Count());
    }

    [Fact]
    public async Task BadLines_GetErrorsWithNullIds_AndTheConnectionGoesOn()
    {
        await using var h = await AcpHarness.CreateAsync();
        await h.Client.WriteLineAsync("not json at all");
        await h.Client.WriteLineAsync("""[{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":1}}]""");

        var result = await h.Client.RequestObjectAsync("initialize", AcpTestClient.Initialize());

        Assert.Equal(1, (int)result["protocolVersion"]!);
        var errors = h.Client.Lines.Select(l => JsonNode.Parse(l)!.AsObject()).Where(m => m.ContainsKey("id") && m["id"] is null).ToList();
        Assert.Equal([-32700, -32600], errors.Select(e => (int)e["error"]!["code"]!));
    }

    [Fact]
    public async Task FiftyMegabyteLine_IsAnsweredForItsId_WithTheHostsFrameCap_AndTheConnectionGoesOn()
    {
        await using var h = await AcpHarness.CreateAsync();
        await h.Client.WriteLineAsync("{\"jsonrpc\":\"2.0\",\"id\":9,\"method\":\"initialize\",\"params\":{\"pad\":\"" + new string('x', 50 * 1024 * 1024) + "\"}}");

        var result = await h.Client.RequestObjectAsync("initialize", AcpTestClient.Initialize());

        Assert.Equal(1, (int)result["protocolVersion"]!);
        var error = h.Client.Lines.Select(l => JsonNode.Parse(l)!.AsObject()).Single(m => m["id"] is JsonValue v && v.ToJsonString() == "9");
        Assert.Equal(-32600, (int)error["error"]!["code"]!);
        Assert.Contains($"limit of {Hosting.NexoJsonRpcHostOptions.DefaultMaxMessageBytes} bytes", (string)error["error"]!["message"]!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownNotifications_AreIgnored_AndTheConnectionGoesOn()
    {
        await using var h = await AcpHarness.CreateAsync();
        await h.Client.NotifyAsync("_vendor/something", new JsonObject { ["x"] = 1 });
        await h.Client.NotifyAsync("session/cancel", new JsonObject { ["sessionId"] = "not-a-session" });
        var result = await h.Client.RequestObjectAsync("initialize", AcpTestClient.Initialize());
        Assert.Equal(1, (int)result["protocolVersion"]!);
        Assert.All(h.Client.Lines, line => Assert.DoesNotContain('\n', line));
    }

    [Fact]
    public async Task EnvAuthentication_StoresTheKeyOnTheConnectionThatLacksOne()
    {
        var env = new Dictionary<string, string> { ["OPENAI_API_KEY"] = "sk-test-1234" };
        await using var h = await AcpHarness.CreateAsync(environment: name => env.GetValueOrDefault(name));
        var openai = await h.Nexo.Connections.CreateAsync(new NewLlmConnection { Name = "openai", Provider = LlmProviderKind.OpenAI, BaseUrl = "https://api.openai.com/v1", DefaultModel = "gpt" });
        var workspace = await h.Nexo.Workspaces.GetOrCreateForFolderAsync(h.Project);
        await h.Nexo.Workspaces.UpdateSettingsAsync(workspace.Id, new WorkspaceSettingsPatch { LlmConnectionId = openai.Id });
        await h.Client.RequestAsync("initialize", AcpTestClient.Initialize());
        var newSession = new JsonObject { ["cwd"] = h.Project, ["mcpServers"] = new JsonArray() };

        var error = await Assert.ThrowsAsync<AcpError>(() => h.Client.RequestAsync("session/new", newSession));
        Assert.Equal(-32000, error.Code);
        Assert.Equal("authRequired", (string)error.ErrorData!["kind"]!);

        await h.Client.RequestAsync("authenticate", new JsonObject { ["methodId"] = "nexo-env" });
        Assert.Equal("sk-test-1234", (await h.Nexo.Connections.GetSecretsAsync(openai.Id)).ApiKey);
        await h.Client.RequestAsync("session/new", newSession);

        var unknown = await Assert.ThrowsAsync<AcpError>(() => h.Client.RequestAsync("authenticate", new JsonObject { ["methodId"] = "oauth" }));
        Assert.Equal(-32602, unknown.Code);
    }
}
