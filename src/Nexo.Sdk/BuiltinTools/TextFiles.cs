namespace Nexo.BuiltinTools;

/// <summary>Reading text files for the tools: telling binary files, reading whole files within a size limit.</summary>
internal static class TextFiles
{
    /// <summary>How much of the start of a file is looked at for a NUL byte (like git and grep).</summary>
    public const int BinaryProbeBytes = 8 * 1024;

    /// <summary>The largest file edit_file and write_file read whole (10 MB).</summary>
    public const long MaxWholeFileBytes = 10L * 1024 * 1024;

    /// <summary>Whether the bytes (the start of a file) hold a NUL byte: the file is binary.</summary>
    public static bool LooksBinary(ReadOnlySpan<byte> start) => start.Contains((byte)0);

    /// <summary>Whether the start of a text holds a NUL character.</summary>
    public static bool LooksBinary(string text) => text.AsSpan(0, Math.Min(text.Length, BinaryProbeBytes)).Contains('\0');

    /// <summary>Whether the file on disk starts with a NUL byte within <see cref="BinaryProbeBytes"/>.</summary>
    public static async Task<bool> IsBinaryFileAsync(string path, CancellationToken cancellationToken)
    {
        var buffer = new byte[BinaryProbeBytes];
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1, useAsync: true);
        var read = 0;
        while (read < buffer.Length)
        {
            var n = await stream.ReadAsync(buffer.AsMemory(read), cancellationToken).ConfigureAwait(false);
            if (n == 0)
            {
                break;
            }

            read += n;
        }

        return LooksBinary(buffer.AsSpan(0, read));
    }

    /// <summary>
    /// Reads a whole text file for an edit: through the turn's file access when it has one, else from the disk (refusing
    /// a binary file or one larger than <see cref="MaxWholeFileBytes"/>). <see langword="null"/> when the file does not exist.
    /// </summary>
    public static async Task<string?> ReadForEditAsync(BuiltinToolContext context, string tool, SandboxPath path, CancellationToken cancellationToken)
    {
        CheckKind(tool, path, allowMissing: true);
        if (context.Files is { } files)
        {
            string text;
            try
            {
                text = await files.ReadTextFileAsync(path.FullPath, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
            {
                return null;
            }

            return LooksBinary(text) ? throw Binary(tool, path) : text;
        }

        if (path.Kind == FileKind.Missing)
        {
            return null;
        }

        var length = new FileInfo(path.FullPath).Length;
        if (length > MaxWholeFileBytes)
        {
            throw BuiltinToolErrors.Fail(tool, "path", $"'{path.Relative}' is {length:N0} bytes, more than the {MaxWholeFileBytes / 1024 / 1024} MB a tool edits; change it with run_command instead.");
        }

        if (await IsBinaryFileAsync(path.FullPath, cancellationToken).ConfigureAwait(false))
        {
            throw Binary(tool, path);
        }

        return await DiskFileAccess.Instance.ReadTextFileAsync(path.FullPath, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Refuses a folder, a device, FIFO or socket, and (unless <paramref name="allowMissing"/>) a missing file.</summary>
    public static void CheckKind(string tool, SandboxPath path, bool allowMissing)
    {
        switch (path.Kind)
        {
            case FileKind.Directory:
                throw BuiltinToolErrors.Fail(tool, "path", $"'{path.Relative}' is a folder, not a file.");
            case FileKind.Other:
                throw BuiltinToolErrors.Fail(tool, "path", $"'{path.Relative}' is not a regular file (a device, FIFO or socket); the built-in tools only work on regular files.");
            case FileKind.Missing when !allowMissing:
                throw BuiltinToolErrors.Fail(tool, "path", $"'{path.Relative}' does not exist.");
        }
    }

    public static NexoException Binary(string tool, SandboxPath path) =>
        BuiltinToolErrors.Fail(tool, "path", $"'{path.Relative}' is a binary file (it has NUL bytes); only text files can be read or edited.");
}
