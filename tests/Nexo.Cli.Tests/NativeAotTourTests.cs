using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Nexo.Testing;
using Npgsql;

namespace Nexo.Cli.Tests;

/// <summary>
/// The native (Native AOT) <c>nexo</c> that the README's install command publishes: the publish is warning-free, the
/// README's tour runs on it with the same output and the same JSON shapes as the JIT <c>nexo</c>, and
/// <c>nexo serve</c> / <c>nexo acp</c> work through <c>nexo-jsonrpc</c> published beside it.
/// </summary>
public sealed class NativeAotTourTests : IClassFixture<NativeCliFixture>
{
    private readonly NativeCliFixture _native;

    public NativeAotTourTests(NativeCliFixture native) => _native = native;

    [Fact]
    public void Publish_PrintsNoTrimOrAotWarning_AndPutsTheJsonRpcHostBesideTheBinary()
    {
        Assert.DoesNotContain(" warning IL", _native.PublishLog, StringComparison.Ordinal);
        Assert.True(File.Exists(_native.Executable), _native.PublishLog);
        Assert.True(File.Exists(Path.Combine(_native.PublishFolder, OperatingSystem.IsWindows() ? "nexo-jsonrpc.exe" : "nexo-jsonrpc")));
        Assert.False(File.Exists(Path.Combine(_native.PublishFolder, "nexo.dll")), "the publish holds a JIT nexo.dll instead of the native binary");
    }

    [Fact]
    public async Task ReadmeTour_OnTheNativeBinary_PrintsWhatTheJitCliPrints()
    {
        using var nativeHome = new NexoHome();
        using var jitHome = new NexoHome();

        var native = await TourAsync(nativeHome, _native.Executable);
        var jit = await TourAsync(jitHome, null);

        Assert.Equal(jit.Keys, native.Keys);
        foreach (var (step, jitResult) in jit)
        {
            var nativeResult = native[step];
            Assert.True(nativeResult.ExitCode == 0, $"{step}: {nativeResult}");
            Assert.True(jitResult.ExitCode == 0, $"{step} (JIT): {jitResult}");
            if (step.StartsWith("text:", StringComparison.Ordinal))
            {
                Assert.Equal(jitResult.StdOut, nativeResult.StdOut);
            }
            else if (step.StartsWith("json:", StringComparison.Ordinal))
            {
                // Ids and times differ between the two homes; the JSON shape (every property name and value kind) does not.
                Assert.Equal(Shape(jitResult.StdOut), Shape(nativeResult.StdOut));
            }
        }

        Assert.Equal("Hello from the tour\n", native["text:chat"].StdOut);
        Assert.Equal(1, native["json:chats list"].Json.GetArrayLength()); // the tour continues one chat
        Assert.Contains("Hello Ada, welcome to Nexo", native["text:prompt render"].StdOut, StringComparison.Ordinal);
        var export = JsonNode.Parse(native["json:chats export"].StdOut)!;
        Assert.Equal("nexo-chat-export", export["format"]!.GetValue<string>());
        Assert.Equal(6, export["messages"]!.AsArray().Count);
    }

    [Fact]
    public async Task CliReference_OfTheNativeBinary_IsTheJitOne()
    {
        using var home = new NexoHome();

        var native = await RunAsync(home, _native.Executable, null, "--emit-cli-reference");
        var jit = await RunAsync(home, null, null, "--emit-cli-reference");

        Assert.Equal(0, native.ExitCode);
        Assert.Equal(jit.StdOut, native.StdOut);
    }

    [Fact]
    public async Task Serve_OnTheNativeBinary_RunsTheJsonRpcHostOnTheSameDatabase()
    {
        using var home = new NexoHome();
        using var process = home.Start(["serve", "--framing", "newline"], _native.Executable);

        var initialize = await CallAsync(process, 1, "initialize", new JsonObject { ["clientInfo"] = new JsonObject { ["name"] = "aot-test", ["version"] = "1" }, ["capabilities"] = new JsonObject() });
        await process.StandardInput.WriteLineAsync("""{"jsonrpc":"2.0","method":"initialized","params":{}}""");
        var created = await CallAsync(process, 2, "create_workspace", new JsonObject { ["name"] = "over-native-rpc" });
        var shutdown = await CallAsync(process, 3, "shutdown", null);
        await process.StandardInput.WriteLineAsync("""{"jsonrpc":"2.0","method":"exit"}""");
        await process.StandardInput.FlushAsync();
        var result = await NexoHome.CollectAsync(process);
        var list = await RunAsync(home, _native.Executable, null, "workspace", "list", "--json");

        Assert.NotNull(initialize["result"]);
        Assert.Equal("over-native-rpc", created["result"]!["name"]!.GetValue<string>());
        Assert.Null(shutdown["error"]);
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(string.Empty, result.StdOut);
        Assert.Contains(list.Json.EnumerateArray(), w => w.GetProperty("name").GetString() == "over-native-rpc");
    }

