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
/// <para>
/// The pump serialises and frames notifications itself (<see cref="NotificationBatch"/>, the same bytes StreamJsonRpc
/// would write) and hands whatever queued up while the previous write was in flight to the message handler as one
/// write and one flush, up to <see cref="MaxBatchBytes"/>: a fast turn costs one pipe write per burst, not one per
/// chunk, and each notification is still its own frame, in order.
/// </para>
/// </remarks>
internal sealed class EventForwarder(NexoEventStream stream, FramedMessageHandler handler, ILogger logger) : IAsyncDisposable
{
    /// <summary>A batch is written once it holds this many bytes, even when more notifications wait.</summary>
    internal const int MaxBatchBytes = 64 * 1024;

    private readonly CoalescingEventQueue<object> _queue = new();
    private IDisposable? _subscription;
    private Task? _pump;
    private long _enqueued;
    private long _sent;

    /// <summary>Starts forwarding (after <c>initialized</c>); later calls do nothing.</summary>
    public void Start()
    {
        if (Interlocked.CompareExchange(ref _pump, Task.CompletedTask, null) is not null)
        {
            return;
        }

        _subscription = stream.Subscribe(e => Enqueue(e));
        _pump = Task.Run(PumpAsync);
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

    private async Task PumpAsync()
    {
        var batch = new NotificationBatch(handler.Framing);
        var connected = true;
        await foreach (var first in _queue.ReadAllAsync().ConfigureAwait(false))
        {
            // Everything queued behind the first item goes out in the same write (markers release once what was queued
            // before them has been written).
            var item = first;
            do
            {
                if (item is TaskCompletionSource marker)
                {
                    connected = await WriteAsync(batch, connected).ConfigureAwait(false);
                    marker.TrySetResult();
                    continue;
                }

                if (connected)
                {
                    var (method, body) = item is ProtocolNotification n ? (n.Method, n.Payload) : (((NexoEvent)item).EventName, item);
                    batch.Add(method, body);
                }
                else
                {
                    Interlocked.Increment(ref _sent);
                }
            }
            while (batch.Length < MaxBatchBytes && _queue.TryTake(out item));

            connected = await WriteAsync(batch, connected).ConfigureAwait(false);
        }
    }

    /// <summary>Writes the batch (if the client is still there), counts its notifications as sent and empties it.</summary>
    /// <returns>Whether the client is still connected.</returns>
    private async Task<bool> WriteAsync(NotificationBatch batch, bool connected)
    {
        if (batch.Count == 0)
        {
            return connected;
        }

        if (connected)
        {
            try
            {
                await handler.WriteAsync(batch, CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is ConnectionLostException or ObjectDisposedException or IOException or OperationCanceledException)
            {
                logger.LogDebug(ex, "The client is gone; events are no longer forwarded");
                connected = false;
            }
        }

        Interlocked.Add(ref _sent, batch.Count);
        batch.Clear();
        return connected;
    }

    private sealed record ProtocolNotification(string Method, object Payload);
}
