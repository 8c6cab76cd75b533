using System.Collections;

namespace Nexo.BuiltinTools;

/// <summary>
/// The environment run_command gives a command: the host's, minus every variable that may carry a secret — Nexo's own
/// (<c>NEXO_*</c>) and any whose name contains <c>API_KEY</c>, <c>APIKEY</c>, <c>ACCESS_KEY</c>, <c>PRIVATE_KEY</c>,
/// <c>TOKEN</c>, <c>SECRET</c>, <c>PASSWORD</c>, <c>PASSWD</c> or <c>CREDENTIAL</c>, or ends with <c>_KEY</c> (ignoring
/// case) — with <c>PWD</c> set to the working directory.
/// </summary>
/// <remarks>
/// A blocklist rather than the minimal set MCP servers get (<see cref="McpServerEnvironment"/>): a project's commands
/// (build tools, test runners, version managers) need the user's ordinary variables.
/// </remarks>
internal static class CommandEnvironment
{
    private static readonly string[] SecretParts = ["API_KEY", "APIKEY", "ACCESS_KEY", "PRIVATE_KEY", "TOKEN", "SECRET", "PASSWORD", "PASSWD", "CREDENTIAL"];

    /// <summary>Whether a variable of this name is kept from commands.</summary>
    public static bool IsSecret(string name)
    {
        var upper = name.ToUpperInvariant();
        return upper.StartsWith("NEXO_", StringComparison.Ordinal)
            || upper.EndsWith("_KEY", StringComparison.Ordinal)
            || SecretParts.Any(p => upper.Contains(p, StringComparison.Ordinal));
    }

    /// <summary>The scrubbed environment for a command that runs in <paramref name="workingDirectory"/>.</summary>
    public static Dictionary<string, string> Build(string workingDirectory, IDictionary? host = null)
    {
        var comparer = OperatingSystem.IsWindows() ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal;
        var env = new Dictionary<string, string>(comparer);
        foreach (DictionaryEntry entry in host ?? Environment.GetEnvironmentVariables())
        {
            if (entry.Key is string name && entry.Value is string value && !IsSecret(name))
            {
                env[name] = value;
            }
        }

        if (!OperatingSystem.IsWindows())
        {
            env["PWD"] = workingDirectory;
        }

        return env;
    }
}
