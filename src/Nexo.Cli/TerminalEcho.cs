using System.Runtime.InteropServices;

namespace Nexo.Cli;

/// <summary>
/// Turns the terminal's echo off before a secret is asked for, so that what a person types right after the prompt
/// is never shown (the runtime only turns echo off once its first key read starts, and a key typed before that would
/// be echoed by the terminal). Linux and macOS; elsewhere nothing is done (the Windows console does not echo
/// keys waiting to be read).
/// </summary>
internal sealed partial class TerminalEcho : IDisposable
{
    private const int StdIn = 0;
    private const int TcsaNow = 0;
    private const uint Echo = 0x8; // ECHO: the same value on Linux and macOS

    private readonly byte[]? _saved;

    private TerminalEcho(byte[]? saved) => _saved = saved;

    /// <summary>Turns echo off on stdin's terminal until the result is disposed; does nothing when that is not possible.</summary>
    public static TerminalEcho Off()
    {
        if (!(OperatingSystem.IsLinux() || OperatingSystem.IsMacOS()))
        {
            return new TerminalEcho(null);
        }

        // struct termios: four tcflag_t fields first (4 bytes each on Linux, 8 on macOS), c_lflag the fourth.
        var size = OperatingSystem.IsMacOS() ? 8 : 4;
        var current = new byte[256];
        if (TcGetAttr(StdIn, current) != 0)
        {
            return new TerminalEcho(null);
        }

        var saved = (byte[])current.Clone();
        var offset = 3 * size;
        var lflag = BitConverter.ToUInt32(current, offset) & ~Echo;
        BitConverter.TryWriteBytes(current.AsSpan(offset, 4), lflag);
        return TcSetAttr(StdIn, TcsaNow, current) == 0 ? new TerminalEcho(saved) : new TerminalEcho(null);
    }

    /// <summary>Puts the terminal settings back as they were.</summary>
    public void Dispose()
    {
        if (_saved is not null)
        {
            _ = TcSetAttr(StdIn, TcsaNow, _saved);
        }
    }

    [LibraryImport("libc", EntryPoint = "tcgetattr")]
    private static partial int TcGetAttr(int fd, [Out] byte[] termios);

    [LibraryImport("libc", EntryPoint = "tcsetattr")]
    private static partial int TcSetAttr(int fd, int optionalActions, byte[] termios);
}
