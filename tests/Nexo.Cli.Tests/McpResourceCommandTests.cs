using Nexo.Testing;

namespace Nexo.Cli.Tests;

/// <summary><c>nexo mcp resources</c> and <c>nexo chat --resource</c> against the C# test MCP server.</summary>
public sealed class McpResourceCommandTests : IDisposable
{
    private readonly NexoHome _home = new();

    public void Dispose() => _home.Dispose();

    [Fact]
    public async Task Resources_ListsResourcesAndTemplates_AsATableOrJson()
    {
        await _home.AddTestMcpServerAsync("notes");

        var table = await _home.RunAsync("mcp", "resources", "notes");
        var json = await _home.RunAsync("mcp", "resources", "notes", "--json");

        Assert.Equal(0, table.ExitCode);
        Assert.Contains(table.Lines, l => l.StartsWith("test://notes/readme", StringComparison.Ordinal) && l.Contains("text/markdown", StringComparison.Ordinal));
        Assert.Contains(table.Lines, l => l.StartsWith("test://greetings/{name}", StringComparison.Ordinal) && l.Contains("--arg name=…", StringComparison.Ordinal));
        Assert.Contains(json.Json.GetProperty("resources").EnumerateArray(), r => r.GetProperty("uri").GetString() == "test://images/pixel.png");
        var template = Assert.Single(json.Json.GetProperty("templates").EnumerateArray());
        Assert.Equal("name", Assert.Single(template.GetProperty("arguments").EnumerateArray()).GetString());
    }

    [Fact]
    public async Task Resources_ReadsTextRawToStdout_ThroughTemplatesToo_AndBinaryOnlyToAFile()
    {
        await _home.AddTestMcpServerAsync("notes");
        var file = Path.Combine(_home.Folder, "pixel.png");

        var text = await _home.RunAsync("mcp", "resources", "notes", "test://notes/readme");
        var greeting = await _home.RunAsync("mcp", "resources", "notes", "test://greetings/{name}", "--arg", "name=Ada");
        var binary = await _home.RunAsync("mcp", "resources", "notes", "test://images/pixel.png");
        var saved = await _home.RunAsync("mcp", "resources", "notes", "test://images/pixel.png", "--output", file);
        var missing = await _home.RunAsync("mcp", "resources", "notes", "test://nothing/here");

        Assert.Equal((0, "# Test notes\nThe secret word is aubergine."), (text.ExitCode, text.StdOut));
        Assert.Equal("Hello, Ada!", greeting.StdOut);
        Assert.Equal(2, binary.ExitCode);
        Assert.Contains("binary (image/png, 68 bytes): write it to a file with --output FILE", binary.StdErr, StringComparison.Ordinal);
        Assert.Empty(binary.StdOut);
        Assert.Equal(0, saved.ExitCode);
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], (await File.ReadAllBytesAsync(file))[..4]);
        Assert.Equal(1, missing.ExitCode);
        Assert.StartsWith("error[NotFound]: The MCP server 'notes' has no resource 'test://nothing/here'", missing.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Chat_WithResource_SendsItsTextToTheModel_AndABadOneStoresNothing()
    {
        await using var provider = await FakeProvider.StartAsync(_home);
        var id = await _home.AddTestMcpServerAsync("notes");
        await using (var nexo = await _home.OpenAsync())
        {
            var ws = await nexo.Workspaces.GetOrCreateDefaultAsync();
            await nexo.Workspaces.UpdateSettingsAsync(ws.Id, new WorkspaceSettingsPatch { McpToolIds = new Dictionary<string, IReadOnlyList<string>> { [id] = [] } });
        }

        var sent = await _home.RunAsync("chat", "What is the secret word?", "--resource", "notes:test://notes/readme", "--resource", $"{id}:test://greetings/Ada");
        var missing = await _home.RunAsync("chat", "--new", "And this?", "--resource", "notes:test://nothing/here");
        var malformed = await _home.RunAsync("chat", "x", "--resource", "test://notes/readme");

        Assert.Equal(0, sent.ExitCode);
        var body = Assert.Single(FakeProvider.Turns(provider)).Body;
        Assert.Contains("uri=\\\"test://notes/readme\\\"", body, StringComparison.Ordinal);
        Assert.Contains("The secret word is aubergine.", body, StringComparison.Ordinal);
        Assert.Contains("Hello, Ada!", body, StringComparison.Ordinal);
        Assert.Equal(1, missing.ExitCode);
        Assert.Contains("has no resource 'test://nothing/here'", missing.StdErr, StringComparison.Ordinal);
        Assert.Equal(2, malformed.ExitCode);
        Assert.Contains("--resource expects SERVER:URI", malformed.StdErr, StringComparison.Ordinal);
        await using var check = await _home.OpenAsync();
        var chats = await check.Chats.ListAsync((await check.Workspaces.GetOrCreateDefaultAsync()).Id, new ChatQuery());
        var chat = Assert.Single(chats.Items); // the failed --new chat was not kept
        Assert.Equal(2, (await check.Messages.GetActiveBranchAsync(chat.Id)).Count);
    }
}
