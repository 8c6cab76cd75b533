using System.Text.Json.Nodes;

namespace Nexo.Cli.Tests;

/// <summary><c>nexo chats fork</c> and <c>nexo chats import</c> (with <c>export</c>), against a real home.</summary>
public sealed class ChatsTransferCommandTests : IDisposable
{
    private readonly NexoHome _home = new();

    public void Dispose() => _home.Dispose();

    /// <summary>A chat with a tool call, its result, and a second branch (another answer to the question).</summary>
    private async Task<(Chat Chat, Message[] Messages)> BranchedChatAsync()
    {
        await using var nexo = await _home.OpenAsync();
        var ws = await nexo.Workspaces.GetOrCreateDefaultAsync();
        var chat = await nexo.Chats.CreateAsync(new NewChat { WorkspaceId = ws.Id, Title = "Weather" });
        var q = await nexo.Messages.CreateAsync(new NewMessage { ChatId = chat.Id, Role = MessageRole.User, Content = "weather in Oslo?" });
        var call = await nexo.Messages.CreateAsync(new NewMessage
        {
            ChatId = chat.Id, Role = MessageRole.Assistant, Reasoning = "look it up",
            ToolCalls = [new ToolCall { Id = "call-1", Name = "weather", Arguments = System.Text.Json.JsonDocument.Parse("{\"city\":\"Oslo\"}").RootElement }],
        });
        var result = await nexo.Messages.CreateAsync(new NewMessage { ChatId = chat.Id, Role = MessageRole.Tool, Content = "{\"c\":3}", ToolCallId = "call-1" });
        var answer = await nexo.Messages.CreateAsync(new NewMessage { ChatId = chat.Id, Role = MessageRole.Assistant, Content = "3 degrees." });
        var other = await nexo.Messages.CreateAsync(new NewMessage { ChatId = chat.Id, Role = MessageRole.Assistant, Content = "I cannot tell.", ParentId = q.Id });
        await nexo.Chats.SwitchBranchAsync(chat.Id, answer.Id);
        return (chat, [q, call, result, answer, other]);
    }

    [Fact]
    public async Task Fork_PrintsTheNewChatsId_AndTheForkHoldsTheBranchUpToTheMessageWithItsToolResult()
    {
        var (chat, messages) = await BranchedChatAsync();

        var r = await _home.RunAsync("chats", "fork", chat.Id, messages[1].Id);
        var shown = await _home.RunAsync("chats", "show", r.StdOut.Trim(), "--json");
        var bad = await _home.RunAsync("chats", "fork", chat.Id, "no-such-message");

        Assert.Equal(0, r.ExitCode);
        Assert.Equal("Weather (fork)", shown.Json.GetProperty("chat").GetProperty("title").GetString());
        Assert.Equal(["user", "assistant", "tool"], shown.Json.GetProperty("messages").EnumerateArray().Select(m => m.GetProperty("role").GetString()));
        Assert.Equal(1, bad.ExitCode);
        Assert.StartsWith("error[Validation]:", bad.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExportImportExport_RoundTripsBranchesAndAToolCall_ApartFromIdsAndExportTime()
    {
        var (chat, _) = await BranchedChatAsync();
        var file = Path.Combine(_home.Folder, "chat.json");

        var export = await _home.RunAsync("chats", "export", chat.Id, "-f", "json", "-o", file);
        var import = await _home.RunAsync("chats", "import", file);
        var newId = import.StdOut.Trim();
        var again = await _home.RunAsync("chats", "export", newId, "-f", "json");

        Assert.Equal(0, export.ExitCode);
        Assert.Equal(0, import.ExitCode);
        Assert.Contains("Imported 1 chat into workspace 'default'.", import.StdErr, StringComparison.Ordinal);
        Assert.NotEqual(chat.Id, newId);
        var original = await File.ReadAllTextAsync(file);
        Assert.Equal(5, JsonNode.Parse(again.StdOut)!["messages"]!.AsArray().Count);
        Assert.Equal(Normalize(original), Normalize(again.StdOut, original));
    }

    [Fact]
    public async Task Import_OfChatGptsConversationsJson_IntoANamedWorkspace_MakesBranchedChats()
    {
        var sample = Path.Combine(AppContext.BaseDirectory, "data", "chatgpt-conversations.json");
        await _home.RunAsync("workspace", "create", "archive");

        var r = await _home.RunAsync("chats", "import", sample, "--workspace", "archive", "--format", "chatgpt", "--json");
        var list = await _home.RunAsync("chats", "list", "-w", "archive", "--json");
        var iceland = r.Json[0].GetProperty("id").GetString()!;
        var all = await _home.RunAsync("chats", "show", iceland, "--all-branches", "--json");
        var active = await _home.RunAsync("chats", "show", iceland, "--json");

        Assert.Equal(0, r.ExitCode);
        Assert.Equal(["Packing for Iceland", "Sourdough starter"], r.Json.EnumerateArray().Select(c => c.GetProperty("title").GetString()));
        Assert.Equal(2, list.Json.GetArrayLength());
        Assert.Equal(5, all.Json.GetProperty("messages").GetArrayLength());
        Assert.Equal(4, active.Json.GetProperty("messages").GetArrayLength());
    }

    [Fact]
    public async Task Import_OfABadFile_NamesTheFirstProblem_AndLeavesTheDatabaseUnchanged()
    {
        var (chat, _) = await BranchedChatAsync();
        var file = Path.Combine(_home.Folder, "bad.json");
        await File.WriteAllTextAsync(file, """
            [{"title": "ok", "mapping": {"a": {"id": "a", "message": {"author": {"role": "user"}, "content": {"content_type": "text", "parts": ["hi"]}}, "parent": null, "children": []}}, "current_node": "a"},
             {"title": "bad", "mapping": {"abc": {"id": "abc", "message": null, "parent": "x", "children": []}}, "current_node": "abc"}]
            """);

        var r = await _home.RunAsync("chats", "import", file, "--format", "chatgpt");
        var list = await _home.RunAsync("chats", "list", "--json");

        Assert.Equal(1, r.ExitCode);
        Assert.Equal("error[Validation]: $[1].mapping.abc.parent: unknown node 'x'\n", r.StdErr);
        Assert.Equal([chat.Id], list.Json.EnumerateArray().Select(c => c.GetProperty("id").GetString()));
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
