using Nexo.Sdk.Tests.Mcp;
using Nexo.Testing;

namespace Nexo.Sdk.Tests.Chats;

/// <summary>
/// Remembered permission rules are bound to what the user approved (issue 12, item 7): the MCP server's command line and
/// the tool's schema, and for a bare-name rule the server it was made for. Real stdio servers (the C# test server), a
/// fake OpenAI server as the model, <c>ask</c> mode, and a user who answers every request with "allow, remember".
/// </summary>
public sealed class RememberedPermissionTests : IAsyncLifetime
{
    private readonly TempDatabase _db = new();
    private readonly List<ToolPermissionRequestEvent> _requests = [];
    private FakeOpenAIServer _model = null!;
    private NexoClient _nexo = null!;
    private Workspace _workspace = null!;
    private Chat _chat = null!;

    public async Task InitializeAsync()
    {
        _model = await FakeOpenAIServer.StartAsync();
        _nexo = await _db.OpenAsync();
        var connection = await _nexo.Connections.CreateAsync(new NewLlmConnection { Name = "fake", Provider = LlmProviderKind.OpenAI, BaseUrl = _model.BaseUrl, ApiKey = "sk-x", DefaultModel = "gpt-test" });
        _workspace = await _nexo.Workspaces.CreateAsync(new NewWorkspace { Name = "w" });
        await _nexo.Workspaces.UpdateSettingsAsync(_workspace.Id, new WorkspaceSettingsPatch { LlmConnectionId = connection.Id, ToolPermissionMode = ToolPermissionMode.Ask });
        _chat = await _nexo.Chats.CreateAsync(new NewChat { WorkspaceId = _workspace.Id, Title = "t" });
        _nexo.Events.Subscribe(e =>
        {
            if (e is ToolPermissionRequestEvent request)
            {
                lock (_requests)
                {
                    _requests.Add(request);
                }

                _ = _nexo.Chats.RespondToolPermissionAsync(new ToolPermissionResponse { MessageId = request.MessageId, Approved = true, Remember = true });
            }
        });
    }

    public async Task DisposeAsync()
    {
        await _nexo.DisposeAsync();
        await _model.DisposeAsync();
        await _db.DisposeAsync();
    }

    private int Requests
    {
        get
        {
            lock (_requests)
            {
                return _requests.Count;
            }
        }
    }

    private async Task<McpServer> AddServerAsync(string name, IReadOnlyDictionary<string, string>? env, params string[] tools)
    {
        var server = await _nexo.McpServers.CreateAsync(McpTestEnvironment.CSharpServer(name, env: env));
        var settings = await _nexo.Workspaces.GetSettingsAsync(_workspace.Id);
        var enabled = settings.McpToolIds.ToDictionary(kv => kv.Key, kv => kv.Value);
        enabled[server.Id] = tools;
        await _nexo.Workspaces.UpdateSettingsAsync(_workspace.Id, new WorkspaceSettingsPatch { McpToolIds = enabled });
        return server;
    }

    /// <summary>One turn in which the model calls <paramref name="modelName"/> once; the tool's result as the model got it.</summary>
    private async Task<string> CallAsync(string modelName, string argumentsJson)
    {
        _model.Enqueue(FakeResponse.ToolCall(modelName, argumentsJson, "call_" + Guid.NewGuid().ToString("N")[..8]), FakeResponse.Text("done"));
        await _nexo.Chats.SendMessageAsync(new SendMessageRequest { ChatId = _chat.Id, Content = "call " + modelName });
        return (await _nexo.Messages.GetActiveBranchAsync(_chat.Id)).Last(m => m.Role == MessageRole.Tool).Content;
    }

