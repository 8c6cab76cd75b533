using System.Diagnostics;
using System.Reflection;
using System.Text;
using System.Text.Json;

namespace Nexo.Cli.Tests;

/// <summary>What a run of the CLI produced.</summary>
public sealed record CliResult(int ExitCode, string StdOut, string StdErr)
{
    /// <summary>stdout parsed as JSON.</summary>
    public JsonElement Json => JsonDocument.Parse(StdOut).RootElement.Clone();

    /// <summary>stdout's lines, without the empty last one.</summary>
    public string[] Lines => StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries);

    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{StdOut}\n--- stderr\n{StdErr}";
}

/// <summary>
/// A private Nexo home (database and key file in a temp folder) and a way to run the built <c>nexo.dll</c> against it
/// as a separate process, with stdin, stdout, stderr and the exit code.
/// </summary>
public sealed class NexoHome : IDisposable
{
    /// <summary>The built CLI (set by the test project file).</summary>
    public static readonly string CliDll = typeof(NexoHome).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "NexoCliDll").Value!;

    /// <summary>The C# test MCP server (stdio), built with the tests.</summary>
    public static readonly string TestMcpServerDll = typeof(NexoHome).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "TestMcpServerDll").Value!;

    /// <summary>A hang guard only: no test waits this long unless something is broken.</summary>
    private static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(90);

    public NexoHome()
    {
        Folder = Path.Combine(Path.GetTempPath(), "nexo-cli-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Folder);
    }

    /// <summary>The folder used as <c>NEXO_HOME</c>.</summary>
    public string Folder { get; }

    /// <summary>The database file inside <see cref="Folder"/>.</summary>
    public string DatabasePath => Path.Combine(Folder, "nexo.db");

    /// <summary>Extra environment for every run of this home.</summary>
    public Dictionary<string, string?> Environment { get; } = new(StringComparer.Ordinal);

    /// <summary>Runs <c>nexo</c> with the arguments; stdin gets <paramref name="stdin"/> (empty when <see langword="null"/>).</summary>
    public Task<CliResult> RunAsync(params string[] args) => RunWithInputAsync(null, args);

    /// <summary>Runs <c>nexo</c> with text on stdin.</summary>
    public async Task<CliResult> RunWithInputAsync(string? stdin, params string[] args)
    {
        using var process = Start(args, null);
        if (stdin is not null)
        {
            await process.StandardInput.WriteAsync(stdin);
        }

        process.StandardInput.Close();
        return await CollectAsync(process);
    }

    /// <summary>Starts <c>nexo</c> (or, with <paramref name="fileName"/>, another program) with this home's environment; stdin, stdout and stderr redirected.</summary>
    public Process Start(IEnumerable<string> args, string? fileName)
    {
        var info = new ProcessStartInfo(fileName ?? "dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = new UTF8Encoding(false),
            StandardErrorEncoding = new UTF8Encoding(false),
            StandardInputEncoding = new UTF8Encoding(false),
        };
        if (fileName is null)
        {
            info.ArgumentList.Add(CliDll);
        }

        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        ApplyEnvironment(info.Environment);
        return Process.Start(info) ?? throw new InvalidOperationException("Could not start the CLI.");
    }

    /// <summary>The environment of every run: this home, no provider keys, no colour settings, an Ollama address nobody listens on.</summary>
    public void ApplyEnvironment(IDictionary<string, string?> environment)
    {
        environment["NEXO_HOME"] = Folder;
        environment["OLLAMA_HOST"] = "http://127.0.0.1:9";
        environment["DOTNET_NOLOGO"] = "1";
        environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        environment["NEXO_NO_BROWSER"] = "1"; // an MCP server's OAuth authorization never opens a browser in tests
        foreach (var name in LlmProviderCatalog.All.SelectMany(p => p.ApiKeyVariables).Concat(["NEXO_WORKSPACE", "NO_COLOR", "XDG_DATA_HOME", "NEXO_DB", "NEXO_ENCRYPTION_KEY"]))
        {
            environment.Remove(name);
        }

        foreach (var (name, value) in Environment)
        {
            if (value is null)
            {
                environment.Remove(name);
            }
            else
            {
                environment[name] = value;
            }
        }
    }

    /// <summary>Adds the test MCP server as <paramref name="name"/> and enables <paramref name="tools"/> in the default workspace.</summary>
    public async Task<string> AddTestMcpServerAsync(string name, params string[] tools)
    {
        await using var nexo = await OpenAsync();
        var server = await nexo.McpServers.CreateAsync(new NewMcpServer { Name = name, Transport = McpTransportKind.Stdio, Command = "dotnet", Args = [TestMcpServerDll] });
        if (tools.Length > 0)
        {
            var ws = await nexo.Workspaces.GetOrCreateDefaultAsync();
            await nexo.Workspaces.UpdateSettingsAsync(ws.Id, new WorkspaceSettingsPatch { McpToolIds = new Dictionary<string, IReadOnlyList<string>> { [server.Id] = tools } });
        }

        return server.Id;
    }

    /// <summary>Opens the same database with the SDK (for seeding and checking).</summary>
    public Task<NexoClient> OpenAsync() => NexoClient.OpenAsync(new NexoOptions { DatabasePath = DatabasePath });

    public static async Task<CliResult> CollectAsync(Process process)
    {
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var guard = new CancellationTokenSource(HangGuard);
        try
        {
            await process.WaitForExitAsync(guard.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"nexo did not exit; stderr so far: {(stderr.IsCompleted ? await stderr : "(open)")}");
        }

        return new CliResult(process.ExitCode, await stdout, await stderr);
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
