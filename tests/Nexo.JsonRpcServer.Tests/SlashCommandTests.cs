using System.Reflection;
using System.Text.Json.Nodes;
using Nexo.Testing;

namespace Nexo.JsonRpcServer.Tests;

/// <summary><c>get_slash_commands</c> and <c>run_slash_command</c> through the real server process, the real npm <c>server-everything</c> and a fake provider.</summary>
public sealed class SlashCommandTests
{
    private static readonly string McpServersFolder = Path.GetFullPath(typeof(SlashCommandTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "McpServersFolder").Value!);

    private static string EverythingScript => Path.Combine(McpServersFolder, "node_modules", "@modelcontextprotocol", "server-everything", "dist", "index.js");

    [Fact]
    public async Task AnMcpPromptRunAsASlashCommand_IsTheUsersTurn_WithSendMessagesEventsAndResult()
    {
        await using var turn = await StartAsync();
        turn.Provider.Enqueue(FakeResponse.Text("Sun", "ny"));

        var commands = await turn.Server.CallAsync("get_slash_commands", new { workspaceId = turn.WorkspaceId });
        var response = await turn.Server.RequestAsync(
            "run_slash_command",
            new { chatId = turn.ChatId, name = "args-prompt", arguments = new { city = "Paris", state = "TX" }, selectedModel = "fake-model" },
            id: "slash-1");
        var wire = turn.Server.Received.ToList().TakeWhile(m => (string?)m["id"] != "slash-1")
            .Where(m => m["method"] is not null && (string?)m["params"]!["chatId"] == turn.ChatId).ToList();
        var messages = await turn.Server.CallAsync("get_messages", new { chatId = turn.ChatId });

        var args = commands.AsArray().Single(c => (string?)c!["name"] == "args-prompt")!;
        Assert.Equal("mcp", (string?)args["source"]);
        Assert.Equal("everything", (string?)args["serverName"]);
        Assert.Equal([("city", true), ("state", false)], args["arguments"]!.AsArray().Select(a => ((string)a!["name"]!, (bool)a["required"]!)));
        var review = commands.AsArray().Single(c => (string?)c!["source"] == "template")!;
        Assert.Equal(("review", "focus"), ((string?)review["name"], (string?)review["arguments"]![0]!["name"]));
        Assert.Equal(["message-started", "message-chunk", "message-chunk", "message-complete", "chat-updated"], wire.Select(m => (string)m["method"]!));
        var result = response["result"]!;
        Assert.Equal("Sunny", (string?)result["assistantMessage"]!["content"]);
        Assert.Equal("end_turn", (string?)result["stopReason"]);
        var user = messages.AsArray().Single(m => (string?)m!["role"] == "user")!;
        Assert.Equal((string?)result["userMessageId"], (string?)user["id"]);
        Assert.Equal("What's weather in Paris, TX?", (string?)user["content"]);
        Assert.Equal("args-prompt", (string?)user["metadata"]!["slashCommand"]!["name"]);
        var sent = turn.Provider.LastChatRequest.Json!["messages"]!.AsArray().Last()!;
        Assert.Equal("What's weather in Paris, TX?", (string?)sent["content"]);
    }

    [Fact]
    public async Task ATemplateRunsWithItsVariables_AndBadCommandsStoreNothing()
    {
        await using var turn = await StartAsync();
        turn.Provider.Enqueue(FakeResponse.Text("Looked."));

        var unknown = await turn.Server.CallErrorAsync("run_slash_command", new { chatId = turn.ChatId, name = "nope" });
        var missing = await turn.Server.CallErrorAsync("run_slash_command", new { chatId = turn.ChatId, name = "args-prompt", arguments = new { state = "TX" } });
        var extra = await turn.Server.CallErrorAsync("run_slash_command", new { chatId = turn.ChatId, name = "review", arguments = new { focus = "naming", tone = "kind" } });
        var before = await turn.Server.CallAsync("get_messages", new { chatId = turn.ChatId });
        var ran = await turn.Server.CallAsync("run_slash_command", new { chatId = turn.ChatId, name = "/REVIEW", arguments = new { focus = "naming" } });
        var user = await turn.Server.CallAsync("get_messages", new { chatId = turn.ChatId });

        Assert.Equal("notFound", (string?)unknown["data"]!["kind"]);
        Assert.Equal(("validation", "arguments"), ((string?)missing["data"]!["kind"], (string?)missing["data"]!["details"]!["field"]));
        Assert.Contains("city", (string?)missing["message"], StringComparison.Ordinal);
        Assert.Equal("validation", (string?)extra["data"]!["kind"]);
        Assert.Empty(before.AsArray());
        Assert.Equal("Looked.", (string?)ran["assistantMessage"]!["content"]);
        Assert.Equal("Review this change for naming.", (string?)user[0]!["content"]);
        Assert.Single(turn.Provider.ChatRequests);
    }

    private static async Task<TurnFixture> StartAsync()
    {
        Assert.True(File.Exists(EverythingScript), $"Run 'npm ci' in {McpServersFolder} first.");
        var turn = await TurnFixture.StartAsync();
        var everything = await turn.Server.CallAsync("create_mcp_server_connection", new { name = "everything", type = "stdio", command = "node", args = new[] { EverythingScript, "stdio" } });
        await turn.Server.CallAsync("save_workspace_settings", new { workspaceId = turn.WorkspaceId, mcpToolIds = new Dictionary<string, string[]> { [(string)everything["id"]!] = [] } });
        await turn.Server.CallAsync("create_prompt", new { name = "review", content = "Review this change for {{focus}}." });
        return turn;
    }
}
