namespace Nexo.Cli.Tests;

public sealed class ChatsCommandTests : IDisposable
{
    private readonly NexoHome _home = new();

    public void Dispose() => _home.Dispose();

    [Fact]
    public async Task List_ShowsTheWorkspacesChats_AsTableAndJson()
    {
        var (_, first, _) = await Seed.ChatAsync(_home, "default", "Rust lifetimes", (MessageRole.User, "explain lifetimes"));
        var (_, other, _) = await Seed.ChatAsync(_home, "elsewhere", "Not here", (MessageRole.User, "x"));

        var table = await _home.RunAsync("chats", "list");
        var json = await _home.RunAsync("chats", "list", "--json");
        var elsewhere = await _home.RunAsync("chats", "list", "-w", "elsewhere", "--json");

        Assert.Equal(0, table.ExitCode);
        Assert.Contains(first.Id, table.StdOut, StringComparison.Ordinal);
        Assert.Contains("Rust lifetimes", table.StdOut, StringComparison.Ordinal);
        Assert.DoesNotContain(other.Id, table.StdOut, StringComparison.Ordinal);
        Assert.Equal(first.Id, Assert.Single(json.Json.EnumerateArray()).GetProperty("id").GetString());
        Assert.Equal(other.Id, Assert.Single(elsewhere.Json.EnumerateArray()).GetProperty("id").GetString());
    }

    [Fact]
    public async Task List_InAnUnknownWorkspace_IsNotFound()
    {
        var r = await _home.RunAsync("chats", "list", "--workspace", "ghost");

        Assert.Equal(1, r.ExitCode);
        Assert.Equal("error[NotFound]: The workspace 'ghost' does not exist.\n", r.StdErr);
    }

    [Fact]
    public async Task Show_PrintsTheConversation()
    {
        var (_, chat, _) = await Seed.ChatAsync(_home, "default", "Greeting", (MessageRole.User, "hello there"), (MessageRole.Assistant, "general kenobi"));

        var text = await _home.RunAsync("chats", "show", chat.Id);
        var json = await _home.RunAsync("chats", "show", chat.Id, "--json");

        Assert.Equal(0, text.ExitCode);
        Assert.Contains("you", text.StdOut, StringComparison.Ordinal);
        Assert.Contains("hello there", text.StdOut, StringComparison.Ordinal);
        Assert.Contains("general kenobi", text.StdOut, StringComparison.Ordinal);
        Assert.Contains("Greeting", text.StdErr, StringComparison.Ordinal);
        var messages = json.Json.GetProperty("messages").EnumerateArray().ToList();
        Assert.Equal(["user", "assistant"], messages.Select(m => m.GetProperty("role").GetString()));
    }

    [Fact]
    public async Task Rename_And_Delete_ChangeTheChat_AndUnknownIdsAreNotFound()
    {
        var (_, chat, _) = await Seed.ChatAsync(_home, "default", "Old title");

        var rename = await _home.RunAsync("chats", "rename", chat.Id, "New title");
        var list = await _home.RunAsync("chats", "list", "--json");
        var delete = await _home.RunAsync("chats", "delete", chat.Id);
        var after = await _home.RunAsync("chats", "list", "--json");
        var again = await _home.RunAsync("chats", "delete", chat.Id);
        var renameMissing = await _home.RunAsync("chats", "rename", "nope", "x");

        Assert.Equal(0, rename.ExitCode);
        Assert.Equal(chat.Id, rename.StdOut.Trim());
        Assert.Equal("New title", Assert.Single(list.Json.EnumerateArray()).GetProperty("title").GetString());
        Assert.Equal(0, delete.ExitCode);
        Assert.Empty(after.Json.EnumerateArray());
        Assert.Equal(1, again.ExitCode);
        Assert.StartsWith("error[NotFound]: The chat", again.StdErr, StringComparison.Ordinal);
        Assert.Equal(1, renameMissing.ExitCode);
    }

