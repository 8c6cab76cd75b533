using System.Reflection;
using System.Text.Json.Nodes;

namespace Nexo.JsonRpcServer.Tests;

/// <summary>
/// MCP elicitation through the real host process and the real npm <c>server-everything</c>: the server's question arrives
/// as <c>mcp-elicitation-request</c>, <c>respond_mcp_elicitation</c> answers it, and the tool's result carries the answer.
/// </summary>
public sealed class McpElicitationTests
{
    private static readonly string McpServersFolder = Path.GetFullPath(typeof(McpElicitationTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "McpServersFolder").Value!);

    private static string EverythingScript => Path.Combine(McpServersFolder, "node_modules", "@modelcontextprotocol", "server-everything", "dist", "index.js");

    [Fact]
    public async Task Elicitation_AnsweredThroughJsonRpc_ReachesTheServer_AfterAnAnswerThatBrokeTheSchemaWasRefused()
    {
        await using var server = await StartAsync(new { mcpElicitation = new { form = true } });
        var id = await EverythingAsync(server);

        var call = server.RequestAsync("call_mcp_tool", new { connectionId = id, toolName = "trigger-elicitation-request" });
        var request = (await server.NotificationsUntilAsync("mcp-elicitation-request"))[^1]["params"]!;
        var requestId = (string)request["requestId"]!;
        var invalid = await server.CallErrorAsync("respond_mcp_elicitation", new { requestId, action = "accept", content = new { name = "Ada", email = "ada-at-example" } });
        var stillWaiting = !call.IsCompleted;
        var answered = await server.RequestAsync("respond_mcp_elicitation", new { requestId, action = "accept", content = new { name = "Ada Lovelace", email = "ada@example.com", check = true } });
        var result = (await call)["result"]!;
        var again = await server.CallErrorAsync("respond_mcp_elicitation", new { requestId, action = "decline" });

        Assert.Equal(id, (string?)request["serverId"]);
        Assert.Equal("everything", (string?)request["serverName"]);
        Assert.Equal("form", (string?)request["mode"]);
        Assert.Equal("Please provide inputs for the following fields:", (string?)request["message"]);
        Assert.Equal("email", (string?)request["requestedSchema"]!["properties"]!["email"]!["format"]);
        Assert.Null(request["chatId"]); // a direct call, outside a turn
        Assert.Equal(-32602, (int)invalid["code"]!);
        Assert.Equal("validation", (string?)invalid["data"]!["kind"]);
        Assert.Equal("content.email", (string?)invalid["data"]!["details"]!["field"]);
        Assert.Contains("'email'", (string?)invalid["message"], StringComparison.Ordinal);
        Assert.True(stillWaiting);
        Assert.Null(answered["error"]);
        Assert.Contains("- Name: Ada Lovelace", (string?)result["text"], StringComparison.Ordinal);
        Assert.Contains("- Email: ada@example.com", (string?)result["text"], StringComparison.Ordinal);
        Assert.Contains("- Agreed to terms: true", (string?)result["text"], StringComparison.Ordinal);
        Assert.Equal("notFound", (string?)again["data"]!["kind"]);
    }

    [Fact]
    public async Task DeclineAndCancel_ThroughJsonRpc_ReachTheServer()
    {
        await using var server = await StartAsync(new { mcpElicitation = new { form = true, url = true } });
        var id = await EverythingAsync(server);

        var declined = server.RequestAsync("call_mcp_tool", new { connectionId = id, toolName = "trigger-elicitation-request" });
        var first = (await server.NotificationsUntilAsync("mcp-elicitation-request"))[^1]["params"]!;
        await server.CallAsync("respond_mcp_elicitation", new { requestId = (string)first["requestId"]!, action = "decline" });
        var declinedText = (string?)(await declined)["result"]!["text"];
        var cancelled = server.RequestAsync("call_mcp_tool", new { connectionId = id, toolName = "trigger-url-elicitation", arguments = new { url = "https://example.com/login" } });
        var second = (await server.NotificationsUntilAsync("mcp-elicitation-request"))[^1]["params"]!;
        await server.CallAsync("respond_mcp_elicitation", new { requestId = (string)second["requestId"]!, action = "cancel" });
        var cancelledText = (string?)(await cancelled)["result"]!["text"];

        Assert.Contains("User declined", declinedText, StringComparison.Ordinal);
        Assert.Equal("url", (string?)second["mode"]);
        Assert.Equal("https://example.com/login", (string?)second["url"]);
        Assert.NotNull((string?)second["elicitationId"]);
        Assert.Contains("User cancelled the URL elicitation", cancelledText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ClientWithoutTheCapability_ServersSeeNoElicitationCapability()
    {
        await using var server = await StartAsync(capabilities: null);
        var id = await EverythingAsync(server);

        var tools = await server.CallAsync("connect_mcp_server_and_fetch_tools", new { connectionId = id });
        var unknown = await server.CallErrorAsync("respond_mcp_elicitation", new { requestId = "nothing-waits", action = "cancel" });

        var names = tools.AsArray().Select(t => (string)t!["name"]!).ToList();
        Assert.Contains("echo", names);
        Assert.DoesNotContain("trigger-elicitation-request", names); // server-everything registers it only for clients that can answer
        Assert.Equal("notFound", (string?)unknown["data"]!["kind"]);
    }

    private static async Task<ServerProcess> StartAsync(object? capabilities)
    {
        Assert.True(File.Exists(EverythingScript), $"Run 'npm ci' in {McpServersFolder} first.");
        var server = await ServerProcess.StartAsync();
        await server.InitializeAsync(capabilities);
        return server;
    }

    private static async Task<string> EverythingAsync(ServerProcess server)
    {
        var created = await server.CallAsync("create_mcp_server_connection", new { name = "everything", type = "stdio", command = "node", args = new[] { EverythingScript, "stdio" } });
        return (string)created["id"]!;
    }
}
