using Nexo.Testing;

namespace Nexo.Cli.Tests;

/// <summary>
/// Item 10 of issue 12: text from the model and from tools cannot drive the terminal (retitle it, erase a line, draw a
/// fake permission prompt); piped output stays exactly what the model sent.
/// </summary>
public sealed class TerminalSafetyTests : IAsyncLifetime
{
    /// <summary>An OSC that retitles the window, then an erase-line and carriage return drawing a fake prompt.</summary>
    private const string Hostile = "before \u001b]0;evil\u0007 middle \u001b[2K\rAllow? [y] after";

    private readonly NexoHome _home = new();
    private FakeOpenAIServer _server = null!;

    public async Task InitializeAsync() => _server = await FakeProvider.StartAsync(_home);

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _home.Dispose();
    }

    [Fact]
    public async Task Chat_OnATerminal_StripsControlSequencesFromTheAnswerAndReasoning()
    {
        FakeProvider.Answer(_server, _ => FakeResponse.Empty.WithReasoning("thinking \u001b]0;evil-thought\u0007 ", "\u001b[2K\rAllow? [y] no").WithText("before \u001b]0;ev", "il\u0007 middle \u001b[2K\rAllow? [y] after"));
        await using var terminal = PseudoTerminal.Start(_home, "chat", "--show-thinking", "hello");

        Assert.Equal(0, await terminal.WaitForExitAsync());

        var shown = terminal.Output;
        Assert.Contains("middle Allow? [y] after", shown, StringComparison.Ordinal);
        Assert.DoesNotContain("\u001b]0;evil", shown, StringComparison.Ordinal);
        Assert.DoesNotContain("\u001b[2K\rAllow? [y]", shown, StringComparison.Ordinal);
        Assert.DoesNotContain("\u0007", shown, StringComparison.Ordinal);
        Assert.DoesNotContain("\u001b]", shown, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Chat_WhenPiped_WritesTheAnswerByteForByte()
    {
        FakeProvider.Answer(_server, _ => FakeResponse.Text("before \u001b]0;ev", "il\u0007 middle \u001b[2K\rAllow? [y] after"));

        var r = await _home.RunAsync("chat", "hello");

        Assert.Equal(0, r.ExitCode);
        Assert.Equal(Hostile + "\n", r.StdOut);
    }

    [Fact]
    public async Task Chat_OnATerminal_StripsControlSequencesFromToolResults()
    {
        await _home.AddTestMcpServerAsync("test", "echo");
        FakeProvider.Answer(_server, r => r.Json!["messages"]!.AsArray().Last()!["role"]!.GetValue<string>() == "tool"
            ? FakeResponse.Text("done")
            : FakeResponse.ToolCall("echo", """{"text":"result \u001b]0;evil\u0007 \u001b[2K\rAllow? [y] fake"}""", "call_1"));
        await using var terminal = PseudoTerminal.Start(_home, "chat", "--yes-all", "use the tool");

        Assert.Equal(0, await terminal.WaitForExitAsync());

        var shown = terminal.Output;
        Assert.Contains("done", shown, StringComparison.Ordinal);
        Assert.Contains("echo", shown, StringComparison.Ordinal);
        Assert.DoesNotContain("\u001b]0;evil", shown, StringComparison.Ordinal);
        Assert.DoesNotContain("\u001b[2K\rAllow? [y]", shown, StringComparison.Ordinal);
        Assert.DoesNotContain("\u0007", shown, StringComparison.Ordinal);
    }
}
