using System.Text;
using StreamJsonRpc;

namespace Nexo.JsonRpcServer.Acp;

/// <summary>
/// The built-in file tools' reads and writes for one session, through the client when it advertises
/// <c>fs.readTextFile</c> / <c>fs.writeTextFile</c> (so unsaved editor buffers are read and writes show up in the
/// editor), else on the disk. Paths arrive absolute and already checked to be inside the workspace folder. Inside a
/// tool call, what the call read and wrote is remembered in the running turn (<see cref="AcpTurnCalls"/>), so the
/// call's <c>tool_call_update</c> can carry the diff of the change.
/// </summary>
internal sealed class AcpClientFiles(AcpAgent agent, AcpSession session, AcpClientCapabilities capabilities) : IWorkspaceFileAccess
{
    /// <summary>The largest file read from disk for the old text of a diff.</summary>
    private const long MaxDiffBytes = 1024 * 1024;

    /// <summary>The largest file (on disk) asked of the editor: it answers with the whole text in one message.</summary>
    internal const long MaxEditorReadBytes = 10L * 1024 * 1024;

    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    public async Task<string> ReadTextFileAsync(string path, CancellationToken cancellationToken)
    {
        string text;
        if (capabilities.ReadTextFile)
        {
            if (new FileInfo(path) is { Exists: true, Length: > MaxEditorReadBytes } large)
            {
                throw new IOException($"'{path}' is {large.Length:N0} bytes, more than the {MaxEditorReadBytes / 1024 / 1024} MB read through the editor; look at parts of it with run_command instead.");
            }

            try
            {
                var response = await agent.RequestClientAsync<ReadTextFileResponse>(
                    "fs/read_text_file", new ReadTextFileRequest { SessionId = session.Id, Path = path }, cancellationToken).ConfigureAwait(false);
                text = response?.Content ?? string.Empty;
            }
            catch (RemoteInvocationException ex)
            {
                // Editors answer a missing file with an error of their own wording: the disk tells which it was.
                if (!File.Exists(path))
                {
                    throw new FileNotFoundException($"The file '{path}' does not exist.", path, ex);
                }

                throw new IOException($"The editor could not read '{path}': {ex.Message}", ex);
            }
        }
        else
        {
            text = await ReadDiskAsync(path, cancellationToken).ConfigureAwait(false);
        }

        if (CurrentCall() is { } call)
        {
            call.Turn.RecordRead(call.Id, path, text);
        }

        return text;
    }

    public async Task WriteTextFileAsync(string path, string content, CancellationToken cancellationToken)
    {
        var call = CurrentCall();
        string? before = null;
        if (call is not null)
        {
            before = call.Value.Turn.LastRead(call.Value.Id, path) ?? TryReadDiskForDiff(path);
        }

        if (capabilities.WriteTextFile)
        {
            try
            {
                await agent.RequestClientAsync<EmptyObject>(
                    "fs/write_text_file", new WriteTextFileRequest { SessionId = session.Id, Path = path, Content = content }, cancellationToken).ConfigureAwait(false);
            }
            catch (RemoteInvocationException ex)
            {
                throw new IOException($"The editor could not write '{path}': {ex.Message}", ex);
            }
        }
        else
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            await File.WriteAllTextAsync(path, content, Utf8, cancellationToken).ConfigureAwait(false);
        }

        if (call is { } c)
        {
            c.Turn.RecordWrite(c.Id, path, before, content);
            c.Turn.RecordRead(c.Id, path, content);
        }
    }

    private static async Task<string> ReadDiskAsync(string path, CancellationToken cancellationToken)
    {
        try
        {
            return await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false);
        }
        catch (DirectoryNotFoundException ex)
        {
            throw new FileNotFoundException($"The file '{path}' does not exist.", path, ex);
        }
    }

    private static string? TryReadDiskForDiff(string path)
    {
        try
        {
            var info = new FileInfo(path);
            return info.Exists && info.Length <= MaxDiffBytes ? File.ReadAllText(path) : null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>The tool call running on this flow, in this session's running turn.</summary>
    private (AcpTurnCalls Turn, string Id)? CurrentCall() =>
        ToolCallContext.Current is { } context && context.ChatId == session.Id && session.CurrentTurn is { } turn
            ? (turn.Calls, context.Call.Id)
            : null;
}
