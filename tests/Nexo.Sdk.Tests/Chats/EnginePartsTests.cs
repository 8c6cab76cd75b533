using System.Text.Json;
using Microsoft.Extensions.AI;
using Nexo.Chats;
using Nexo.Tools;

namespace Nexo.Sdk.Tests.Chats;

/// <summary>The engine's parts on their own: the permission gate's decision, a turn's tool set, the name rule.</summary>
public sealed class EnginePartsTests
{
    private static readonly JsonElement Schema = JsonDocument.Parse("""{"type":"object"}""").RootElement.Clone();

    private static WorkspaceTool Mcp(string name, string server = "srv1", string serverName = "files", JsonElement? schema = null, string? identity = null) => new()
    {
        ToolId = server + "/" + name, ModelName = name, ServerId = server, ServerName = serverName, ToolName = name, InputSchema = schema ?? Schema, ServerIdentity = identity,
    };

    private static AIFunction Fn(string name) => AIFunctionFactory.Create(() => name, name);

    private static WorkspaceSettings Settings(ToolPermissionMode mode, params (string Key, ToolPermissionRule Rule)[] rules) => new()
    {
        WorkspaceId = "w",
        ToolPermissionMode = mode,
        ToolPermissions = rules.ToDictionary(r => r.Key, r => r.Rule),
    };

    [Fact]
    public void Gate_RuleByIdThenByName_WinsOverDeclarationAndMode()
    {
        var tool = OfferedTool.Of(Mcp("read"));

        Assert.True(PermissionGate.Decide(Settings(ToolPermissionMode.Ask, ("srv1/read", ToolPermissionRule.AlwaysAllow)), tool));
        Assert.False(PermissionGate.Decide(Settings(ToolPermissionMode.AllowAll, ("read", ToolPermissionRule.AlwaysDeny)), tool));
        Assert.Null(PermissionGate.Decide(Settings(ToolPermissionMode.AllowAll, ("read", ToolPermissionRule.Ask)), tool));
        Assert.True(PermissionGate.Decide(Settings(ToolPermissionMode.AllowAll), tool));
        Assert.Null(PermissionGate.Decide(Settings(ToolPermissionMode.Ask), tool));
    }

    [Fact]
    public void Gate_ToolDeclarations_AreBetweenRulesAndTheMode()
    {
        var free = OfferedTool.Of(Fn("now").WithoutPermission());
        var strict = OfferedTool.Of(new ApprovalRequiredAIFunction(Fn("rm")));

        Assert.True(PermissionGate.Decide(Settings(ToolPermissionMode.Ask), free));
        Assert.False(PermissionGate.Decide(Settings(ToolPermissionMode.Ask, ("now", ToolPermissionRule.AlwaysDeny)), free));
        Assert.Null(PermissionGate.Decide(Settings(ToolPermissionMode.AllowAll), strict));
        Assert.True(PermissionGate.Decide(Settings(ToolPermissionMode.AllowAll, ("rm", ToolPermissionRule.AlwaysAllow)), strict));
    }

    [Fact]
    public void Gate_ABareNameAllowRule_GrantsAnMcpToolOnlyOfTheServerItWasMadeFor_ButDenyAndAskApplyToEveryServer()
    {
        var ofSrv1 = OfferedTool.Of(Mcp("read"));
        var ofSrv2 = OfferedTool.Of(Mcp("read", server: "srv2"));
        var consumer = OfferedTool.Of(Fn("read"));
        var unbound = Settings(ToolPermissionMode.Ask, ("read", ToolPermissionRule.AlwaysAllow));
        var bound = unbound with { ToolRuleBindings = new Dictionary<string, ToolRuleBinding> { ["read"] = new("srv1", null) } };

        Assert.Null(PermissionGate.Decide(unbound, ofSrv1));
        Assert.True(PermissionGate.Decide(unbound, consumer));
        Assert.True(PermissionGate.Decide(bound, ofSrv1));
        Assert.Null(PermissionGate.Decide(bound, ofSrv2));
        Assert.True(PermissionGate.Decide(bound with { ToolPermissionMode = ToolPermissionMode.AllowAll }, ofSrv2)); // the mode, not the rule
        Assert.False(PermissionGate.Decide(Settings(ToolPermissionMode.AllowAll, ("read", ToolPermissionRule.AlwaysDeny)), ofSrv2));
        Assert.Null(PermissionGate.Decide(Settings(ToolPermissionMode.AllowAll, ("read", ToolPermissionRule.Ask)), ofSrv2));
    }

