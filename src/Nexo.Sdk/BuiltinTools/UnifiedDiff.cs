using System.Text;

namespace Nexo.BuiltinTools;

/// <summary>
/// A unified diff of two texts, line by line, with three lines of context (the format of <c>diff -u</c> and
/// <c>git diff</c>). The edit script is Myers' O(ND) shortest edit after the common start and end are set aside; when the
/// texts differ in more than <see cref="MaxEdits"/> lines the changed middle is shown as removed and added whole.
/// </summary>
internal static class UnifiedDiff
{
    /// <summary>The most differing lines searched for a shortest edit; beyond, the middle is replaced whole.</summary>
    private const int MaxEdits = 2000;

    /// <summary>Marks the last line of a text that does not end with a newline (compared, never printed).</summary>
    private const string NoNewline = "\uFFFF";

    private enum Op
    {
        Same,
        Delete,
        Insert,
    }

    /// <summary>The diff from <paramref name="oldText"/> (<see langword="null"/>: a new file) to <paramref name="newText"/>; empty when they are equal.</summary>
    /// <param name="oldText">The text before.</param>
    /// <param name="newText">The text after.</param>
    /// <param name="path">The file's path, for the <c>---</c> and <c>+++</c> lines (relative, with <c>/</c>).</param>
    /// <param name="context">Lines of context around each change.</param>
    public static string Create(string? oldText, string newText, string path, int context = 3)
    {
        var a = Lines(oldText ?? string.Empty);
        var b = Lines(newText);
        var script = Script(a, b);
        if (script.All(e => e.Op == Op.Same))
        {
            return string.Empty;
        }

        var text = new StringBuilder();
        text.Append("--- ").Append(oldText is null ? "/dev/null" : "a/" + path).Append('\n');
        text.Append("+++ b/").Append(path).Append('\n');
        var changes = Enumerable.Range(0, script.Count).Where(i => script[i].Op != Op.Same).ToList();
        var c = 0;
        while (c < changes.Count)
        {
            // A hunk: from context lines before the first change to context lines after the last change that is
            // closer than 2 × context lines to the one before it.
            var start = Math.Max(0, changes[c] - context);
            var last = changes[c];
            while (c + 1 < changes.Count && changes[c + 1] - last <= 2 * context)
            {
                last = changes[++c];
            }

            c++;
            var end = Math.Min(script.Count - 1, last + context);
            WriteHunk(text, script, start, end);
        }

        return text.ToString();
    }

    private static void WriteHunk(StringBuilder text, List<(Op Op, string Line, int A, int B)> script, int start, int end)
    {
        // The first old and new line numbers of the hunk: those of its first line, or where it would be.
        int oldStart = 0, newStart = 0;
        for (var i = start; i < script.Count; i++)
        {
            if (script[i].Op != Op.Insert)
            {
                oldStart = script[i].A + 1;
                break;
            }
        }

        for (var i = start; i < script.Count; i++)
        {
            if (script[i].Op != Op.Delete)
            {
                newStart = script[i].B + 1;
                break;
            }
        }

        var oldCount = 0;
        var newCount = 0;
        for (var i = start; i <= end; i++)
        {
            oldCount += script[i].Op == Op.Insert ? 0 : 1;
            newCount += script[i].Op == Op.Delete ? 0 : 1;
        }

        if (oldCount == 0)
        {
            oldStart = PreviousLine(script, start, e => e.Op != Op.Insert, e => e.A);
        }

        if (newCount == 0)
        {
            newStart = PreviousLine(script, start, e => e.Op != Op.Delete, e => e.B);
        }

        text.Append("@@ -").Append(Range(oldStart, oldCount)).Append(" +").Append(Range(newStart, newCount)).Append(" @@\n");
        for (var i = start; i <= end; i++)
        {
            var (op, line, _, _) = script[i];
            var noNewline = line.EndsWith(NoNewline, StringComparison.Ordinal);
            text.Append(op switch { Op.Delete => '-', Op.Insert => '+', _ => ' ' })
                .Append(noNewline ? line[..^NoNewline.Length] : line)
                .Append('\n');
            if (noNewline)
            {
                text.Append("\\ No newline at end of file\n");
            }
        }
    }

    /// <summary>The 1-based number of the line before the hunk on one side (0 at the start of the file).</summary>
    private static int PreviousLine(List<(Op Op, string Line, int A, int B)> script, int start, Func<(Op Op, string Line, int A, int B), bool> onSide, Func<(Op Op, string Line, int A, int B), int> index)
    {
        for (var i = start - 1; i >= 0; i--)
        {
            if (onSide(script[i]))
            {
                return index(script[i]) + 1;
            }
        }

        return 0;
    }