    [Fact]
    public async Task RememberedAllow_AsksAgain_WhenTheServersArgumentsChange()
    {
        var server = await AddServerAsync("tools", null, "echo");
        Assert.Equal("hi", await CallAsync("echo", """{"text":"hi"}"""));
        Assert.Equal(1, Requests);
        Assert.Equal("hi again", await CallAsync("echo", """{"text":"hi again"}"""));
        Assert.Equal(1, Requests); // remembered

        // The same server id now starts something else (here: the same program with another argument).
        await _nexo.McpServers.UpdateAsync(server.Id, new McpServerUpdate { Args = [.. server.Args, "--tag", "changed"] });

        Assert.Equal("after", await CallAsync("echo", """{"text":"after"}"""));
        Assert.Equal(2, Requests);
        Assert.Equal("echo", Assert.Single(_requests[1].ToolCalls).Name);
        Assert.Equal(ToolPermissionRule.AlwaysAllow, (await _nexo.Workspaces.GetSettingsAsync(_workspace.Id)).ToolPermissions[server.Id + "/echo"]);

        // The second answer was remembered for the server as it is now.
        Assert.Equal("settled", await CallAsync("echo", """{"text":"settled"}"""));
        Assert.Equal(2, Requests);
    }

    [Fact]
    public async Task RememberedAllow_AsksAgain_WhenTheToolsSchemaChanges()
    {
        var server = await AddServerAsync("tools", new Dictionary<string, string> { ["NEXO_TEST_TOOL_VERSION"] = "1" }, "versioned");
        Assert.Equal("v1", await CallAsync("versioned", """{"text":"v1"}"""));
        Assert.Equal(1, Requests);

        // Same command line, same variable names: only the tool's input schema changes (it gains "times").
        await _nexo.McpServers.UpdateAsync(server.Id, new McpServerUpdate { Env = new Dictionary<string, string> { ["NEXO_TEST_TOOL_VERSION"] = "2" } });
        var tool = Assert.Single(await _nexo.Mcp.GetWorkspaceToolsAsync(_workspace.Id));
        Assert.True(tool.InputSchema.GetProperty("properties").TryGetProperty("times", out _));

        Assert.Equal("v2v2", await CallAsync("versioned", """{"text":"v2","times":2}"""));
        Assert.Equal(2, Requests);
    }

    [Fact]
    public async Task RememberedAllow_Survives_ARotatedEnvironmentValue()
    {
        var server = await AddServerAsync("tools", new Dictionary<string, string> { ["API_TOKEN"] = "old-secret" }, "echo");
        Assert.Equal("one", await CallAsync("echo", """{"text":"one"}"""));
        Assert.Equal(1, Requests);

        // Rotating a key changes a secret value, not what the server is: the rule holds (the server restarts with it).
        await _nexo.McpServers.UpdateAsync(server.Id, new McpServerUpdate { Env = new Dictionary<string, string> { ["API_TOKEN"] = "new-secret" } });
        Assert.Equal("new-secret", (await _nexo.McpServers.GetSecretsAsync(server.Id)).Env["API_TOKEN"]);

        Assert.Equal("two", await CallAsync("echo", """{"text":"two"}"""));
        Assert.Equal(1, Requests);
    }

    [Fact]
    public async Task BareNameAllowRule_MadeForServerA_DoesNotLetServerBsToolOfThatNameRunWithoutAsking()
    {
        var a = await AddServerAsync("alpha", null, "echo");

        // A rule by bare name, saved while only server A offers "echo": it is A's.
        await _nexo.Workspaces.UpdateSettingsAsync(_workspace.Id, new WorkspaceSettingsPatch
        {
            ToolPermissions = new Dictionary<string, ToolPermissionRule> { ["echo"] = ToolPermissionRule.AlwaysAllow },
        });
        Assert.Equal("from a", await CallAsync("echo", """{"text":"from a"}"""));
        Assert.Equal(0, Requests);

        // Server B offers a tool of the same name.
        var b = await AddServerAsync("beta", null, "echo");
        var tools = await _nexo.Mcp.GetWorkspaceToolsAsync(_workspace.Id);
        var echoOfA = tools.Single(t => t.ServerId == a.Id).ModelName;
        var echoOfB = tools.Single(t => t.ServerId == b.Id).ModelName;

        Assert.Equal("from b", await CallAsync(echoOfB, """{"text":"from b"}"""));
        var request = Assert.Single(_requests);
        Assert.Equal(b.Id, Assert.Single(request.ToolCalls).ServerId);

        Assert.Equal("a again", await CallAsync(echoOfA, """{"text":"a again"}"""));
        Assert.Single(_requests);
    }
}
