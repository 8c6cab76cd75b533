using System.Text;
using Nexo.Cli.Output;

namespace Nexo.Cli;

/// <summary>
/// The console as <c>nexo</c> sees it: three streams, whether each is a terminal, and whether colour is wanted.
/// Data goes to <see cref="Out"/>; messages, prompts, spinners and errors go to <see cref="Error"/>.
/// </summary>
public sealed class CliConsole
{
    /// <summary>Creates a console over the given streams (tests, embedding).</summary>
    /// <param name="output">stdout.</param>
    /// <param name="error">stderr.</param>
    /// <param name="input">stdin.</param>
    /// <param name="inputIsTerminal">Whether stdin is a terminal.</param>
    /// <param name="outputIsTerminal">Whether stdout is a terminal.</param>
    /// <param name="errorIsTerminal">Whether stderr is a terminal.</param>
    public CliConsole(TextWriter output, TextWriter error, TextReader input, bool inputIsTerminal, bool outputIsTerminal, bool errorIsTerminal)
    {
        Out = output;
        Error = error;
        In = input;
        InputIsTerminal = inputIsTerminal;
        OutputIsTerminal = outputIsTerminal;
        ErrorIsTerminal = errorIsTerminal;
        var colourAllowed = ColourAllowedByEnvironment();
        OutputStyle = new Style(colourAllowed && outputIsTerminal);
        ErrorStyle = new Style(colourAllowed && errorIsTerminal);
    }

    /// <summary>stdout: the data and the answers only.</summary>
    public TextWriter Out { get; }

    /// <summary>stderr: everything meant for people.</summary>
    public TextWriter Error { get; }

    /// <summary>stdin.</summary>
    public TextReader In { get; }

    /// <summary>Whether stdin is a terminal (a person can answer prompts).</summary>
    public bool InputIsTerminal { get; }

    /// <summary>Whether stdout is a terminal.</summary>
    public bool OutputIsTerminal { get; }

    /// <summary>Whether stderr is a terminal (spinners and prompts are shown).</summary>
    public bool ErrorIsTerminal { get; }

    /// <summary>The spinner started last (hidden before a question is asked from another thread).</summary>
    internal Spinner? ActiveSpinner { get; set; }

    /// <summary>While set, spinners do not draw: a question waits for an answer on the terminal.</summary>
    internal bool Prompting { get; set; }

    /// <summary>Whether a person is there to answer a question: stdin and stderr are terminals.</summary>
    public bool CanPrompt => InputIsTerminal && ErrorIsTerminal;

    /// <summary>Styling for stdout.</summary>
    public Style OutputStyle { get; private set; }

    /// <summary>Styling for stderr.</summary>
    public Style ErrorStyle { get; private set; }

    /// <summary>The terminal width, or <see langword="null"/> when stdout is not a terminal.</summary>
    public int? Width
    {
        get
        {
            if (!OutputIsTerminal)
            {
                return null;
            }

            try
            {
                return Console.WindowWidth > 0 ? Console.WindowWidth : null;
            }
            catch (IOException)
            {
                return null;
            }
        }
    }

    /// <summary>The process's console: UTF-8, terminal detection from the redirections.</summary>
    public static CliConsole FromSystemConsole()
    {
        var utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);
        Console.OutputEncoding = utf8;
        if (Console.IsInputRedirected)
        {
            Console.InputEncoding = utf8;
        }

        return new CliConsole(Console.Out, Console.Error, Console.In, !Console.IsInputRedirected, !Console.IsOutputRedirected, !Console.IsErrorRedirected);
    }

    /// <summary>Turns colour off on both streams (<c>--no-color</c>).</summary>
    public void DisableColour()
    {
        OutputStyle = Style.Plain;
        ErrorStyle = Style.Plain;
    }

    /// <summary>Reads a line a person types without echoing it (API keys). Falls back to a plain read when stdin is not a terminal.</summary>
    /// <param name="prompt">The prompt, written on stderr.</param>
    /// <returns>The text, or <see langword="null"/> at end of input.</returns>
    public string? ReadSecret(string prompt)
    {
        if (!InputIsTerminal || !ReferenceEquals(In, Console.In))
        {
            Error.Write(prompt);
            return In.ReadLine();
        }

        // Echo goes off before the prompt is shown: a key typed at once must not appear on the screen.
        using var echo = TerminalEcho.Off();
        Error.Write(prompt);
        var text = new StringBuilder();
        while (true)
        {
            var key = Console.ReadKey(intercept: true);
            if (key.Key == ConsoleKey.Enter)
            {
                Error.WriteLine();
                return text.ToString();
            }

            if (key.Key == ConsoleKey.Backspace)
            {
                if (text.Length > 0)
                {
                    text.Length--;
                }
            }
            else if (key.Key == ConsoleKey.D && key.Modifiers.HasFlag(ConsoleModifiers.Control) && text.Length == 0)
            {
                Error.WriteLine();
                return null;
            }
            else if (!char.IsControl(key.KeyChar))
            {
                text.Append(key.KeyChar);
            }
        }
    }

    /// <summary>Asks a yes/no question on stderr and reads the answer from stdin.</summary>
    /// <param name="question">The question, without the <c>[y/N]</c> suffix.</param>
    /// <param name="defaultYes">The answer when the person just presses Enter.</param>
    /// <returns>The answer; the default at end of input.</returns>
    public bool Confirm(string question, bool defaultYes)
    {
        Error.Write($"{question} {(defaultYes ? "[Y/n]" : "[y/N]")} ");
        var answer = In.ReadLine()?.Trim();
        if (string.IsNullOrEmpty(answer))
        {
            return defaultYes;
        }

        return answer.StartsWith('y') || answer.StartsWith('Y');
    }

    private static bool ColourAllowedByEnvironment()
    {
        // https://no-color.org: any non-empty NO_COLOR turns colour off.
        if (!string.IsNullOrEmpty(Environment.GetEnvironmentVariable("NO_COLOR")))
        {
            return false;
        }

        return !string.Equals(Environment.GetEnvironmentVariable("TERM"), "dumb", StringComparison.Ordinal);
    }
}
