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
/// <para>
/// When the host itself dies without closing anything (SIGKILL, a crash), nothing in the host can act. So on Linux each
/// server is started through a supervising <c>/bin/sh</c> (<see cref="Supervise"/>): it forks a watcher with no pipes of
/// the server's, then execs the server in its own place (the server keeps the pid the SDK started, its pipes and its
/// normal shutdown). The watcher checks every second that the host is alive (its pid with the start time it had, so a
/// reused pid does not count) and that the server is; when the host is gone it sends SIGTERM, then a second later
/// SIGKILL, to every other process carrying the server's tag. The watcher carries the tag too, so closing the server
/// normally (<see cref="KillAll"/>) ends it at once. <c>PR_SET_PDEATHSIG</c> was not used: it has to be set in the child between fork and exec, which managed
/// code cannot do, and it fires when the forking <em>thread</em> ends (a thread-pool thread may), not the process.
/// </para>
/// </remarks>
internal static class McpProcessTree
{
    public const string TagVariable = "NEXO_MCP_SERVER_TAG";

    public static bool IsSupported => OperatingSystem.IsLinux();

    public static string NewTag() => Guid.NewGuid().ToString("N");

    /// <summary>The live processes carrying the tag, each with its parent's id.</summary>
    public static IReadOnlyList<(int Pid, int ParentPid)> Find(string tag) => FindWithStart(tag).Select(t => (t.Pid, t.ParentPid)).ToList();

    /// <summary>The live processes carrying the tag, each with its parent's id and its start time (clock ticks since boot).</summary>
    private static List<(int Pid, int ParentPid, long StartTicks)> FindWithStart(string tag, string variable = TagVariable)
    {
        var result = new List<(int, int, long)>();
        if (!IsSupported)
        {
            return result;
        }

        var wanted = $"{variable}={tag}";
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
                    result.Add((pid, stat.ParentPid, stat.StartTicks));
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
    public static (int Pid, long StartTicks)? FindRoot(string tag)
    {
        var tagged = FindWithStart(tag);
        var pids = tagged.Select(t => t.Pid).ToHashSet();
        return tagged.Where(t => !pids.Contains(t.ParentPid)).Select(t => ((int, long)?)(t.Pid, t.StartTicks)).FirstOrDefault();
    }

    /// <summary>Whether the process with this pid and start time is still running (a reused pid is another process).</summary>
    public static bool IsAlive((int Pid, long StartTicks) process) => Processes.ProcStat.Read(process.Pid) is { Ended: false } stat && stat.StartTicks == process.StartTicks;

    /// <summary>Kills every process still carrying the tag (in <paramref name="variable"/>; the MCP servers' by default).</summary>
    public static void KillAll(string tag, string variable = TagVariable)
    {
        foreach (var (pid, _, startTicks) in FindWithStart(tag, variable))
        {
            try
            {
                using var process = Process.GetProcessById(pid);

                // The pid was seen carrying the tag with this start time; a process that started since under the same
                // pid (the tagged one ended and the pid was reused) is not ours to kill.
                if (Processes.ProcStat.Read(pid) is { Ended: false } now && now.StartTicks == startTicks)
                {
                    process.Kill();
                }
            }
            catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception or NotSupportedException)
            {
                // Exited meanwhile.
            }
        }
    }

    /// <summary>
    /// The supervising command line for a server on Linux (see the remarks): <c>/bin/sh -c SCRIPT</c> with this host's
    /// pid and start time, the tag and the server's resolved program and arguments; or <see langword="null"/> where it
    /// does not apply (not Linux, no <c>/bin/sh</c>, or the program cannot be found, which the ordinary start then reports).
    /// </summary>
    public static (string Command, IReadOnlyList<string> Args)? Supervise(string command, IReadOnlyList<string> args, string tag)
    {
        if (!IsSupported || !File.Exists(Shell) || Processes.ProcStat.Read(Environment.ProcessId) is not { } self
            || Resolve(command) is not { } program)
        {
            return null;
        }

        return (Shell, ["-c", SupervisorScript, "nexo-mcp-supervisor", Environment.ProcessId.ToString(CultureInfo.InvariantCulture), self.StartTicks.ToString(CultureInfo.InvariantCulture), tag, program, .. args]);
    }

    private const string Shell = "/bin/sh";

    /// <summary>The supervising script: <c>$1</c> the host's pid, <c>$2</c> its start ticks, <c>$3</c> the tag, then the server's command line.</summary>
    private const string SupervisorScript = """
        host=$1; host_start=$2; tag=$3; shift 3
        start_of() { started=; read -r s 2>/dev/null < "/proc/$1/stat" || return 0; s=${s##*) }; set -- $s; started=${20}; }
        me=$$; start_of "$me"; me_start=$started
        (
          exec </dev/null >/dev/null 2>&1
          while sleep 1; do
            start_of "$host"; [ "$started" = "$host_start" ] || break
            start_of "$me"; [ "$started" = "$me_start" ] || exit 0
          done
          read -r self rest < /proc/self/stat
          for signal in TERM KILL; do
            for f in $(grep -l "NEXO_MCP_SERVER_TAG=$tag" /proc/[0-9]*/environ 2>/dev/null); do
              p=${f#/proc/}; p=${p%/environ}; [ "$p" = "$self" ] || kill -s "$signal" "$p" 2>/dev/null
            done
            [ "$signal" = KILL ] || sleep 1
          done
        ) &
        exec "$@"
        """;

    /// <summary>Finds a program the way <see cref="Process.Start(ProcessStartInfo)"/> does on Unix: as given when rooted, else beside this program, in the current folder, then on <c>PATH</c>.</summary>
    private static string? Resolve(string command)
    {
        if (Path.IsPathRooted(command))
        {
            return IsExecutable(command) ? command : null;
        }

        var candidates = new List<string>();
        if (Environment.ProcessPath is { } exe && Path.GetDirectoryName(exe) is { } exeDir)
        {
            candidates.Add(Path.Combine(exeDir, command));
        }

        candidates.Add(Path.Combine(Directory.GetCurrentDirectory(), command));
        if (!command.Contains('/', StringComparison.Ordinal))
        {
            foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(':', StringSplitOptions.RemoveEmptyEntries))
            {
                candidates.Add(Path.Combine(dir, command));
            }
        }

        return candidates.Select(Path.GetFullPath).FirstOrDefault(IsExecutable);
    }

    private static bool IsExecutable(string path)
    {
        try
        {
            return !OperatingSystem.IsWindows() && File.Exists(path) && (File.GetUnixFileMode(path) & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) != 0;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }
}
