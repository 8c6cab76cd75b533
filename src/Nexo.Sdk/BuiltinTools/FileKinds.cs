using System.Runtime.InteropServices;

namespace Nexo.BuiltinTools;

/// <summary>What a path is on disk.</summary>
internal enum FileKind
{
    /// <summary>Nothing is there.</summary>
    Missing,

    /// <summary>A regular file.</summary>
    File,

    /// <summary>A folder.</summary>
    Directory,

    /// <summary>Anything else: a character or block device, a FIFO, a socket.</summary>
    Other,
}

/// <summary>
/// Tells regular files from devices, FIFOs and sockets, which .NET's file APIs do not distinguish (all are "files";
/// opening a FIFO even blocks until a writer comes). On Unix this asks <c>stat(2)</c> through the runtime's own native
/// shim (<c>libSystem.Native</c>, shipped with every .NET runtime, whose <c>FileStatus</c> begins with the flags and the
/// mode since .NET Core 1.0); on Windows there are no such files in a folder tree.
/// </summary>
internal static class FileKinds
{
    private const int TypeMask = 0xF000;
    private const int Fifo = 0x1000;
    private const int CharacterDevice = 0x2000;
    private const int DirectoryType = 0x4000;
    private const int BlockDevice = 0x6000;
    private const int Regular = 0x8000;
    private const int Socket = 0xC000;

    private static bool s_nativeMissing;

    /// <summary>What <paramref name="path"/> is, following symbolic links.</summary>
    public static FileKind Of(string path)
    {
        if (!OperatingSystem.IsWindows() && !s_nativeMissing)
        {
            try
            {
                if (Stat(path, out var status) != 0)
                {
                    return FileKind.Missing;
                }

                return (status.Mode & TypeMask) switch
                {
                    Regular => FileKind.File,
                    DirectoryType => FileKind.Directory,
                    Fifo or CharacterDevice or BlockDevice or Socket => FileKind.Other,
                    _ => FileKind.Other,
                };
            }
            catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
            {
                // A runtime without the shim: fall back to what .NET tells (a device then counts as a file).
                s_nativeMissing = true;
            }
        }

        return Directory.Exists(path) ? FileKind.Directory : File.Exists(path) ? FileKind.File : FileKind.Missing;
    }

    /// <summary>The start of the runtime's <c>FileStatus</c>; the buffer is larger than any version of the struct.</summary>
    [StructLayout(LayoutKind.Sequential, Size = 512)]
    private struct FileStatus
    {
        public int Flags;
        public int Mode;
    }

#pragma warning disable SYSLIB1054 // LibraryImport would need unsafe code enabled for the whole assembly for this one call.
    [DllImport("libSystem.Native", EntryPoint = "SystemNative_Stat")]
    private static extern int Stat([MarshalAs(UnmanagedType.LPUTF8Str)] string path, out FileStatus status);
#pragma warning restore SYSLIB1054
}
