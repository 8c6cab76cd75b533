using System.Buffers;
using System.Text;

namespace Nexo.BuiltinTools;

/// <summary>
/// A literal that every match of a regular expression contains, found conservatively in the pattern's top level (no
/// alternation, no inline options; groups, classes, escapes such as <c>\b</c> or <c>\d</c>, and characters made
/// optional by <c>?</c>, <c>*</c> or <c>{…}</c> end a run). search_text looks for it in a file's raw UTF-8 bytes first
/// (vectorized) and decodes and matches only the files that have it, so most files of a big tree are never decoded.
/// </summary>
internal sealed class RequiredLiteral
{
    /// <summary>Runs shorter than this are not worth a first pass.</summary>
    private const int MinLength = 3;

    private readonly byte[] _bytes;
    private readonly bool _ignoreCase;
    private readonly SearchValues<byte>? _first;

    private RequiredLiteral(string literal, bool ignoreCase)
    {
        Text = literal;
        _ignoreCase = ignoreCase;
        _bytes = Encoding.UTF8.GetBytes(ignoreCase ? literal.ToLowerInvariant() : literal);
        if (ignoreCase)
        {
            _first = SearchValues.Create([(byte)char.ToLowerInvariant(literal[0]), (byte)char.ToUpperInvariant(literal[0])]);
        }
    }

    public string Text { get; }

    /// <summary>
    /// The longest required literal of <paramref name="pattern"/>, or <see langword="null"/> when none is sure (or, with
    /// <paramref name="ignoreCase"/>, when it is not plain ASCII or holds a letter with non-ASCII case forms: k, s).
    /// </summary>
    public static RequiredLiteral? Of(string pattern, bool ignoreCase)
    {
        if (pattern.Contains("(?", StringComparison.Ordinal))
        {
            return null; // inline options and lookarounds: keep it simple
        }

        var runs = new List<string>();
        var run = new StringBuilder();
        void End()
        {
            if (run.Length > 0)
            {
                runs.Add(run.ToString());
                run.Clear();
            }
        }

        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            switch (c)
            {
                case '|':
                    return null;
                case '\\' when i + 1 < pattern.Length:
                    var next = pattern[++i];
                    if (char.IsAsciiLetterOrDigit(next))
                    {
                        End(); // \b \d \w \s \n \x41 \1 \p{…}: not a plain character
                    }
                    else
                    {
                        run.Append(next);
                    }

                    break;
                case '(':
                    End();
                    i = Skip(pattern, i, '(', ')');
                    if (i < 0)
                    {
                        return null;
                    }

                    break;
                case '[':
                    End();
                    i = SkipClass(pattern, i);
                    if (i < 0)
                    {
                        return null;
                    }

                    break;
                case '?' or '*' or '{':
                    if (run.Length > 0)
                    {
                        run.Length--; // the character before is optional
                    }

                    End();
                    if (c == '{')
                    {
                        i = pattern.IndexOf('}', i);
                        if (i < 0)
                        {
                            return null;
                        }
                    }

                    break;
                case '+' or '.' or '^' or '$' or ')' or ']' or '}':
                    End();
                    break;
                default:
                    run.Append(c);
                    break;
            }
        }

        End();
        var best = runs.OrderByDescending(r => r.Length).FirstOrDefault();
        if (best is null || best.Length < MinLength)
        {
            return null;
        }

        if (ignoreCase && (!best.All(char.IsAscii) || best.Any(ch => ch is 'k' or 'K' or 's' or 'S')))
        {
            return null; // the regex also matches the Kelvin sign and the long s; a byte search would not
        }

        return new RequiredLiteral(best, ignoreCase);
    }

    /// <summary>Whether the UTF-8 bytes contain the literal (ignoring ASCII case when asked).</summary>
    public bool IsIn(ReadOnlySpan<byte> content)
    {
        if (!_ignoreCase)
        {
            return content.IndexOf(_bytes) >= 0;
        }

        while (content.Length >= _bytes.Length)
        {
            var at = content.IndexOfAny(_first!);
            if (at < 0 || content.Length - at < _bytes.Length)
            {
                return false;
            }

            if (Ascii.EqualsIgnoreCase(content.Slice(at, _bytes.Length), _bytes))
            {
                return true;
            }

            content = content[(at + 1)..];
        }

        return false;
    }

    private static int Skip(string pattern, int i, char open, char close)
    {
        var depth = 0;
        for (; i < pattern.Length; i++)
        {
            if (pattern[i] == '\\')
            {
                i++;
            }
            else if (pattern[i] == '[')
            {
                i = SkipClass(pattern, i);
                if (i < 0)
                {
                    return -1;
                }
            }
            else if (pattern[i] == open)
            {
                depth++;
            }
            else if (pattern[i] == close && --depth == 0)
            {
                return i;
            }
        }

        return -1;
    }

    private static int SkipClass(string pattern, int i)
    {
        i++;
        if (i < pattern.Length && pattern[i] == '^')
        {
            i++;
        }

        if (i < pattern.Length && pattern[i] == ']')
        {
            i++;
        }

        for (; i < pattern.Length; i++)
        {
            if (pattern[i] == '\\')
            {
                i++;
            }
            else if (pattern[i] == ']')
            {
                return i;
            }
        }

        return -1;
    }
}
