using System.Runtime.InteropServices;

namespace Nexo.BuiltinTools;

/// <summary>
/// Reads the start of a file into a buffer with the fewest system calls: on Unix <c>open</c>, <c>read</c> and
/// <c>close</c> through the .NET runtime's own native shim (<c>libSystem.Native</c>, as <see cref="FileKinds"/>), which
/// is about twice as fast per file as <see cref="File.OpenHandle"/> (that also runs <c>fstat</c> and an advisory
/// <c>flock</c> for <see cref="FileShare"/>). search_text reads tens of thousands of small files, so this is most of
/// its time. Elsewhere, or without the shim, it falls back to <see cref="File.OpenHandle"/> and <see cref="RandomAccess"/>.
/// </summary>
internal static class RawFileReader
{
    /// <summary>The shim's <c>PAL_O_CLOEXEC</c> (with <c>PAL_O_RDONLY</c>, 0): the descriptor never leaks into a command started meanwhile.</summary>
    private const int ReadOnlyCloseOnExec = 0x0010;

    private static bool s_nativeMissing = OperatingSystem.IsWindows();

    /// <summary>Reads up to <paramref name="buffer"/>'s length from the start of the file; the number of bytes read.</summary>
    /// <exception cref="IOException">The file cannot be opened or read.</exception>
    public static int Read(string path, Span<byte> buffer)
    {
        if (!s_nativeMissing)
        {
            try
            {
                return ReadNative(path, buffer);
            }
            catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
            {
                s_nativeMissing = true;
            }
        }

        using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        var read = 0;
        int n;
        while (read < buffer.Length && (n = RandomAccess.Read(handle, buffer[read..], read)) > 0)
        {
            read += n;
        }

        return read;
    }

    private static int ReadNative(string path, Span<byte> buffer)
    {
        var fd = Open(path, ReadOnlyCloseOnExec, 0);
        if (fd == -1)
        {
            throw new IOException($"Cannot open '{path}' (error {Marshal.GetLastPInvokeError()}).");
        }

        try
        {
            var read = 0;
            while (read < buffer.Length)
            {
                var n = ReadBytes(fd, ref buffer[read], buffer.Length - read);
                if (n < 0)
                {
                    throw new IOException($"Cannot read '{path}' (error {Marshal.GetLastPInvokeError()}).");
                }

                if (n == 0)
                {
                    break;
                }

                read += n;
            }

            return read;
        }
        finally
        {
            _ = Close(fd);
        }
    }

#pragma warning disable SYSLIB1054 // LibraryImport would need unsafe code enabled for the whole assembly.
    [DllImport("libSystem.Native", EntryPoint = "SystemNative_Open", SetLastError = true)]
    private static extern nint Open([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags, int mode);

    [DllImport("libSystem.Native", EntryPoint = "SystemNative_Read", SetLastError = true)]
    private static extern int ReadBytes(nint fd, ref byte buffer, int count);

    [DllImport("libSystem.Native", EntryPoint = "SystemNative_Close", SetLastError = true)]
    private static extern int Close(nint fd);
#pragma warning restore SYSLIB1054
}