    [Fact]
    public async Task Serve_OnTheNativeBinary_OnPostgres_PassesTheConnectionStringInTheHostsEnvironment_NotItsCommandLine()
    {
        const string password = "pw-that-must-not-reach-argv";
        var connectionString = await PostgresCluster.Shared.CreateDatabaseAsync();
        try
        {
            // The throwaway cluster trusts loopback, so the password is sent nowhere; it only has to stay off the command line.
            var withPassword = new NpgsqlConnectionStringBuilder(connectionString) { Password = password }.ConnectionString;
            using var home = new NexoHome();
            home.Environment["NEXO_ENCRYPTION_KEY"] = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
            using var process = home.Start(["--db", withPassword, "serve", "--framing", "newline"], _native.Executable);

            var initialize = await CallAsync(process, 1, "initialize", new JsonObject { ["clientInfo"] = new JsonObject { ["name"] = "aot-test", ["version"] = "1" }, ["capabilities"] = new JsonObject() });
            var children = File.ReadAllText($"/proc/{process.Id}/task/{process.Id}/children").Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var host = Assert.Single(children);
            var commandLine = File.ReadAllText($"/proc/{host}/cmdline").Replace('\0', ' ');
            var environment = File.ReadAllText($"/proc/{host}/environ").Split('\0');
            await process.StandardInput.WriteLineAsync("""{"jsonrpc":"2.0","method":"initialized","params":{}}""");
            var created = await CallAsync(process, 2, "create_workspace", new JsonObject { ["name"] = "native-on-postgres" });
            await CallAsync(process, 3, "shutdown", null);
            await process.StandardInput.WriteLineAsync("""{"jsonrpc":"2.0","method":"exit"}""");
            await process.StandardInput.FlushAsync();
            var result = await NexoHome.CollectAsync(process);

            Assert.NotNull(initialize["result"]);
            Assert.Contains("nexo-jsonrpc", commandLine, StringComparison.Ordinal);
            Assert.DoesNotContain(password, commandLine, StringComparison.Ordinal);
            Assert.DoesNotContain("--db", commandLine, StringComparison.Ordinal);
            var nexoDb = Assert.Single(environment, e => e.StartsWith("NEXO_DB=", StringComparison.Ordinal));
            var passed = new NpgsqlConnectionStringBuilder(nexoDb["NEXO_DB=".Length..]);
            Assert.Equal(password, passed.Password);
            Assert.Equal(new NpgsqlConnectionStringBuilder(connectionString).Database, passed.Database);
            Assert.Equal("native-on-postgres", created["result"]!["name"]!.GetValue<string>());
            Assert.True(result.ExitCode == 0, result.ToString());
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync();
            await using var count = new NpgsqlCommand("SELECT count(*) FROM workspaces WHERE name = 'native-on-postgres'", connection);
            Assert.Equal(1L, (long)(await count.ExecuteScalarAsync())!);
        }
        finally
        {
            await PostgresCluster.Shared.DropDatabaseAsync(connectionString);
        }
    }

    [Fact]
    public async Task Acp_OnTheNativeBinary_AnswersInitialize_AndEndsWhenStdinCloses()
    {
        using var home = new NexoHome();
        using var process = home.Start(["acp"], _native.Executable);

        var initialize = await CallAsync(process, 1, "initialize", new JsonObject
        {
            ["protocolVersion"] = 1,
            ["clientCapabilities"] = new JsonObject { ["fs"] = new JsonObject { ["readTextFile"] = false, ["writeTextFile"] = false }, ["terminal"] = false },
            ["clientInfo"] = new JsonObject { ["name"] = "aot-test", ["version"] = "1" },
        });
        process.StandardInput.Close();
        var result = await NexoHome.CollectAsync(process);

        Assert.Equal(1, initialize["result"]!["protocolVersion"]!.GetValue<int>());
        Assert.True(result.ExitCode == 0, result.ToString());
    }

