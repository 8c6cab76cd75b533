using System.Reflection;

namespace Nexo.Cli.Tests;

/// <summary>
/// An MCP server's questions (elicitation) at the terminal, with the real npm <c>server-everything</c> and <c>nexo mcp call</c>
/// under a real pseudo-terminal; and no questions at all without a terminal.
/// </summary>
public sealed class McpElicitationCliTests : IDisposable
{
    private static readonly string McpServersFolder = typeof(McpElicitationCliTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "McpServersFolder").Value!;

    private static string EverythingScript => Path.Combine(McpServersFolder, "node_modules", "@modelcontextprotocol", "server-everything", "dist", "index.js");

    private readonly NexoHome _home = new();

    public McpElicitationCliTests() => _home.Environment["NO_COLOR"] = "1";

    public void Dispose() => _home.Dispose();

    [Fact]
    public async Task McpCall_AtATerminal_AsksEachFieldTyped_AsksAgainWhenAnAnswerDoesNotFit_AndTheServerGetsTheAnswers()
    {
        await AddEverythingAsync();
        await using var terminal = PseudoTerminal.Start(_home, "mcp", "call", "everything", "trigger-elicitation-request");

        await terminal.WaitForAsync("The MCP server 'everything' asks: Please provide inputs for the following fields:");
        await Answer(terminal, "Answer? [Y]es", "\r");
        await Answer(terminal, "  name (required, text): ", "\r");
        await terminal.WaitForAsync("this field is required");
        await Answer(terminal, "  name (required, text): ", "Ada Lovelace\r", occurrence: 2);
        await Answer(terminal, "  check (y/n): ", "maybe\r");
        await terminal.WaitForAsync("answer y or n");
        await Answer(terminal, "  check (y/n): ", "y\r", occurrence: 2);
        await Answer(terminal, "default: It was a dark and stormy night.): ", "\r");
        await Answer(terminal, "  email (email): ", "not-an-email\r");
        await Answer(terminal, "  homepage (uri): ", "\r");
        await Answer(terminal, "  birthdate (date): ", "\r");
        await Answer(terminal, "  integer (whole number 1 to 100, default: 42): ", "seven\r");
        await terminal.WaitForAsync("enter a whole number");
        await Answer(terminal, "  integer (whole number 1 to 100, default: 42): ", "7\r", occurrence: 2);
        await Answer(terminal, "  number (number 0 to 1000, default: 3.14): ", "\r");
        await Answer(terminal, "  untitledSingleSelectEnum (number or value, default: Monica): ", "3\r");
        await Answer(terminal, "  untitledMultipleSelectEnum (numbers or values, separated by commas, default: Guitar): ", "Piano, 4\r");
        await Answer(terminal, "  titledSingleSelectEnum (number or value, default: Superman): ", "wonder woman\r");
        await Answer(terminal, "  titledMultipleSelectEnum (numbers or values, separated by commas, default: Tuna): ", "\r");
        await Answer(terminal, "  legacyTitledEnum (number or value, default: Cats): ", "2\r");
        await terminal.WaitForAsync("must be an email address (like name@example.com), not 'not-an-email'");
        await Answer(terminal, "  email (email): ", "ada@example.com\r", occurrence: 2);
        var exitCode = await terminal.WaitForExitAsync();

        Assert.Equal(0, exitCode);
        var output = terminal.Output;
        Assert.Contains("3) Joey", output, StringComparison.Ordinal);
        Assert.Contains("sent to the server", output, StringComparison.Ordinal);
        Assert.Contains("- Name: Ada Lovelace", output, StringComparison.Ordinal);
        Assert.Contains("- Agreed to terms: true", output, StringComparison.Ordinal);
        Assert.Contains("- Email: ada@example.com", output, StringComparison.Ordinal);
        Assert.Contains("- Favorite Integer: 7", output, StringComparison.Ordinal);
        Assert.Contains("\"untitledSingleSelectEnum\": \"Joey\"", output, StringComparison.Ordinal);
        Assert.Contains("\"titledSingleSelectEnum\": \"hero-3\"", output, StringComparison.Ordinal);
        Assert.Contains("\"legacyTitledEnum\": \"pet-2\"", output, StringComparison.Ordinal);
        Assert.Contains("\"Piano\",", output, StringComparison.Ordinal);
        Assert.Contains("\"Drums\"", output, StringComparison.Ordinal);
        Assert.Contains("\"firstLine\": \"It was a dark and stormy night.\"", output, StringComparison.Ordinal); // the default, filled in
    }

    [Fact]
    public async Task McpCall_AtATerminal_DeclinesCancelsWithCtrlD_AndAnswersAUrlRequest()
    {
        await AddEverythingAsync();

        await using (var declining = PseudoTerminal.Start(_home, "mcp", "call", "everything", "trigger-elicitation-request"))
        {
            await Answer(declining, "Answer? [Y]es", "n\r");
            Assert.Equal(0, await declining.WaitForExitAsync());
            Assert.Contains("User declined to provide the requested information.", declining.Output, StringComparison.Ordinal);
        }

        await using (var cancelling = PseudoTerminal.Start(_home, "mcp", "call", "everything", "trigger-elicitation-request"))
        {
            await Answer(cancelling, "Answer? [Y]es", "\r");
            await Answer(cancelling, "  name (required, text): ", "Ada\r");
            await Answer(cancelling, "  check (y/n): ", "\u0004");
            Assert.Equal(0, await cancelling.WaitForExitAsync());
            Assert.Contains("User cancelled the elicitation dialog.", cancelling.Output, StringComparison.Ordinal);
        }

        await using var url = PseudoTerminal.Start(_home, "mcp", "call", "everything", "trigger-url-elicitation", "--arg", "url=https://example.com/sign-in");
        await url.WaitForAsync("https://example.com/sign-in");
        await Answer(url, "Open this URL?", "y\r");
        Assert.Equal(0, await url.WaitForExitAsync());
        Assert.Contains("User completed the URL elicitation flow.", url.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WithoutATerminal_ServersSeeNobodyCanAnswer_AtATerminalThey_Do()
    {
        await AddEverythingAsync();

        var piped = await _home.RunAsync("mcp", "tools", "everything", "--json");
        await using var terminal = PseudoTerminal.Start(_home, "mcp", "tools", "everything");
        Assert.Equal(0, await terminal.WaitForExitAsync());

        Assert.Equal(0, piped.ExitCode);
        var names = piped.Json.EnumerateArray().Select(t => t.GetProperty("name").GetString()).ToList();
        Assert.Contains("echo", names);
        Assert.DoesNotContain("trigger-elicitation-request", names);
        Assert.Contains("trigger-elicitation-request", terminal.Output, StringComparison.Ordinal);
        Assert.Contains("trigger-url-elicitation", terminal.Output, StringComparison.Ordinal);
    }

    private static async Task Answer(PseudoTerminal terminal, string prompt, string typed, int occurrence = 1)
    {
        await terminal.WaitForAsync(prompt, occurrence);
        await terminal.TypeAsync(typed);
    }

    private async Task AddEverythingAsync()
    {
        Assert.True(File.Exists(EverythingScript), $"Run 'npm ci' in {McpServersFolder} first.");
        await using var nexo = await _home.OpenAsync();
        await nexo.McpServers.CreateAsync(new NewMcpServer { Name = "everything", Transport = McpTransportKind.Stdio, Command = "node", Args = [EverythingScript, "stdio"] });
    }
}