    private static string Range(int start, int count) => count == 1 ? $"{start}" : $"{start},{count}";

    private static string[] Lines(string text)
    {
        if (text.Length == 0)
        {
            return [];
        }

        var lines = text.Split('\n');
        if (lines[^1].Length == 0)
        {
            return lines[..^1];
        }

        lines[^1] += NoNewline;
        return lines;
    }

    /// <summary>The edit script from <paramref name="a"/> to <paramref name="b"/>: every line with its index on each side.</summary>
    private static List<(Op Op, string Line, int A, int B)> Script(string[] a, string[] b)
    {
        var prefix = 0;
        while (prefix < a.Length && prefix < b.Length && string.Equals(a[prefix], b[prefix], StringComparison.Ordinal))
        {
            prefix++;
        }

        var suffix = 0;
        while (suffix < a.Length - prefix && suffix < b.Length - prefix && string.Equals(a[^(suffix + 1)], b[^(suffix + 1)], StringComparison.Ordinal))
        {
            suffix++;
        }

        var script = new List<(Op, string, int, int)>(a.Length + b.Length);
        for (var i = 0; i < prefix; i++)
        {
            script.Add((Op.Same, a[i], i, i));
        }

        var middle = Myers(a.AsSpan(prefix, a.Length - prefix - suffix).ToArray(), b.AsSpan(prefix, b.Length - prefix - suffix).ToArray());
        foreach (var (op, x, y) in middle)
        {
            script.Add((op, op == Op.Insert ? b[prefix + y] : a[prefix + x], prefix + x, prefix + y));
        }

        for (var i = suffix; i > 0; i--)
        {
            script.Add((Op.Same, a[^i], a.Length - i, b.Length - i));
        }

        return script;
    }

    /// <summary>
    /// Myers' shortest edit script: each entry with its operation and the indices in <paramref name="a"/> and
    /// <paramref name="b"/> where it stands (for an insert, <c>x</c> is where the line goes in <paramref name="a"/>).
    /// </summary>
    private static List<(Op Op, int X, int Y)> Myers(string[] a, string[] b)
    {
        int n = a.Length, m = b.Length;
        var result = new List<(Op, int, int)>(n + m);
        if (n == 0 || m == 0)
        {
            Replace(result, 0, 0, n, m);
            return result;
        }

        var max = Math.Min(n + m, MaxEdits);
        var offset = max + 1;
        var v = new int[2 * max + 3];
        var trace = new List<int[]>();
        var found = -1;
        for (var d = 0; d <= max && found < 0; d++)
        {
            trace.Add(v[(offset - d)..(offset + d + 1)]); // the furthest x of each diagonal -d..d before step d
            for (var k = -d; k <= d; k += 2)
            {
                var x = k == -d || (k != d && v[offset + k - 1] < v[offset + k + 1]) ? v[offset + k + 1] : v[offset + k - 1] + 1;
                var y = x - k;
                while (x < n && y < m && string.Equals(a[x], b[y], StringComparison.Ordinal))
                {
                    x++;
                    y++;
                }

                v[offset + k] = x;
                if (x >= n && y >= m)
                {
                    found = d;
                    break;
                }
            }
        }

        if (found < 0)
        {
            Replace(result, 0, 0, n, m);
            return result;
        }

        // Walk back from the end through the saved diagonals.
        int cx = n, cy = m;
        for (var d = found; d > 0; d--)
        {
            var saved = trace[d]; // v before step d, diagonals -d..d at index k + d
            var k = cx - cy;
            int At(int diagonal) => diagonal < -(d - 1) || diagonal > d - 1 ? -1 : saved[diagonal + d];
            var down = k == -d || (k != d && At(k - 1) < At(k + 1));
            var prevK = down ? k + 1 : k - 1;
            var prevX = At(prevK);
            var prevY = prevX - prevK;
            while (cx > prevX + (down ? 0 : 1) && cy > prevY + (down ? 1 : 0))
            {
                cx--;
                cy--;
                result.Add((Op.Same, cx, cy));
            }

            if (down)
            {
                cy--;
                result.Add((Op.Insert, cx, cy));
            }
            else
            {
                cx--;
                result.Add((Op.Delete, cx, cy));
            }
        }

        while (cx > 0 && cy > 0)
        {
            cx--;
            cy--;
            result.Add((Op.Same, cx, cy));
        }

        result.Reverse();
        return result;
    }

    private static void Replace(List<(Op, int, int)> result, int x, int y, int n, int m)
    {
        for (var i = 0; i < n; i++)
        {
            result.Add((Op.Delete, x + i, y));
        }

        for (var j = 0; j < m; j++)
        {
            result.Add((Op.Insert, x + n, y + j));
        }
    }
}