    [Fact]
    public void Gate_ARememberedRule_AllowsOnlyWhileTheToolsFingerprintHolds_AndADenyKeepsDenying()
    {
        var identity = ToolFingerprint.Server(new McpServer { Id = "srv1", Name = "files", Transport = McpTransportKind.Stdio, Command = "node", Args = ["server.js"] });
        var tool = OfferedTool.Of(Mcp("read", identity: identity));
        var newSchema = OfferedTool.Of(Mcp("read", identity: identity, schema: JsonDocument.Parse("""{"type":"object","properties":{"path":{"type":"string"}}}""").RootElement));
        var newArgs = OfferedTool.Of(Mcp("read", identity: ToolFingerprint.Server(new McpServer { Id = "srv1", Name = "files", Transport = McpTransportKind.Stdio, Command = "node", Args = ["evil.js"] })));
        WorkspaceSettings Remembered(ToolPermissionRule rule, ToolPermissionMode mode = ToolPermissionMode.Ask) => Settings(mode, ("srv1/read", rule)) with
        {
            ToolRuleBindings = new Dictionary<string, ToolRuleBinding> { ["srv1/read"] = new("srv1", tool.Fingerprint) },
        };

        Assert.True(PermissionGate.Decide(Remembered(ToolPermissionRule.AlwaysAllow), tool));
        Assert.Null(PermissionGate.Decide(Remembered(ToolPermissionRule.AlwaysAllow), newSchema));
        Assert.Null(PermissionGate.Decide(Remembered(ToolPermissionRule.AlwaysAllow), newArgs));
        Assert.True(PermissionGate.Decide(Remembered(ToolPermissionRule.AlwaysAllow, ToolPermissionMode.AllowAll), newArgs)); // as if there were no rule
        Assert.False(PermissionGate.Decide(Remembered(ToolPermissionRule.AlwaysDeny), newArgs));
        Assert.False(PermissionGate.Decide(Remembered(ToolPermissionRule.AlwaysDeny, ToolPermissionMode.AllowAll), newSchema));

        // A rule saved by id without a fingerprint (the user named the server) allows whatever the server offers now.
        Assert.True(PermissionGate.Decide(Settings(ToolPermissionMode.Ask, ("srv1/read", ToolPermissionRule.AlwaysAllow)), newArgs));
    }

    [Fact]
    public void ToolFingerprint_CoversTheServersCommandLineAndTheSchema_NotSecretValuesOrKeyOrder()
    {
        var server = new McpServer
        {
            Id = "s", Name = "files", Transport = McpTransportKind.Stdio, Command = "node", Args = ["server.js"],
            Env = new Dictionary<string, string> { ["TOKEN"] = "one" }, Headers = new Dictionary<string, string> { ["Authorization"] = "a" },
        };
        var identity = ToolFingerprint.Server(server);
        var schema = JsonDocument.Parse("""{"type":"object","properties":{"a":{"type":"string"},"b":{"type":"integer"}}}""").RootElement;
        var reordered = JsonDocument.Parse("""{ "properties": { "b": {"type":"integer"}, "a": {"type":"string"} }, "type": "object" }""").RootElement;
        var fingerprint = ToolFingerprint.Of(identity, "read", schema);

        Assert.Equal(32, fingerprint.Length);
        Assert.Equal(fingerprint, ToolFingerprint.Of(identity, "read", reordered));
        Assert.Equal(identity, ToolFingerprint.Server(server with { Env = new Dictionary<string, string> { ["TOKEN"] = "two" }, Headers = new Dictionary<string, string> { ["authorization"] = "b" }, Name = "renamed" }));
        Assert.DoesNotContain("one", identity, StringComparison.Ordinal);
        Assert.NotEqual(identity, ToolFingerprint.Server(server with { Env = new Dictionary<string, string> { ["TOKEN"] = "one", ["NODE_OPTIONS"] = "x" } }));
        Assert.NotEqual(identity, ToolFingerprint.Server(server with { Args = ["server.js", "--unsafe"] }));
        Assert.NotEqual(identity, ToolFingerprint.Server(server with { Command = "python" }));
        Assert.NotEqual(identity, ToolFingerprint.Server(server with { WorkingDirectory = "/elsewhere" }));
        Assert.NotEqual(identity, ToolFingerprint.Server(server with { Transport = McpTransportKind.Http, Command = null, Url = "https://x.example/mcp" }));
        Assert.NotEqual(fingerprint, ToolFingerprint.Of(identity, "write", schema));
        Assert.NotEqual(fingerprint, ToolFingerprint.Of(identity, "read", Schema));
    }

