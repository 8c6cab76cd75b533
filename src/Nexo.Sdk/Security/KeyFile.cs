using System.Security.Cryptography;
using System.Text;

namespace Nexo.Security;

/// <summary>Loads or creates the 256-bit key file that encrypts secrets, readable by its owner only.</summary>
internal static class KeyFile
{
    public const string FileName = "nexo.key";

    /// <summary>What to do when the key is lost or wrong; ends every key error.</summary>
    public const string RecoveryHint =
        "Restore the original key file (a backup made with 'nexo db backup' has one beside it), or start over without "
        + "the stored secrets with 'nexo db rekey --forget-secrets' (SDK: NexoClient.RekeyAsync): chats, workspaces, "
        + "connections and MCP servers are kept, API keys and MCP env/header values are cleared.";

    /// <summary>
    /// How long a reader waits for a key file that another process is creating at the same moment (the creator holds
    /// it locked until the key is written; on a busy machine that process may not run for a while).
    /// </summary>
    private static readonly TimeSpan CreationWait = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Returns the key stored at <paramref name="path"/>, creating the file (owner-only) with a new random key when it
    /// does not exist. Safe when several processes open the same new database at once: exactly one creates the file
    /// and the others wait until its content is written, then use that key.
    /// </summary>
    public static byte[] LoadOrCreate(string path)
    {
        path = Path.GetFullPath(path);
        if (!File.Exists(path))
        {
            var key = RandomNumberGenerator.GetBytes(32);
            if (TryCreate(path, key))
            {
                return key;
            }
        }

        return ReadWhenComplete(path);
    }

    /// <summary>
    /// Whether <paramref name="destination"/> can receive a copy of the key file <paramref name="source"/>: it does not
    /// exist, or already holds the same key. A different key there would make the copied secrets unreadable.
    /// </summary>
    public static bool CanCopy(string source, string destination) =>
        !File.Exists(destination) || File.ReadAllText(destination).Trim() == File.ReadAllText(source).Trim();

    /// <summary>Copies a key file (owner-only); does nothing when the destination already holds the same key.</summary>
    public static void Copy(string source, string destination)
    {
        if (File.Exists(destination))
        {
            return;
        }

        var text = File.ReadAllText(source).Trim();
        if (!TryCreate(destination, Parse(source, text)) && !CanCopy(source, destination))
        {
            throw new NexoException(NexoErrorKind.Security, $"Another key file appeared at '{destination}' during the copy.");
        }
    }

    /// <summary>
    /// Puts a new key file with <paramref name="key"/> at <paramref name="path"/> (owner-only). An existing file is
    /// not deleted but moved aside to <c>PATH.replaced-yyyyMMddHHmmss</c>, whose full path is returned.
    /// </summary>
    public static string? Replace(string path, byte[] key)
    {
        path = Path.GetFullPath(path);
        string? aside = null;
        if (File.Exists(path))
        {
            aside = $"{path}.replaced-{DateTime.UtcNow:yyyyMMddHHmmss}";
            try
            {
                File.Move(path, aside, overwrite: false);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                throw new NexoException(NexoErrorKind.Security, $"Cannot move the old key file '{path}' aside to '{aside}': {ex.Message}", ex);
            }
        }

        if (!TryCreate(path, key))
        {
            throw new NexoException(NexoErrorKind.Security, $"Another key file appeared at '{path}' while it was being replaced; run the command again.");
        }

        return aside;
    }

    private static bool TryCreate(string path, byte[] key)
    {
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        FileStream stream;
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            stream = new FileStream(path, options);
        }
        catch (IOException) when (File.Exists(path))
        {
            // Another process created it first: use theirs.
            return false;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new NexoException(NexoErrorKind.Security, $"Cannot create the key file '{path}': {ex.Message}", ex);
        }

        using (stream)
        {
            // One write of the whole key, so a reader sees either an empty file or the complete key.
            stream.Write(Encoding.ASCII.GetBytes(Convert.ToBase64String(key)));
            stream.Flush(flushToDisk: true);
        }

        return true;
    }

    private static byte[] ReadWhenComplete(string path)
    {
        // A key file that another process has just created may still be locked or empty for a moment.
        var deadline = DateTime.UtcNow + CreationWait;
        while (true)
        {
            string text;
            try
            {
                text = File.ReadAllText(path).Trim();
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                if (DateTime.UtcNow < deadline && ex is IOException and not FileNotFoundException and not DirectoryNotFoundException)
                {
                    Thread.Sleep(10);
                    continue;
                }

                throw new NexoException(NexoErrorKind.Security, $"Cannot read the key file '{path}': {ex.Message}", ex);
            }

            // Empty and just created: its creator is about to write it. Empty and old: left by a crash, so damaged.
            if (text.Length == 0 && DateTime.UtcNow < deadline && File.GetLastWriteTimeUtc(path) > DateTime.UtcNow - CreationWait)
            {
                Thread.Sleep(10);
                continue;
            }

            return Parse(path, text);
        }
    }

    private static byte[] Parse(string path, string text)
    {
        byte[] key;
        try
        {
            key = Convert.FromBase64String(text);
        }
        catch (FormatException ex)
        {
            throw new NexoException(NexoErrorKind.Security, $"The key file '{path}' is damaged (not base64). {RecoveryHint}", ex);
        }

        if (key.Length != 32)
        {
            throw new NexoException(
                NexoErrorKind.Security,
                text.Length == 0
                    ? $"The key file '{path}' is empty. {RecoveryHint}"
                    : $"The key file '{path}' is damaged or truncated (it does not hold a 256-bit key). {RecoveryHint}");
        }

        return key;
    }
}
