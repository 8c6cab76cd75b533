using System.Text.RegularExpressions;

namespace Nexo.BuiltinTools;

/// <summary>
/// The rules of one <c>.gitignore</c> file (or <c>.git/info/exclude</c>), as git reads them: blank lines and
/// <c>#</c> comments skipped, trailing spaces dropped unless escaped, <c>!</c> re-includes, a trailing <c>/</c> matches
/// folders only, a <c>/</c> at the start or in the middle anchors the pattern to the file's folder (otherwise it matches
/// a name at any depth below), <c>*</c>, <c>?</c>, <c>[…]</c> and <c>**</c> as in git. Within a file the last matching
/// rule decides.
/// </summary>
internal sealed class GitIgnore
{
    private readonly List<Rule> _rules;

    private GitIgnore(string baseRelative, List<Rule> rules)
    {
        BaseRelative = baseRelative;
        _rules = rules;
    }

    /// <summary>The folder the rules are relative to, relative to the walk's root with <c>/</c> (empty for the root).</summary>
    public string BaseRelative { get; }

    /// <summary>Reads the rules of the files at <paramref name="paths"/> (later files win), or <see langword="null"/> when none has a rule.</summary>
    public static GitIgnore? Load(string baseRelative, params string[] paths)
    {
        var rules = new List<Rule>();
        foreach (var path in paths)
        {
            string[] lines;
            try
            {
                if (!File.Exists(path) || new FileInfo(path).Length > 1024 * 1024)
                {
                    continue;
                }

                lines = File.ReadAllLines(path);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                continue;
            }

            rules.AddRange(lines.Select(Parse).OfType<Rule>());
        }

        return rules.Count == 0 ? null : new GitIgnore(baseRelative, rules);
    }

    /// <summary>Parses rules from text lines (for tests).</summary>
    public static GitIgnore FromLines(string baseRelative, IEnumerable<string> lines) => new(baseRelative, lines.Select(Parse).OfType<Rule>().ToList());

    /// <summary>
    /// The decision of this file for an entry: <see langword="true"/> ignored, <see langword="false"/> re-included
    /// (<c>!</c>), <see langword="null"/> when no rule matches.
    /// </summary>
    /// <param name="relative">The entry's path relative to <see cref="BaseRelative"/>, with <c>/</c>.</param>
    /// <param name="name">The entry's name.</param>
    /// <param name="isDirectory">Whether it is a folder.</param>
    public bool? Decide(string relative, string name, bool isDirectory)
    {
        for (var i = _rules.Count - 1; i >= 0; i--)
        {
            var rule = _rules[i];
            if (rule.DirectoryOnly && !isDirectory)
            {
                continue;
            }

            if (rule.IsMatch(rule.OnName ? name : relative))
            {
                return !rule.Negated;
            }
        }

        return null;
    }

    private static Rule? Parse(string line)
    {
        line = line.TrimEnd('\r');
        if (line.Length == 0 || line[0] == '#')
        {
            return null;
        }

        // Trailing spaces go unless escaped with a backslash.
        var end = line.Length;
        while (end > 0 && line[end - 1] == ' ' && !(end > 1 && line[end - 2] == '\\'))
        {
            end--;
        }

        line = line[..end];
        var negated = false;
        if (line.StartsWith('!'))
        {
            negated = true;
            line = line[1..];
        }
        else if (line.StartsWith("\\!", StringComparison.Ordinal) || line.StartsWith("\\#", StringComparison.Ordinal))
        {
            line = line[1..];
        }

        var directoryOnly = line.EndsWith('/');
        line = line.TrimEnd('/');
        if (line.Length == 0)
        {
            return null;
        }

        // "**/name" is "name" at any depth.
        while (line.StartsWith("**/", StringComparison.Ordinal) && line.Length > 3 && !line[3..].Contains('/', StringComparison.Ordinal))
        {
            line = line[3..];
        }

        var onName = !line.Contains('/', StringComparison.Ordinal);
        if (!onName)
        {
            line = line.TrimStart('/');
        }

        return new Rule(line, negated, directoryOnly, onName);
    }

    /// <summary>One pattern, with a fast path for the common literal, <c>*.ext</c> and <c>prefix*</c> forms.</summary>
    private sealed class Rule
    {
        private readonly string _literal = string.Empty;
        private readonly Kind _kind;
        private readonly Regex? _regex;

        public Rule(string pattern, bool negated, bool directoryOnly, bool onName)
        {
            Negated = negated;
            DirectoryOnly = directoryOnly;
            OnName = onName;
            var wild = pattern.IndexOfAny(['*', '?', '[', '\\']);
            if (wild < 0)
            {
                _kind = Kind.Exact;
                _literal = pattern;
            }
            else if (onName && pattern[0] == '*' && pattern.IndexOfAny(['*', '?', '[', '\\', '/'], 1) < 0)
            {
                _kind = Kind.Suffix;
                _literal = pattern[1..];
            }
            else if (onName && wild == pattern.Length - 1 && pattern[^1] == '*')
            {
                _kind = Kind.Prefix;
                _literal = pattern[..^1];
            }
            else
            {
                _kind = Kind.Pattern;
                _regex = new Regex("^" + Glob.ToRegex(pattern, braces: false) + "$", RegexOptions.CultureInvariant);
            }
        }

        private enum Kind
        {
            Exact,
            Suffix,
            Prefix,
            Pattern,
        }

        public bool Negated { get; }

        public bool DirectoryOnly { get; }

        public bool OnName { get; }

        public bool IsMatch(string value) => _kind switch
        {
            Kind.Exact => string.Equals(value, _literal, StringComparison.Ordinal),
            Kind.Suffix => value.EndsWith(_literal, StringComparison.Ordinal),
            Kind.Prefix => value.StartsWith(_literal, StringComparison.Ordinal),
            _ => _regex!.IsMatch(value),
        };
    }
}
