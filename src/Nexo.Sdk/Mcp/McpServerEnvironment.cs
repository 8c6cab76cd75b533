using System.Collections;

namespace Nexo;

/// <summary>
/// The environment a stdio MCP server starts with. A server does not inherit the host's whole environment (which holds
/// the host's own API keys and tokens): it gets the host's values of a minimal safe set of variables
/// (<see cref="SafeVariables"/> and the <see cref="SafePrefixes"/>), then the host's values of the variables its
/// configuration names in <see cref="McpServer.InheritEnv"/>, then its own configured <see cref="McpServer.Env"/>
/// (which wins over both).
/// </summary>
/// <remarks>
/// The safe set is what programs need to start and find their files: <c>node</c> and <c>npx</c> running a locally
/// installed package need <c>PATH</c> (to find <c>node</c>) and <c>HOME</c> (npm's cache and configuration in
/// <c>~/.npm</c> and <c>~/.npmrc</c>); a framework-dependent .NET server needs <c>DOTNET_ROOT</c> when .NET is installed
/// outside the default folders. Variables that may carry credentials are not in it: proxies
/// (<c>HTTP_PROXY</c>, <c>HTTPS_PROXY</c>, <c>NO_PROXY</c>: their URLs may hold a user and password), <c>npm_config_*</c>
/// (may hold registry tokens), <c>NODE_OPTIONS</c>. Name those in <see cref="McpServer.InheritEnv"/> for the servers that
/// need them (for example <c>npx -y</c> downloading a package behind a proxy).
/// </remarks>
public static class McpServerEnvironment
{
    /// <summary>
    /// The host variables every stdio server receives (when the host has them): the user, home, shell, path, locale,
    /// time zone, temporary folders and terminal type, TLS certificate locations, the .NET install location, and on
    /// Windows the system folders and settings programs need to start.
    /// </summary>
    public static IReadOnlyList<string> SafeVariables { get; } =
    [
        "PATH", "HOME", "USER", "LOGNAME", "SHELL", "LANG", "LANGUAGE", "TZ", "TMPDIR", "TEMP", "TMP", "TERM",
        "SSL_CERT_FILE", "SSL_CERT_DIR", "NODE_EXTRA_CA_CERTS",
        "DOTNET_ROOT", "DOTNET_ROOT_X64", "DOTNET_ROOT_X86", "DOTNET_ROOT_ARM64", "DOTNET_ROOT(x86)",

        // Windows: without SystemRoot many programs (node included) cannot start; ComSpec and PATHEXT let cmd.exe run
        // npx.cmd; the profile folders hold npm's cache and configuration.
        "SystemRoot", "SystemDrive", "windir", "ComSpec", "PATHEXT", "APPDATA", "LOCALAPPDATA", "USERPROFILE",
        "HOMEDRIVE", "HOMEPATH", "USERNAME", "USERDOMAIN", "COMPUTERNAME", "ProgramData", "ProgramFiles",
        "ProgramFiles(x86)", "ProgramW6432", "CommonProgramFiles", "CommonProgramFiles(x86)", "CommonProgramW6432",
        "ALLUSERSPROFILE", "PUBLIC", "OS", "PROCESSOR_ARCHITECTURE", "NUMBER_OF_PROCESSORS",
    ];

    /// <summary>Prefixes of host variables every stdio server receives: the locale (<c>LC_</c>) and the XDG base folders (<c>XDG_</c>).</summary>
    public static IReadOnlyList<string> SafePrefixes { get; } = ["LC_", "XDG_"];

    /// <summary>
    /// The whole environment of a stdio server: the safe set and the inherited names taken from
    /// <paramref name="host"/> (the current process's environment when <see langword="null"/>), then
    /// <paramref name="configured"/> on top.
    /// </summary>
    internal static Dictionary<string, string?> Build(IReadOnlyDictionary<string, string> configured, IReadOnlyList<string> inherit, IDictionary? host = null)
    {
        // Windows variable names are case-insensitive (Path, PATH); elsewhere they are not.
        var comparer = OperatingSystem.IsWindows() ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal;
        var wanted = new HashSet<string>(SafeVariables.Concat(inherit), comparer);
        var prefixComparison = OperatingSystem.IsWindows() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
        var env = new Dictionary<string, string?>(comparer);
        foreach (DictionaryEntry entry in host ?? Environment.GetEnvironmentVariables())
        {
            if (entry.Key is string name && entry.Value is string value
                && (wanted.Contains(name) || SafePrefixes.Any(p => name.StartsWith(p, prefixComparison))))
            {
                env[name] = value;
            }
        }

        foreach (var (name, value) in configured)
        {
            env[name] = value;
        }

        return env;
    }
}
