using System.Globalization;

namespace Nexo.Processes;

/// <summary>A process's line of <c>/proc/PID/stat</c> on Linux: its state, its parent and when it started.</summary>
/// <param name="State">The state letter (<c>R</c>, <c>S</c>, … <c>Z</c> for a zombie, <c>X</c> for dead).</param>
/// <param name="ParentPid">The parent's process id.</param>
/// <param name="StartTicks">The start time in clock ticks since boot (field 22): the same whichever process reads it.</param>
internal readonly record struct ProcStat(char State, int ParentPid, long StartTicks)
{
    /// <summary>Whether the process has ended (a zombie or dead).</summary>
    public bool Ended => State is 'Z' or 'X';

    /// <summary>Reads the line, or <see langword="null"/> when the process is gone or <c>/proc</c> is not there.</summary>
    public static ProcStat? Read(int pid)
    {
        try
        {
            // "pid (comm) state ppid …": comm may hold spaces and parentheses, so count the fields after the last ')'.
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return new ProcStat(fields[0][0], int.Parse(fields[1], CultureInfo.InvariantCulture), long.Parse(fields[19], CultureInfo.InvariantCulture));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException or ArgumentOutOfRangeException)
        {
            return null;
        }
    }
}
