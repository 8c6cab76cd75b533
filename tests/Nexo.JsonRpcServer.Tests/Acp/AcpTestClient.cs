using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Nexo.JsonRpcServer.Tests.Acp;

/// <summary>An error answer of the agent.</summary>
public sealed class AcpError(int code, string message, JsonNode? data) : Exception($"{code}: {message}")
{
    public int Code { get; } = code;

    public JsonNode? ErrorData { get; } = data;
}

/// <summary>
/// A minimal ACP client speaking raw newline-delimited JSON-RPC, so tests see exactly what is on the wire: it sends
/// requests and notifications, records every notification, and answers the agent's requests with a handler.
/// </summary>
public sealed class AcpTestClient : IAsyncDisposable
{
    private readonly Stream _input;
    private readonly Stream _output;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly ConcurrentDictionary<long, TaskCompletionSource<JsonNode?>> _pending = new();
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Task _reader;
    private long _nextId;

    public AcpTestClient(Stream fromAgent, Stream toAgent)
    {
        _input = fromAgent;
        _output = toAgent;
        _reader = Task.Run(ReadLoopAsync);
    }

    /// <summary>Every line the agent wrote, in order.</summary>
    public ConcurrentQueue<string> Lines { get; } = new();

    /// <summary>Every <c>session/update</c> params object received, in order.</summary>
    public ConcurrentQueue<JsonObject> Updates { get; } = new();

    /// <summary>Every request the agent sent (method, params), in order.</summary>
    public ConcurrentQueue<(string Method, JsonObject Params)> AgentRequests { get; } = new();

    /// <summary>Answers the agent's requests; the default answers <c>session/request_permission</c> with <c>allow_once</c>.</summary>
    public Func<string, JsonObject, Task<JsonNode?>> OnRequest { get; set; } = (_, _) =>
        Task.FromResult<JsonNode?>(new JsonObject { ["outcome"] = new JsonObject { ["outcome"] = "selected", ["optionId"] = "allow_once" } });

    /// <summary>Called for every notification the agent sends (after it is recorded).</summary>
    public Action<string, JsonObject>? OnNotification { get; set; }

    public async Task<JsonNode?> RequestAsync(string method, object? parameters, CancellationToken cancellationToken = default)
    {
        var id = Interlocked.Increment(ref _nextId);
        var tcs = new TaskCompletionSource<JsonNode?>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[id] = tcs;
        await WriteAsync(new JsonObject { ["jsonrpc"] = "2.0", ["id"] = id, ["method"] = method, ["params"] = ToNode(parameters) });
        using var registration = cancellationToken.Register(() => _ = NotifyAsync("$/cancel_request", new { requestId = id }));
        return await tcs.Task.WaitAsync(TimeSpan.FromSeconds(60));
    }

    public Task<JsonObject> RequestObjectAsync(string method, object? parameters, CancellationToken cancellationToken = default) =>
        RequestAsync(method, parameters, cancellationToken).ContinueWith(t => t.Result!.AsObject(), TaskScheduler.Default);

    public Task NotifyAsync(string method, object? parameters) =>
        WriteAsync(new JsonObject { ["jsonrpc"] = "2.0", ["method"] = method, ["params"] = ToNode(parameters) });

