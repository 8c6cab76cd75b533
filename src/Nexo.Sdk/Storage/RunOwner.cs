using System.Diagnostics;
using System.Globalization;

namespace Nexo.Storage;

/// <summary>Identifies this process as the writer of unfinished messages (<c>machine:pid:startTicks</c>).</summary>
internal static class RunOwner
{
    public static readonly string Current = Create();

    /// <summary>Whether the owner names a process of this machine (only those can be checked for liveness).</summary>
    public static bool IsLocal(string owner) => owner.StartsWith(Environment.MachineName + ":", StringComparison.Ordinal);

    /// <summary>Whether the owner is a process on this machine that is no longer running.</summary>
    public static bool IsDeadLocalProcess(string owner)
    {
        var parts = owner.Split(':');
        if (parts.Length != 3 || !string.Equals(parts[0], Environment.MachineName, StringComparison.Ordinal)
            || !int.TryParse(parts[1], CultureInfo.InvariantCulture, out var pid) || !long.TryParse(parts[2], CultureInfo.InvariantCulture, out var ticks))
        {
            return false;
        }

        try
        {
            using var process = Process.GetProcessById(pid);
            return process.HasExited || process.StartTime.ToUniversalTime().Ticks != ticks;
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception or NotSupportedException)
        {
            return true;
        }
    }

    private static string Create()
    {
        using var self = Process.GetCurrentProcess();
        return string.Create(CultureInfo.InvariantCulture, $"{Environment.MachineName}:{Environment.ProcessId}:{self.StartTime.ToUniversalTime().Ticks}");
    }
}