    [Fact]
    public async Task Serve_OnTheNativeBinary_WithoutTheHostBesideIt_SaysWhatIsMissing()
    {
        var lonely = Path.Combine(Path.GetTempPath(), "nexo-aot-lonely", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(lonely);
        var copy = Path.Combine(lonely, Path.GetFileName(_native.Executable));
        File.Copy(_native.Executable, copy);
        foreach (var native in Directory.EnumerateFiles(_native.PublishFolder, "*.so").Concat(Directory.EnumerateFiles(_native.PublishFolder, "*.dylib")))
        {
            File.Copy(native, Path.Combine(lonely, Path.GetFileName(native)));
        }

        try
        {
            using var home = new NexoHome();
            var result = await RunAsync(home, copy, null, "serve");

            Assert.Equal(3, result.ExitCode);
            Assert.Contains("nexo-jsonrpc", result.StdErr, StringComparison.Ordinal);
            Assert.Equal(string.Empty, result.StdOut);
        }
        finally
        {
            Directory.Delete(lonely, recursive: true);
        }
    }

    [Fact]
    public async Task Chat_OnTheNativeBinary_WithAnAnthropicConnection_IsNotConfigured_AndSaysWhy()
    {
        using var home = new NexoHome();
        await using (var nexo = await home.OpenAsync())
        {
            await nexo.Connections.CreateAsync(new NewLlmConnection { Name = "claude", Provider = LlmProviderKind.Anthropic, BaseUrl = "http://127.0.0.1:9", ApiKey = "k", DefaultModel = "claude-x" });
        }

        var result = await RunAsync(home, _native.Executable, null, "chat", "--connection", "claude", "hi");

        Assert.True(result.ExitCode == 3, result.ToString());
        Assert.Contains("native (AOT) nexo does not include", result.StdErr, StringComparison.Ordinal);
        Assert.Equal(string.Empty, result.StdOut);
    }

    /// <summary>The README's CLI tour (the steps that need no network), plus a workspace listing and an export.</summary>
    private static async Task<SortedDictionary<string, CliResult>> TourAsync(NexoHome home, string? executable)
    {
        var steps = new SortedDictionary<string, CliResult>(StringComparer.Ordinal)
        {
            ["exit:connection add"] = await RunAsync(home, executable, null, "connection", "add", "offline", "--provider", "echo"),
            ["text:chat"] = await RunAsync(home, executable, null, "chat", "Hello from the tour"),
            ["text:chat piped"] = await RunAsync(home, executable, "piped text\n", "chat", "summarise:"),
        };
        var events = await RunAsync(home, executable, null, "chat", "--json", "one more");
        steps["json:chat events"] = events with { StdOut = "[" + string.Join(",", events.Lines.Take(3)) + "]" };
        steps["json:chats list"] = await RunAsync(home, executable, null, "chats", "list", "--json");
        steps["json:chats search"] = await RunAsync(home, executable, null, "chats", "search", "tour", "--json");
        steps["exit:prompt add"] = await RunAsync(home, executable, null, "prompt", "add", "greet", "Hello {{name}}, welcome to {{place}}");
        steps["text:prompt render"] = await RunAsync(home, executable, null, "prompt", "render", "greet", "--var", "name=Ada", "--var", "place=Nexo");
        steps["json:usage"] = await RunAsync(home, executable, null, "usage", "--json");
        steps["json:workspace list"] = await RunAsync(home, executable, null, "workspace", "list", "--json");
        var first = steps["json:chats search"].Json.EnumerateArray().First().GetProperty("chatId").GetString()!;
        steps["json:chats export"] = await RunAsync(home, executable, null, "chats", "export", first, "--format", "json");
        return steps;
    }

    private static async Task<CliResult> RunAsync(NexoHome home, string? executable, string? stdin, params string[] args)
    {
        using var process = home.Start(args, executable);
        if (stdin is not null)
        {
            await process.StandardInput.WriteAsync(stdin);
        }

        process.StandardInput.Close();
        return await NexoHome.CollectAsync(process);
    }

    private static async Task<JsonNode> CallAsync(Process process, int id, string method, JsonNode? parameters)
    {
        await process.StandardInput.WriteLineAsync(new JsonObject { ["jsonrpc"] = "2.0", ["id"] = id, ["method"] = method, ["params"] = parameters }.ToJsonString());
        await process.StandardInput.FlushAsync();
        while (true)
        {
            var line = await process.StandardOutput.ReadLineAsync() ?? throw new InvalidOperationException($"the host closed stdout; stderr: {await process.StandardError.ReadToEndAsync()}");
            var message = JsonNode.Parse(line)!;
            if (message["id"]?.GetValue<int>() == id)
            {
                return message;
            }
        }
    }

    /// <summary>Every path in a JSON document with its value kind (not its value), sorted: ids and times drop out.</summary>
    private static string Shape(string json)
    {
        var paths = new SortedSet<string>(StringComparer.Ordinal);
        void Walk(JsonElement e, string path)
        {
            paths.Add($"{path}:{e.ValueKind}");
            if (e.ValueKind == JsonValueKind.Object)
            {
                foreach (var p in e.EnumerateObject())
                {
                    Walk(p.Value, path + "." + p.Name);
                }
            }
            else if (e.ValueKind == JsonValueKind.Array)
            {
                foreach (var item in e.EnumerateArray())
                {
                    Walk(item, path + "[]");
                }
            }
        }

        using var doc = JsonDocument.Parse(json);
        Walk(doc.RootElement, "$");
        return string.Join("\n", paths);
    }
}