    [Fact]
    public async Task Export_Markdown_HasTheTitleAndEachMessage()
    {
        var (_, chat, _) = await Seed.ChatAsync(_home, "default", "Export me", (MessageRole.User, "What is 2+2?"), (MessageRole.Assistant, "It is **4**."));

        var r = await _home.RunAsync("chats", "export", chat.Id);

        Assert.Equal(0, r.ExitCode);
        Assert.StartsWith("# Export me\n", r.StdOut, StringComparison.Ordinal);
        Assert.Contains($"- Chat: `{chat.Id}`", r.StdOut, StringComparison.Ordinal);
        Assert.Contains("## User\n\nWhat is 2+2?\n", r.StdOut, StringComparison.Ordinal);
        Assert.Contains("## Assistant\n\nIt is **4**.\n", r.StdOut, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Export_Json_IsLossless_AndCanGoToAFile()
    {
        var (ws, chat, messages) = await Seed.ChatAsync(_home, "default", "As JSON", (MessageRole.User, "one"), (MessageRole.Assistant, "two"));
        var file = Path.Combine(_home.Folder, "out", "chat.json");
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);

        var stdout = await _home.RunAsync("chats", "export", chat.Id, "--format", "json");
        var toFile = await _home.RunAsync("chats", "export", chat.Id, "-f", "json", "-o", file);

        Assert.Equal(0, stdout.ExitCode);
        var doc = stdout.Json;
        Assert.Equal("nexo-chat-export", doc.GetProperty("format").GetString());
        Assert.Equal(chat.Id, doc.GetProperty("chat").GetProperty("id").GetString());
        Assert.Equal(ws.Name, doc.GetProperty("workspace").GetProperty("name").GetString());
        Assert.Equal(messages.Select(m => m.Id), doc.GetProperty("messages").EnumerateArray().Select(m => m.GetProperty("id").GetString()));
        Assert.Equal(messages.Select(m => m.Id), doc.GetProperty("activeBranch").EnumerateArray().Select(m => m.GetString()));
        Assert.Equal(0, toFile.ExitCode);
        Assert.Equal(string.Empty, toFile.StdOut);
        Assert.Contains(file, toFile.StdErr, StringComparison.Ordinal);
        Assert.Contains("\"format\": \"nexo-chat-export\"", await File.ReadAllTextAsync(file), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Export_UnknownChat_IsNotFound()
    {
        var r = await _home.RunAsync("chats", "export", "missing-chat");

        Assert.Equal(1, r.ExitCode);
        Assert.StartsWith("error[NotFound]:", r.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Search_FindsMessagesAcrossWorkspaces_AndFilters()
    {
        var (_, a, _) = await Seed.ChatAsync(_home, "default", "Cooking", (MessageRole.User, "how long to boil an egg"), (MessageRole.Assistant, "Boil the egg for nine minutes."));
        var (_, b, _) = await Seed.ChatAsync(_home, "work", "Eggplant", (MessageRole.User, "eggplant recipes please"));

        var all = await _home.RunAsync("chats", "search", "egg", "--json");
        var onlyWork = await _home.RunAsync("chats", "search", "egg", "-w", "work", "--json");
        var table = await _home.RunAsync("chats", "search", "nine minutes");
        var none = await _home.RunAsync("chats", "search", "zebra");
        var empty = await _home.RunAsync("chats", "search", " ");

        Assert.Equal(0, all.ExitCode);
        var chats = all.Json.EnumerateArray().Select(h => h.GetProperty("chatId").GetString()).ToHashSet();
        Assert.Equal([a.Id, b.Id], chats.Order().ToArray(), StringComparer.Ordinal);
        Assert.All(onlyWork.Json.EnumerateArray(), h => Assert.Equal(b.Id, h.GetProperty("chatId").GetString()));
        Assert.Contains("[nine]", table.StdOut, StringComparison.Ordinal);
        Assert.Contains("Cooking", table.StdOut, StringComparison.Ordinal);
        Assert.Equal(0, none.ExitCode);
        Assert.Equal(string.Empty, none.StdOut);
        Assert.Contains("No messages match 'zebra'.", none.StdErr, StringComparison.Ordinal);
        Assert.Equal(1, empty.ExitCode);
        Assert.StartsWith("error[Validation]:", empty.StdErr, StringComparison.Ordinal);
    }
}
