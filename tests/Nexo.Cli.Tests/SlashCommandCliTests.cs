using System.Reflection;
using Nexo.Testing;

namespace Nexo.Cli.Tests;

/// <summary>
/// Slash commands in the CLI: <c>nexo chat --template NAME --var k=v</c> in scripts, and <c>/name …</c> with Tab
/// completion in the interactive session under a real pseudo-terminal; the MCP prompts come from the real npm
/// <c>server-everything</c>, the answers from a fake provider.
/// </summary>
public sealed class SlashCommandCliTests : IAsyncLifetime
{
    private static readonly string EverythingScript = Path.Combine(
        typeof(SlashCommandCliTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "RepositoryRoot").Value!,
        "tests", "mcp-servers", "node_modules", "@modelcontextprotocol", "server-everything", "dist", "index.js");

    private readonly NexoHome _home = new();
    private FakeOpenAIServer _server = null!;

    public async Task InitializeAsync()
    {
        Assert.True(File.Exists(EverythingScript), $"Run 'npm ci' in tests/mcp-servers first ({EverythingScript}).");
        _server = await FakeProvider.StartAsync(_home);
        FakeProvider.Answer(_server, _ => FakeResponse.Text("answered"));
        await using var nexo = await _home.OpenAsync();
        var everything = await nexo.McpServers.CreateAsync(new NewMcpServer { Name = "everything", Transport = McpTransportKind.Stdio, Command = "node", Args = [EverythingScript, "stdio"] });
        var ws = await nexo.Workspaces.GetOrCreateDefaultAsync();
        await nexo.Workspaces.UpdateSettingsAsync(ws.Id, new WorkspaceSettingsPatch { McpToolIds = new Dictionary<string, IReadOnlyList<string>> { [everything.Id] = [] } });
        await nexo.Prompts.CreateAsync(new NewPrompt { Name = "Code review", Content = "Review {{file}} for {{focus}}." });
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _home.Dispose();
    }

    [Fact]
    public async Task ChatTemplate_SendsATemplateWithItsVars_AndAnMcpPromptByItsSlashName()
    {
        var template = await _home.RunAsync("chat", "--new", "--template", "Code review", "--var", "file=Parser.cs", "--var", "focus=naming");
        var mcp = await _home.RunWithInputAsync("Answer in French.", "chat", "--new", "--template", "args-prompt", "--var", "city=Paris");

        Assert.Equal(0, template.ExitCode);
        Assert.Equal("answered\n", template.StdOut);
        Assert.Equal(0, mcp.ExitCode);
        Assert.Equal(["Review Parser.cs for naming.", "What's weather in Paris?\n\nAnswer in French."], await UserMessagesAsync());
        var turns = FakeProvider.Turns(_server);
        Assert.Contains("Review Parser.cs for naming.", turns[0].Body, StringComparison.Ordinal);
        Assert.Contains("What's weather in Paris?\\n\\nAnswer in French.", turns[1].Body.Replace("\\u0027", "'", StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ChatTemplate_BadNamesAndVars_AreErrors_AndStoreNothing()
    {
        var unknown = await _home.RunAsync("chat", "--new", "--template", "nothing-like-it");
        var missing = await _home.RunAsync("chat", "--new", "--template", "args-prompt", "--var", "state=TX");
        var extra = await _home.RunAsync("chat", "--new", "--template", "Code-review", "--var", "file=a", "--var", "focus=b", "--var", "tone=c");
        var orphan = await _home.RunAsync("chat", "--new", "--var", "city=Paris", "hello");

        Assert.Equal((1, true), (unknown.ExitCode, unknown.StdErr.Contains("error[NotFound]", StringComparison.Ordinal)));
        Assert.Equal((1, true), (missing.ExitCode, missing.StdErr.Contains("city", StringComparison.Ordinal)));
        Assert.Equal((1, true), (extra.ExitCode, extra.StdErr.Contains("'tone'", StringComparison.Ordinal)));
        Assert.Equal(2, orphan.ExitCode);
        Assert.Empty((await _home.RunAsync("chats", "list", "--json")).Json.EnumerateArray());
        Assert.Empty(FakeProvider.Turns(_server));
    }

    [Fact]
    public async Task Session_RunsSlashCommands_CompletesTheirNamesOnTab_AndListsThemInHelp()
    {
        await using var terminal = PseudoTerminal.Start(_home, "chat", "--new");

        await terminal.WaitForAsync("/exit or Ctrl+D to leave");
        await terminal.TypeAsync("/args-prompt Paris state=TX\r");
        await terminal.WaitForAsync("answered");
        await terminal.TypeAsync("/args\t");
        await terminal.WaitForAsync("/args-prompt ", occurrence: 2);
        await terminal.TypeAsync("Lyon\r");
        await terminal.WaitForAsync("answered", occurrence: 2);
        await terminal.TypeAsync("/Code-review a.cs\r");
        await terminal.WaitForAsync("usage: /Code-review <file> <focus>");
        await terminal.TypeAsync("/help\r");
        await terminal.WaitForAsync("/args-prompt <city> [state]");
        await terminal.TypeAsync("/c\t\t");
        await terminal.WaitForAsync("/chat  /Code-review  /commands  /completable-prompt  /connection");
        await terminal.TypeAsync("\u0015/exit\r");

        Assert.Equal(0, await terminal.WaitForExitAsync());
        Assert.Equal(["What's weather in Paris, TX?", "What's weather in Lyon?"], await UserMessagesAsync());
        Assert.Equal(2, FakeProvider.Turns(_server).Count);
    }

    private async Task<List<string>> UserMessagesAsync()
    {
        var result = new List<string>();
        foreach (var chat in (await _home.RunAsync("chats", "list", "--json")).Json.EnumerateArray().Reverse())
        {
            var messages = (await _home.RunAsync("chats", "show", chat.GetProperty("id").GetString()!, "--json")).Json.GetProperty("messages").EnumerateArray();
            result.AddRange(messages.Where(m => m.GetProperty("role").GetString() == "user").Select(m => m.GetProperty("content").GetString()!));
        }

        return result;
    }
}
