using System.Collections.Concurrent;

namespace Nexo.Testing;

/// <summary>
/// A clock whose timers fire at once and remember the delays they were asked for, so retry and backoff tests run
/// without sleeping: <c>Task.Delay(TimeSpan.FromSeconds(30), provider)</c> completes immediately and
/// <see cref="Delays"/> holds 30 s. The current time is the system's.
/// </summary>
public sealed class ImmediateTimeProvider : TimeProvider
{
    private readonly ConcurrentQueue<TimeSpan> _delays = new();

    /// <summary>Every timer due time requested, in order (infinite ones excluded).</summary>
    public IReadOnlyList<TimeSpan> Delays => [.. _delays];

    /// <inheritdoc />
    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        if (dueTime != Timeout.InfiniteTimeSpan)
        {
            _delays.Enqueue(dueTime);
        }

        return System.CreateTimer(callback, state, Immediate(dueTime), period);
    }

    private static TimeSpan Immediate(TimeSpan time) => time == Timeout.InfiniteTimeSpan ? time : TimeSpan.Zero;
}
