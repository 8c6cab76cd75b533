using System.Text;

namespace Nexo.Cli.Output;

/// <summary>
/// Removes terminal control sequences from untrusted text (model answers, reasoning, tool names, arguments and
/// results) before it is shown on a terminal: ESC sequences (CSI such as <c>ESC [ 2K</c>, OSC such as
/// <c>ESC ] 0;title BEL</c>, DCS/SOS/PM/APC strings, two-character escapes), C1 controls (U+0080 to U+009F, which
/// include the 8-bit CSI and OSC) and C0 controls other than line feed and tab (so a carriage return cannot move back
/// over a line). A model then cannot retitle the window, erase lines or draw a fake permission prompt. One instance
/// keeps its state between <see cref="Filter"/> calls, so a sequence split across streamed chunks is still removed.
/// </summary>
internal sealed class TerminalText
{
    private State _state;

    private enum State
    {
        Text,
        Escape,
        Csi,
        ControlString,
        ControlStringEscape,
    }

    /// <summary>Strips control sequences from one complete text.</summary>
    /// <param name="text">The untrusted text.</param>
    /// <returns>The text without control sequences.</returns>
    public static string Strip(string? text) => text is null ? string.Empty : new TerminalText().Filter(text);

    /// <summary>Strips <paramref name="text"/> when <paramref name="terminal"/> is set; otherwise returns it as it is.</summary>
    /// <param name="text">The untrusted text.</param>
    /// <param name="terminal">Whether the text goes to a terminal.</param>
    /// <returns>The text to write.</returns>
    public static string ForTerminal(string? text, bool terminal) => terminal ? Strip(text) : text ?? string.Empty;

    /// <summary>Filters the next piece of a stream of text.</summary>
    /// <param name="chunk">The next piece.</param>
    /// <returns>The piece without control sequences (possibly empty).</returns>
    public string Filter(string chunk)
    {
        StringBuilder? result = null;
        for (var i = 0; i < chunk.Length; i++)
        {
            var c = chunk[i];
            var keep = false;
            switch (_state)
            {
                case State.Text:
                    if (c == '\u001b')
                    {
                        _state = State.Escape;
                    }
                    else if (c == '\u009b')
                    {
                        _state = State.Csi;
                    }
                    else if (c is '\u0090' or '\u0098' or '\u009d' or '\u009e' or '\u009f')
                    {
                        _state = State.ControlString;
                    }
                    else
                    {
                        keep = c is '\n' or '\t' || !(c < 0x20 || c == 0x7f || (c >= 0x80 && c <= 0x9f));
                    }

                    break;
                case State.Escape:
                    _state = c switch
                    {
                        '[' => State.Csi,
                        ']' or 'P' or 'X' or '^' or '_' => State.ControlString,
                        '\u001b' => State.Escape,

                        // Intermediate bytes (ESC ( B and the like) are followed by one final byte.
                        >= ' ' and <= '/' => State.Escape,
                        _ => State.Text,
                    };
                    break;
                case State.Csi:
                    // Parameters and intermediates (0x20-0x3F) until a final byte (0x40-0x7E); anything else ends it too.
                    if (c is < ' ' or > '?')
                    {
                        _state = State.Text;
                    }

                    break;
                case State.ControlString:
                    if (c == '\n')
                    {
                        // A line break ends an unterminated string, so a stray ESC ] cannot hide the rest of an answer.
                        _state = State.Text;
                        keep = true;
                    }
                    else if (c is '\u0007' or '\u009c')
                    {
                        _state = State.Text;
                    }
                    else if (c == '\u001b')
                    {
                        _state = State.ControlStringEscape;
                    }

                    break;
                case State.ControlStringEscape:
                    _state = c == '\\' ? State.Text : c == '\u001b' ? State.ControlStringEscape : State.ControlString;
                    break;
            }

            if (keep)
            {
                result?.Append(c);
            }
            else if (result is null)
            {
                result = new StringBuilder(chunk.Length);
                result.Append(chunk, 0, i);
            }
        }

        return result?.ToString() ?? chunk;
    }
}
