using System.IO.Enumeration;

namespace Nexo.BuiltinTools;

/// <summary>A file found by <see cref="WorkspaceWalker"/>.</summary>
/// <param name="FullPath">Its real path (inside the workspace folder's real path).</param>
/// <param name="Relative">Its path relative to the workspace folder, with <c>/</c>.</param>
/// <param name="Name">Its name.</param>
/// <param name="Length">Its size in bytes (0 for devices, FIFOs and sockets too).</param>
internal readonly record struct WalkedFile(string FullPath, string Relative, string Name, long Length);

/// <summary>
/// Walks a folder of the workspace for find_files and search_text: files in path order, skipping what git would
/// ignore (<c>.gitignore</c> files at every level, <c>.git/info/exclude</c>), the version control folders (<c>.git</c>,
/// <c>.hg</c>, <c>.svn</c>) and Nexo's own store. Symbolic links to folders are not followed; a symbolic link to a file
/// is listed when its target is a regular file inside the workspace folder.
/// </summary>
internal sealed class WorkspaceWalker(WorkspaceSandbox sandbox)
{
    private static readonly HashSet<string> SkippedFolders = new(StringComparer.Ordinal) { ".git", ".hg", ".svn" };

    private static readonly EnumerationOptions Options = new()
    {
        RecurseSubdirectories = false,
        IgnoreInaccessible = true,
        AttributesToSkip = 0,
        ReturnSpecialDirectories = false,
    };

    /// <summary>The files under <paramref name="start"/> (a folder inside the workspace folder), in path order.</summary>
    public IEnumerable<WalkedFile> Files(SandboxPath start, CancellationToken cancellationToken)
    {
        var root = sandbox.RealRoot;
        var checkStore = sandbox.HasProtectedInside(root);
        var startRelative = RelativeOf(root, start.RealPath);

        // The rules of the workspace folder and of every folder down to the start.
        var rules = new List<GitIgnore>();
        if (GitIgnore.Load(string.Empty, Path.Combine(root, ".git", "info", "exclude")) is { } exclude)
        {
            rules.Add(exclude);
        }

        var folder = root;
        var folderRelative = string.Empty;
        foreach (var part in startRelative.Length == 0 ? [] : startRelative.Split('/'))
        {
            if (GitIgnore.Load(folderRelative, Path.Combine(folder, ".gitignore")) is { } parentRules)
            {
                rules.Add(parentRules);
            }

            folder = Path.Combine(folder, part);
            folderRelative = folderRelative.Length == 0 ? part : folderRelative + "/" + part;
        }

        // Depth first in name order: a folder's content comes where its name sorts among its siblings.
        var stack = new Stack<(string Dir, string Relative, IReadOnlyList<GitIgnore> Rules, IEnumerator<Entry> Entries)>();
        stack.Push(Open(start.RealPath, startRelative, rules));
        while (stack.Count > 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var (dir, dirRelative, here, entries) = stack.Peek();
            if (!entries.MoveNext())
            {
                stack.Pop();
                continue;
            }

            var entry = entries.Current;
            var full = Path.Combine(dir, entry.Name);
            var relative = dirRelative.Length == 0 ? entry.Name : dirRelative + "/" + entry.Name;
            var isFolder = entry.IsDirectory && !entry.IsLink;
            if ((isFolder && SkippedFolders.Contains(entry.Name)) || IsIgnored(here, relative, entry.Name, isFolder) || (checkStore && sandbox.IsProtected(full)))
            {
                continue;
            }

            if (isFolder)
            {
                stack.Push(Open(full, relative, here));
            }
            else if (entry.IsLink)
            {
                if (LinkedFile(full) is { } length)
                {
                    yield return new WalkedFile(full, relative, entry.Name, length);
                }
            }
            else
            {
                yield return new WalkedFile(full, relative, entry.Name, entry.Length);
            }
        }
    }

    /// <summary>A folder's entries in name order, with the rules that apply inside it (its own <c>.gitignore</c> added).</summary>
    private static (string, string, IReadOnlyList<GitIgnore>, IEnumerator<Entry>) Open(string dir, string relative, IReadOnlyList<GitIgnore> inherited)
    {
        var rules = GitIgnore.Load(relative, Path.Combine(dir, ".gitignore")) is { } own ? [.. inherited, own] : inherited;
        List<Entry> entries;
        try
        {
            entries = new FileSystemEnumerable<Entry>(
                    dir,
                    (ref FileSystemEntry e) => new Entry(e.FileName.ToString(), e.IsDirectory, (e.Attributes & FileAttributes.ReparsePoint) != 0, e.IsDirectory ? 0 : e.Length),
                    Options)
                .ToList();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            entries = [];
        }

        entries.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
        return (dir, relative, rules, entries.GetEnumerator());
    }

    /// <summary>Whether the rules (outermost first) ignore an entry: the innermost file with a matching rule decides.</summary>
    public static bool IsIgnored(IReadOnlyList<GitIgnore> rules, string relative, string name, bool isFolder)
    {
        for (var i = rules.Count - 1; i >= 0; i--)
        {
            var file = rules[i];
            var local = file.BaseRelative.Length == 0 ? relative : relative[(file.BaseRelative.Length + 1)..];
            if (file.Decide(local, name, isFolder) is { } decision)
            {
                return decision;
            }
        }

        return false;
    }

    /// <summary>The size of a linked file whose target is a regular file inside the folder (and not Nexo's); otherwise <see langword="null"/>.</summary>
    private long? LinkedFile(string full)
    {
        var real = WorkspaceSandbox.RealPathOf(full);
        if (real is null || !WorkspaceSandbox.IsWithin(real, sandbox.RealRoot) || sandbox.IsProtected(real) || FileKinds.Of(real) != FileKind.File)
        {
            return null;
        }

        try
        {
            return new FileInfo(real).Length;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static string RelativeOf(string root, string path)
    {
        var relative = Path.GetRelativePath(root, path);
        if (relative == ".")
        {
            return string.Empty;
        }

        return Path.DirectorySeparatorChar == '/' ? relative : relative.Replace(Path.DirectorySeparatorChar, '/');
    }

    private readonly record struct Entry(string Name, bool IsDirectory, bool IsLink, long Length);
}
