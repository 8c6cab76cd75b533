// Measures nexo-jsonrpc over real pipes beside a bare StreamJsonRpc echo server started the same way, and prints
// ratios; or, with --soak, runs one host under many concurrent streamed chats. See README.md for the options.
// (The harness starts itself with --echo-server for the baseline.)
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using StreamJsonRpc;

if (args.Contains("--echo-server"))
{
    await EchoServer.RunAsync();
    return 0;
}

var hostEnvironment = Options("--host-env").Select(o => o.Split('=', 2)).ToDictionary(kv => kv[0], kv => kv.Length > 1 ? kv[1] : string.Empty);
var hostDll = Option("--host", Path.Combine(AppContext.BaseDirectory, "nexo-jsonrpc.dll"));
if (args.Contains("--load"))
{
    return await Soak.LoadAsync(hostDll, hostEnvironment, Option("--seconds", 60.0), Option("--hosts", 4), Option("--chats", 25), Options("--db").LastOrDefault());
}

if (args.Contains("--soak"))
{
    return await Soak.RunAsync(hostDll, hostEnvironment, Option("--minutes", 10.0), Option("--chats", 100), Option("--sample-seconds", 10));
}

var calls = Option("--calls", 3000);
var chunks = Option("--chunks", 20000);
var runs = Option("--runs", 3);
var spawns = Option("--spawns", 7);
Console.WriteLine($"nexo-jsonrpc vs bare StreamJsonRpc echo server, header framing over stdin/stdout pipes; {calls} sequential calls, turns of {chunks} chunks, best of {runs} interleaved runs; {spawns} spawns");
Console.WriteLine($"machine: {Environment.ProcessorCount} cores, .NET {Environment.Version}; host: {hostDll}{(hostEnvironment.Count == 0 ? string.Empty : " with " + string.Join(' ', hostEnvironment.Select(kv => $"{kv.Key}={kv.Value}")))}");
Console.WriteLine();

