using System.Diagnostics;
using System.Reflection;

namespace Nexo.Sdk.Tests.Mcp;

/// <summary>Where the test MCP servers are and how to start them.</summary>
internal static class McpTestEnvironment
{
    private static readonly SemaphoreSlim s_npmGate = new(1, 1);
    private static bool s_npmReady;

    /// <summary>The built C# test server (tests/Nexo.TestMcpServer).</summary>
    public static string TestServerDll { get; } = Path.GetFullPath(Metadata("TestMcpServerDll"));

    /// <summary>tests/mcp-servers, where package.json pins the npm MCP servers.</summary>
    public static string McpServersFolder { get; } = Path.GetFullPath(Metadata("McpServersFolder"));

    /// <summary>The dotnet host that runs the tests (set by the SDK), so the test server runs on the same runtime.</summary>
    public static string DotnetHost { get; } = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";

    public static string EverythingScript => Path.Combine(McpServersFolder, "node_modules", "@modelcontextprotocol", "server-everything", "dist", "index.js");

    public static string FilesystemScript => Path.Combine(McpServersFolder, "node_modules", "@modelcontextprotocol", "server-filesystem", "dist", "index.js");

    /// <summary>A stdio configuration of the C# test server.</summary>
    public static NewMcpServer CSharpServer(string name, int timeoutSeconds = 30, IReadOnlyDictionary<string, string>? env = null, params string[] extraArgs)
    {
        Assert.True(File.Exists(TestServerDll), $"The test MCP server was not built: {TestServerDll}");
        return new NewMcpServer
        {
            Name = name,
            Transport = McpTransportKind.Stdio,
            Command = DotnetHost,
            Args = [TestServerDll, .. extraArgs],
            Env = env,
            TimeoutSeconds = timeoutSeconds,
        };
    }

    /// <summary>
    /// Makes sure the npm servers are installed. `.ci/run` installs them before the tests; on a fresh clone where only
    /// `dotnet test` was typed, this runs `npm ci` once (serialised across test processes with a lock file).
    /// </summary>
    public static async Task EnsureNodeServersAsync()
    {
        await s_npmGate.WaitAsync();
        try
        {
            if (s_npmReady || (File.Exists(EverythingScript) && File.Exists(FilesystemScript)))
            {
                s_npmReady = true;
                return;
            }

            using var fileLock = await AcquireFileLockAsync(Path.Combine(McpServersFolder, ".npm-install.lock"));
            if (!File.Exists(EverythingScript) || !File.Exists(FilesystemScript))
            {
                await RunAsync("npm", ["ci", "--no-audit", "--no-fund"], McpServersFolder);
            }

            Assert.True(File.Exists(EverythingScript) && File.Exists(FilesystemScript), "npm ci did not install the MCP servers.");
            s_npmReady = true;
        }
        finally
        {
            s_npmGate.Release();
        }
    }

    private static async Task<FileStream> AcquireFileLockAsync(string path)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.DeleteOnClose);
            }
            catch (IOException) when (attempt < 1200)
            {
                // Another test process is installing; wait for it (up to ten minutes).
                await Task.Delay(500);
            }
        }
    }

    private static async Task RunAsync(string command, string[] args, string workingDirectory)
    {
        var start = new ProcessStartInfo(command) { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"'{command} {string.Join(' ', args)}' failed ({process.ExitCode}): {await stdout}{await stderr}");
    }

    private static string Metadata(string key) =>
        typeof(McpTestEnvironment).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value!;
}