    [Fact]
    public void ToolSet_OrdersTurnThenHostThenMcp_DropsDisabledHostTools_AndRenamesACollidingMcpTool()
    {
        var set = ToolSet.Build([Fn("weather")], [Fn("weather"), Fn("clock"), Fn("dice")], ["dice"], [Mcp("clock"), Mcp("read")]);

        Assert.Equal(["weather", "clock", "files__clock", "read"], set.Functions.Select(f => f.ModelName));
        Assert.Equal(("srv1/clock", "clock", "srv1"), (set.Functions[2].Id, set.Functions[2].ToolName, set.Functions[2].ServerId));
        Assert.Equal(("clock", null), (set.Functions[1].Id, set.Functions[1].ServerId));
        Assert.Same(set.Functions[3], set.Find("READ"));
        Assert.Null(set.Find("dice"));
    }

    [Fact]
    public void ToolSet_PassesHostedToolsToTheProvider_AndRefusesADeclarationWithoutAnImplementation()
    {
        var hosted = new HostedWebSearchTool();
        var set = ToolSet.Build(null, [hosted], [], []);
        var declaration = AIFunctionFactory.CreateDeclaration("plan", "Plans", Schema);

        Assert.Equal([hosted], set.ProviderTools);
        Assert.False(set.IsEmpty);
        var error = Assert.Throws<NexoException>(() => ToolSet.Build([declaration], null, [], []));
        Assert.Contains("declaration without an implementation", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ToolNames_ExactFirst_ThenOneCaseInsensitiveMatch_ElseNothing()
    {
        string[] names = ["read", "Write", "write"];

        Assert.Equal("read", ToolNames.Find(names, n => n, "READ"));
        Assert.Equal("Write", ToolNames.Find(names, n => n, "Write"));
        Assert.Null(ToolNames.Find(names, n => n, "WRITE"));
        Assert.Null(ToolNames.Find(names, n => n, ""));
    }

    [Fact]
    public void ToolOutcome_MapsStringsJsonAndMcpResults()
    {
        var fn = Fn("x");

        Assert.Equal("plain", ToolOutcome.FromResult(fn, "plain", 3).Text);
        Assert.Equal("""{"a":1}""", ToolOutcome.FromResult(fn, new Dictionary<string, int> { ["a"] = 1 }, 3).Text);
        Assert.Equal(3, ToolOutcome.FromResult(fn, 4, 3).Metadata!.Value.GetProperty("durationMs").GetInt64());
        var mcp = ToolOutcome.FromResult(fn, new McpToolResult { IsError = true, Text = "bad", DurationMs = 9 }, 1);
        Assert.Equal((true, "bad", 9L), (mcp.IsError, mcp.Text, mcp.Metadata!.Value.GetProperty("durationMs").GetInt64()));
    }

    [Fact]
    public void StopReason_MapsFinishReasons_AndReadsAndWritesItsWireString()
    {
        Assert.Equal(StopReason.MaxTokens, StopReason.FromFinishReason("length"));
        Assert.Equal(StopReason.Refusal, StopReason.FromFinishReason("content_filter"));
        Assert.Equal(StopReason.EndTurn, StopReason.FromFinishReason(null));
        Assert.Equal("end_turn", default(StopReason).Value);
        Assert.Equal("\"max_turn_requests\"", JsonSerializer.Serialize(StopReason.MaxTurnRequests, NexoJson.Options));
        Assert.Equal(StopReason.Cancelled, JsonSerializer.Deserialize<StopReason>("\"cancelled\"", NexoJson.Options));
    }
}
