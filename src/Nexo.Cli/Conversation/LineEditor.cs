using System.Text;

namespace Nexo.Cli.Conversation;

/// <summary>
/// Reads one line a person types at a terminal, key by key, with the editing keys people expect and Tab completion:
/// printable characters insert at the cursor; Backspace and Delete remove; Left, Right, Home, End (and Ctrl+A, Ctrl+E)
/// move; Ctrl+U clears the line; Ctrl+D on an empty line is the end of input; Enter ends the line. Tab asks the
/// completer for the words that complete the text before the cursor: one is filled in (with a space after it), several are filled in as far as
/// they agree, and a second Tab lists them. Ctrl+C is left to the terminal (it interrupts as before). A line longer
/// than the terminal is wide is redrawn without knowing the wrap, so editing in the middle of it may show oddly.
/// </summary>
/// <param name="echo">Where the typed text is shown (stderr).</param>
/// <param name="readKey">Reads the next key without echoing it (<see cref="Console.ReadKey(bool)"/>).</param>
/// <param name="complete">The completions of the text before the cursor (whole replacements of that text); empty when none.</param>
internal sealed class LineEditor(TextWriter echo, Func<ConsoleKeyInfo> readKey, Func<string, IReadOnlyList<string>> complete)
{
    /// <summary>Reads a line after <paramref name="prompt"/> (already written); <see langword="null"/> at the end of input.</summary>
    public string? ReadLine(string prompt)
    {
        var line = new StringBuilder();
        var cursor = 0;
        var lastWasTab = false;
        while (true)
        {
            var key = readKey();
            var control = key.Modifiers.HasFlag(ConsoleModifiers.Control);
            var tab = key.Key == ConsoleKey.Tab;
            switch (key.Key)
            {
                case ConsoleKey.Enter:
                    echo.WriteLine();
                    return line.ToString();
                case ConsoleKey.D when control:
                    if (line.Length == 0)
                    {
                        return null;
                    }

                    break;
                case ConsoleKey.Tab:
                    var before = line.ToString(0, cursor);
                    var options = complete(before);
                    if (options.Count == 1)
                    {
                        Replace(line, ref cursor, before, options[0] + " ");
                    }
                    else if (options.Count > 1)
                    {
                        var common = CommonPrefix(options);
                        if (common.Length > before.Length)
                        {
                            Replace(line, ref cursor, before, common);
                        }
                        else if (lastWasTab)
                        {
                            echo.WriteLine();
                            echo.WriteLine(string.Join("  ", options));
                        }
                    }

                    break;
                case ConsoleKey.Backspace:
                    if (cursor > 0)
                    {
                        line.Remove(--cursor, 1);
                    }

                    break;
                case ConsoleKey.Delete:
                    if (cursor < line.Length)
                    {
                        line.Remove(cursor, 1);
                    }

                    break;
                case ConsoleKey.LeftArrow:
                    cursor = Math.Max(0, cursor - 1);
                    break;
                case ConsoleKey.RightArrow:
                    cursor = Math.Min(line.Length, cursor + 1);
                    break;
                case ConsoleKey.Home:
                case ConsoleKey.A when control:
                    cursor = 0;
                    break;
                case ConsoleKey.End:
                case ConsoleKey.E when control:
                    cursor = line.Length;
                    break;
                case ConsoleKey.U when control:
                    line.Clear();
                    cursor = 0;
                    break;
                default:
                    if (key.KeyChar == '\n' || key.KeyChar == '\r')
                    {
                        echo.WriteLine();
                        return line.ToString();
                    }

                    if (char.IsControl(key.KeyChar))
                    {
                        continue;
                    }

                    line.Insert(cursor++, key.KeyChar);
                    if (cursor == line.Length)
                    {
                        // Typing at the end (the usual case): show just the character.
                        echo.Write(key.KeyChar);
                        echo.Flush();
                        lastWasTab = false;
                        continue;
                    }

                    break;
            }

            lastWasTab = tab;
            Redraw(prompt, line, cursor);
        }
    }

    private static void Replace(StringBuilder line, ref int cursor, string before, string replacement)
    {
        line.Remove(0, before.Length).Insert(0, replacement);
        cursor = replacement.Length;
    }

    private void Redraw(string prompt, StringBuilder line, int cursor)
    {
        // Back to the line's start, prompt and text again, erase what was longer, then the cursor where it belongs.
        echo.Write('\r');
        echo.Write(prompt);
        echo.Write(line.ToString());
        echo.Write("\u001b[K");
        if (line.Length > cursor)
        {
            echo.Write($"\u001b[{line.Length - cursor}D");
        }

        echo.Flush();
    }

    private static string CommonPrefix(IReadOnlyList<string> options)
    {
        var prefix = options[0];
        foreach (var option in options.Skip(1))
        {
            var n = 0;
            while (n < prefix.Length && n < option.Length && char.ToLowerInvariant(prefix[n]) == char.ToLowerInvariant(option[n]))
            {
                n++;
            }

            prefix = prefix[..n];
        }

        return prefix;
    }
}
