using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Nexo.Cli.Output;

/// <summary>
/// Shows an MCP server's OAuth authorization URL on stderr and opens it in the browser when it can: <c>xdg-open</c> on
/// Linux (only with a <c>DISPLAY</c> or <c>WAYLAND_DISPLAY</c>), <c>open</c> on macOS, <c>start</c> on Windows. Setting
/// <see cref="NoBrowserVariable"/> to anything but empty or <c>0</c> keeps the browser closed (tests, remote shells).
/// Nexo's loopback listener receives the redirect; the command waits for it.
/// </summary>
internal static class AuthorizationPrompt
{
    /// <summary>The variable that keeps the browser closed.</summary>
    public const string NoBrowserVariable = "NEXO_NO_BROWSER";

    /// <summary>The SDK's <see cref="NexoOptions.McpAuthorizationRequired"/> for the CLI.</summary>
    public static Func<McpAuthorizationRequiredEvent, CancellationToken, Task> Handler(CliConsole console) => (request, _) =>
    {
        var opened = CanOpenBrowser() && TryOpen(request.Url);
        lock (console.Error)
        {
            console.Error.WriteLine($"The MCP server '{request.Name}' needs authorization. {(opened ? "Opened in your browser" : "Open this URL in a browser")}:");
            console.Error.WriteLine("  " + request.Url);
            console.Error.WriteLine("Waiting for the authorization to complete…");
        }

        return Task.CompletedTask;
    };

    private static bool CanOpenBrowser()
    {
        if (Environment.GetEnvironmentVariable(NoBrowserVariable) is { Length: > 0 } off && off != "0")
        {
            return false;
        }

        return !RuntimeInformation.IsOSPlatform(OSPlatform.Linux)
            || !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("DISPLAY"))
            || !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("WAYLAND_DISPLAY"));
    }

    private static bool TryOpen(string url)
    {
        try
        {
            // Windows: the shell opens the URL with the default browser (what 'start' does); elsewhere open/xdg-open, whose
            // output must not reach Nexo's own stdout (the JSON-RPC host speaks there).
            var start = RuntimeInformation.IsOSPlatform(OSPlatform.Windows)
                ? new ProcessStartInfo(url) { UseShellExecute = true }
                : new ProcessStartInfo(RuntimeInformation.IsOSPlatform(OSPlatform.OSX) ? "open" : "xdg-open", [url])
                {
                    UseShellExecute = false,
                    RedirectStandardOutput = true,
                    RedirectStandardError = true,
                };
            using var process = Process.Start(start);
            return process is not null;
        }
#pragma warning disable CA1031 // No browser: the URL is printed anyway.
        catch (Exception)
#pragma warning restore CA1031
        {
            return false;
        }
    }
}
