namespace Nexo.JsonRpcServer.Hosting;

/// <summary>
/// The output stream of a connection, watched for a client that stops reading: when one write has waited longer than
/// the limit, the client counts as stalled (<see cref="Stalled"/> completes) and the stream becomes a sink. The write
/// that was waiting returns (the bytes stay with the operating system, which may never deliver them) and every later
/// write is discarded at once, so nothing upstream waits on the client again and queued messages are freed.
/// </summary>
/// <remarks>
/// A client that reads slowly but steadily is never stalled: only a single write that makes no progress for the whole
/// limit counts. The watch runs on a timer; it never blocks a write.
/// </remarks>
internal sealed class StallWatchStream : Stream
{
    private readonly Stream _inner;
    private readonly long _limitMs;
    private readonly TaskCompletionSource _stalled = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Timer _timer;
    private long _writeStartedAt; // Environment.TickCount64 when the pending write began; 0 when none is pending

    /// <summary>Watches <paramref name="inner"/>.</summary>
    /// <param name="inner">The stream to the client.</param>
    /// <param name="limit">How long one write may wait for the client.</param>
    public StallWatchStream(Stream inner, TimeSpan limit)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(limit, TimeSpan.Zero);
        _inner = inner;
        _limitMs = (long)limit.TotalMilliseconds;
        var period = TimeSpan.FromMilliseconds(Math.Clamp(_limitMs / 4, 10, 1000));
        _timer = new Timer(_ => Check(), null, period, period);
    }

    /// <summary>Completes when the client has been found stalled; the stream discards writes from then on.</summary>
    public Task Stalled => _stalled.Task;

    /// <summary>Whether the client has been found stalled.</summary>
    public bool IsStalled => _stalled.Task.IsCompleted;

    /// <inheritdoc />
    public override bool CanRead => false;

    /// <inheritdoc />
    public override bool CanSeek => false;

    /// <inheritdoc />
    public override bool CanWrite => true;

    /// <inheritdoc />
    public override long Length => throw new NotSupportedException();

    /// <inheritdoc />
    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    /// <inheritdoc />
    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (IsStalled)
        {
            return;
        }

        await WatchAsync(_inner.WriteAsync(buffer, cancellationToken).AsTask()).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    /// <inheritdoc />
    public override void Write(byte[] buffer, int offset, int count) => WriteAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    /// <inheritdoc />
    public override Task FlushAsync(CancellationToken cancellationToken) => IsStalled ? Task.CompletedTask : WatchAsync(_inner.FlushAsync(cancellationToken));

    /// <inheritdoc />
    public override void Flush() => FlushAsync(CancellationToken.None).GetAwaiter().GetResult();

    /// <inheritdoc />
    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    /// <inheritdoc />
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    /// <inheritdoc />
    public override void SetLength(long value) => throw new NotSupportedException();

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _timer.Dispose();
            if (!IsStalled)
            {
                _inner.Dispose();
            }
        }

        base.Dispose(disposing);
    }

    /// <inheritdoc />
    public override async ValueTask DisposeAsync()
    {
        await _timer.DisposeAsync().ConfigureAwait(false);
        if (!IsStalled)
        {
            // A stalled stream is left to the operating system: closing it could wait for the client too.
            await _inner.DisposeAsync().ConfigureAwait(false);
        }

        GC.SuppressFinalize(this);
    }

    private async Task WatchAsync(Task write)
    {
        if (write.IsCompleted)
        {
            await write.ConfigureAwait(false);
            return;
        }

        Volatile.Write(ref _writeStartedAt, Math.Max(1, Environment.TickCount64));
        try
        {
            if (await Task.WhenAny(write, _stalled.Task).ConfigureAwait(false) == write)
            {
                await write.ConfigureAwait(false);
                return;
            }

            // Stalled: the write is left behind; its eventual failure (the client gone) must not go unobserved.
            _ = write.ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
        }
        finally
        {
            Volatile.Write(ref _writeStartedAt, 0);
        }
    }

    private void Check()
    {
        var started = Volatile.Read(ref _writeStartedAt);
        if (started != 0 && Environment.TickCount64 - started > _limitMs)
        {
            _stalled.TrySetResult();
        }
    }
}
