using System.Reflection;
using System.Text.Json.Nodes;
using Nexo.Testing;

namespace Nexo.JsonRpcServer.Tests;

/// <summary>MCP resources over JSON-RPC, through the real server process, the C# test MCP server and the npm server-everything.</summary>
public sealed class McpResourceTests
{
    private static readonly string TestMcpServerDll = typeof(McpResourceTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "TestMcpServerDll").Value!;

    private static readonly string McpServersFolder = Path.GetFullPath(typeof(McpResourceTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "McpServersFolder").Value!);

    private static string EverythingScript => Path.Combine(McpServersFolder, "node_modules", "@modelcontextprotocol", "server-everything", "dist", "index.js");

    [Fact]
    public async Task ResourcesAreListedAndRead_TemplatesExpanded_AndAnUnknownUriIsNotFound()
    {
        await using var server = await ServerProcess.StartInitializedAsync();
        var id = (string)(await server.CallAsync("create_mcp_server_connection", new { name = "notes", type = "stdio", command = "dotnet", args = new[] { TestMcpServerDll } }))["id"]!;

        var resources = await server.CallAsync("list_mcp_resources", new { serverId = id });
        var templates = await server.CallAsync("list_mcp_resource_templates", new { serverId = id });
        var note = await server.CallAsync("read_mcp_resource", new { serverId = id, uri = "test://notes/readme" });
        var image = await server.CallAsync("read_mcp_resource", new { serverId = id, uri = "test://images/pixel.png" });
        var greeting = await server.CallAsync("read_mcp_resource", new { serverId = id, uri = "test://greetings/{name}", arguments = new { name = "Ada" } });
        var missing = await server.CallErrorAsync("read_mcp_resource", new { serverId = id, uri = "test://nothing/here" });
        var noSubscriptions = await server.CallErrorAsync("subscribe_mcp_resource", new { serverId = id, uri = "test://notes/readme" });
        var unknownServer = await server.CallErrorAsync("list_mcp_resources", new { serverId = "no-such-server" });

        Assert.Contains(resources.AsArray(), r => (string?)r!["uri"] == "test://notes/readme" && (string?)r["mimeType"] == "text/markdown");
        var template = templates.AsArray().Single(t => (string?)t!["uriTemplate"] == "test://greetings/{name}")!;
        Assert.Equal(["name"], template["arguments"]!.AsArray().Select(a => (string)a!));
        Assert.Equal("# Test notes\nThe secret word is aubergine.", (string?)note["contents"]![0]!["text"]);
        Assert.Equal(id, (string?)note["serverId"]);
        Assert.Equal("image/png", (string?)image["contents"]![0]!["mimeType"]);
        Assert.StartsWith("iVBORw0KGgo", (string?)image["contents"]![0]!["blob"], StringComparison.Ordinal);
        Assert.Equal("test://greetings/Ada", (string?)greeting["uri"]);
        Assert.Equal("Hello, Ada!", (string?)greeting["contents"]![0]!["text"]);
        Assert.Equal(-32010, (int)missing["code"]!);
        Assert.Equal(("MCP resource", "test://nothing/here"), ((string?)missing["data"]!["details"]!["entity"], (string?)missing["data"]!["details"]!["id"]));
        Assert.Contains("'notes'", (string?)missing["message"], StringComparison.Ordinal);
        Assert.Equal(-32602, (int)noSubscriptions["code"]!);
        Assert.Equal("notFound", (string?)unknownServer["data"]!["kind"]);
    }

    [Fact]
    public async Task SubscribedResource_SendsAnMcpResourcesChangedNotification()
    {
        Assert.True(File.Exists(EverythingScript), $"Run 'npm ci' in {McpServersFolder} first.");
        await using var server = await ServerProcess.StartInitializedAsync();
        var id = (string)(await server.CallAsync("create_mcp_server_connection", new { name = "everything", type = "stdio", command = "node", args = new[] { EverythingScript, "stdio" } }))["id"]!;
        const string Uri = "demo://resource/static/document/startup.md";

        await server.CallAsync("subscribe_mcp_resource", new { serverId = id, uri = Uri });
        await server.CallAsync("call_mcp_tool", new { connectionId = id, toolName = "toggle-subscriber-updates", arguments = new { } });
        var changed = (await server.NotificationsUntilAsync("mcp-resources-changed", n => (string?)n["params"]!["uri"] == Uri))[^1]["params"]!;
        await server.CallAsync("unsubscribe_mcp_resource", new { serverId = id, uri = Uri });

        Assert.Equal(id, (string?)changed["serverId"]);
        Assert.Equal("updated", (string?)changed["kind"]);
    }

    [Fact]
    public async Task SendMessage_WithResources_InlinesThemForTheProvider_AndStoresThemWithTheUserMessage()
    {
        await using var turn = await TurnFixture.StartAsync();
        var id = (string)(await turn.Server.CallAsync("create_mcp_server_connection", new { name = "notes", type = "stdio", command = "dotnet", args = new[] { TestMcpServerDll } }))["id"]!;
        await turn.Server.CallAsync("save_workspace_settings", new { workspaceId = turn.WorkspaceId, mcpToolIds = new Dictionary<string, string[]> { [id] = [] } });

        var result = await turn.Server.CallAsync("send_message", new
        {
            chatId = turn.ChatId,
            content = "What is the secret word?",
            resources = new[] { new { serverId = id, uri = "test://notes/readme" }, new { serverId = id, uri = "test://images/pixel.png" } },
        });
        var refused = await turn.Server.CallErrorAsync("send_message", new
        {
            chatId = turn.ChatId,
            content = "and this?",
            resources = new[] { new { serverId = id, uri = "test://data/blob.bin" } },
        });
        var messages = await turn.Server.CallAsync("get_messages", new { chatId = turn.ChatId });

        var body = turn.Provider.LastChatRequest!.Body;
        Assert.Contains("<resource server=\\\"notes\\\" uri=\\\"test://notes/readme\\\" mimeType=\\\"text/markdown\\\">", body, StringComparison.Ordinal);
        Assert.Contains("aubergine", body, StringComparison.Ordinal);
        Assert.Contains("data:image/png;base64,iVBORw0KGgo", body, StringComparison.Ordinal);
        Assert.Single(turn.Provider.ChatRequests);
        Assert.Equal(("validation", "resources"), ((string?)refused["data"]!["kind"], (string?)refused["data"]!["details"]!["field"]));
        Assert.Equal(2, messages.AsArray().Count); // the refused turn stored nothing
        var user = messages.AsArray().Single(m => (string?)m!["id"] == (string?)result["userMessageId"])!;
        var files = user["metadata"]!["files"]!.AsArray();
        Assert.Equal(["test://notes/readme", "test://images/pixel.png"], files.Select(f => (string)f!["uri"]!));
        Assert.All(files, f => Assert.Equal(id, (string?)f!["serverId"]));
    }
}
