using System.Text.Json.Nodes;

namespace Nexo.JsonRpcServer.Tests;

/// <summary><c>fork_chat</c>, <c>export_chat</c> and <c>import_chats</c> against the real server process.</summary>
public sealed class TransferTests
{
    /// <summary>A chat with two branches (a regenerated answer) and a tool call with its result, stored through the contract.</summary>
    private static async Task<(string Workspace, string Chat, string[] Ids)> BranchedChatAsync(ServerProcess server)
    {
        var ws = (string)(await server.CallAsync("create_workspace", new { name = "w" }))["id"]!;
        var chat = (string)(await server.CallAsync("create_chat", new { workspaceId = ws, title = "Weather" }))["id"]!;
        var q = (string)(await server.CallAsync("create_message", new { chatId = chat, role = "user", content = "weather in Oslo?" }))["id"]!;
        var call = (string)(await server.CallAsync("create_message", new
        {
            chatId = chat, role = "assistant", content = string.Empty, reasoning = "look it up",
            toolCalls = new[] { new { id = "call-1", name = "weather", arguments = new { city = "Oslo" }, serverName = "forecasts" } },
        }))["id"]!;
        var result = (string)(await server.CallAsync("create_message", new { chatId = chat, role = "tool", content = "{\"c\":3}", toolCallId = "call-1" }))["id"]!;
        var answer = (string)(await server.CallAsync("create_message", new { chatId = chat, role = "assistant", content = "3 degrees." }))["id"]!;
        var other = (string)(await server.CallAsync("create_message", new { chatId = chat, role = "assistant", content = "I cannot tell.", parentId = q }))["id"]!;
        await server.CallAsync("switch_branch", new { chatId = chat, messageId = answer });
        return (ws, chat, [q, call, result, answer, other]);
    }

    [Fact]
    public async Task ForkChat_CopiesTheActiveBranchUpToTheMessage_WithItsToolResult()
    {
        await using var server = await ServerProcess.StartInitializedAsync();
        var (ws, chat, ids) = await BranchedChatAsync(server);

        var fork = await server.CallAsync("fork_chat", new { chatId = chat, messageId = ids[1] });
        var messages = await server.CallAsync("get_messages", new { chatId = (string)fork["id"]! });
        var bad = await server.CallErrorAsync("fork_chat", new { chatId = chat, messageId = "nope" });

        Assert.Equal("Weather (fork)", (string?)fork["title"]);
        Assert.Equal(ws, (string?)fork["workspaceId"]);
        Assert.Equal(["user", "assistant", "tool"], messages.AsArray().Select(m => (string)m!["role"]!));
        Assert.Equal("call-1", (string?)messages[1]!["toolCalls"]![0]!["id"]);
        Assert.Equal("call-1", (string?)messages[2]!["toolCallId"]);
        Assert.Equal((string?)messages[2]!["id"], (string?)fork["activeMessageId"]);
        Assert.Equal(-32602, (int)bad["code"]!);
    }

    [Fact]
    public async Task ExportImportExport_RoundTripsBranchesAndAToolCall_ApartFromIdsAndExportTime()
    {
        await using var server = await ServerProcess.StartInitializedAsync();
        var (ws, chat, _) = await BranchedChatAsync(server);

        var exported = (string)(await server.CallAsync("export_chat", new { chatId = chat, format = "json" }))["content"]!;
        var imported = await server.CallAsync("import_chats", new { workspaceId = ws, content = exported });
        var newId = (string)imported[0]!["id"]!;
        var again = (string)(await server.CallAsync("export_chat", new { chatId = newId, format = "json" }))["content"]!;
        var markdown = (string)(await server.CallAsync("export_chat", new { chatId = newId, format = "markdown" }))["content"]!;

        Assert.Single(imported.AsArray());
        Assert.NotEqual(chat, newId);
        Assert.Equal(5, JsonNode.Parse(again)!["messages"]!.AsArray().Count);
        Assert.Equal(Normalize(exported), Normalize(again, exported));
        Assert.StartsWith("# Weather\n", markdown, StringComparison.Ordinal);
        Assert.Contains("3 degrees.", markdown, StringComparison.Ordinal);
        Assert.DoesNotContain("I cannot tell.", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ImportChats_OfChatGptsConversationsJson_TurnsItsTreeIntoBranches()
    {
        await using var server = await ServerProcess.StartInitializedAsync();
        var ws = (string)(await server.CallAsync("create_workspace", new { name = "w" }))["id"]!;
        var content = await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "data", "chatgpt-conversations.json"));

        var chats = await server.CallAsync("import_chats", new { workspaceId = ws, content, format = "chatgpt" });
        var iceland = (string)chats[0]!["id"]!;
        var all = await server.CallAsync("get_messages", new { chatId = iceland });

        Assert.Equal(["Packing for Iceland", "Sourdough starter"], chats.AsArray().Select(c => (string)c!["title"]!));
        Assert.Equal(5, all.AsArray().Count);
        var active = (string)chats[0]!["activeMessageId"]!;
        Assert.Equal("Quite possibly: October nights are dark enough. Clear skies are the hard part, so check the aurora forecast.", (string?)all.AsArray().Single(m => (string)m!["id"]! == active)!["content"]);
    }

    [Fact]
    public async Task ImportChats_OfABadFile_NamesTheFirstProblem_AndLeavesTheDatabaseUnchanged()
    {
        await using var server = await ServerProcess.StartInitializedAsync();
        var ws = (string)(await server.CallAsync("create_workspace", new { name = "w" }))["id"]!;
        var content = """
            [{"title": "ok", "mapping": {"a": {"id": "a", "message": {"author": {"role": "user"}, "content": {"content_type": "text", "parts": ["hi"]}}, "parent": null, "children": []}}, "current_node": "a"},
             {"title": "bad", "mapping": {"abc": {"id": "abc", "message": null, "parent": "x", "children": []}}, "current_node": "abc"}]
            """;

        var error = await server.CallErrorAsync("import_chats", new { workspaceId = ws, content, format = "chatgpt" });
        var badFormat = await server.CallErrorAsync("import_chats", new { workspaceId = ws, content, format = "zip" });
        var chats = await server.CallAsync("get_chats", new { workspaceId = ws });

        Assert.Equal(-32602, (int)error["code"]!);
        Assert.Equal("$[1].mapping.abc.parent: unknown node 'x'", (string?)error["message"]);
        Assert.Equal("content", (string?)error["data"]!["details"]!["field"]);
        Assert.Equal("format", (string?)badFormat["data"]!["details"]!["field"]);
        Assert.Empty(chats.AsArray());
    }

    private static string Normalize(string export, string? original = null)
    {
        var text = export;
        if (original is not null)
        {
            var a = JsonNode.Parse(original)!;
            var b = JsonNode.Parse(export)!;
            text = text.Replace((string)b["chat"]!["id"]!, (string)a["chat"]!["id"]!, StringComparison.Ordinal);
            var oldIds = a["messages"]!.AsArray().Select(m => (string)m!["id"]!).ToList();
            var newIds = b["messages"]!.AsArray().Select(m => (string)m!["id"]!).ToList();
            for (var i = 0; i < newIds.Count; i++)
            {
                text = text.Replace(newIds[i], oldIds[i], StringComparison.Ordinal);
            }
        }

        var at = JsonNode.Parse(text)!["exportedAt"]!.GetValue<string>();
        return text.Replace(at, "<exportedAt>", StringComparison.Ordinal);
    }
}
