using System.Text;

namespace Nexo.BuiltinTools;

/// <summary>The default <see cref="IWorkspaceFileAccess"/>: the local disk, UTF-8 (a byte order mark is kept on a file that has one, never added).</summary>
internal sealed class DiskFileAccess : IWorkspaceFileAccess
{
    public static DiskFileAccess Instance { get; } = new();

    public static readonly Encoding Utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);

    public Task<string> ReadTextFileAsync(string path, CancellationToken cancellationToken) =>
        File.ReadAllTextAsync(path, Utf8, cancellationToken);

    public async Task WriteTextFileAsync(string path, string content, CancellationToken cancellationToken)
    {
        if (Path.GetDirectoryName(path) is { Length: > 0 } folder)
        {
            Directory.CreateDirectory(folder);
        }

        // A file that starts with a UTF-8 byte order mark keeps it.
        var encoding = StartsWithBom(path) ? Encoding.UTF8 : Utf8;
        await File.WriteAllTextAsync(path, content, encoding, cancellationToken).ConfigureAwait(false);
    }

    private static bool StartsWithBom(string path)
    {
        try
        {
            Span<byte> start = stackalloc byte[3];
            using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            return RandomAccess.Read(handle, start, 0) == 3 && start.SequenceEqual((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }
}
