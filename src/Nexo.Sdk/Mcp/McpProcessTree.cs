using System.Diagnostics;
using System.Globalization;

namespace Nexo;

/// <summary>
/// Finds and kills the processes of one stdio MCP server, children and grandchildren included, on Linux.
/// </summary>
/// <remarks>
/// Each stdio server is started with a unique <see cref="TagVariable"/> in its environment, which every process it starts
/// inherits. When Nexo closes the server, the SDK closes its stdin and waits for it to exit; a child the server left
/// running (a <c>npx</c> wrapper's real server, a helper started in the background) would outlive it, keep the stdout
/// pipe open and stall the shutdown. Finding the processes by the tag (in <c>/proc/PID/environ</c>) still works after
/// they were re-parented, so none is left behind. Elsewhere than Linux the SDK's own process-tree kill is all there is.
/// </remarks>
internal static class McpProcessTree
{
    public const string TagVariable = "NEXO_MCP_SERVER_TAG";

    public static bool IsSupported => OperatingSystem.IsLinux();

    public static string NewTag() => Guid.NewGuid().ToString("N");

    /// <summary>The live processes carrying the tag, each with its parent's id.</summary>
    public static IReadOnlyList<(int Pid, int ParentPid)> Find(string tag)
    {
        var result = new List<(int, int)>();
        if (!IsSupported)
        {
            return result;
        }

        var wanted = $"{TagVariable}={tag}";
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var pid)
                || pid == Environment.ProcessId
                || Processes.ProcStat.Read(pid) is not { } stat
                || stat.Ended)
            {
                continue;
            }

            try
            {
                var environ = File.ReadAllText(Path.Combine(dir, "environ"));
                if (environ.Split('\0').Contains(wanted, StringComparer.Ordinal))
                {
                    result.Add((pid, stat.ParentPid));
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // Gone meanwhile, or not readable (then not ours).
            }
        }

        return result;
    }

    /// <summary>The server's own process: the tagged process whose parent is not tagged.</summary>
    public static int? FindRoot(string tag)
    {
        var tagged = Find(tag);
        var pids = tagged.Select(t => t.Pid).ToHashSet();
        return tagged.Where(t => !pids.Contains(t.ParentPid)).Select(t => (int?)t.Pid).FirstOrDefault();
    }

    public static bool IsAlive(int pid) => Processes.ProcStat.Read(pid) is { Ended: false };

    /// <summary>Kills every process still carrying the tag.</summary>
    public static void KillAll(string tag)
    {
        foreach (var (pid, _) in Find(tag))
        {
            try
            {
                using var process = Process.GetProcessById(pid);
                process.Kill();
            }
            catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception or NotSupportedException)
            {
                // Exited meanwhile.
            }
        }
    }
}
