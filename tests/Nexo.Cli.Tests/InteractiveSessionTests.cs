using System.Diagnostics;
using System.Text;
using Nexo.Testing;

namespace Nexo.Cli.Tests;

/// <summary>
/// The interactive session under a real pseudo-terminal: util-linux <c>script</c> gives <c>nexo chat</c> a terminal on
/// stdin, stdout and stderr, and what the test writes is typed on it (Ctrl+C included, as byte 0x03).
/// </summary>
public sealed class InteractiveSessionTests : IAsyncLifetime
{
    private readonly NexoHome _home = new();
    private FakeOpenAIServer _server = null!;

    public async Task InitializeAsync() => _server = await FakeProvider.StartAsync(_home);

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _home.Dispose();
    }

    [Fact]
    public async Task CtrlC_CancelsTheAnswer_NotTheSession()
    {
        FakeProvider.Answer(_server, r => r.Body.Contains("again", StringComparison.Ordinal)
            ? FakeResponse.Text("second ", "answer")
            : FakeResponse.Text("first-chunk ").WithText("never-shown", TimeSpan.FromMinutes(5)));
        await using var terminal = PseudoTerminal.Start(_home, "chat");

        await terminal.WaitForAsync("/exit or Ctrl+D to leave");
        await terminal.TypeAsync("hello\r");
        await terminal.WaitForAsync("first-chunk");
        await terminal.TypeAsync("\u0003");
        await terminal.WaitForAsync("(cancelled)");
        await terminal.TypeAsync("again\r");
        await terminal.WaitForAsync("second answer");
        await terminal.TypeAsync("/exit\r");
        var exitCode = await terminal.WaitForExitAsync();

        Assert.Equal(0, exitCode);
        Assert.DoesNotContain("never-shown", terminal.Output, StringComparison.Ordinal);
        var chats = (await _home.RunAsync("chats", "list", "--json")).Json.EnumerateArray().ToList();
        var chat = Assert.Single(chats);
        var messages = (await _home.RunAsync("chats", "show", chat.GetProperty("id").GetString()!, "--json")).Json.GetProperty("messages").EnumerateArray().ToList();
        Assert.Equal(["hello", "first-chunk ", "again", "second answer"], messages.Select(m => m.GetProperty("content").GetString()));
        Assert.Equal("cancelled", messages[1].GetProperty("status").GetString());
    }

    [Fact]
    public async Task Session_HandlesCommands_AndMultiLineInput()
    {
        FakeProvider.Answer(_server, r => FakeResponse.Text($"got {r.Json!["messages"]!.AsArray().Count(m => m!["role"]!.GetValue<string>() == "user")} user message(s)"));
        await using var terminal = PseudoTerminal.Start(_home, "chat", "--new");

        await terminal.WaitForAsync("/exit or Ctrl+D to leave");
        await terminal.TypeAsync("line one\\\r");
        await terminal.TypeAsync("line two\r");
        await terminal.WaitForAsync("got 1 user message(s)");
        await terminal.TypeAsync("/model other-model\r");
        await terminal.WaitForAsync("model: other-model");
        await terminal.TypeAsync("/new\r");
        await terminal.WaitForAsync("Started a new chat.");
        await terminal.TypeAsync("\"\"\"\r");
        await terminal.TypeAsync("block a\r");
        await terminal.TypeAsync("block b\r");
        await terminal.TypeAsync("\"\"\"\r");
        await terminal.WaitForAsync("got 1 user message(s)", occurrence: 2);
        await terminal.TypeAsync("/exit\r");

        Assert.Equal(0, await terminal.WaitForExitAsync());
        var turns = FakeProvider.Turns(_server);
        Assert.Equal(2, turns.Count);
        Assert.Contains("line one\\nline two", turns[0].Body, StringComparison.Ordinal);
        Assert.Equal("other-model", turns[1].Model);
        Assert.Contains("block a\\nblock b", turns[1].Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ConnectionCommand_SwitchesTheConnectionMidSession_WithItsDefaultModel_AndRejectsUnknownOnes()
    {
        FakeProvider.Answer(_server, r => FakeResponse.Text($"answered by {r.Model}"));
        await using (var nexo = await _home.OpenAsync())
        {
            await nexo.Connections.CreateAsync(new NewLlmConnection { Name = "second", Provider = LlmProviderKind.OpenAICompatible, BaseUrl = _server.BaseUrl, ApiKey = "sk-2", DefaultModel = "second-model" });
        }

        await using var terminal = PseudoTerminal.Start(_home, "chat", "--new");
        await terminal.WaitForAsync("/exit or Ctrl+D to leave");
        await terminal.TypeAsync("/connection\r");
        await terminal.WaitForAsync("connection: fake · model: fake-model");
        await terminal.TypeAsync("/connection nowhere\r");
        await terminal.WaitForAsync("error[NotFound]");
        await terminal.TypeAsync("/connection second\r");
        await terminal.WaitForAsync("connection: second · model: second-model");
        await terminal.TypeAsync("hello\r");
        await terminal.WaitForAsync("answered by second-model");
        await terminal.TypeAsync("/connection -\r");
        await terminal.WaitForAsync("connection: fake · model: fake-model", occurrence: 2);
        await terminal.TypeAsync("again\r");
        await terminal.WaitForAsync("answered by fake-model");
        await terminal.TypeAsync("/exit\r");

        Assert.Equal(0, await terminal.WaitForExitAsync());
        var turns = FakeProvider.Turns(_server);
        Assert.Equal(["second-model", "fake-model"], turns.Select(t => t.Model));
        Assert.Equal(["Bearer sk-2", "Bearer sk-fake"], turns.Select(t => t.Header("Authorization")));
    }

    [Fact]
    public async Task CtrlD_AtThePrompt_EndsTheSession()
    {
        await using var terminal = PseudoTerminal.Start(_home, "chat");

        await terminal.WaitForAsync("/exit or Ctrl+D to leave");

        // Ctrl+D is an end-of-file only while nexo reads the line; typed in the instant between the prompt and the read,
        // the terminal driver swallows it. Nothing shows when the read starts, so type it again until nexo leaves.
        var attempts = 0;
        do
        {
            await terminal.TypeAsync("\u0004");
        }
        while (++attempts < 30 && !await terminal.ShowsWithinAsync("[nexo-exit:", TimeSpan.FromSeconds(2)));

        Assert.Equal(0, await terminal.WaitForExitAsync());
    }

    [Fact]
    public async Task Listings_AreColouredOnATerminal_UnlessNoColorIsSet()
    {
        await _home.RunAsync("workspace", "create", "shown");
        _home.Environment["TERM"] = "xterm-256color";

        await using (var coloured = PseudoTerminal.Start(_home, "workspace", "list"))
        {
            Assert.Equal(0, await coloured.WaitForExitAsync());
            Assert.Contains("\u001b[1m", coloured.Output, StringComparison.Ordinal);
            Assert.Contains("shown", coloured.Output, StringComparison.Ordinal);
        }

        _home.Environment["NO_COLOR"] = "1";
        await using var plain = PseudoTerminal.Start(_home, "workspace", "list");
        Assert.Equal(0, await plain.WaitForExitAsync());
        Assert.DoesNotContain("\u001b[1m", plain.Output, StringComparison.Ordinal);
        Assert.Contains("shown", plain.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CtrlC_AtThePrompt_EndsTheSessionWithCode130()
    {
        await using var terminal = PseudoTerminal.Start(_home, "chat");

        await terminal.WaitForAsync("/exit or Ctrl+D to leave");
        await terminal.TypeAsync("\u0003");

        Assert.Equal(130, await terminal.WaitForExitAsync());
    }
}

/// <summary><c>nexo</c> running under <c>script</c>, which gives it a pseudo-terminal; the test types on that terminal and reads what it shows.</summary>
internal sealed class PseudoTerminal : IAsyncDisposable
{
    private const string ExitMarker = "[nexo-exit:";
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly Task _reader;
    private readonly SemaphoreSlim _changed = new(0);

    private PseudoTerminal(Process process)
    {
        _process = process;
        _reader = Task.Run(async () =>
        {
            var buffer = new char[1024];
            while (true)
            {
                var n = await process.StandardOutput.ReadAsync(buffer.AsMemory());
                if (n == 0)
                {
                    break;
                }

                lock (_output)
                {
                    _output.Append(buffer, 0, n);
                }

                _changed.Release();
            }

            _changed.Release();
        });
    }

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public static PseudoTerminal Start(NexoHome home, params string[] args)
    {
        // script -q (no banner) -c COMMAND /dev/null (no typescript file). The shell prints nexo's exit code as a
        // marker, because script itself may keep running until its own stdin ends. Ctrl+C on the terminal interrupts
        // the whole foreground process group, the shell included: `trap : INT` keeps the shell (dash as well as bash;
        // script runs $SHELL) alive to print the marker, while nexo still gets the default disposition and its own handler.
        var command = string.Join(' ', new[] { "dotnet", NexoHome.CliDll }.Concat(args).Select(Quote));
        var process = home.Start(["-q", "-c", $"trap : INT; stty cols 200; {command}; echo \"{ExitMarker}$?]\"", "/dev/null"], "script");
        return new PseudoTerminal(process);
    }

    public async Task TypeAsync(string text)
    {
        await _process.StandardInput.WriteAsync(text);
        await _process.StandardInput.FlushAsync();
    }

    /// <summary>Waits until the terminal has shown <paramref name="text"/> (the <paramref name="occurrence"/>-th time).</summary>
    public async Task WaitForAsync(string text, int occurrence = 1)
    {
        using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (Count(Output, text) < occurrence)
        {
            if (_reader.IsCompleted)
            {
                throw new InvalidOperationException($"nexo ended before showing '{text}'. Terminal:\n{Output}");
            }

            try
            {
                await _changed.WaitAsync(guard.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"The terminal never showed '{text}'. Terminal:\n{Output}");
            }
        }
    }

    /// <summary>Whether the terminal shows <paramref name="text"/> now or within <paramref name="wait"/>.</summary>
    public async Task<bool> ShowsWithinAsync(string text, TimeSpan wait)
    {
        using var limit = new CancellationTokenSource(wait);
        while (!Output.Contains(text, StringComparison.Ordinal))
        {
            if (_reader.IsCompleted)
            {
                return false;
            }

            try
            {
                await _changed.WaitAsync(limit.Token);
            }
            catch (OperationCanceledException)
            {
                return Output.Contains(text, StringComparison.Ordinal);
            }
        }

        return true;
    }

    /// <summary>Waits for nexo to end and returns its exit code; then closes the keyboard so that script ends too.</summary>
    public async Task<int> WaitForExitAsync()
    {
        await WaitForAsync(ExitMarker);
        var output = Output;
        var start = output.IndexOf(ExitMarker, StringComparison.Ordinal) + ExitMarker.Length;
        var code = int.Parse(output[start..output.IndexOf(']', start)], System.Globalization.CultureInfo.InvariantCulture);
        _process.StandardInput.Close();
        using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await _process.WaitForExitAsync(guard.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"nexo did not exit. Terminal:\n{Output}");
        }

        await _reader;
        return code;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        _changed.Dispose();
    }

    private static int Count(string haystack, string needle)
    {
        var count = 0;
        for (var i = haystack.IndexOf(needle, StringComparison.Ordinal); i >= 0; i = haystack.IndexOf(needle, i + needle.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }

    private static string Quote(string arg) => "'" + arg.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
