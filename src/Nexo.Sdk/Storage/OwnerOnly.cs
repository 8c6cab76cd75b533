namespace Nexo.Storage;

/// <summary>
/// Creates Nexo's folders and files readable by their owner only (0700 folders, 0600 files on Unix): the data folder,
/// the database, attachments and backups hold chats and secrets. On Windows the user's profile ACLs apply instead.
/// </summary>
internal static class OwnerOnly
{
    /// <summary>Owner read, write and search (0700).</summary>
    public const UnixFileMode FolderMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    /// <summary>Owner read and write (0600).</summary>
    public const UnixFileMode FileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>Creates <paramref name="path"/> (and missing parents) owner-only; an existing folder is left as it is.</summary>
    public static void CreateDirectory(string path)
    {
        if (Directory.Exists(path))
        {
            return;
        }

        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(path);
            return;
        }

        // The mode given to Directory.CreateDirectory applies to the last folder only; missing parents are made first.
        var parent = Path.GetDirectoryName(Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(parent))
        {
            CreateDirectory(parent);
        }

        Directory.CreateDirectory(path, FolderMode);
    }

    /// <summary>Options that create a new file owner-only (failing when it exists).</summary>
    public static FileStreamOptions NewFile(FileMode mode = System.IO.FileMode.CreateNew)
    {
        var options = new FileStreamOptions { Mode = mode, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = FileMode;
        }

        return options;
    }

    /// <summary>Creates <paramref name="path"/> as an empty owner-only file unless it exists; returns whether it made it.</summary>
    public static bool TryCreateEmptyFile(string path)
    {
        try
        {
            using var _ = new FileStream(path, NewFile());
            return true;
        }
        catch (IOException) when (File.Exists(path))
        {
            return false;
        }
    }

    /// <summary>Writes <paramref name="bytes"/> to a new owner-only file (replacing one that exists).</summary>
    public static async Task WriteAllBytesAsync(string path, byte[] bytes, CancellationToken cancellationToken)
    {
        // UnixCreateMode applies only when the file is created, so an existing file is removed first.
        File.Delete(path);
        await using var stream = new FileStream(path, NewFile());
        await stream.WriteAsync(bytes, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Copies a file to a new owner-only file (replacing one that exists).</summary>
    public static void CopyFile(string source, string destination)
    {
        File.Delete(destination);
        using var input = File.OpenRead(source);
        using var output = new FileStream(destination, NewFile());
        input.CopyTo(output);
    }
}
