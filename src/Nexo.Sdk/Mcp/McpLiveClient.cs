using System.Collections.Concurrent;
using ModelContextProtocol.Client;

namespace Nexo;

/// <summary>One connected <see cref="McpClient"/> with its cached tools.</summary>
internal sealed class McpLiveClient(string serverId, string? scope, string fingerprint)
{
    private readonly Lock _gate = new();
    private McpClient? _client;
    private IReadOnlyList<McpToolInfo> _tools = [];
    private Task _refresh = Task.CompletedTask;
    private Task? _closing;
    private readonly ConcurrentDictionary<McpActiveCall, byte> _calls = new();

    public string ServerId { get; } = serverId;

    /// <summary>The root folder offered to the server as its only MCP root (see <see cref="McpConnection.Scope"/>).</summary>
    public string? Scope { get; } = scope;

    public string Fingerprint { get; } = fingerprint;

    public McpClient Client => _client ?? throw new InvalidOperationException("The MCP client is not connected yet.");

    public bool HasClient => _client is not null;

    /// <summary>Cancels the <c>subscriptions/listen</c> stream when the client closes.</summary>
    public CancellationTokenSource ListenCancellation { get; } = new();

    /// <summary>
    /// Starts a new resource <c>subscriptions/listen</c> stream: cancels the previous one and returns the token of the new
    /// one, which also ends when the client closes.
    /// </summary>
    public CancellationToken RestartResourceListen()
    {
        lock (_gate)
        {
            var previous = _resourceListen;
            _resourceListen = CancellationTokenSource.CreateLinkedTokenSource(ListenCancellation.Token);
            previous?.Cancel();
            previous?.Dispose();
            return _resourceListen.Token;
        }
    }

    private CancellationTokenSource? _resourceListen;

    /// <summary>Whether the client is still usable: not closed by Nexo and its session not ended.</summary>
    public bool IsAlive => Volatile.Read(ref _closing) is null && _client is { } c && !c.Completion.IsCompleted;

    public IReadOnlyList<McpToolInfo> Tools
    {
        get => Volatile.Read(ref _tools);
        set => Volatile.Write(ref _tools, value);
    }

    /// <summary>The pending (or last) refresh of the tool list after <c>notifications/tools/list_changed</c>.</summary>
    public Task PendingRefresh
    {
        get
        {
            lock (_gate)
            {
                return _refresh;
            }
        }
    }

    /// <summary>The <see cref="McpProcessTree"/> tag of a stdio server's processes.</summary>
    public string? ProcessTag { get; private set; }

    /// <summary>The tool calls running on this client now.</summary>
    public IReadOnlyList<McpActiveCall> ActiveCalls => _calls.Keys.ToList();

    /// <summary>Records a tool call until the result is disposed.</summary>
    public McpActiveCall Track(ToolCallContext? context, CancellationToken cancellationToken)
    {
        var call = new McpActiveCall(this, context, cancellationToken);
        _calls[call] = 0;
        return call;
    }

    public void Untrack(McpActiveCall call) => _calls.TryRemove(call, out _);

    public void Attach(McpClient client, string? processTag)
    {
        ProcessTag = processTag;
        _client = client;
    }

    /// <summary>
    /// Closes the client once: the first caller's <paramref name="close"/> runs, and every caller (then or later) waits for
    /// it, so whoever noticed the end first reports it and the others see the report done.
    /// </summary>
    public Task CloseOnce(Func<Task> close)
    {
        lock (_gate)
        {
            // Run outside the lock and off the caller's context.
            return _closing ??= Task.Run(close);
        }
    }

    /// <summary>Queues a refresh after the pending one, so refreshes never overlap and the last one wins.</summary>
    public Task QueueRefresh(Func<Task> refresh)
    {
        lock (_gate)
        {
            var previous = _refresh;
            _refresh = Chain(previous, refresh);
            return _refresh;
        }

        static async Task Chain(Task previous, Func<Task> next)
        {
            try
            {
                await previous.ConfigureAwait(false);
            }
#pragma warning disable CA1031 // A failed refresh was logged when it failed; the next one still runs.
            catch (Exception)
#pragma warning restore CA1031
            {
            }

            await next().ConfigureAwait(false);
        }
    }
}
