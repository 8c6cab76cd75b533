using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Text;

namespace Nexo.Events;

/// <summary>
/// An unbounded single-reader queue of events whose memory stays bounded when the reader falls behind: behind
/// <see cref="ChatTurn.Events"/> and the JSON-RPC host's notification pump. The writer never waits. While the reader is stalled (it has taken nothing for <see cref="StalledAfterMs"/> and at
/// least <see cref="CoalesceAfter"/> events wait), a chunk is appended to the waiting chunk of the same message and
/// stream instead of queued on its own; no text is lost and each message's events keep their order. A reader that
/// keeps up gets every chunk as its own event. Items that are not <see cref="ChatEvent"/>s pass through in order.
/// </summary>
/// <typeparam name="T">The item type: <see cref="ChatEvent"/>, or <see cref="object"/> to queue other items too.</typeparam>
internal sealed class CoalescingEventQueue<T>
    where T : class
{
    /// <summary>How many waiting events make chunks coalesce (when the reader is also stalled).</summary>
    internal const int CoalesceAfter = 256;

    /// <summary>How long the reader must have taken nothing before it counts as stalled.</summary>
    internal const long StalledAfterMs = 250;

    private readonly Lock _gate = new();
    private readonly Queue<Entry> _queue = new();
    private readonly Dictionary<(string MessageId, bool Thinking), Entry> _open = [];
    private TaskCompletionSource? _waiter;
    private bool _completed;
    private long _lastTakenAt = Environment.TickCount64;

    /// <summary>Queues an item; <see langword="false"/> when it was joined to a waiting chunk or the queue is complete.</summary>
    public bool Write(T item)
    {
        TaskCompletionSource? wake;
        lock (_gate)
        {
            if (_completed)
            {
                return false;
            }

            var (messageId, thinking, text) = item switch
            {
                MessageChunkEvent c => (c.MessageId, false, c.Chunk),
                ThinkingChunkEvent t => (t.MessageId, true, t.Chunk),
                _ => (null, false, null),
            };
            Entry? entry = null;
            if (messageId is null)
            {
                // Any later event of a message closes its waiting chunks: chunks after it queue after it.
                if (_open.Count > 0 && item is ChatEvent e && MessageIdOf(e) is { } id)
                {
                    _open.Remove((id, false));
                    _open.Remove((id, true));
                }
            }
            else
            {
                if (_open.Count > 0) // nothing waits while the reader keeps up
                {
                    _open.Remove((messageId, !thinking)); // the other stream of the message keeps its order
                    if (_open.TryGetValue((messageId, thinking), out var waiting))
                    {
                        waiting.Text!.Append(text);
                        return false;
                    }
                }

                if (_queue.Count >= CoalesceAfter && _waiter is null && Environment.TickCount64 - _lastTakenAt > StalledAfterMs)
                {
                    entry = new Entry(item, new StringBuilder(text));
                    _open[(messageId, thinking)] = entry;
                }
            }

            _queue.Enqueue(entry ?? new Entry(item, null));
            wake = _waiter;
            _waiter = null;
        }

        wake?.TrySetResult();
        return true;
    }

    public void Complete()
    {
        TaskCompletionSource? wake;
        lock (_gate)
        {
            _completed = true;
            wake = _waiter;
            _waiter = null;
        }

        wake?.TrySetResult();
    }

    /// <summary>
    /// Takes the next waiting item without waiting: a reader given one item by <see cref="ReadAllAsync"/> drains what
    /// is already queued behind it to handle a burst at once.
    /// </summary>
    /// <param name="item">The item, or <see langword="null"/> when none waits.</param>
    /// <returns>Whether an item was taken.</returns>
    public bool TryTake([NotNullWhen(true)] out T? item)
    {
        lock (_gate)
        {
            if (_queue.TryDequeue(out var entry))
            {
                _lastTakenAt = Environment.TickCount64;
                item = Take(entry);
                return true;
            }
        }

        item = null;
        return false;
    }

    public async IAsyncEnumerable<T> ReadAllAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        while (true)
        {
            T? next = null;
            Task? wait = null;
            lock (_gate)
            {
                if (_queue.TryDequeue(out var entry))
                {
                    _lastTakenAt = Environment.TickCount64;
                    next = Take(entry);
                }
                else if (!_completed)
                {
                    _waiter = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                    wait = _waiter.Task;
                }
            }

            if (next is not null)
            {
                yield return next;
            }
            else if (wait is null)
            {
                yield break;
            }
            else
            {
                await wait.WaitAsync(cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>The event to hand out for an entry; a coalesced chunk leaves the waiting list (called under the gate).</summary>
    private T Take(Entry entry)
    {
        if (entry.Text is null)
        {
            return entry.Item;
        }

        var key = entry.Item switch
        {
            MessageChunkEvent c => (c.MessageId, false),
            ThinkingChunkEvent t => (t.MessageId, true),
            _ => (string.Empty, false),
        };
        if (_open.TryGetValue(key, out var open) && ReferenceEquals(open, entry))
        {
            _open.Remove(key);
        }

        var text = entry.Text.ToString();
        return entry.Item switch
        {
            MessageChunkEvent c => (T)(object)(c with { Chunk = text }),
            ThinkingChunkEvent t => (T)(object)(t with { Chunk = text }),
            _ => entry.Item,
        };
    }

    private static string? MessageIdOf(ChatEvent e) => e switch
    {
        MessageCompleteEvent c => c.MessageId,
        MessageCancelledEvent c => c.MessageId,
        MessageErrorEvent c => c.MessageId,
        ToolCallsDetectedEvent c => c.MessageId,
        _ => null,
    };

    private sealed record Entry(T Item, StringBuilder? Text);
}
