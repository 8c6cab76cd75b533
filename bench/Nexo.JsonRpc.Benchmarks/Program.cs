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
    if (args.Contains("--publish-r2r"))
    {
        hosts.Add(("nexo-jsonrpc, ReadyToRun publish", PublishReadyToRun(Path.Combine(folder, "r2r"))));
    }

    if (!args.Contains("--no-throughput"))
    {
        await using var bare = StartBare();
        await using var nexo = StartNexo(hostDll);
        await InitializeAsync(nexo.Rpc);
        var workspaceId = await SetUpEchoWorkspaceAsync(nexo.Rpc);

        var bareLatency = double.MaxValue;
        var nexoLatency = double.MaxValue;
        var bareRate = 0.0;
        var nexoRate = 0.0;
        var bareCpu = double.MaxValue;
        var nexoCpu = double.MaxValue;
        var bareStreaming = 0.0;
        var nexoStreaming = 0.0;
        var text = string.Join(' ', Enumerable.Repeat("word", chunks));
        for (var run = 0; run < runs; run++)
        {
            // Interleaved, so that a burst of load from elsewhere on the machine hits both sides alike.
            bareLatency = Math.Min(bareLatency, await LatencyAsync(bare.Rpc, "echo", new { key = "bench" }, calls));
            nexoLatency = Math.Min(nexoLatency, await LatencyAsync(nexo.Rpc, "get_app_setting", new { key = "bench" }, calls));
            var (rate, streaming, cpu) = await StreamRateAsync(bare, () => bare.Rpc.InvokeWithParameterObjectAsync<int>("stream", new { count = chunks, chunk = "word " }), chunks);
            (bareRate, bareStreaming, bareCpu) = (Math.Max(bareRate, rate), Math.Max(bareStreaming, streaming), Math.Min(bareCpu, cpu));
            var chatId = await CreateChatAsync(nexo.Rpc, workspaceId); // a new chat each run: the history does not grow
            (rate, streaming, cpu) = await StreamRateAsync(nexo, () => nexo.Rpc.InvokeWithParameterObjectAsync<JsonElement>("send_message", new { chatId, content = text }), chunks);
            (nexoRate, nexoStreaming, nexoCpu) = (Math.Max(nexoRate, rate), Math.Max(nexoStreaming, streaming), Math.Min(nexoCpu, cpu));
        }

        Console.WriteLine("| measure | bare StreamJsonRpc | nexo-jsonrpc | ratio (nexo / bare) |");
        Console.WriteLine("|---|---|---|---|");
        Console.WriteLine(Invariant($"| round trip of a trivial method (µs, lower is better) | {bareLatency:F0} (`echo`) | {nexoLatency:F0} (`get_app_setting`) | {nexoLatency / bareLatency:F2}× |"));
        Console.WriteLine(Invariant($"| notifications per second in a streamed turn (higher is better) | {bareRate:F0} (`stream`) | {nexoRate:F0} (`send_message`, echo provider) | {nexoRate / bareRate:F2}× |"));
        Console.WriteLine(Invariant($"| notifications per second while streaming, first → last chunk (higher is better) | {bareStreaming:F0} | {nexoStreaming:F0} | {nexoStreaming / bareStreaming:F2}× |"));
        Console.WriteLine(Invariant($"| server CPU per notification in that turn (µs, lower is better) | {bareCpu:F1} | {nexoCpu:F1} | {nexoCpu / bareCpu:F2}× |"));
        Console.WriteLine();
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
    var started = Stopwatch.GetTimestamp();
    var watch = Stopwatch.StartNew();
    await Task.WhenAll(run(), allChunks.WaitAsync(TimeSpan.FromMinutes(1)));
    if (Environment.GetEnvironmentVariable("BENCH_TRACE") is not null)
    {
        Console.Error.WriteLine(Invariant($"  first chunk after {Stopwatch.GetElapsedTime(started, child.FirstChunkAt).TotalMilliseconds:F1} ms, chunks over {Stopwatch.GetElapsedTime(child.FirstChunkAt, child.LastChunkAt).TotalMilliseconds:F1} ms, done after {watch.Elapsed.TotalMilliseconds:F1} ms"));
    }

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
