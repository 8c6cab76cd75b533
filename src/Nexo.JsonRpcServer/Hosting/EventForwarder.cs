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
internal sealed class EventForwarder(NexoEventStream stream, ILogger logger) : IAsyncDisposable
{
    private readonly Channel<object> _queue = Channel.CreateUnbounded<object>(new UnboundedChannelOptions { SingleReader = true });
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

        _subscription = stream.Subscribe(e =>
        {
            Interlocked.Increment(ref _enqueued);
            _queue.Writer.TryWrite(e);
        });
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
