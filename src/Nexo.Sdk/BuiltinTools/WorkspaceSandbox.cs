namespace Nexo.BuiltinTools;

/// <summary>A path a built-in tool was given, checked to stay inside the workspace folder.</summary>
/// <param name="FullPath">The absolute path, normalised (<c>.</c> and <c>..</c> resolved); the one the tools open.</param>
/// <param name="RealPath">The same path with every symbolic link resolved (inside the folder's real path).</param>
/// <param name="Kind">What is there now.</param>
/// <param name="Relative">The path relative to the workspace folder, with <c>/</c> separators (<c>.</c> for the folder itself).</param>
internal sealed record SandboxPath(string FullPath, string RealPath, FileKind Kind, string Relative);

/// <summary>
/// The confinement of the built-in file tools to one workspace folder. Every path (relative to the folder, or absolute)
/// is normalised with <see cref="Path.GetFullPath(string, string)"/> and refused when it leaves the folder: <c>..</c>
/// segments that climb out, absolute paths elsewhere, a symbolic link anywhere along the path whose target is outside
/// (every existing component is resolved, like <c>realpath(3)</c>, and the real path is compared with the folder's real
/// path), a symbolic link loop, and Nexo's own store (its database with the <c>-wal</c>, <c>-shm</c> and
/// <c>-journal</c> files, its key file, its attachments folder, and its whole data folder when that lies inside the
/// workspace folder). A refusal is a <see cref="NexoException"/> of kind Validation whose message names the tool and the
/// path, which the turn hands to the model as the tool's error.
/// </summary>
/// <remarks>
/// The check and the use of a path are two steps: a process that swaps a folder for a symbolic link in between could
/// still redirect a tool. The tools only ever open the normalised path that was checked; run_command is not confined by
/// this (it runs with the user's rights) and is therefore always asked about unless a rule or the allow_all mode says otherwise.
/// </remarks>
internal sealed class WorkspaceSandbox
{
    /// <summary>The most symbolic links followed in one path before it counts as a loop (Linux's own limit).</summary>
    private const int MaxLinks = 40;

    private static readonly StringComparison PathComparison =
        OperatingSystem.IsWindows() || OperatingSystem.IsMacOS() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;

    private readonly List<string> _protectedFiles = [];
    private readonly List<string> _protectedFolders = [];

    /// <summary>Creates the sandbox of <paramref name="root"/>.</summary>
    /// <param name="root">The workspace folder.</param>
    /// <param name="store">Nexo's own files, never read or written by a tool.</param>
    public WorkspaceSandbox(string root, StoreFiles store)
    {
        Root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(root));
        RealRoot = RealPathOf(Root) ?? Root;
        foreach (var file in store.Files)
        {
            _protectedFiles.Add(RealPathOf(Path.GetFullPath(file)) ?? Path.GetFullPath(file));
        }

        foreach (var folder in store.Folders)
        {
            _protectedFolders.Add(Path.TrimEndingDirectorySeparator(RealPathOf(Path.GetFullPath(folder)) ?? Path.GetFullPath(folder)));
        }

