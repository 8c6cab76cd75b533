using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Win32.SafeHandles;

namespace Nexo.BuiltinTools;

/// <summary>
/// <c>search_text {pattern, path?, glob?, ignoreCase?, maxResults?}</c>: the lines matching a .NET regular expression
/// (multiline: <c>^</c> and <c>$</c> match at line ends; a match is reported on the line where it starts) across the
/// tree, as <c>path:line: text</c>. Respects <c>.gitignore</c> and skips <c>.git</c>, binary files (a NUL byte in the
/// first 8 KB), empty files and files over <see cref="MaxFileBytes"/>. The files are searched in parallel, in batches
/// taken in path order, so the first <c>maxResults</c> matches are always the same ones. Each match attempt has a
/// timeout (a pathological pattern fails instead of hanging), and the whole search stops after <see cref="MaxDuration"/>.
/// </summary>
internal sealed class SearchTextTool(BuiltinToolContext context) : BuiltinTool(context, BuiltinToolNames.SearchText, Text, Schema)
{
    public const int DefaultMaxResults = 100;

    public const int MaxMaxResults = 1000;

    /// <summary>Files larger than this (4 MB) are skipped.</summary>
    public const long MaxFileBytes = 4L * 1024 * 1024;

    /// <summary>The most characters of a matching line shown.</summary>
    public const int MaxLineChars = 300;

    public static readonly TimeSpan MatchTimeout = TimeSpan.FromSeconds(2);

    public static readonly TimeSpan MaxDuration = TimeSpan.FromSeconds(60);

    private const int BatchSize = 256;

    private const string Text =
        "Searches the workspace's text files for a regular expression (.NET syntax; ^ and $ match at line ends) and returns matching lines as path:line: text. "
        + "Skips files ignored by .gitignore, the .git folder, binary files and files over 4 MB. Narrow it with path (a folder or a file) and glob (for example *.cs).";

    private const string Schema = """
        {
          "type": "object",
          "properties": {
            "pattern": { "type": "string", "description": "The regular expression (.NET syntax)." },
            "path": { "type": "string", "description": "A folder or file to search, relative to the workspace folder. Default: the workspace folder." },
            "glob": { "type": "string", "description": "Only files matching this glob, for example *.ts or src/**/*.cs." },
            "ignoreCase": { "type": "boolean", "description": "Match regardless of case. Default false." },
            "maxResults": { "type": "integer", "minimum": 1, "maximum": 1000, "description": "The most matching lines returned. Default 100." }
          },
          "required": ["pattern"],
          "additionalProperties": false
        }
        """;

    protected override Task<ToolCallPreview> PreviewCoreAsync(BuiltinToolArguments arguments, CancellationToken cancellationToken)
    {
        var path = Context.RequireSandbox(Name).Resolve(Name, "path", arguments.String("path"));
        return Task.FromResult(new ToolCallPreview { Kind = BuiltinToolNames.KindOf(Name), Path = path.FullPath });
    }

