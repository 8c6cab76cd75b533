using System.Text.Json;
using Microsoft.Extensions.Logging;
using Nexo.Events;
using StreamJsonRpc;

namespace Nexo.JsonRpcServer.Hosting;

/// <summary>
/// Forwards every <see cref="NexoEvent"/> as a JSON-RPC notification named <see cref="NexoEvent.EventName"/>, its
/// payload serialised with <see cref="NexoJson.Options"/>. Publishing only enqueues (the turn never waits for the
/// client); one pump writes the notifications in order.
/// </summary>
/// <remarks>
/// Memory stays bounded when the client reads slowly or not at all: the queue is the SDK's
/// <see cref="CoalescingEventQueue{T}"/>, so while a write has waited for the client longer than
/// <see cref="CoalescingEventQueue{T}.StalledAfterMs"/> with <see cref="CoalescingEventQueue{T}.CoalesceAfter"/> or
/// more notifications queued, chunks of the same message and stream are joined instead of queued one by one. A client
/// that keeps up sees one notification per chunk.
/// </remarks>
internal sealed class EventForwarder(NexoEventStream stream, ILogger logger) : IAsyncDisposable
{
    private readonly CoalescingEventQueue<object> _queue = new();
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

        _subscription = stream.Subscribe(e => Enqueue(e));
        _pump = Task.Run(() => PumpAsync(rpc));
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

        Enqueue(new ProtocolNotification(method, payload));
    }

    /// <summary>Completes when every event published before the call has been written (or dropped with the connection).</summary>
    public Task FlushAsync()
    {
        if (Volatile.Read(ref _sent) >= Volatile.Read(ref _enqueued))
        {
            return Task.CompletedTask;
        }

        var marker = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        return _queue.Write(marker) ? marker.Task : Task.CompletedTask;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        _subscription?.Dispose();
        _queue.Complete();
        if (_pump is { } pump)
        {
            await pump.ConfigureAwait(false);
        }
    }

    /// <summary>Counts an item that takes its own place in the queue (a chunk joined to a waiting one does not).</summary>
    private void Enqueue(object item)
    {
        Interlocked.Increment(ref _enqueued);
        if (!_queue.Write(item))
        {
            Interlocked.Decrement(ref _enqueued);
        }
    }

    private async Task PumpAsync(JsonRpc rpc)
    {
        var connected = true;
        await foreach (var item in _queue.ReadAllAsync().ConfigureAwait(false))
        {
            if (item is TaskCompletionSource marker)
            {
                marker.TrySetResult();
                continue;
            }

            var (method, body) = item is ProtocolNotification n ? (n.Method, n.Payload) : (((NexoEvent)item).EventName, item);
            if (connected)
            {
                try
                {
                    var payload = JsonSerializer.SerializeToElement(body, body.GetType(), NexoJson.Options);
                    await rpc.NotifyWithParameterObjectAsync(method, payload).ConfigureAwait(false);
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
}
