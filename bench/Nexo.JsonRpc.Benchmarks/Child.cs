using System.Diagnostics;
using System.Text.Json;
using StreamJsonRpc;

/// <summary>A server process and a StreamJsonRpc client over its pipes, counting chunk notifications.</summary>
internal sealed class Child : IAsyncDisposable
{
    private readonly Process _process;

    private Child(Process process, object? target)
    {
        _process = process;
        var formatter = new SystemTextJsonFormatter();
        formatter.JsonSerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        Rpc = new JsonRpc(new HeaderDelimitedMessageHandler(process.StandardInput.BaseStream, process.StandardOutput.BaseStream, formatter));
        Rpc.AddLocalRpcTarget(target ?? new ChunkCounter(this));
        Rpc.StartListening();
    }

    public JsonRpc Rpc { get; }

    /// <summary>The server's process id.</summary>
    public int Id => _process.Id;

    /// <summary>When the first chunk of the expected ones arrived (<see cref="Stopwatch.GetTimestamp"/>).</summary>
    public long FirstChunkAt { get; private set; }

    /// <summary>When the last chunk of the expected ones arrived.</summary>
    public long LastChunkAt { get; private set; }

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

    /// <summary>CPU time the server has used so far (user + system).</summary>
    public TimeSpan CpuTime
    {
        get
        {
            _process.Refresh();
            return _process.TotalProcessorTime;
        }
    }

    /// <summary>The server's resident set now, in bytes.</summary>
    public long ResidentBytes
    {
        get
        {
            _process.Refresh();
            return _process.WorkingSet64;
        }
    }

    /// <summary>Starts <paramref name="command"/> with its stdin/stdout as the connection.</summary>
    /// <param name="command">The program.</param>
    /// <param name="arguments">Its arguments.</param>
    /// <param name="environment">Extra environment variables (runtime knobs like <c>DOTNET_TieredPGO=0</c>).</param>
    /// <param name="target">The client's notification handlers; by default a chunk counter.</param>
    public static Child Start(string command, IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment = null, object? target = null)
    {
        var info = new ProcessStartInfo(command) { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = false, UseShellExecute = false };
        foreach (var a in arguments)
        {
            info.ArgumentList.Add(a);
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[key] = value;
        }

        return new Child(Process.Start(info)!, target);
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
            var n = Interlocked.Increment(ref owner._chunks);
            if (n == 1)
            {
                owner.FirstChunkAt = Stopwatch.GetTimestamp();
            }

            if (n == owner._expected)
            {
                owner.LastChunkAt = Stopwatch.GetTimestamp();
                owner._allChunks.TrySetResult();
            }
        }
    }
}
