using System.Text.Json.Nodes;
using Nexo.Testing;

namespace Nexo.Cli.Tests;

/// <summary>
/// Issue 16 in <c>nexo chat</c>: a folder-backed workspace with the built-in tools, a fake model that reads, edits, runs
/// a command and keeps a plan; the prompt shows the edit's diff before it is applied; <c>--yes</c> covers reads only.
/// </summary>
public sealed class BuiltinToolsCommandTests : IAsyncLifetime
{
    private const string Before = "def add(a, b):\n    return a - b\n";
    private const string After = "def add(a, b):\n    return a + b\n";
    private static readonly string TestCommand = OperatingSystem.IsWindows() ? "findstr /c:\"a + b\" calc.py && echo tests passed" : "grep -q 'a + b' calc.py && echo tests passed";
    private readonly NexoHome _home = new();
    private FakeOpenAIServer _server = null!;
    private string _root = null!;

    private string Calc => Path.Combine(_root, "calc.py");

    public async Task InitializeAsync()
    {
        _root = Directory.CreateTempSubdirectory("nexo-cli-builtin-").FullName;
        File.WriteAllText(Calc, Before);
        _server = await FakeProvider.StartAsync(_home);
        Assert.Equal(0, (await _home.RunAsync("workspace", "create", "proj", "--root", _root, "--use")).ExitCode);
        Assert.Equal(0, (await _home.RunAsync("workspace", "update", "--builtin-tools", "all")).ExitCode);

        // One call per model request, chosen by how many tool results the conversation has: read, edit, run, plan, answer.
        FakeProvider.Answer(_server, r => ToolResults(r).Count switch
        {
            0 => FakeResponse.ToolCall("read_file", """{"path":"calc.py"}""", "call_read"),
            1 => FakeResponse.ToolCall("edit_file", """{"path":"calc.py","oldText":"return a - b","newText":"return a + b"}""", "call_edit"),
            2 => FakeResponse.ToolCall("run_command", new JsonObject { ["command"] = TestCommand }.ToJsonString(), "call_run"),
            3 => FakeResponse.ToolCall("update_plan", """{"entries":[{"content":"Read calc.py","status":"completed"},{"content":"Fix add","status":"completed"},{"content":"Run the tests","status":"in_progress"}]}""", "call_plan"),
            _ => FakeResponse.Text("results: " + string.Join(" | ", ToolResults(r))),
        });
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _home.Dispose();
        Directory.Delete(_root, recursive: true);
    }

    [Fact]
    public async Task AtATerminal_WithYes_TheReadRuns_ThePromptShowsTheEditsColouredDiffBeforeItIsApplied_AndTheCommandLine_AndThePlan()
    {
        _home.Environment["TERM"] = "xterm-256color";
        await using var terminal = PseudoTerminal.Start(_home, "chat", "--yes", "the add test fails; fix it");

        await terminal.WaitForAsync("Allow?");
        var atTheEditPrompt = terminal.Output;
        var textWhileAsked = File.ReadAllText(Calc);
        await terminal.TypeAsync("y\r");
        await terminal.WaitForAsync("Allow?", occurrence: 2);
        var atTheRunPrompt = terminal.Output[atTheEditPrompt.Length..];
        await terminal.TypeAsync("y\r");

        Assert.Equal(0, await terminal.WaitForExitAsync());
        Assert.Equal(Before, textWhileAsked); // the diff is shown before the edit is applied
        Assert.Contains("edit_file", atTheEditPrompt, StringComparison.Ordinal);
        Assert.Contains(Calc, atTheEditPrompt, StringComparison.Ordinal);
        Assert.Contains("\u001b[31m    -    return a - b\u001b[0m", atTheEditPrompt, StringComparison.Ordinal);
        Assert.Contains("\u001b[32m    +    return a + b\u001b[0m", atTheEditPrompt, StringComparison.Ordinal);
        Assert.DoesNotContain("read_file", atTheEditPrompt.Split("The model wants")[^1], StringComparison.Ordinal); // --yes ran the read without asking
        Assert.Equal(1, Count(atTheEditPrompt, "The model wants"));
        Assert.Contains("run_command", atTheRunPrompt, StringComparison.Ordinal);
        Assert.Contains("$ " + TestCommand, atTheRunPrompt, StringComparison.Ordinal);
        var shown = terminal.Output;
        Assert.Contains("plan:", shown, StringComparison.Ordinal);
        Assert.Contains("Read calc.py", shown, StringComparison.Ordinal);
        Assert.Contains("Run the tests", shown, StringComparison.Ordinal);
        Assert.Contains("tests passed", shown, StringComparison.Ordinal);
        Assert.Equal(After, File.ReadAllText(Calc));
    }

