#if NEXO_NATIVE_AOT
using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Nexo.Cli.Commands;

/// <summary>
/// <c>nexo serve</c> and <c>nexo acp</c> in the native (AOT) <c>nexo</c>: the JSON-RPC and ACP hosts are built on
/// StreamJsonRpc, which does not work under Native AOT, so the native <c>nexo</c> runs the JIT host
/// <c>nexo-jsonrpc</c> that <c>dotnet publish src/Nexo.Cli -r RID</c> puts beside it. The child inherits stdin,
/// stdout and stderr (protocol bytes never pass through this process), SIGTERM and Ctrl+C given to <c>nexo</c> are
/// passed on to it, and its exit code becomes <c>nexo</c>'s, mapped to <c>nexo</c>'s codes as the in-process
/// commands map them.
/// </summary>
internal static partial class JsonRpcHostLauncher
{
    /// <summary>The file name of the host beside the native <c>nexo</c>.</summary>
    public static string HostFileName => OperatingSystem.IsWindows() ? "nexo-jsonrpc.exe" : "nexo-jsonrpc";

    /// <summary>Where the host is expected: beside this executable.</summary>
    public static string HostPath => Path.Combine(AppContext.BaseDirectory, HostFileName);

    /// <summary>
    /// Runs <c>nexo-jsonrpc</c> with <paramref name="arguments"/> on this process's stdio and waits for it.
    /// </summary>
    /// <param name="ctx">The command's context (for errors).</param>
    /// <param name="arguments">The host's command line.</param>
    /// <param name="environment">Variables set in the host's environment on top of this process's.</param>
    /// <param name="cancellationToken">Ctrl+C: passed on to the host as SIGTERM (which it treats as Ctrl+C).</param>
    /// <returns>The host's exit code, or <see langword="null"/> when it could not be started (the error is written).</returns>
    public static async Task<HostExit?> RunAsync(CliContext ctx, IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string> environment, CancellationToken cancellationToken)
    {
        var path = HostPath;
        if (!File.Exists(path))
        {
            CliErrors.Write(ctx.Console, "NotConfigured", $"'{path}' is missing: the native nexo runs 'nexo serve' and 'nexo acp' through nexo-jsonrpc, which 'dotnet publish src/Nexo.Cli -r RID' puts beside it.");
            return null;
        }

        var start = new ProcessStartInfo(path) { UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start '{path}'.");
        var signalled = 0;
        var forwarded = new List<PosixSignalRegistration>();
        void Forward()
        {
            Volatile.Write(ref signalled, 1);
            if (!OperatingSystem.IsWindows() && !process.HasExited)
            {
                _ = Kill(process.Id, SigTerm);
            }
        }

        if (!OperatingSystem.IsWindows())
        {
            // SIGTERM to nexo alone (an editor stopping its server) reaches the host too, and nexo waits for it.
            forwarded.Add(PosixSignalRegistration.Create(PosixSignal.SIGTERM, c =>
            {
                c.Cancel = true;
                Forward();
            }));
        }

        // Ctrl+C (Interrupts cancels the command): a terminal's Ctrl+C already reached the host (same process group),
        // a SIGINT sent to nexo alone did not; SIGTERM asks the host to stop either way.
        await using var onCancel = cancellationToken.Register(Forward).ConfigureAwait(false);
        try
        {
            await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
        }
        finally
        {
            foreach (var registration in forwarded)
            {
                registration.Dispose();
            }
        }

        return new HostExit(process.ExitCode, Volatile.Read(ref signalled) != 0 || cancellationToken.IsCancellationRequested);
    }

    private const int SigTerm = 15;

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}

/// <summary>How the host ended.</summary>
/// <param name="Code">Its exit code.</param>
/// <param name="Interrupted">Whether <c>nexo</c> was interrupted (Ctrl+C or SIGTERM) and passed that on.</param>
internal readonly record struct HostExit(int Code, bool Interrupted);
#endif
