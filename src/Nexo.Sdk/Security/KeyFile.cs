using System.Security.Cryptography;

namespace Nexo.Security;

/// <summary>Loads or creates the 256-bit key file that encrypts secrets, readable by its owner only.</summary>
internal static class KeyFile
{
    public const string FileName = "nexo.key";

    public static byte[] LoadOrCreate(string path)
    {
        if (File.Exists(path))
        {
            return Read(path);
        }

        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var key = RandomNumberGenerator.GetBytes(32);
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        try
        {
            using var stream = new FileStream(path, options);
            using var writer = new StreamWriter(stream);
            writer.Write(Convert.ToBase64String(key));
        }
        catch (IOException) when (File.Exists(path))
        {
            // Another process created it first: use theirs.
            return Read(path);
        }

        return key;
    }

    private static byte[] Read(string path)
    {
        try
        {
            var key = Convert.FromBase64String(File.ReadAllText(path).Trim());
            if (key.Length != 32)
            {
                throw new NexoException(NexoErrorKind.Security, $"The key file '{path}' does not hold a 256-bit key.");
            }

            return key;
        }
        catch (FormatException ex)
        {
            throw new NexoException(NexoErrorKind.Security, $"The key file '{path}' is damaged (not base64).", ex);
        }
    }
}
