using System.Text;
using System.Text.RegularExpressions;

namespace Nexo.BuiltinTools;

/// <summary>
/// Glob patterns over <c>/</c>-separated relative paths: <c>*</c> (any characters but <c>/</c>), <c>?</c> (one character
/// but <c>/</c>), <c>**</c> (any number of folders: <c>**/x</c>, <c>a/**/x</c>, <c>a/**</c>), <c>[abc]</c>, <c>[a-z]</c>,
/// <c>[!abc]</c>, <c>{a,b}</c> (alternatives, nestable) and <c>\</c> to escape. A pattern without <c>/</c> matches a
/// file's name at any depth (<c>*.cs</c> finds every C# file); one with <c>/</c> matches the whole relative path.
/// </summary>
internal sealed class Glob
{
    private readonly Regex _regex;

    private Glob(string pattern, Regex regex, bool matchesName)
    {
        Pattern = pattern;
        _regex = regex;
        MatchesName = matchesName;
    }

    public string Pattern { get; }

    /// <summary>Whether the pattern is matched against the name only (it has no <c>/</c>).</summary>
    public bool MatchesName { get; }

    /// <summary>Parses a glob for find_files and search_text.</summary>
    /// <exception cref="ArgumentException">The pattern is malformed (an unclosed <c>[</c> or <c>{</c>).</exception>
    public static Glob Parse(string pattern)
    {
        var trimmed = pattern.Trim();
        if (trimmed.StartsWith("./", StringComparison.Ordinal))
        {
            trimmed = trimmed[2..];
        }

        var matchesName = !trimmed.Contains('/', StringComparison.Ordinal);
        var regex = new Regex("^" + ToRegex(trimmed.TrimStart('/'), braces: true) + "$", RegexOptions.CultureInvariant | RegexOptions.Compiled);
        return new Glob(pattern, regex, matchesName);
    }

    /// <summary>Whether a file with this relative path (and name) matches.</summary>
    public bool IsMatch(string relativePath, string name) => _regex.IsMatch(MatchesName ? name : relativePath);

    /// <summary>The regular expression (without anchors) of a glob.</summary>
    /// <exception cref="ArgumentException">The pattern is malformed.</exception>
    public static string ToRegex(string glob, bool braces)
    {
        var text = new StringBuilder();
        var i = 0;
        Translate(glob, ref i, text, braces, depth: 0);
        return text.ToString();
    }

    private static void Translate(string glob, ref int i, StringBuilder text, bool braces, int depth)
    {
        while (i < glob.Length)
        {
            var c = glob[i];
            if (depth > 0 && (c == ',' || c == '}'))
            {
                return; // the caller (an alternative) handles these
            }

            switch (c)
            {
                case '\\' when i + 1 < glob.Length:
                    text.Append(Regex.Escape(glob[i + 1].ToString()));
                    i += 2;
                    break;
                case '*' when i + 1 < glob.Length && glob[i + 1] == '*':
                {
                    var atStart = i == 0 || glob[i - 1] == '/';
                    i += 2;
                    while (i < glob.Length && glob[i] == '*')
                    {
                        i++;
                    }

                    if (atStart && i < glob.Length && glob[i] == '/')
                    {
                        text.Append("(?:.*/)?"); // **/ : any number of folders, none included
                        i++;
                    }
                    else
                    {
                        text.Append(".*");
                    }

                    break;
                }

                case '*':
                    text.Append("[^/]*");
                    i++;
                    break;
                case '?':
                    text.Append("[^/]");
                    i++;
                    break;
                case '[':
                    i = CharacterClass(glob, i, text);
                    break;
                case '{' when braces:
                {
                    i++;
                    text.Append("(?:");
                    while (true)
                    {
                        Translate(glob, ref i, text, braces, depth + 1);
                        if (i >= glob.Length)
                        {
                            throw new ArgumentException($"The glob '{glob}' has a '{{' without its '}}'.");
                        }

                        if (glob[i] == ',')
                        {
                            text.Append('|');
                            i++;
                            continue;
                        }

                        i++; // '}'
                        text.Append(')');
                        break;
                    }

                    break;
                }

                default:
                    text.Append(Regex.Escape(c.ToString()));
                    i++;
                    break;
            }
        }
    }

    /// <summary>Translates <c>[…]</c> at <paramref name="start"/>; returns the index after it.</summary>
    private static int CharacterClass(string glob, int start, StringBuilder text)
    {
        var i = start + 1;
        var negate = i < glob.Length && (glob[i] == '!' || glob[i] == '^');
        if (negate)
        {
            i++;
        }

        var body = new StringBuilder();
        var first = true;
        while (i < glob.Length && (glob[i] != ']' || first))
        {
            var c = glob[i];
            if (c == '\\' && i + 1 < glob.Length)
            {
                body.Append('\\').Append(glob[i + 1]);
                i += 2;
            }
            else
            {
                body.Append(c is '\\' or '[' or ']' or '^' ? "\\" + c : c.ToString());
                i++;
            }

            first = false;
        }

        if (i >= glob.Length)
        {
            throw new ArgumentException($"The glob '{glob}' has a '[' without its ']'.");
        }

        text.Append(negate ? "[^/" : "[").Append(body).Append(']');
        return i + 1;
    }
}
