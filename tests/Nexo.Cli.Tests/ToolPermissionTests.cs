using System.Text.Json;
using Nexo.Testing;

namespace Nexo.Cli.Tests;

/// <summary>Tool calls in <c>nexo chat</c>: a fake provider asks for tools of the real (C#, stdio) test MCP server.</summary>
public sealed class ToolPermissionTests : IAsyncLifetime
{
    private readonly NexoHome _home = new();
    private FakeOpenAIServer _server = null!;

    public async Task InitializeAsync()
    {
        _server = await FakeProvider.StartAsync(_home);
        await _home.AddTestMcpServerAsync("calc", "add", "echo");

        // First the model asks for the tools; once their results are in the conversation, it answers with them.
        FakeProvider.Answer(_server, r => EndsWithToolResults(r)
            ? FakeResponse.Text("tool said: " + ToolResults(r))
            : r.Body.Contains("both tools", StringComparison.Ordinal)
                ? FakeResponse.Empty.WithToolCall("add", """{"a":2,"b":3}""", "call_add").WithToolCall("echo", """{"text":"hi"}""", "call_echo")
                : r.Body.Contains("echo it", StringComparison.Ordinal)
                    ? FakeResponse.ToolCall("echo", """{"text":"hi"}""", "call_echo")
                    : FakeResponse.ToolCall("add", """{"a":20,"b":22}""", "call_add"));
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _home.Dispose();
    }

    [Fact]
    public async Task WithoutATerminal_AToolCallIsDenied_WithAClearMessage()
    {
        var r = await _home.RunAsync("chat", "echo it");

        Assert.Equal(0, r.ExitCode);
        Assert.Contains("warning: denied the tool call 'echo' (server: calc): there is no terminal to ask for permission. Pass --yes-all, or --allow-tool echo, to allow it.", r.StdErr, StringComparison.Ordinal);
        Assert.Equal("tool said: Error: The user denied this tool call.\n", r.StdOut);
    }

    [Fact]
    public async Task WithoutATerminal_AReadOnlyMcpToolIsDenied_WithAMessageNamingYes()
    {
        var r = await _home.RunAsync("chat", "add numbers");

        Assert.Equal(0, r.ExitCode);
        Assert.Contains("warning: denied the tool call 'add' (server: calc): there is no terminal to ask for permission. Pass --yes (it only reads), --yes-all, or --allow-tool add, to allow it.", r.StdErr, StringComparison.Ordinal);
        Assert.Equal("tool said: Error: The user denied this tool call.\n", r.StdOut);
    }

