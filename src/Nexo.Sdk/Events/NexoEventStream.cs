using System.Runtime.CompilerServices;
using System.Threading.Channels;

namespace Nexo;

/// <summary>
/// The process-wide stream of Nexo events (every turn's events, <c>chat-updated</c>, <c>mcp-server-status-changed</c>…).
/// Hosts subscribe once and forward events to their clients. Publishing never blocks: a slow subscriber that
/// falls more than <see cref="SubscriberCapacity"/> events behind loses the oldest ones, never the turn.
/// </summary>
public sealed class NexoEventStream
{
    /// <summary>How many undelivered events one subscriber may hold.</summary>
    public const int SubscriberCapacity = 100_000;

    [ThreadStatic]
    private static bool t_publishingRemote;

    private readonly Lock _gate = new();
    private ImmutableSubscribers _subscribers = ImmutableSubscribers.Empty;

    /// <summary>Calls <paramref name="handler"/> synchronously for every event published after this call until the result is disposed.</summary>
    /// <param name="handler">The handler; it must be fast and must not throw (exceptions are swallowed).</param>
    /// <returns>Disposing it ends the subscription.</returns>
    public IDisposable Subscribe(Action<NexoEvent> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        var subscriber = new Subscriber(handler);
        lock (_gate)
        {
            _subscribers = _subscribers.Add(subscriber);
        }

        return new Unsubscriber(this, subscriber);
    }

    /// <summary>Reads every event published after this call, until <paramref name="cancellationToken"/> is cancelled.</summary>
    /// <param name="cancellationToken">Ends the enumeration.</param>
    public async IAsyncEnumerable<NexoEvent> ReadAllAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var channel = Channel.CreateBounded<NexoEvent>(new BoundedChannelOptions(SubscriberCapacity)
        {
            FullMode = BoundedChannelFullMode.DropOldest,
            SingleReader = true,
        });
        using var subscription = Subscribe(e => channel.Writer.TryWrite(e));
        while (await channel.Reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
        {
            while (channel.Reader.TryRead(out var item))
            {
                yield return item;
            }
        }
    }

    /// <summary>Publishes an event to every subscriber.</summary>
    /// <param name="nexoEvent">The event.</param>
    internal void Publish(NexoEvent nexoEvent)
    {
        foreach (var subscriber in _subscribers.Items)
        {
            try
            {
                subscriber.Handler(nexoEvent);
            }
#pragma warning disable CA1031 // A failing subscriber must not break the turn that publishes.
            catch (Exception)
#pragma warning restore CA1031
            {
            }
        }
    }

    /// <summary>Whether the event being published on this thread came from another instance (<see cref="PublishRemote"/>).</summary>
    internal static bool IsPublishingRemote => t_publishingRemote;

    /// <summary>
    /// Publishes an event relayed from another instance (<see cref="Storage.IEventRelay"/>): subscribers get it like any
    /// other, and <see cref="IsPublishingRemote"/> tells the relay not to send it back.
    /// </summary>
    /// <param name="nexoEvent">The event.</param>
    internal void PublishRemote(NexoEvent nexoEvent)
    {
        t_publishingRemote = true;
        try
        {
            Publish(nexoEvent);
        }
        finally
        {
            t_publishingRemote = false;
        }
    }

    private void Remove(Subscriber subscriber)
    {
        lock (_gate)
        {
            _subscribers = _subscribers.Remove(subscriber);
        }
    }

    private sealed record Subscriber(Action<NexoEvent> Handler);

    private sealed class ImmutableSubscribers(Subscriber[] items)
    {
        public static readonly ImmutableSubscribers Empty = new([]);

        public Subscriber[] Items { get; } = items;

        public ImmutableSubscribers Add(Subscriber s) => new([.. Items, s]);

        public ImmutableSubscribers Remove(Subscriber s) => new(Items.Where(x => !ReferenceEquals(x, s)).ToArray());
    }

    private sealed class Unsubscriber(NexoEventStream owner, Subscriber subscriber) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                owner.Remove(subscriber);
            }
        }
    }
}
