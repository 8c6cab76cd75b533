using System.Diagnostics;
using System.Globalization;

namespace Nexo.Storage;

/// <summary>
/// Identifies this process (<c>machine:pid:start</c>) as the writer of unfinished messages and of live MCP server
/// statuses, so that another process can tell whether that writer still runs.
/// </summary>
/// <remarks>
/// The start is what tells a running process from a later one that reuses its pid. On Linux it is the start time in
/// clock ticks since boot from <c>/proc/PID/stat</c> (written <c>s12345</c>): exact, and the same whichever process
/// reads it. <see cref="Process.StartTime"/> is not: on Linux it is derived from the boot time, which each process
/// computes from its own clock reading, so two processes see the same start differ by a millisecond or more. Elsewhere
/// the start is written as <see cref="Process.StartTime"/> ticks and compared with a tolerance of <see cref="Tolerance"/>.
/// </remarks>
internal static class RunOwner
{
    /// <summary>How far apart two readings of one process's <see cref="Process.StartTime"/> may be.</summary>
    private static readonly TimeSpan Tolerance = TimeSpan.FromSeconds(2);

    public static readonly string Current = Create();

    /// <summary>Whether the owner names a process of this machine (only those can be checked for liveness).</summary>
    public static bool IsLocal(string owner) => owner.StartsWith(Environment.MachineName + ":", StringComparison.Ordinal);

    /// <summary>Whether the owner is a process on this machine that is no longer running.</summary>
    public static bool IsDeadLocalProcess(string owner)
    {
        var parts = owner.Split(':');
        if (parts.Length != 3 || !string.Equals(parts[0], Environment.MachineName, StringComparison.Ordinal)
            || !int.TryParse(parts[1], CultureInfo.InvariantCulture, out var pid))
        {
            return false;
        }

        if (parts[2].StartsWith('s') && long.TryParse(parts[2].AsSpan(1), CultureInfo.InvariantCulture, out var bootTicks))
        {
            return LinuxStartTicks(pid) != bootTicks;
        }

        if (!long.TryParse(parts[2], CultureInfo.InvariantCulture, out var ticks))
        {
            return false;
        }

        try
        {
            using var process = Process.GetProcessById(pid);
            return process.HasExited || (process.StartTime.ToUniversalTime() - new DateTime(ticks, DateTimeKind.Utc)).Duration() > Tolerance;
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception or NotSupportedException)
        {
            return true;
        }
    }

    /// <summary>The start time of a process in clock ticks since boot, or <see langword="null"/> when it is gone or a zombie.</summary>
    internal static long? LinuxStartTicks(int pid) => Processes.ProcStat.Read(pid) is { Ended: false } stat ? stat.StartTicks : null;

    private static string Create()
    {
        if (OperatingSystem.IsLinux() && LinuxStartTicks(Environment.ProcessId) is { } bootTicks)
        {
            return string.Create(CultureInfo.InvariantCulture, $"{Environment.MachineName}:{Environment.ProcessId}:s{bootTicks}");
        }

        using var self = Process.GetCurrentProcess();
        return string.Create(CultureInfo.InvariantCulture, $"{Environment.MachineName}:{Environment.ProcessId}:{self.StartTime.ToUniversalTime().Ticks}");
    }
}