    protected override Task<string> RunAsync(BuiltinToolArguments arguments, CancellationToken cancellationToken)
    {
        var sandbox = Context.RequireSandbox(Name);
        var pattern = arguments.RequiredString("pattern", allowEmpty: false);
        var path = sandbox.Resolve(Name, "path", arguments.String("path"));
        var globText = arguments.String("glob");
        var ignoreCase = arguments.Bool("ignoreCase") ?? false;
        var max = arguments.Int("maxResults", 1, MaxMaxResults) ?? DefaultMaxResults;

        Regex regex;
        try
        {
            var options = RegexOptions.Multiline | RegexOptions.CultureInvariant | RegexOptions.Compiled | (ignoreCase ? RegexOptions.IgnoreCase : RegexOptions.None);
            regex = new Regex(pattern, options, MatchTimeout);
        }
        catch (ArgumentException ex)
        {
            throw arguments.Error("pattern", $"'{pattern}' is not a valid regular expression: {ex.Message}");
        }

        Glob? glob = null;
        if (!string.IsNullOrWhiteSpace(globText))
        {
            try
            {
                glob = Glob.Parse(globText);
            }
            catch (ArgumentException ex)
            {
                throw arguments.Error("glob", ex.Message);
            }
        }

        List<WalkedFile> files;
        switch (path.Kind)
        {
            case FileKind.Directory:
                var prefix = path.Relative == "." ? string.Empty : path.Relative + "/";
                files = new WorkspaceWalker(sandbox).Files(path, cancellationToken)
                    .Where(f => glob is null || glob.IsMatch(prefix.Length > 0 && f.Relative.StartsWith(prefix, StringComparison.Ordinal) ? f.Relative[prefix.Length..] : f.Relative, f.Name))
                    .ToList();
                break;
            case FileKind.File:
                files = [new WalkedFile(path.RealPath, path.Relative, Path.GetFileName(path.FullPath), new FileInfo(path.RealPath).Length)];
                break;
            case FileKind.Missing:
                throw BuiltinToolErrors.Fail(Name, "path", $"'{path.Relative}' does not exist.");
            default:
                throw BuiltinToolErrors.Fail(Name, "path", $"'{path.Relative}' is not a regular file (a device, FIFO or socket).");
        }

        var search = Search(files, regex, max, cancellationToken);
        return Task.FromResult(Format(search, pattern, files.Count, max));
    }

    /// <summary>What a search found.</summary>
    internal sealed record SearchResult(List<string> Lines, bool Full, int Binary, int Huge, bool TimedOut, int FilesSearched);

    /// <summary>Searches <paramref name="files"/> in parallel batches (in order) until <paramref name="max"/> matching lines are found.</summary>
    /// <exception cref="NexoException">Validation when a match attempt ran past <see cref="MatchTimeout"/>.</exception>
    internal static SearchResult Search(IReadOnlyList<WalkedFile> files, Regex regex, int max, CancellationToken cancellationToken)
    {
        var lines = new List<string>();
        int binary = 0, huge = 0, searched = 0;
        var watch = Stopwatch.StartNew();
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount, CancellationToken = cancellationToken };
        var timedOut = false;
        for (var start = 0; start < files.Count && lines.Count < max; start += BatchSize)
        {
            if (watch.Elapsed > MaxDuration)
            {
                timedOut = true;
                break;
            }

            var count = Math.Min(BatchSize, files.Count - start);
            var results = new FileHits[count];
            try
            {
                Parallel.For(0, count, parallel, i => results[i] = SearchFile(files[start + i], regex, max));
            }
            catch (AggregateException ex) when (ex.InnerExceptions.Any(e => e is RegexMatchTimeoutException))
            {
                throw BuiltinToolErrors.Fail(
                    BuiltinToolNames.SearchText,
                    "pattern",
                    $"the pattern took longer than {MatchTimeout.TotalSeconds:0} s on one file and was stopped; simplify it (nested quantifiers such as (a+)+ backtrack without end).");
            }

            for (var i = 0; i < count; i++)
            {
                var hits = results[i];
                searched += hits.Skipped == Skip.None ? 1 : 0;
                binary += hits.Skipped == Skip.Binary ? 1 : 0;
                huge += hits.Skipped == Skip.Huge ? 1 : 0;
                foreach (var (line, text) in hits.Lines ?? [])
                {
                    if (lines.Count >= max)
                    {
                        break;
                    }

                    lines.Add(string.Create(CultureInfo.InvariantCulture, $"{files[start + i].Relative}:{line}: {text}"));
                }
            }
        }

