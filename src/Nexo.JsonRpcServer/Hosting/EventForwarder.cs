using System.Text.Json;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using StreamJsonRpc;

namespace Nexo.JsonRpcServer.Hosting;

/// <summary>
/// Forwards every <see cref="NexoEvent"/> as a JSON-RPC notification named <see cref="NexoEvent.EventName"/>, its
/// payload serialised with <see cref="NexoJson.Options"/>. Publishing only enqueues (the turn never waits for the
/// client); one pump writes the notifications in order.
/// </summary>
/// <remarks>
/// Memory stays bounded when the client reads slowly or not at all: once more than <see cref="CoalesceAfter"/>
/// notifications wait and the write in progress has waited for the client longer than <see cref="StalledAfterMs"/>, a chunk (<c>message-chunk</c>, <c>thinking-chunk</c>) is appended to the waiting chunk of the
/// same message and kind instead of queued on its own, so the queue holds one entry per message and stream plus the
/// other events, and the text is never lost. The order of each message's events is kept. A client that keeps up sees
/// one notification per chunk, as before.
/// </remarks>
internal sealed class EventForwarder(NexoEventStream stream, ILogger logger) : IAsyncDisposable
{
    /// <summary>How many waiting notifications make chunks coalesce (when the client is also stalled).</summary>
    internal const int CoalesceAfter = 256;

    /// <summary>How long one write must have been waiting for the client before the client counts as stalled.</summary>
    internal const long StalledAfterMs = 250;

    /// <summary><see cref="Environment.TickCount64"/> when the write in progress started; 0 when none is.</summary>
    private long _writeStartedAt;

    private readonly Channel<object> _queue = Channel.CreateUnbounded<object>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Lock _chunkGate = new();
    private readonly Dictionary<(string MessageId, bool Thinking), PendingChunk> _waitingChunks = [];
    private IDisposable? _subscription;
    private Task? _pump;
    private long _enqueued;
    private long _sent;

    /// <summary>Starts forwarding (after <c>initialized</c>); later calls do nothing.</summary>
    /// <param name="rpc">The connection to notify.</param>
    public void Start(JsonRpc rpc)
    {
        if (Interlocked.CompareExchange(ref _pump, Task.CompletedTask, null) is not null)
        {
            return;
        }

        _subscription = stream.Subscribe(Enqueue);
        _pump = Task.Run(() => PumpAsync(rpc));
    }

    private void Enqueue(NexoEvent e)
    {
        lock (_chunkGate)
        {
            var (messageId, thinking, text) = e switch
            {
                MessageChunkEvent c => (c.MessageId, false, c.Chunk),
                ThinkingChunkEvent t => (t.MessageId, true, t.Chunk),
                _ => (null, false, null),
            };
            if (messageId is null)
            {
                // Any other event closes the message's waiting chunks: later chunks queue after it.
                if (e is ChatEvent { } chatEvent && MessageIdOf(chatEvent) is { } id)
                {
                    _waitingChunks.Remove((id, false));
                    _waitingChunks.Remove((id, true));
                }
            }
            else
            {
                _waitingChunks.Remove((messageId, !thinking)); // the other stream of the message keeps its order
                if (_waitingChunks.TryGetValue((messageId, thinking), out var waiting))
                {
                    waiting.Append(text!);
                    return;
                }

                if (Volatile.Read(ref _enqueued) - Volatile.Read(ref _sent) >= CoalesceAfter && IsClientStalled())
                {
                    var pending = new PendingChunk(e, text!);
                    _waitingChunks[(messageId, thinking)] = pending;
                    Interlocked.Increment(ref _enqueued);
                    _queue.Writer.TryWrite(pending);
                    return;
                }
            }

            Interlocked.Increment(ref _enqueued);
            _queue.Writer.TryWrite(e);
        }
    }

    /// <summary>Whether the write in progress has waited for the client longer than <see cref="StalledAfterMs"/> (a fast producer alone never coalesces).</summary>
    private bool IsClientStalled() => Volatile.Read(ref _writeStartedAt) is var started && started != 0 && Environment.TickCount64 - started > StalledAfterMs;

