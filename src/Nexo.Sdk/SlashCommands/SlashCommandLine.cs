using System.Text;

namespace Nexo;

/// <summary>
/// Reads a typed slash command line, <c>/name word… key=value…</c>, the way Nexo's faces do (the CLI's interactive
/// session, ACP prompts): the command word, then its arguments.
/// </summary>
/// <remarks>
/// Words are separated by white space; <c>"…"</c> or <c>'…'</c> at the start of a word or of a value keep spaces inside
/// one word (a quote that is never closed is an ordinary character). A word
/// <c>NAME=VALUE</c> whose NAME is one of the command's arguments sets that argument; every other word is positional.
/// Positional words fill the arguments not set by name, in the command's argument order; when there are more words than
/// such arguments, the last one takes the rest of the line as typed (so <c>/review look at the parser</c> gives a
/// one-argument template the whole text). Words given to a command without arguments are a Validation error.
/// </remarks>
public static class SlashCommandLine
{
    /// <summary>Splits a line that starts with <c>/</c> and a command word into the word and the rest.</summary>
    /// <param name="text">The typed line (leading white space is ignored).</param>
    /// <param name="name">The command word, without the slash.</param>
    /// <param name="argumentText">Everything after the word, trimmed.</param>
    /// <returns><see langword="false"/> when the text is not a slash command (no slash, or white space or another slash right after it).</returns>
    public static bool TryParse(string text, out string name, out string argumentText)
    {
        ArgumentNullException.ThrowIfNull(text);
        name = string.Empty;
        argumentText = string.Empty;
        var trimmed = text.TrimStart();
        if (trimmed.Length < 2 || trimmed[0] != '/' || char.IsWhiteSpace(trimmed[1]) || trimmed[1] == '/')
        {
            return false;
        }

        var end = 1;
        while (end < trimmed.Length && !char.IsWhiteSpace(trimmed[end]))
        {
            end++;
        }

        name = trimmed[1..end];
        argumentText = trimmed[end..].Trim();
        return true;
    }

    /// <summary>Binds the text after the command word to the command's arguments (see the remarks).</summary>
    /// <param name="command">The command.</param>
    /// <param name="argumentText">The text after the command word.</param>
    /// <returns>The argument values by argument name.</returns>
    /// <exception cref="NexoException">Validation (field <c>arguments</c>) for words given to a command that takes none, or for more words than arguments when every argument is set by name.</exception>
    public static IReadOnlyDictionary<string, string> BindArguments(SlashCommand command, string argumentText)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(argumentText);
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var positional = new List<Word>();
        var namedAfter = new List<int>();
        foreach (var word in Split(argumentText))
        {
            var eq = word.Value.IndexOf('=', StringComparison.Ordinal);
            var argument = eq > 0 && !word.QuotedStart ? command.Arguments.FirstOrDefault(a => a.Name == word.Value[..eq]) : null;
            if (argument is not null)
            {
                values[argument.Name] = word.Value[(eq + 1)..];
                namedAfter.Add(positional.Count);
            }
            else
            {
                positional.Add(word);
            }
        }

        var open = command.Arguments.Where(a => !values.ContainsKey(a.Name)).ToList();
        if (positional.Count > 0 && open.Count == 0)
        {
            throw NexoException.Validation(
                "arguments",
                command.Arguments.Count == 0
                    ? $"/{command.Name} takes no arguments (got '{argumentText}')."
                    : $"/{command.Name} has no argument left for '{string.Join(' ', positional.Select(p => p.Value))}': every argument ({string.Join(", ", command.Arguments.Select(a => a.Name))}) is already set.");
        }

        for (var i = 0; i < open.Count && i < positional.Count; i++)
        {
            var last = i == open.Count - 1 && positional.Count > open.Count;
            values[open[i].Name] = !last ? positional[i].Value
                : namedAfter.Any(n => n > i) ? string.Join(' ', positional.Skip(i).Select(p => p.Value))
                : argumentText[positional[i].Start..].Trim();
        }

        return values;
    }

    private static List<Word> Split(string text)
    {
        var words = new List<Word>();
        var i = 0;
        while (i < text.Length)
        {
            if (char.IsWhiteSpace(text[i]))
            {
                i++;
                continue;
            }

            var start = i;
            var value = new StringBuilder();
            var quotedStart = text[i] is '"' or '\'';
            while (i < text.Length && !char.IsWhiteSpace(text[i]))
            {
                // A quote opens only at the start of a word or of a value (key="…") and only when it is closed later:
                // an apostrophe inside a word (don't) is just a character.
                var close = text[i] is '"' or '\'' && (i == start || text[i - 1] == '=') ? text.IndexOf(text[i], i + 1) : -1;
                if (close > 0)
                {
                    value.Append(text, i + 1, close - i - 1);
                    i = close + 1;
                }
                else
                {
                    value.Append(text[i]);
                    i++;
                }
            }

            words.Add(new Word(value.ToString(), start, quotedStart));
        }

        return words;
    }

    private readonly record struct Word(string Value, int Start, bool QuotedStart);
}
