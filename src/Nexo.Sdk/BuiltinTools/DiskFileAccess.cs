using System.Text;

namespace Nexo.BuiltinTools;

/// <summary>The default <see cref="IWorkspaceFileAccess"/>: the local disk, UTF-8 (a byte order mark is read, never written).</summary>
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

        await File.WriteAllTextAsync(path, content, Utf8, cancellationToken).ConfigureAwait(false);
    }
}
