using Npgsql;

namespace Nexo.Storage.PostgreSql;

/// <summary>
/// The store's one listening connection (LISTEN <see cref="CancelChannel"/> and <see cref="EventsChannel"/>), outside the
/// pool: a loop waits for notifications (<see cref="NpgsqlConnection.WaitAsync(CancellationToken)"/>, no polling) and
/// hands them to the claims and the event relay. When the connection fails it is replaced (after 0.1 s, doubling up to
/// 5 s) and <see cref="Listening"/> is raised again, so that waiters re-read what they may have missed meanwhile.
/// Started by the first claim or relay that needs it.
/// </summary>
internal sealed class PostgresNotifications : IDisposable
{
    /// <summary>Cancel requests: the payload is the holder's owner, a line feed, and the chat id.</summary>
    public const string CancelChannel = "nexo_cancel";

    /// <summary>Relayed events (<see cref="PostgresEventRelay"/>).</summary>
    public const string EventsChannel = "nexo_events";

    private static readonly TimeSpan FirstRetry = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan LastRetry = TimeSpan.FromSeconds(5);

    private readonly PostgresDatabase _db;
    private readonly CancellationTokenSource _stop = new();
    private readonly Lock _gate = new();
    private readonly TaskCompletionSource _firstListening = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Task? _loop;

    public PostgresNotifications(PostgresDatabase db) => _db = db;

    /// <summary>A cancel request: the holder's owner and the chat.</summary>
    public event Action<string, string>? CancelRequested;

    /// <summary>A notification on <see cref="EventsChannel"/> (its payload).</summary>
    public event Action<string>? EventsReceived;

    /// <summary>Raised each time the connection listens (again): notifications sent while it was down are lost.</summary>
    public event Action? Listening;

    /// <summary>The backend process id of the listening connection (tests end it to prove the reconnection).</summary>
    public int? ListenerProcessId { get; private set; }

    /// <summary>How many times the connection was replaced after a failure.</summary>
    public int Reconnections { get; private set; }

    /// <summary>Starts the loop if needed and waits until the connection listens for the first time.</summary>
    public Task EnsureListeningAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_stop.IsCancellationRequested, this);
            _loop ??= Task.Run(RunAsync);
        }

        return _firstListening.Task.WaitAsync(cancellationToken);
    }

    public void Dispose()
    {
        lock (_gate)
        {
            if (_stop.IsCancellationRequested)
            {
                return;
            }

            _stop.Cancel();
        }

        try
        {
            _loop?.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
            // The loop ends with the cancellation.
        }

        _stop.Dispose();
    }

    private async Task RunAsync()
    {
        var stop = _stop.Token;
        var retry = FirstRetry;
        var connected = false;
        while (!stop.IsCancellationRequested)
        {
            try
            {
                var connection = await _db.OpenListenerAsync(stop).ConfigureAwait(false);
                await using (connection.ConfigureAwait(false))
                {
                    connection.Notification += OnNotification;
                    await using (var listen = new NpgsqlCommand($"LISTEN {CancelChannel}; LISTEN {EventsChannel}", connection))
                    {
                        await listen.ExecuteNonQueryAsync(stop).ConfigureAwait(false);
                    }

                    ListenerProcessId = connection.ProcessID;
                    if (connected)
                    {
                        Reconnections++;
                    }

                    connected = true;
                    retry = FirstRetry;
                    _firstListening.TrySetResult();
                    Listening?.Invoke();
                    while (true)
                    {
                        await connection.WaitAsync(stop).ConfigureAwait(false);
                    }
                }
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // Any failure of the listening connection is answered by a new connection.
            catch (Exception)
#pragma warning restore CA1031
            {
                ListenerProcessId = null;
            }

            try
            {
                await Task.Delay(retry, stop).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            retry = TimeSpan.FromTicks(Math.Min(retry.Ticks * 2, LastRetry.Ticks));
        }
    }

    private void OnNotification(object sender, NpgsqlNotificationEventArgs e)
    {
        try
        {
            if (e.Channel == CancelChannel)
            {
                var separator = e.Payload.IndexOf('\n', StringComparison.Ordinal);
                if (separator > 0)
                {
                    CancelRequested?.Invoke(e.Payload[..separator], e.Payload[(separator + 1)..]);
                }
            }
            else if (e.Channel == EventsChannel)
            {
                EventsReceived?.Invoke(e.Payload);
            }
        }
#pragma warning disable CA1031 // A failing handler must not end the listening loop.
        catch (Exception)
#pragma warning restore CA1031
        {
        }
    }
}