    [Fact]
    public async Task AtATerminal_DenyingTheEdit_LeavesTheFileAsItWas()
    {
        Assert.Equal(0, (await _home.RunAsync("workspace", "update", "--tool-permission", "allow_reads")).ExitCode);
        await using var terminal = PseudoTerminal.Start(_home, "chat", "fix it");

        await terminal.WaitForAsync("Allow?");
        await terminal.TypeAsync("n\r");
        await terminal.WaitForAsync("Allow?", occurrence: 2);
        await terminal.TypeAsync("n\r");

        Assert.Equal(0, await terminal.WaitForExitAsync());
        Assert.Equal(2, Count(terminal.Output, "The model wants")); // under allow_reads only the edit and the command ask
        Assert.Contains("-    return a - b", terminal.Output, StringComparison.Ordinal);
        Assert.Equal(Before, File.ReadAllText(Calc));
    }

    [Fact]
    public async Task Yes_AllowsTheReadOnly_TheEditAndTheCommandAreDeniedWithoutATerminal_NamingYesAll()
    {
        var r = await _home.RunAsync("chat", "--yes", "fix it");

        Assert.Equal(0, r.ExitCode);
        Assert.Contains("✓ read_file", r.StdErr, StringComparison.Ordinal);
        Assert.Contains("warning: denied the tool call 'edit_file': there is no terminal to ask for permission. --yes allows only tools that read; pass --yes-all, or --allow-tool edit_file, to allow it.", r.StdErr, StringComparison.Ordinal);
        Assert.Contains("warning: denied the tool call 'run_command': there is no terminal to ask for permission. --yes allows only tools that read; pass --yes-all, or --allow-tool run_command, to allow it.", r.StdErr, StringComparison.Ordinal);
        Assert.DoesNotContain("denied the tool call 'read_file'", r.StdErr, StringComparison.Ordinal);
        Assert.DoesNotContain("denied the tool call 'update_plan'", r.StdErr, StringComparison.Ordinal);
        Assert.Contains("Error: The user denied this tool call.", r.StdOut, StringComparison.Ordinal);
        Assert.Equal(Before, File.ReadAllText(Calc));
    }

    [Fact]
    public async Task WithoutYes_EvenTheReadIsDenied_AndTheMessageNamesYes()
    {
        var r = await _home.RunAsync("chat", "fix it");

        Assert.Equal(0, r.ExitCode);
        Assert.Contains("warning: denied the tool call 'read_file': there is no terminal to ask for permission. Pass --yes (it only reads), --yes-all, or --allow-tool read_file, to allow it.", r.StdErr, StringComparison.Ordinal);
        Assert.Equal(Before, File.ReadAllText(Calc));
    }

    [Fact]
    public async Task YesAll_AllowsTheEditAndTheCommand_AndThePlanIsStoredWithTheChat()
    {
        var r = await _home.RunAsync("chat", "--yes-all", "fix it");

        Assert.Equal(0, r.ExitCode);
        Assert.DoesNotContain("denied", r.StdErr, StringComparison.Ordinal);
        Assert.Contains("✓ edit_file", r.StdErr, StringComparison.Ordinal);
        Assert.Contains("tests passed", r.StdOut, StringComparison.Ordinal);
        Assert.Contains("plan:", r.StdErr, StringComparison.Ordinal);
        Assert.Equal(After, File.ReadAllText(Calc));
        await using var nexo = await _home.OpenAsync();
        var workspace = await nexo.Workspaces.FindAsync("proj");
        var chat = Assert.Single((await nexo.Chats.ListAsync(workspace.Id)).Items);
        Assert.Equal(["Read calc.py", "Fix add", "Run the tests"], chat.Plan!.Select(e => e.Content));
    }

    [Fact]
    public async Task ToolPermissionAllowReads_RunsTheReadWithoutAnyOption()
    {
        Assert.Equal(0, (await _home.RunAsync("workspace", "update", "--tool-permission", "allow_reads")).ExitCode);

        var r = await _home.RunAsync("chat", "fix it");

        Assert.Contains("✓ read_file", r.StdErr, StringComparison.Ordinal);
        Assert.Contains("denied the tool call 'edit_file'", r.StdErr, StringComparison.Ordinal);
        Assert.Equal(Before, File.ReadAllText(Calc));
    }

    private static int Count(string text, string part) => text.Split(part).Length - 1;

    private static List<string> ToolResults(RecordedRequest request) =>
        request.Json!["messages"]!.AsArray().Where(m => (string?)m!["role"] == "tool").Select(m => (string?)m!["content"] ?? string.Empty).ToList();
}