var folder = Directory.CreateTempSubdirectory("nexo-rpc-bench-").FullName;
try
{
    var database = Path.Combine(folder, "nexo.db");
    Child StartBare() => Child.Start(Environment.ProcessPath!, [typeof(Child).Assembly.Location, "--echo-server"]);
    Child StartNexo(string dll) => Child.Start("dotnet", [dll, "--db", database, "--log-level", "Warning"], hostEnvironment);
    var hosts = new List<(string Label, string Dll)> { ("nexo-jsonrpc", hostDll) };
    var throughputHosts = hosts.ToList();
    if (Options("--before").LastOrDefault() is { } before)
    {
        // Another build of the host (e.g. the commit before a change), measured beside this one in the same run.
        hosts.Insert(0, ("nexo-jsonrpc before", before));
        throughputHosts.Insert(0, ("nexo-jsonrpc before", before));
    }

    if (args.Contains("--publish-r2r"))
    {
        hosts.Add(("nexo-jsonrpc, ReadyToRun publish", PublishReadyToRun(Path.Combine(folder, "r2r"))));
    }

    if (!args.Contains("--no-throughput"))
    {
        // Each side gets its own database, so that one host's turns do not slow the other's.
        var servers = new List<(string Label, Child Child, string? WorkspaceId)> { ("bare StreamJsonRpc", StartBare(), null) };
        foreach (var (label, dll) in throughputHosts)
        {
            var child = Child.Start("dotnet", [dll, "--db", Path.Combine(folder, $"throughput-{servers.Count}.db"), "--log-level", "Warning"], hostEnvironment);
            await InitializeAsync(child.Rpc);
            servers.Add((label, child, await SetUpEchoWorkspaceAsync(child.Rpc)));
        }

        var measures = servers.Select(_ => new Measures()).ToList();
        var text = string.Join(' ', Enumerable.Repeat("word", chunks));
        for (var run = 0; run < runs; run++)
        {
            // Interleaved, so that a burst of load from elsewhere on the machine hits every side alike.
            for (var i = 0; i < servers.Count; i++)
            {
                var (_, child, workspaceId) = servers[i];
                if (workspaceId is null)
                {
                    measures[i].Latency(await LatencyAsync(child.Rpc, "echo", new { key = "bench" }, calls));
                    measures[i].Stream(await StreamRateAsync(child, () => child.Rpc.InvokeWithParameterObjectAsync<int>("stream", new { count = chunks, chunk = "word " }), chunks));
                }
                else
                {
                    measures[i].Latency(await LatencyAsync(child.Rpc, "get_app_setting", new { key = "bench" }, calls));
                    var chatId = await CreateChatAsync(child.Rpc, workspaceId); // a new chat each run: the history does not grow
                    measures[i].Stream(await StreamRateAsync(child, () => child.Rpc.InvokeWithParameterObjectAsync<JsonElement>("send_message", new { chatId, content = text }), chunks));
                }
            }
        }

        foreach (var (_, child, _) in servers)
        {
            await child.DisposeAsync();
        }

        var bare = measures[0];
        Console.WriteLine($"| measure | {string.Join(" | ", servers.Select(s => s.Label))} | {string.Join(" | ", servers.Skip(1).Select(s => $"ratio {s.Label} / bare"))} |");
        Console.WriteLine($"|---|{string.Concat(Enumerable.Repeat("---|", servers.Count * 2 - 1))}");
        Row("round trip of a trivial method, µs (lower is better; bare `echo`, nexo `get_app_setting`)", m => m.LatencyMicroseconds, "F0");
        Row("chunk notifications per second in a streamed turn, request → result and last chunk (higher is better; bare `stream`, nexo `send_message` to the echo provider)", m => m.Rate, "F0");
        Row("chunk notifications per second while streaming, first → last chunk (higher is better)", m => m.StreamingRate, "F0");
        Row("server CPU per notification in that turn, µs (lower is better)", m => m.CpuMicroseconds, "F1");
        Console.WriteLine();

        void Row(string name, Func<Measures, double> value, string format) =>
            Console.WriteLine($"| {name} | {string.Join(" | ", measures.Select(m => value(m).ToString(format, CultureInfo.InvariantCulture)))} | {string.Join(" | ", measures.Skip(1).Select(m => (value(m) / value(bare)).ToString("F2", CultureInfo.InvariantCulture) + "×"))} |");
    }

    // Spawn to initialize answered, then the resident set and GC heap at rest. The first nexo spawn creates the
    // database and is not counted: an editor spawns the host on an existing one.
    await using (var first = StartNexo(hostDll))
    {
        await InitializeAsync(first.Rpc);
    }

    var results = new List<(string Label, StartupResult Result)>
    {
        ("bare StreamJsonRpc (`initialize`)", await StartupResult.MeasureAsync(StartBare, c => c.Rpc.InvokeWithParameterObjectAsync<JsonElement>("initialize", new { clientInfo = new { name = "bench" } }), spawns)),
    };
    foreach (var (label, dll) in hosts)
    {
        results.Add((label, await StartupResult.MeasureAsync(() => StartNexo(dll), c => InitializeAsync(c.Rpc), spawns)));
    }

    Console.WriteLine("| process | spawn → `initialize` answered, median (min) ms | its CPU time until then, median (ms) | RSS at rest (MB) | GC heap at rest (MB) |");
    Console.WriteLine("|---|---|---|---|---|");
    foreach (var (label, r) in results)
    {
        Console.WriteLine(Invariant($"| {label} | {r.MedianMs:F0} ({r.MinMs:F0}) | {r.CpuMs:F0} | {r.RssBytes / 1048576.0:F1} | {r.GcHeapBytes / 1048576.0:F1} |"));
    }
}
finally
{
    Directory.Delete(folder, recursive: true);
}

return 0;

static async Task InitializeAsync(JsonRpc rpc)
{
    await rpc.InvokeWithParameterObjectAsync<JsonElement>("initialize", new { clientInfo = new { name = "bench" } });
    await rpc.NotifyWithParameterObjectAsync("initialized", new { });
}

