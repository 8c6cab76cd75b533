// Measures nexo-jsonrpc over real pipes beside a bare StreamJsonRpc echo server started the same way, and prints
// ratios. Usage: dotnet run -c Release --project bench/Nexo.JsonRpc.Benchmarks [-- --calls N --chunks N]
// (the harness starts itself with --echo-server for the baseline).
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using StreamJsonRpc;

if (args.Contains("--echo-server"))
{
    await EchoServer.RunAsync();
    return 0;
}

var calls = Option("--calls", 3000);
var chunks = Option("--chunks", 20000);
var runs = Option("--runs", 3);
Console.WriteLine($"nexo-jsonrpc vs bare StreamJsonRpc echo server, header framing over stdin/stdout pipes; {calls} sequential calls, turns of {chunks} chunks, best of {runs} runs");
Console.WriteLine($"machine: {Environment.ProcessorCount} cores, .NET {Environment.Version}");
Console.WriteLine();

var folder = Directory.CreateTempSubdirectory("nexo-rpc-bench-").FullName;
try
{
    await using var bare = await Child.StartAsync(Environment.ProcessPath!, [typeof(Child).Assembly.Location, "--echo-server"]);
    await using var nexo = await Child.StartAsync("dotnet", [Path.Combine(AppContext.BaseDirectory, "nexo-jsonrpc.dll"), "--db", Path.Combine(folder, "nexo.db"), "--log-level", "Warning"]);
    await nexo.Rpc.InvokeWithParameterObjectAsync<JsonElement>("initialize", new { clientInfo = new { name = "bench" } });
    await nexo.Rpc.NotifyWithParameterObjectAsync("initialized", new { });
    var chatId = await SetUpEchoChatAsync(nexo.Rpc);

    var bareLatency = Best(runs, () => LatencyAsync(bare.Rpc, "echo", new { key = "bench" }, calls));
    var nexoLatency = Best(runs, () => LatencyAsync(nexo.Rpc, "get_app_setting", new { key = "bench" }, calls));
    var bareRate = Best(runs, async () => -await StreamRateAsync(bare, () => bare.Rpc.InvokeWithParameterObjectAsync<int>("stream", new { count = chunks, chunk = "word " }), chunks));
    var text = string.Join(' ', Enumerable.Repeat("word", chunks));
    var nexoRate = Best(runs, async () => -await StreamRateAsync(nexo, () => nexo.Rpc.InvokeWithParameterObjectAsync<JsonElement>("send_message", new { chatId, content = text }), chunks));

    Console.WriteLine("| measure | bare StreamJsonRpc | nexo-jsonrpc | ratio (nexo / bare) |");
    Console.WriteLine("|---|---|---|---|");
    Console.WriteLine(Invariant($"| round trip of a trivial method (µs, lower is better) | {bareLatency:F0} (`echo`) | {nexoLatency:F0} (`get_app_setting`) | {nexoLatency / bareLatency:F2}× |"));
    Console.WriteLine(Invariant($"| notifications per second in a streamed turn (higher is better) | {-bareRate:F0} (`stream`) | {-nexoRate:F0} (`send_message`, echo provider) | {nexoRate / bareRate:F2}× |"));
}
finally
{
    Directory.Delete(folder, recursive: true);
}

return 0;

