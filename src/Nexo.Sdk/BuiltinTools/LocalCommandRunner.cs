using System.ComponentModel;
using System.Diagnostics;
using System.Text;

namespace Nexo.BuiltinTools;

/// <summary>
/// The default <see cref="ICommandRunner"/>: a local process in the working directory with the request's environment,
/// stdin closed, stdout and stderr read together into a <see cref="CappedOutput"/>. On timeout or cancellation the whole
/// process tree is killed (<see cref="Process.Kill(bool)"/>); on Linux every process is also tagged through its
/// environment (<see cref="TagVariable"/>), so one that left the tree (re-parented after a double fork or
/// <c>setsid</c>) is found and killed too. A command whose background children keep its output open after it exited
/// is waited for up to the timeout, then those are killed.
/// </summary>
internal sealed class LocalCommandRunner : ICommandRunner
{
    /// <summary>The variable that tags a command's processes on Linux (the only Nexo variable a command sees).</summary>
    public const string TagVariable = "NEXO_COMMAND_TAG";

    /// <summary>How long the output is still read after the process tree was killed.</summary>
    private static readonly TimeSpan DrainAfterKill = TimeSpan.FromSeconds(2);

    public static LocalCommandRunner Instance { get; } = new();

    public async Task<CommandRunResult> RunAsync(CommandRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var start = new ProcessStartInfo
        {
            WorkingDirectory = request.WorkingDirectory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
            UseShellExecute = false,
            CreateNoWindow = true,
        };
        if (request.Argv is { Count: > 0 } argv)
        {
            start.FileName = argv[0];
            foreach (var arg in argv.Skip(1))
            {
                start.ArgumentList.Add(arg);
            }
        }
        else if (!string.IsNullOrWhiteSpace(request.ShellLine))
        {
            if (OperatingSystem.IsWindows())
            {
                start.FileName = "cmd.exe";
                start.Arguments = "/d /s /c \"" + request.ShellLine + "\"";
            }
            else
            {
                start.FileName = "/bin/sh";
                start.ArgumentList.Add("-c");
                start.ArgumentList.Add(request.ShellLine);
            }
        }
        else
        {
            throw new ArgumentException("The request has neither argv nor a shell line.", nameof(request));
        }

        start.Environment.Clear();
        foreach (var (name, value) in request.Environment)
        {
            start.Environment[name] = value;
        }

        var tag = McpProcessTree.IsSupported ? Guid.NewGuid().ToString("N") : null;
        if (tag is not null)
        {
            start.Environment[TagVariable] = tag;
        }

        using var process = new Process { StartInfo = start };
        try
        {
            process.Start();
        }
        catch (Win32Exception ex)
        {
            throw BuiltinToolErrors.Fail(BuiltinToolNames.RunCommand, request.Argv is null ? "command" : "argv", $"could not start '{start.FileName}': {ex.Message}");
        }

        var output = new CappedOutput(Math.Max(0, request.OutputLimit));
        process.StandardInput.Close();
        var pumps = Task.WhenAll(PumpAsync(process.StandardOutput, output), PumpAsync(process.StandardError, output));

        using var timeout = new CancellationTokenSource(request.Timeout);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        var killed = false;
        var exited = false;
        try
        {
            await process.WaitForExitAsync(linked.Token).ConfigureAwait(false);
            exited = true;

            // Exited; children it left in the background may still hold the output open.
            await pumps.WaitAsync(linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            killed = true;
            Kill(process, tag);
            try
            {
                await pumps.WaitAsync(DrainAfterKill, CancellationToken.None).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                // Something outside the tree still holds the pipes; the output so far is what there is.
            }
        }
        finally
        {
            if (tag is not null)
            {
                McpProcessTree.KillAll(tag, TagVariable); // nothing of the command outlives it
            }
        }

        cancellationToken.ThrowIfCancellationRequested();
        return new CommandRunResult
        {
            ExitCode = exited ? process.ExitCode : null,
            Output = output.ToString(),
            Truncated = output.Cut > 0,
            TimedOut = killed,
        };
    }

    private static void Kill(Process process, string? tag)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (Exception ex) when (ex is InvalidOperationException or Win32Exception or NotSupportedException)
        {
            // Already exited.
        }

        if (tag is not null)
        {
            McpProcessTree.KillAll(tag, TagVariable);
        }
    }

    private static async Task PumpAsync(StreamReader reader, CappedOutput output)
    {
        var buffer = new char[16 * 1024];
        int read;
        while ((read = await reader.ReadAsync(buffer.AsMemory(), CancellationToken.None).ConfigureAwait(false)) > 0)
        {
            output.Append(buffer.AsSpan(0, read));
        }
    }
}