static async Task<string> SetUpEchoWorkspaceAsync(JsonRpc rpc)
{
    var connection = await rpc.InvokeWithParameterObjectAsync<JsonElement>("create_llm_connection", new { name = "echo", provider = "echo", baseUrl = "http://localhost", defaultModel = "echo" });
    var workspace = await rpc.InvokeWithParameterObjectAsync<JsonElement>("create_workspace", new { name = "bench" });
    var workspaceId = workspace.GetProperty("id").GetString()!;
    await rpc.InvokeWithParameterObjectAsync<JsonElement>("save_workspace_settings", new { workspaceId, llmConnectionId = connection.GetProperty("id").GetString() });
    return workspaceId;
}

static async Task<string> CreateChatAsync(JsonRpc rpc, string workspaceId)
{
    var chat = await rpc.InvokeWithParameterObjectAsync<JsonElement>("create_chat", new { workspaceId, title = "bench" });
    return chat.GetProperty("id").GetString()!;
}

static async Task<double> LatencyAsync(JsonRpc rpc, string method, object parameters, int calls)
{
    for (var i = 0; i < 200; i++)
    {
        await rpc.InvokeWithParameterObjectAsync<JsonElement>(method, parameters);
    }

    var watch = Stopwatch.StartNew();
    for (var i = 0; i < calls; i++)
    {
        await rpc.InvokeWithParameterObjectAsync<JsonElement>(method, parameters);
    }

    return watch.Elapsed.TotalMicroseconds / calls;
}

static async Task<(double Rate, double StreamingRate, double CpuMicroseconds)> StreamRateAsync(Child child, Func<Task> run, int expected)
{
    // The client dispatches notifications on its own queue, so the result can be seen before the last chunk handler
    // ran: the clock stops when both the result and every chunk have arrived.
    var allChunks = child.ExpectChunks(expected);
    var cpu = child.CpuTime;
    var watch = Stopwatch.StartNew();
    await Task.WhenAll(run(), allChunks.WaitAsync(TimeSpan.FromMinutes(1)));
    var streaming = Stopwatch.GetElapsedTime(child.FirstChunkAt, child.LastChunkAt).TotalSeconds;
    return (expected / watch.Elapsed.TotalSeconds, (expected - 1) / streaming, (child.CpuTime - cpu).TotalMicroseconds / expected);
}

static string PublishReadyToRun(string output)
{
    var project = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "../../../../../src/Nexo.JsonRpcServer/Nexo.JsonRpcServer.csproj"));
    var info = new ProcessStartInfo("dotnet", ["publish", project, "-c", "Release", "-r", "linux-x64", "--self-contained", "false", "-p:PublishReadyToRun=true", "-o", output])
    {
        RedirectStandardOutput = true,
    };
    using var publish = Process.Start(info)!;
    var log = publish.StandardOutput.ReadToEnd();
    publish.WaitForExit();
    if (publish.ExitCode != 0)
    {
        throw new InvalidOperationException($"dotnet publish failed:\n{log}");
    }

    return Path.Combine(output, "nexo-jsonrpc.dll");
}

T Option<T>(string name, T fallback)
    where T : IParsable<T>
{
    var i = Array.LastIndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? T.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
}

IEnumerable<string> Options(string name) =>
    args.Select((a, i) => (a, i)).Where(x => x.a == name && x.i + 1 < args.Length).Select(x => args[x.i + 1]);

static string Invariant(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);

/// <summary>The best figures of one server over the interleaved runs.</summary>
internal sealed class Measures
{
    public double LatencyMicroseconds { get; private set; } = double.MaxValue;

    public double Rate { get; private set; }

    public double StreamingRate { get; private set; }

    public double CpuMicroseconds { get; private set; } = double.MaxValue;

    public void Latency(double microseconds) => LatencyMicroseconds = Math.Min(LatencyMicroseconds, microseconds);

    public void Stream((double Rate, double StreamingRate, double CpuMicroseconds) run)
    {
        Rate = Math.Max(Rate, run.Rate);
        StreamingRate = Math.Max(StreamingRate, run.StreamingRate);
        CpuMicroseconds = Math.Min(CpuMicroseconds, run.CpuMicroseconds);
    }
}