        // The whole data folder when it lies inside the workspace folder (not the folder itself: a database kept in the
        // project's own folder protects only its files).
        if (store.DataFolder is { } data && RealPathOf(Path.GetFullPath(data)) is { } realData
            && IsWithin(realData, RealRoot) && !string.Equals(Path.TrimEndingDirectorySeparator(realData), RealRoot, PathComparison))
        {
            _protectedFolders.Add(Path.TrimEndingDirectorySeparator(realData));
        }
    }

    /// <summary>The workspace folder, absolute and normalised.</summary>
    public string Root { get; }

    /// <summary>The workspace folder with its symbolic links resolved.</summary>
    public string RealRoot { get; }

    /// <summary>
    /// Checks <paramref name="input"/> (relative to the folder, or absolute; empty or <see langword="null"/> means the
    /// folder itself) and returns where it leads.
    /// </summary>
    /// <param name="tool">The tool's name, for the error message.</param>
    /// <param name="field">The argument's name, for the error.</param>
    /// <param name="input">The path the model gave.</param>
    /// <exception cref="NexoException">Validation: the path leaves the folder, loops, or is one of Nexo's own files.</exception>
    public SandboxPath Resolve(string tool, string field, string? input)
    {
        if (!Directory.Exists(RealRoot))
        {
            throw BuiltinToolErrors.Fail(tool, field, $"the workspace folder {Root} does not exist.");
        }

        var given = string.IsNullOrWhiteSpace(input) ? "." : input;
        if (given.Contains('\0', StringComparison.Ordinal))
        {
            throw BuiltinToolErrors.Fail(tool, field, "the path contains a NUL character.");
        }

        string full;
        try
        {
            full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(given, Root));
        }
        catch (Exception ex) when (ex is ArgumentException or NotSupportedException or PathTooLongException)
        {
            throw BuiltinToolErrors.Fail(tool, field, $"'{given}' is not a valid path ({ex.Message})");
        }

        if (!IsWithin(full, Root))
        {
            throw BuiltinToolErrors.Fail(tool, field, $"'{given}' is outside the workspace folder {Root}; only paths inside it can be used.");
        }

        var real = RealPathOf(full)
            ?? throw BuiltinToolErrors.Fail(tool, field, $"'{given}' cannot be resolved: it goes through a symbolic link loop.");
        if (!IsWithin(real, RealRoot))
        {
            throw BuiltinToolErrors.Fail(tool, field, $"'{given}' leads outside the workspace folder {Root} through a symbolic link (to {real}); only paths inside it can be used.");
        }

        if (IsProtected(real))
        {
            throw BuiltinToolErrors.Fail(tool, field, $"'{given}' is one of Nexo's own files (its database, key or attachments); the built-in tools never read or change them.");
        }

        return new SandboxPath(full, real, FileKinds.Of(real), RelativeOf(full));
    }

    /// <summary>Whether a real path is one of Nexo's own files or inside one of its folders.</summary>
    public bool IsProtected(string realPath) =>
        _protectedFiles.Any(f => string.Equals(f, realPath, PathComparison)) || _protectedFolders.Any(f => IsWithin(realPath, f));

    /// <summary>Whether any of Nexo's own files or folders lies inside <paramref name="realFolder"/> (a walk there must look at each entry).</summary>
    public bool HasProtectedInside(string realFolder) =>
        _protectedFiles.Concat(_protectedFolders).Any(p => IsWithin(p, realFolder));

    /// <summary>The path relative to the workspace folder, with <c>/</c> separators.</summary>
    public string RelativeOf(string fullPath)
    {
        var relative = Path.GetRelativePath(Root, fullPath);
        return Path.DirectorySeparatorChar == '/' ? relative : relative.Replace(Path.DirectorySeparatorChar, '/');
    }

    /// <summary>Whether <paramref name="path"/> is <paramref name="folder"/> or inside it (both absolute and normalised).</summary>
    public static bool IsWithin(string path, string folder)
    {
        folder = Path.TrimEndingDirectorySeparator(folder);
        if (string.Equals(path, folder, PathComparison))
        {
            return true;
        }

        var prefix = folder.EndsWith(Path.DirectorySeparatorChar) ? folder : folder + Path.DirectorySeparatorChar;
        return path.StartsWith(prefix, PathComparison);
    }

    /// <summary>
    /// The path with every symbolic link resolved, component by component (like <c>realpath(3)</c>); the components
    /// that do not exist (yet) are kept as they are. <see langword="null"/> for a symbolic link loop.
    /// </summary>
    public static string? RealPathOf(string fullPath)
    {
        var root = Path.GetPathRoot(fullPath) ?? string.Empty;
        var pending = new List<string>(Split(fullPath[root.Length..]));
        pending.Reverse(); // a stack: the next component is last
        var current = root;
        var links = 0;
        var missing = false;
        while (pending.Count > 0)
        {
            var part = pending[^1];
            pending.RemoveAt(pending.Count - 1);
            if (part == ".")
            {
                continue;
            }

            if (part == "..")
            {
                current = Path.GetDirectoryName(Path.TrimEndingDirectorySeparator(current)) ?? current;
                continue;
            }

            var candidate = Path.Combine(current, part);
            if (missing)
            {
                current = candidate;
                continue;
            }

            string? target;
            try
            {
                target = new FileInfo(candidate).LinkTarget;
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                target = null;
            }

            if (target is null)
            {
                missing = !Directory.Exists(candidate) && !File.Exists(candidate);
                current = candidate;
                continue;
            }

            if (++links > MaxLinks)
            {
                return null;
            }

            // Continue with the link's target in place of the link (a relative target is relative to the link's folder).
            var absolute = Path.IsPathRooted(target) ? target : Path.Combine(current, target);
            var targetRoot = Path.GetPathRoot(absolute) ?? string.Empty;
            var parts = Split(absolute[targetRoot.Length..]);
            for (var i = parts.Length - 1; i >= 0; i--)
            {
                pending.Add(parts[i]);
            }

            current = targetRoot;
        }

        return Path.TrimEndingDirectorySeparator(current.Length == 0 ? root : current);
    }

    private static string[] Split(string path) =>
        path.Split([Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar], StringSplitOptions.RemoveEmptyEntries);
}