        return new SearchResult(lines, lines.Count >= max, binary, huge, timedOut, searched);
    }

    private static string Format(SearchResult result, string pattern, int files, int max)
    {
        var text = new StringBuilder();
        if (result.Lines.Count == 0)
        {
            text.Append(CultureInfo.InvariantCulture, $"No matches for /{pattern}/ in {result.FilesSearched} file{(result.FilesSearched == 1 ? string.Empty : "s")}.");
        }
        else
        {
            text.AppendJoin('\n', result.Lines);
        }

        if (result.Full)
        {
            text.Append(CultureInfo.InvariantCulture, $"\n[Stopped at {max} matching lines; there may be more. Narrow the search with path or glob, or raise maxResults (at most {MaxMaxResults}).]");
        }

        if (result.TimedOut)
        {
            text.Append(CultureInfo.InvariantCulture, $"\n[The search stopped after {MaxDuration.TotalSeconds:0} s, before every one of the {files} files was searched; narrow it with path or glob.]");
        }

        var skipped = new List<string>();
        if (result.Binary > 0)
        {
            skipped.Add($"{result.Binary} binary file{(result.Binary == 1 ? string.Empty : "s")}");
        }

        if (result.Huge > 0)
        {
            skipped.Add($"{result.Huge} file{(result.Huge == 1 ? string.Empty : "s")} over {MaxFileBytes / 1024 / 1024} MB");
        }

        if (skipped.Count > 0)
        {
            text.Append("\n[Skipped ").AppendJoin(" and ", skipped).Append(".]");
        }

        return text.ToString();
    }

    private enum Skip
    {
        None,
        Empty,
        Binary,
        Huge,
        Unreadable,
    }

    private readonly record struct FileHits(Skip Skipped, List<(int Line, string Text)>? Lines);

    /// <summary>The matching lines of one file (at most <paramref name="max"/>), read whole into pooled buffers.</summary>
    private static FileHits SearchFile(WalkedFile file, Regex regex, int max)
    {
        if (file.Length == 0)
        {
            return new FileHits(Skip.Empty, null); // also every device, FIFO and socket: they are never opened
        }

        if (file.Length > MaxFileBytes)
        {
            return new FileHits(Skip.Huge, null);
        }

        var length = (int)file.Length;
        var bytes = ArrayPool<byte>.Shared.Rent(length);
        char[]? chars = null;
        try
        {
            int read;
            try
            {
                using SafeFileHandle handle = File.OpenHandle(file.FullPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
                read = 0;
                int n;
                while (read < length && (n = RandomAccess.Read(handle, bytes.AsSpan(read, length - read), read)) > 0)
                {
                    read += n;
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                return new FileHits(Skip.Unreadable, null);
            }

            var content = bytes.AsSpan(0, read);
            if (TextFiles.LooksBinary(content[..Math.Min(content.Length, TextFiles.BinaryProbeBytes)]))
            {
                return new FileHits(Skip.Binary, null);
            }

            if (content.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
            {
                content = content[3..];
            }

            chars = ArrayPool<char>.Shared.Rent(Encoding.UTF8.GetMaxCharCount(content.Length));
            var text = chars.AsSpan(0, Encoding.UTF8.GetChars(content, chars));
            return new FileHits(Skip.None, Match(text, regex, max));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(bytes);
            if (chars is not null)
            {
                ArrayPool<char>.Shared.Return(chars);
            }
        }
    }

    /// <summary>The lines where matches start, each once, with its 1-based number.</summary>
    private static List<(int Line, string Text)>? Match(ReadOnlySpan<char> text, Regex regex, int max)
    {
        List<(int, string)>? hits = null;
        var line = 1;
        var lineStart = 0;
        var scanned = 0;
        var reported = 0;
        foreach (var match in regex.EnumerateMatches(text))
        {
            var between = text[scanned..match.Index];
            var newlines = between.Count('\n');
            if (newlines > 0)
            {
                line += newlines;
                lineStart = scanned + between.LastIndexOf('\n') + 1;
            }

            scanned = match.Index;
            if (line == reported)
            {
                continue;
            }

            reported = line;
            var rest = text[lineStart..];
            var end = rest.IndexOf('\n');
            var content = (end < 0 ? rest : rest[..end]).TrimEnd('\r');
            var shown = content.Length <= MaxLineChars ? content.ToString() : string.Concat(content[..MaxLineChars], "…");
            (hits ??= []).Add((line, shown));
            if (hits.Count >= max)
            {
                break;
            }
        }

        return hits;
    }
}