static async Task<string> SetUpEchoChatAsync(JsonRpc rpc)
{
    var connection = await rpc.InvokeWithParameterObjectAsync<JsonElement>("create_llm_connection", new { name = "echo", provider = "echo", baseUrl = "http://localhost", defaultModel = "echo" });
    var workspace = await rpc.InvokeWithParameterObjectAsync<JsonElement>("create_workspace", new { name = "bench" });
    await rpc.InvokeWithParameterObjectAsync<JsonElement>("save_workspace_settings", new { workspaceId = workspace.GetProperty("id").GetString(), llmConnectionId = connection.GetProperty("id").GetString() });
    var chat = await rpc.InvokeWithParameterObjectAsync<JsonElement>("create_chat", new { workspaceId = workspace.GetProperty("id").GetString(), title = "bench" });
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

static async Task<double> StreamRateAsync(Child child, Func<Task> run, int expected)
{
    // The client dispatches notifications on its own queue, so the result can be seen before the last chunk handler
    // ran: the clock stops when both the result and every chunk have arrived.
    var allChunks = child.ExpectChunks(expected);
    var watch = Stopwatch.StartNew();
    await Task.WhenAll(run(), allChunks.WaitAsync(TimeSpan.FromMinutes(1)));
    return expected / watch.Elapsed.TotalSeconds;
}

static double Best(int runs, Func<Task<double>> measure)
{
    var best = double.MaxValue;
    for (var i = 0; i < runs; i++)
    {
        best = Math.Min(best, measure().GetAwaiter().GetResult());
    }

    return best;
}

int Option(string name, int fallback)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
}

static string Invariant(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);

/// <summary>A server process and a StreamJsonRpc client over its pipes, counting chunk notifications.</summary>
internal sealed class Child : IAsyncDisposable
{
    private readonly Process _process;

    private Child(Process process)
    {
        _process = process;
        var formatter = new SystemTextJsonFormatter();
        formatter.JsonSerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        Rpc = new JsonRpc(new HeaderDelimitedMessageHandler(process.StandardInput.BaseStream, process.StandardOutput.BaseStream, formatter));
        Rpc.AddLocalRpcTarget(new ChunkCounter(this));
        Rpc.StartListening();
    }

    public JsonRpc Rpc { get; }

    private int _chunks;
    private int _expected;
    private TaskCompletionSource _allChunks = new();

    /// <summary>Resets the count; the task completes when <paramref name="expected"/> chunk notifications have arrived.</summary>
    public Task ExpectChunks(int expected)
    {
        _chunks = 0;
        _expected = expected;
        _allChunks = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        return _allChunks.Task;
    }

    public static Task<Child> StartAsync(string command, string[] arguments)
    {
        var info = new ProcessStartInfo(command) { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = false, UseShellExecute = false };
        foreach (var a in arguments)
        {
            info.ArgumentList.Add(a);
        }

        return Task.FromResult(new Child(Process.Start(info)!));
    }

    public async ValueTask DisposeAsync()
    {
        Rpc.Dispose(); // closes the child's stdin, which ends it
        await _process.WaitForExitAsync();
        _process.Dispose();
    }

    private sealed class ChunkCounter(Child owner)
    {
        [JsonRpcMethod("message-chunk", UseSingleObjectParameterDeserialization = true)]
        public void OnChunk(JsonElement payload)
        {
            if (Interlocked.Increment(ref owner._chunks) == owner._expected)
            {
                owner._allChunks.TrySetResult();
            }
        }
    }
}

/// <summary>The baseline: StreamJsonRpc over stdin/stdout with the same framing and formatter, nothing else.</summary>
internal static class EchoServer
{
    public static async Task RunAsync()
    {
        var formatter = new SystemTextJsonFormatter();
        formatter.JsonSerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        var rpc = new JsonRpc(new HeaderDelimitedMessageHandler(Console.OpenStandardOutput(), Console.OpenStandardInput(), formatter));
        rpc.AddLocalRpcTarget(new Target(rpc));
        rpc.StartListening();
        await rpc.Completion;
    }

    private sealed class Target(JsonRpc rpc)
    {
        [JsonRpcMethod("echo", UseSingleObjectParameterDeserialization = true)]
        public JsonElement Echo(JsonElement parameters) => parameters;

        [JsonRpcMethod("stream", UseSingleObjectParameterDeserialization = true)]
        public async Task<int> StreamAsync(StreamParams p)
        {
            for (var i = 0; i < p.Count; i++)
            {
                await rpc.NotifyWithParameterObjectAsync("message-chunk", new { chatId = "c", messageId = "m", chunk = p.Chunk });
            }

            return p.Count;
        }
    }

    private sealed record StreamParams(int Count, string Chunk);
}