    [Fact]
    public async Task Yes_AllowsAnMcpToolTheServerMarksReadOnly()
    {
        var r = await _home.RunAsync("chat", "add numbers", "--yes");

        Assert.Equal(0, r.ExitCode);
        Assert.Equal("tool said: 42\n", r.StdOut);
        Assert.Contains("✓ add 42", r.StdErr, StringComparison.Ordinal);
        Assert.DoesNotContain("denied", r.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Yes_DoesNotAllowAnMcpToolThatIsNotMarkedReadOnly_AndNamesYesAll()
    {
        var r = await _home.RunAsync("chat", "echo it", "--yes");

        Assert.Equal(0, r.ExitCode);
        Assert.Contains("warning: denied the tool call 'echo' (server: calc): there is no terminal to ask for permission. --yes allows only tools that read; pass --yes-all, or --allow-tool echo, to allow it.", r.StdErr, StringComparison.Ordinal);
        Assert.Equal("tool said: Error: The user denied this tool call.\n", r.StdOut);
    }

    [Fact]
    public async Task YesAll_RunsTheToolOnTheMcpServer()
    {
        var r = await _home.RunAsync("chat", "add numbers", "--yes-all");

        Assert.Equal(0, r.ExitCode);
        Assert.Equal("tool said: 42\n", r.StdOut);
        Assert.Contains("→ add (server: calc) {\"a\":20,\"b\":22}", r.StdErr, StringComparison.Ordinal);
        Assert.Contains("✓ add 42", r.StdErr, StringComparison.Ordinal);
        Assert.DoesNotContain("denied", r.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AllowTool_AllowsOnlyTheNamedTool()
    {
        var r = await _home.RunAsync("chat", "use both tools", "--allow-tool", "calc/add");

        Assert.Equal(0, r.ExitCode);
        Assert.Equal("tool said: 5 | Error: The user denied this tool call.\n", r.StdOut);
        Assert.Contains("denied the tool call 'echo'", r.StdErr, StringComparison.Ordinal);
        Assert.DoesNotContain("denied the tool call 'add'", r.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Json_ShowsTheToolEvents()
    {
        var r = await _home.RunAsync("chat", "add numbers", "--yes-all", "--json");

        Assert.Equal(0, r.ExitCode);
        var names = r.Lines.Select(l => JsonDocument.Parse(l).RootElement.GetProperty("event").GetString()).ToList();
        Assert.Contains(NexoEvents.ToolCallsDetected, names);
        Assert.Contains(NexoEvents.ToolPermissionRequest, names);
        Assert.Contains(NexoEvents.ToolExecutionStarted, names);
        Assert.Contains(NexoEvents.ToolExecutionCompleted, names);
        Assert.True(names.IndexOf(NexoEvents.ToolPermissionRequest) < names.IndexOf(NexoEvents.ToolExecutionStarted));
        var progress = r.Lines.Select(l => JsonDocument.Parse(l).RootElement).Where(e => e.GetProperty("event").GetString() == NexoEvents.ToolExecutionProgress)
            .Select(e => e.GetProperty("data")).Last();
        Assert.Equal("completed", progress.GetProperty("status").GetString());
        Assert.Equal("42", progress.GetProperty("result").GetString());
    }

    [Fact]
    public async Task AtATerminal_AllowOnce_ThenAlways_IsRemembered()
    {
        await using (var terminal = PseudoTerminal.Start(_home, "chat"))
        {
            await terminal.WaitForAsync("/exit or Ctrl+D to leave");
            await terminal.TypeAsync("add numbers\r");
            await terminal.WaitForAsync("Allow?");
            Assert.Contains("add", terminal.Output, StringComparison.Ordinal);
            Assert.Contains("(server: calc)", terminal.Output, StringComparison.Ordinal);
            Assert.Contains("{\"a\":20,\"b\":22}", terminal.Output, StringComparison.Ordinal);
            await terminal.TypeAsync("y\r");
            await terminal.WaitForAsync("tool said: 42");
            await terminal.TypeAsync("add again\r");
            await terminal.WaitForAsync("Allow?", occurrence: 2);
            await terminal.TypeAsync("a\r");
            await terminal.WaitForAsync("tool said: 42", occurrence: 2);
            await terminal.TypeAsync("/exit\r");
            Assert.Equal(0, await terminal.WaitForExitAsync());
        }

        var rules = (await _home.RunAsync("workspace", "show", "--json")).Json.GetProperty("settings").GetProperty("toolPermissions");
        Assert.Equal("always_allow", Assert.Single(rules.EnumerateObject()).Value.GetString());

        // Remembered: a script without a terminal now runs the tool without asking.
        var script = await _home.RunAsync("chat", "add numbers");
        Assert.Equal("tool said: 42\n", script.StdOut);
        Assert.DoesNotContain("denied", script.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AtATerminal_Deny_SendsTheDenialToTheModel()
    {
        await using var terminal = PseudoTerminal.Start(_home, "chat");

        await terminal.WaitForAsync("/exit or Ctrl+D to leave");
        await terminal.TypeAsync("add numbers\r");
        await terminal.WaitForAsync("Allow?");
        await terminal.TypeAsync("n\r");
        await terminal.WaitForAsync("tool said: Error: The user denied this tool call.");
        await terminal.TypeAsync("/exit\r");

        Assert.Equal(0, await terminal.WaitForExitAsync());
    }

    private static bool EndsWithToolResults(RecordedRequest request) =>
        request.Json!["messages"]!.AsArray().Last()!["role"]!.GetValue<string>() == "tool";

    private static string ToolResults(RecordedRequest request) =>
        string.Join(" | ", request.Json!["messages"]!.AsArray().Reverse().TakeWhile(m => m!["role"]!.GetValue<string>() == "tool")
            .Reverse().Select(m => m!["content"]!.GetValue<string>()));
}
