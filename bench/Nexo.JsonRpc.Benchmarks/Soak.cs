using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Nexo.Testing;
using StreamJsonRpc;

/// <summary>
/// <c>--soak</c>: one nexo-jsonrpc host, many chats streaming at once against the fake OpenAI-compatible provider
/// (real HTTP/SSE on 127.0.0.1) for a while. Checks that no message is lost (each turn's chunks concatenate to the full
/// answer, and the stored assistant message equals it), samples the host's resident set and GC heap, and reports the
/// time to first chunk.
/// </summary>
internal static partial class Soak
{
    /// <summary>Chunks in one answer.</summary>
    private const int ChunksPerAnswer = 30;

    /// <summary>The provider's pause before each chunk: an answer streams for about a second, like a fast model.</summary>
    private static readonly TimeSpan ChunkDelay = TimeSpan.FromMilliseconds(30);

    /// <summary>Turns in one chat before the worker starts a new chat (bounds the history a request carries).</summary>
    private const int TurnsPerChat = 20;

    public static async Task<int> RunAsync(string hostDll, IReadOnlyDictionary<string, string> environment, double minutes, int chats, int sampleSeconds)
    {
        var duration = TimeSpan.FromMinutes(minutes);
        var warmUp = TimeSpan.FromSeconds(Math.Min(60, duration.TotalSeconds / 5));
        Console.WriteLine(Invariant($"soak: {chats} chats streaming at once for {duration.TotalMinutes:F1} min against the fake OpenAI-compatible provider on 127.0.0.1; answers of {ChunksPerAnswer} chunks {ChunkDelay.TotalMilliseconds:F0} ms apart; a new chat every {TurnsPerChat} turns"));
        Console.WriteLine($"machine: {Environment.ProcessorCount} cores, .NET {Environment.Version}; host: {hostDll}");
        Console.WriteLine();

        await using var provider = await FakeOpenAIServer.StartAsync();
        provider.Models.Add("soak-model");
        provider.Responder = request => FakeResponse.Text(AnswerChunks(LastUserText(request))).WithChunkDelay(ChunkDelay);
        var folder = Directory.CreateTempSubdirectory("nexo-rpc-soak-").FullName;
        var listener = new Listener();
        try
        {
            var host = Child.Start("dotnet", [hostDll, "--db", Path.Combine(folder, "nexo.db"), "--log-level", "Warning"], environment, listener);
            await using (host)
            {
                var rpc = host.Rpc;
                await rpc.InvokeWithParameterObjectAsync<JsonElement>("initialize", new { clientInfo = new { name = "soak" } });
                await rpc.NotifyWithParameterObjectAsync("initialized", new { });
                var connection = await rpc.InvokeWithParameterObjectAsync<JsonElement>("create_llm_connection", new
                {
                    name = "fake",
                    provider = "openai-compatible",
                    baseUrl = provider.BaseUrl,
                    apiKey = "sk-soak",
                    models = new[] { new { id = "soak-model" } },
                    defaultModel = "soak-model",
                });
                var workspace = await rpc.InvokeWithParameterObjectAsync<JsonElement>("create_workspace", new { name = "soak" });
                var workspaceId = workspace.GetProperty("id").GetString()!;
                await rpc.InvokeWithParameterObjectAsync<JsonElement>("save_workspace_settings", new { workspaceId, llmConnectionId = connection.GetProperty("id").GetString(), streamEnabled = true });

                using var counters = RuntimeCounters.Attach(host.Id, sampleSeconds);
                var clock = Stopwatch.StartNew();
                var stats = new Stats();
                using var stop = new CancellationTokenSource(duration);
                var sampler = SampleAsync(host, counters, stats, clock, TimeSpan.FromSeconds(sampleSeconds), stop.Token);
                var workers = Enumerable.Range(0, chats).Select(w => WorkAsync(rpc, listener, workspaceId, w, stats, stop.Token)).ToList();
                await Task.WhenAll(workers);
                var samples = await sampler;
                Report(stats, samples, clock.Elapsed, warmUp);
                return stats.Lost == 0 && stats.Failed == 0 ? 0 : 1;
            }
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>The answer the provider streams for a user message: distinct per turn, so a chunk of another turn would show.</summary>
    private static string[] AnswerChunks(string userText) =>
        [.. Enumerable.Range(0, ChunksPerAnswer).Select(i => string.Create(CultureInfo.InvariantCulture, $"{userText}:{i} "))];

    private static string LastUserText(RecordedRequest request)
    {
        var messages = request.Json!["messages"]!.AsArray();
        var last = messages.Last(m => (string?)m!["role"] == "user")!["content"]!;
        return last is JsonValue v ? v.GetValue<string>() : string.Concat(last.AsArray().Select(p => (string?)p!["text"]));
    }

    private static async Task WorkAsync(JsonRpc rpc, Listener listener, string workspaceId, int worker, Stats stats, CancellationToken stop, ConcurrentBag<CompletedTurn>? completed = null)
    {
        var turn = 0;
        string? chatId = null;
        while (!stop.IsCancellationRequested)
        {
            try
            {
                if (turn % TurnsPerChat == 0)
                {
                    var chat = await rpc.InvokeWithParameterObjectAsync<JsonElement>("create_chat", new { workspaceId, title = $"soak {worker}" });
                    chatId = chat.GetProperty("id").GetString()!;
                }

                var content = string.Create(CultureInfo.InvariantCulture, $"w{worker}t{turn}");
                var expected = string.Concat(AnswerChunks(content));
                var state = listener.Begin(chatId!);
                var sent = Stopwatch.GetTimestamp();
                var result = await rpc.InvokeWithParameterObjectAsync<JsonElement>("send_message", new { chatId, content });
                await state.Complete.Task.WaitAsync(TimeSpan.FromMinutes(1));
                var assistant = result.GetProperty("assistantMessage");
                var stored = await rpc.InvokeWithParameterObjectAsync<JsonElement>("get_messages", new { chatId, afterSequence = assistant.GetProperty("sequence").GetInt32() - 1, limit = 1 });
                var storedContent = stored.EnumerateArray().FirstOrDefault(m => m.GetProperty("id").GetString() == assistant.GetProperty("id").GetString()) is { ValueKind: JsonValueKind.Object } m
                    ? m.GetProperty("content").GetString()
                    : null;
                var streamed = state.Text.ToString();
                if (state.Completed is not null)
                {
                    completed?.Add(new CompletedTurn(chatId!, assistant.GetProperty("id").GetString()!, streamed));
                }

                stats.Record(
                    ok: streamed == expected && state.Completed == expected && storedContent == expected,
                    firstChunk: state.FirstChunkAt is { } at ? Stopwatch.GetElapsedTime(sent, at) : null,
                    chunks: state.Chunks);
                if (streamed != expected || storedContent != expected)
                {
                    Console.Error.WriteLine($"LOST in {chatId} turn {turn}: streamed '{Shorten(streamed)}', stored '{Shorten(storedContent)}', expected '{Shorten(expected)}'");
                }

                turn++;
            }
            catch (Exception ex) when (ex is RemoteInvocationException or TimeoutException)
            {
                stats.Fail();
                Console.Error.WriteLine($"FAILED turn {turn} of worker {worker}: {ex.Message}");
                turn++;
            }
        }
    }

    private static async Task<List<Sample>> SampleAsync(Child host, RuntimeCounters counters, Stats stats, Stopwatch clock, TimeSpan every, CancellationToken stop)
    {
        var samples = new List<Sample>();
        using var timer = new PeriodicTimer(every);
        try
        {
            while (await timer.WaitForNextTickAsync(stop))
            {
                samples.Add(new Sample(clock.Elapsed, host.ResidentBytes, counters.GcHeapBytes, stats.Turns));
            }
        }
        catch (OperationCanceledException)
        {
            // The soak is over.
        }

        return samples;
    }

    private static void Report(Stats stats, List<Sample> samples, TimeSpan elapsed, TimeSpan warmUp, bool printSamples = true)
    {
        if (printSamples)
        {
            Console.WriteLine("| t (s) | host RSS (MB) | host GC heap (MB) | turns done |");
            Console.WriteLine("|---|---|---|---|");
            foreach (var s in samples)
            {
                Console.WriteLine(Invariant($"| {s.At.TotalSeconds:F0} | {s.Rss / 1048576.0:F1} | {s.GcHeap / 1048576.0:F1} | {s.Turns} |"));
            }

            Console.WriteLine();
        }

        var after = samples.Where(s => s.At >= warmUp).ToList();
        if (after.Count >= 2)
        {
            var (first, last) = (after[0], after[^1]);
            Console.WriteLine(Invariant($"memory after warm-up ({warmUp.TotalSeconds:F0} s): RSS {first.Rss / 1048576.0:F1} → {last.Rss / 1048576.0:F1} MB (max {after.Max(s => s.Rss) / 1048576.0:F1}), GC heap {first.GcHeap / 1048576.0:F1} → {last.GcHeap / 1048576.0:F1} MB (max {after.Max(s => s.GcHeap) / 1048576.0:F1})"));
        }

        var firstChunks = stats.FirstChunkMs();
        Console.WriteLine(Invariant($"turns: {stats.Turns} in {elapsed.TotalSeconds:F0} s ({stats.Turns / elapsed.TotalSeconds:F1}/s), chunks received: {stats.ChunkCount}, lost or mismatched: {stats.Lost}, failed: {stats.Failed}"));
        if (firstChunks.Count > 0)
        {
            Console.WriteLine(Invariant($"time to first chunk (ms): p50 {Percentile(firstChunks, 0.50):F1}, p95 {Percentile(firstChunks, 0.95):F1}, p99 {Percentile(firstChunks, 0.99):F1}, max {firstChunks[^1]:F1}"));
        }
    }

    private static double Percentile(List<double> sorted, double p) => sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];

    private static string Shorten(string? s) => s is null ? "(none)" : s.Length <= 80 ? s : s[..80] + "…";

    private static string Invariant(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);

    private sealed record Sample(TimeSpan At, long Rss, double GcHeap, int Turns);

    /// <summary>A turn the driver saw complete: the answer it streamed, to be found in the database afterwards.</summary>
    private sealed record CompletedTurn(string ChatId, string AssistantMessageId, string StreamedText);

    private sealed class Stats
    {
        private readonly Lock _gate = new();
        private readonly List<double> _firstChunkMs = [];

        public int Turns { get; private set; }

        public int Lost { get; private set; }

        public int Failed { get; private set; }

        public long ChunkCount { get; private set; }

        public void Record(bool ok, TimeSpan? firstChunk, int chunks)
        {
            lock (_gate)
            {
                Turns++;
                ChunkCount += chunks;
                Lost += ok ? 0 : 1;
                if (firstChunk is { } f)
                {
                    _firstChunkMs.Add(f.TotalMilliseconds);
                }
            }
        }

        public void Fail()
        {
            lock (_gate)
            {
                Failed++;
            }
        }

        public List<double> FirstChunkMs()
        {
            lock (_gate)
            {
                var sorted = _firstChunkMs.ToList();
                sorted.Sort();
                return sorted;
            }
        }
    }

    /// <summary>One turn's notifications as the client saw them.</summary>
    private sealed class TurnState
    {
        public StringBuilder Text { get; } = new();

        public long? FirstChunkAt { get; set; }

        public int Chunks { get; set; }

        public string? Completed { get; set; }

        public TaskCompletionSource Complete { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    /// <summary>The client's notification handlers; StreamJsonRpc runs them one at a time in arrival order.</summary>
    private sealed class Listener
    {
        private readonly ConcurrentDictionary<string, TurnState> _turns = new();

        public TurnState Begin(string chatId)
        {
            var state = new TurnState();
            _turns[chatId] = state;
            return state;
        }

        [JsonRpcMethod("message-chunk", UseSingleObjectParameterDeserialization = true)]
        public void OnChunk(JsonElement p)
        {
            if (_turns.TryGetValue(p.GetProperty("chatId").GetString()!, out var state))
            {
                state.FirstChunkAt ??= Stopwatch.GetTimestamp();
                state.Chunks++;
                state.Text.Append(p.GetProperty("chunk").GetString());
            }
        }

        [JsonRpcMethod("message-complete", UseSingleObjectParameterDeserialization = true)]
        public void OnComplete(JsonElement p)
        {
            if (_turns.TryGetValue(p.GetProperty("chatId").GetString()!, out var state))
            {
                state.Completed = p.TryGetProperty("content", out var c) ? c.GetString() : null;
                state.Complete.TrySetResult();
            }
        }
    }
}