    private static string? MessageIdOf(ChatEvent e) => e switch
    {
        MessageCompleteEvent c => c.MessageId,
        MessageCancelledEvent c => c.MessageId,
        MessageErrorEvent c => c.MessageId,
        ToolCallsDetectedEvent c => c.MessageId,
        _ => null,
    };

    /// <summary>Takes a coalesced chunk off the waiting list and gives the event to send.</summary>
    private NexoEvent Take(PendingChunk pending)
    {
        lock (_chunkGate)
        {
            var key = pending.First switch
            {
                MessageChunkEvent c => (c.MessageId, false),
                ThinkingChunkEvent t => (t.MessageId, true),
                _ => (string.Empty, false),
            };
            if (_waitingChunks.TryGetValue(key, out var current) && ReferenceEquals(current, pending))
            {
                _waitingChunks.Remove(key);
            }

            var text = pending.Text;
            return pending.First switch
            {
                MessageChunkEvent c => c with { Chunk = text },
                ThinkingChunkEvent t => t with { Chunk = text },
                _ => pending.First,
            };
        }
    }

    /// <summary>
    /// Queues a protocol notification (<c>$/progress</c>) behind the events published so far, so it is written in
    /// order with them and before the response of the request it belongs to. Dropped before <see cref="Start"/>.
    /// </summary>
    /// <param name="method">The notification method.</param>
    /// <param name="payload">Its params object, serialised with <see cref="NexoJson.Options"/>.</param>
    public void Notify(string method, object payload)
    {
        if (Volatile.Read(ref _pump) is null)
        {
            return;
        }

        Interlocked.Increment(ref _enqueued);
        _queue.Writer.TryWrite(new ProtocolNotification(method, payload));
    }

    /// <summary>Completes when every event published before the call has been written (or dropped with the connection).</summary>
    public Task FlushAsync()
    {
        if (Volatile.Read(ref _sent) >= Volatile.Read(ref _enqueued))
        {
            return Task.CompletedTask;
        }

        var marker = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        return _queue.Writer.TryWrite(marker) ? marker.Task : Task.CompletedTask;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        _subscription?.Dispose();
        _queue.Writer.TryComplete();
        if (_pump is { } pump)
        {
            await pump.ConfigureAwait(false);
        }
    }

    private async Task PumpAsync(JsonRpc rpc)
    {
        var connected = true;
        await foreach (var item in _queue.Reader.ReadAllAsync().ConfigureAwait(false))
        {
            if (item is TaskCompletionSource marker)
            {
                marker.TrySetResult();
                continue;
            }

            var @event = item is PendingChunk pending ? Take(pending) : item;
            var (method, body) = @event is ProtocolNotification n ? (n.Method, n.Payload) : (((NexoEvent)@event).EventName, @event);
            if (connected)
            {
                try
                {
                    var payload = JsonSerializer.SerializeToElement(body, body.GetType(), NexoJson.Options);
                    Volatile.Write(ref _writeStartedAt, Environment.TickCount64);
                    try
                    {
                        await rpc.NotifyWithParameterObjectAsync(method, payload).ConfigureAwait(false);
                    }
                    finally
                    {
                        Volatile.Write(ref _writeStartedAt, 0);
                    }
                }
                catch (Exception ex) when (ex is ConnectionLostException or ObjectDisposedException or IOException)
                {
                    logger.LogDebug(ex, "The client is gone; events are no longer forwarded");
                    connected = false;
                }
            }

            Interlocked.Increment(ref _sent);
        }
    }

    private sealed record ProtocolNotification(string Method, object Payload);

    /// <summary>Chunks of one message and stream waiting while the client is behind; appended to under the gate.</summary>
    private sealed class PendingChunk(NexoEvent first, string text)
    {
        private readonly System.Text.StringBuilder _text = new(text);

        public NexoEvent First { get; } = first;

        public string Text => _text.ToString();

        public void Append(string more) => _text.Append(more);
    }
}
