namespace Nexo;

/// <summary>
/// How the built-in file tools read and write text files. The default reads and writes the disk; an editor host (the ACP
/// agent) supplies one that goes through the editor, so unsaved buffers are read and writes show up in it. Paths are
/// absolute and already checked to be inside the workspace folder.
/// </summary>
public interface IWorkspaceFileAccess
{
    /// <summary>Reads a whole text file.</summary>
    /// <param name="path">The absolute path, inside the workspace folder.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The file's text.</returns>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    Task<string> ReadTextFileAsync(string path, CancellationToken cancellationToken);

    /// <summary>Creates or replaces a text file.</summary>
    /// <param name="path">The absolute path, inside the workspace folder.</param>
    /// <param name="content">The new text.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    Task WriteTextFileAsync(string path, string content, CancellationToken cancellationToken);
}