    /// <summary>Writes a raw line (for malformed-input tests).</summary>
    public async Task WriteLineAsync(string line)
    {
        await _writeLock.WaitAsync();
        try
        {
            await _output.WriteAsync(Encoding.UTF8.GetBytes(line + "\n"));
            await _output.FlushAsync();
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <summary>Waits for a notification matching <paramref name="match"/> (already received ones count).</summary>
    public async Task<JsonObject> WaitForUpdateAsync(Func<JsonObject, bool> match)
    {
        while (true)
        {
            var changed = Volatile.Read(ref _changed).Task;
            var found = Updates.FirstOrDefault(match);
            if (found is not null)
            {
                return found;
            }

            await changed.WaitAsync(TimeSpan.FromSeconds(60));
        }
    }

    /// <summary>Waits until the agent has sent <paramref name="count"/> requests of a method.</summary>
    public async Task<JsonObject> WaitForAgentRequestAsync(string method, int count = 1)
    {
        while (true)
        {
            var changed = Volatile.Read(ref _changed).Task;
            var found = AgentRequests.Where(r => r.Method == method).Select(r => r.Params).ToList();
            if (found.Count >= count)
            {
                return found[count - 1];
            }

            await changed.WaitAsync(TimeSpan.FromSeconds(60));
        }
    }

    /// <summary>Waits until <paramref name="condition"/> holds (checked after every message from the agent).</summary>
    public async Task WaitUntilAsync(Func<bool> condition)
    {
        while (true)
        {
            var changed = Volatile.Read(ref _changed).Task;
            if (condition())
            {
                return;
            }

            await changed.WaitAsync(TimeSpan.FromSeconds(60));
        }
    }

    /// <summary>The <c>update</c> objects of a session, in order.</summary>
    public List<JsonObject> UpdatesOf(string sessionId) =>
        Updates.Where(u => (string?)u["sessionId"] == sessionId).Select(u => u["update"]!.AsObject()).ToList();

    /// <param name="capabilities">The client capabilities; none (fs and terminal false) when <see langword="null"/>.</param>
    public static JsonObject Initialize(JsonObject? capabilities = null) => new()
    {
        ["protocolVersion"] = 1,
        ["clientCapabilities"] = capabilities ?? new JsonObject { ["fs"] = new JsonObject { ["readTextFile"] = false, ["writeTextFile"] = false }, ["terminal"] = false },
        ["clientInfo"] = new JsonObject { ["name"] = "nexo-tests", ["version"] = "1.0.0" },
    };

    public async ValueTask DisposeAsync()
    {
        await _output.DisposeAsync();
        try
        {
            await _reader.WaitAsync(TimeSpan.FromSeconds(20));
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or TimeoutException)
        {
        }
    }

    private static JsonNode? ToNode(object? value) => value switch
    {
        null => null,
        JsonNode node => node.DeepClone(),
        _ => JsonSerializer.SerializeToNode(value, new JsonSerializerOptions(JsonSerializerDefaults.Web)),
    };

    private async Task WriteAsync(JsonObject message) => await WriteLineAsync(message.ToJsonString());

    private async Task ReadLoopAsync()
    {
        using var reader = new StreamReader(_input, new UTF8Encoding(false));
        while (await reader.ReadLineAsync() is { } line)
        {
            if (line.Length == 0)
            {
                continue;
            }

            Lines.Enqueue(line);
            var message = JsonNode.Parse(line)!.AsObject();
            if (message["method"] is { } methodNode)
            {
                var method = methodNode.GetValue<string>();
                var parameters = message["params"]?.AsObject() ?? [];
                if (message["id"] is { } id)
                {
                    AgentRequests.Enqueue((method, parameters));
                    Signal();
                    _ = AnswerAsync(id.DeepClone(), method, parameters);
                }
                else
                {
                    if (method == "session/update")
                    {
                        Updates.Enqueue(parameters);
                    }

                    OnNotification?.Invoke(method, parameters);
                    Signal();
                }

                continue;
            }

            if (message["id"] is not JsonValue idValue)
            {
                // An error about a line that had no usable id: recorded in Lines only.
                continue;
            }

            var key = idValue.GetValue<long>();
            if (_pending.TryRemove(key, out var tcs))
            {
                if (message["error"] is JsonObject error)
                {
                    tcs.TrySetException(new AcpError(error["code"]!.GetValue<int>(), (string?)error["message"] ?? string.Empty, error["data"]?.DeepClone()));
                }
                else
                {
                    tcs.TrySetResult(message["result"]?.DeepClone());
                }
            }
        }

        foreach (var pending in _pending.Values)
        {
            pending.TrySetException(new IOException("The agent closed the connection."));
        }

        Signal();
    }

    private void Signal() =>
        Interlocked.Exchange(ref _changed, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();

    private async Task AnswerAsync(JsonNode id, string method, JsonObject parameters)
    {
        JsonObject reply;
        try
        {
            var result = await OnRequest(method, parameters);
            reply = new JsonObject { ["jsonrpc"] = "2.0", ["id"] = id, ["result"] = result };
        }
        catch (AcpError error)
        {
            reply = new JsonObject { ["jsonrpc"] = "2.0", ["id"] = id, ["error"] = new JsonObject { ["code"] = error.Code, ["message"] = error.Message } };
        }

        try
        {
            await WriteAsync(reply);
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException)
        {
        }
    }
}
