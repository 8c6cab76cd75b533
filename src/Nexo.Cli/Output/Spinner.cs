namespace Nexo.Cli.Output;

/// <summary>
/// A one-line progress indicator on stderr while nothing else is shown (waiting for the first token or a tool call).
/// It is drawn only when stderr is a terminal; otherwise every method does nothing.
/// </summary>
public sealed class Spinner : IDisposable
{
    private static readonly string[] Frames = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"];
    private readonly TextWriter _error;
    private readonly Style _style;
    private readonly bool _enabled;
    private readonly CliConsole _console;
    private readonly Lock _gate = new();
    private Timer? _timer;
    private string _text = string.Empty;
    private int _frame;
    private bool _visible;

    /// <summary>Creates a spinner for the console's stderr.</summary>
    /// <param name="console">The console.</param>
    public Spinner(CliConsole console)
    {
        ArgumentNullException.ThrowIfNull(console);
        _console = console;
        _error = console.Error;
        _style = console.ErrorStyle;
        _enabled = console.ErrorIsTerminal;
    }

    /// <summary>Shows the spinner with a message (or changes the message).</summary>
    /// <param name="text">What is being waited for.</param>
    public void Start(string text)
    {
        if (!_enabled)
        {
            return;
        }

        _console.ActiveSpinner = this;
        lock (_gate)
        {
            _text = text;
            _timer ??= new Timer(_ => Tick(), null, TimeSpan.FromMilliseconds(120), TimeSpan.FromMilliseconds(80));
        }
    }

    /// <summary>Hides the spinner and clears its line; call before writing anything else to the terminal.</summary>
    public void Stop()
    {
        if (!_enabled)
        {
            return;
        }

        lock (_gate)
        {
            _timer?.Dispose();
            _timer = null;
            if (_visible)
            {
                _error.Write("\r\u001b[2K");
                _error.Flush();
                _visible = false;
            }
        }
    }

    /// <inheritdoc />
    public void Dispose() => Stop();

    private void Tick()
    {
        lock (_gate)
        {
            if (_timer is null || _console.Prompting)
            {
                // Hidden while a question waits for an answer on the terminal (an MCP server's elicitation).
                return;
            }

            _frame = (_frame + 1) % Frames.Length;
            _error.Write($"\r\u001b[2K{_style.Cyan(Frames[_frame])} {_style.Dim(_text)}");
            _error.Flush();
            _visible = true;
        }
    }
}
