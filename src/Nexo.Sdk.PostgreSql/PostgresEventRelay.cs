using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using Dapper;
using Nexo.Events;
using Npgsql;

namespace Nexo.Storage.PostgreSql;

/// <summary>
/// Events between the instances sharing a PostgreSQL database, over NOTIFY on <see cref="PostgresNotifications.EventsChannel"/>.
/// A sender loop takes what this instance published meanwhile, joins adjacent chunks of one message (up to
/// <see cref="MaxCoalescedChunkChars"/> characters), and packs the events into notifications of at most
/// <see cref="MaxPayloadBytes"/> bytes (PostgreSQL's limit is 8000), sent in order in one transaction:
/// <c>{"i":INSTANCE,"s":SEQ,"e":[{"n":NAME,"d":PAYLOAD}|{"n":NAME,"r":ID}…]}</c>. An event too large for one
/// notification goes by reference (a <c>nexo_event_payloads</c> row inserted in the same transaction). Receivers skip
/// their own instance's notifications and publish the others' events, in order, with
/// <see cref="NexoEventStream.PublishRemote"/>. Relayed: chat events and budget warnings; not relayed: what belongs to the
/// instance that runs it (MCP server status, resources, elicitation and authorization, tool permission requests).
/// </summary>
internal sealed class PostgresEventRelay : IEventRelay, IDisposable
{
    /// <summary>The largest notification payload this sends, in UTF-8 bytes.</summary>
    internal const int MaxPayloadBytes = 7600;

    /// <summary>The longest chunk text two adjacent chunks are joined into.</summary>
    internal const int MaxCoalescedChunkChars = 2000;

    /// <summary>How long by-reference payloads are kept for slow receivers.</summary>
    private static readonly TimeSpan PayloadLifetime = TimeSpan.FromMinutes(5);

    private readonly PostgresStore _store;
    private readonly Channel<NexoEvent> _outbox = Channel.CreateUnbounded<NexoEvent>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Channel<string> _inbox = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
    private readonly CancellationTokenSource _stop = new();
    private readonly Lock _gate = new();
    private NexoEventStream[] _targets = [];
    private Task? _sender;
    private Task? _receiver;
    private long _sequence;

    public PostgresEventRelay(PostgresStore store) => _store = store;

    /// <summary>Notifications sent (for tests and measurements).</summary>
    public long NotificationsSent => Interlocked.Read(ref _notificationsSent);

    /// <summary>Events sent after coalescing.</summary>
    public long EventsSent => Interlocked.Read(ref _eventsSent);

    /// <summary>Events sent by reference.</summary>
    public long EventsSentByReference => Interlocked.Read(ref _eventsByReference);

    private long _notificationsSent;
    private long _eventsSent;
    private long _eventsByReference;

    /// <inheritdoc />
    public IDisposable Attach(NexoEventStream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_stop.IsCancellationRequested, this);
            _targets = [.. _targets, stream];
            if (_sender is null)
            {
                _store.Notifications.EventsReceived += OnEvents;
                _sender = Task.Run(SendLoopAsync);
                _receiver = Task.Run(ReceiveLoopAsync);
                _ = _store.Notifications.EnsureListeningAsync(_stop.Token).ContinueWith(static t => _ = t.Exception, TaskScheduler.Default);
            }
        }

        var subscription = stream.Subscribe(e =>
        {
            if (!NexoEventStream.IsPublishingRemote && IsRelayed(e))
            {
                _outbox.Writer.TryWrite(e);
            }
        });
        return new Detach(this, stream, subscription);
    }

    /// <summary>Waits until this instance receives other instances' events.</summary>
    public Task ListeningAsync(CancellationToken cancellationToken) => _store.Notifications.EnsureListeningAsync(cancellationToken);

    /// <summary>Sends what is queued (for up to 5 s), then stops.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            if (_stop.IsCancellationRequested)
            {
                return;
            }

            _outbox.Writer.TryComplete();
            _inbox.Writer.TryComplete();
            _store.Notifications.EventsReceived -= OnEvents;
        }

        try
        {
            _sender?.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
            // Logged nowhere: the relay is best effort once the instance stops.
        }

        _stop.Cancel();
        try
        {
            _receiver?.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
        }

        _stop.Dispose();
    }

    private static bool IsRelayed(NexoEvent e) => e is BudgetWarningEvent || (e is ChatEvent && e is not ToolPermissionRequestEvent);

    private void OnEvents(string payload) => _inbox.Writer.TryWrite(payload);

    private async Task SendLoopAsync()
    {
        var reader = _outbox.Reader;
        var batch = new List<NexoEvent>();
        var stop = _stop.Token;
        try
        {
            while (await reader.WaitToReadAsync(stop).ConfigureAwait(false))
            {
                batch.Clear();
                while (batch.Count < 2000 && reader.TryRead(out var e))
                {
                    batch.Add(e);
                }

                for (var attempt = 0; ; attempt++)
                {
                    try
                    {
                        await SendAsync(Coalesce(batch), stop).ConfigureAwait(false);
                        break;
                    }
                    catch (Exception ex) when (attempt < 3 && ex is NpgsqlException or NexoException or TimeoutException)
                    {
                        await Task.Delay(TimeSpan.FromMilliseconds(100 << attempt), stop).ConfigureAwait(false);
                    }
                    catch (Exception ex) when (ex is NpgsqlException or NexoException or TimeoutException)
                    {
                        break; // the database is gone for now: these events are not relayed
                    }
                }
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
    }

    /// <summary>Joins adjacent chunks of the same message and stream, up to <see cref="MaxCoalescedChunkChars"/>.</summary>
    internal static List<NexoEvent> Coalesce(List<NexoEvent> events)
    {
        var result = new List<NexoEvent>(events.Count);
        foreach (var e in events)
        {
            NexoEvent? joined = (result.Count > 0 ? result[^1] : null, e) switch
            {
                (MessageChunkEvent a, MessageChunkEvent b) when a.ChatId == b.ChatId && a.MessageId == b.MessageId && a.Chunk.Length + b.Chunk.Length <= MaxCoalescedChunkChars
                    => a with { Chunk = a.Chunk + b.Chunk },
                (ThinkingChunkEvent a, ThinkingChunkEvent b) when a.ChatId == b.ChatId && a.MessageId == b.MessageId && a.Chunk.Length + b.Chunk.Length <= MaxCoalescedChunkChars
                    => a with { Chunk = a.Chunk + b.Chunk },
                _ => null,
            };
            if (joined is not null)
            {
                result[^1] = joined;
            }
            else
            {
                result.Add(e);
            }
        }

        return result;
    }

    private async Task SendAsync(List<NexoEvent> events, CancellationToken cancellationToken)
    {
        await using var c = await _store.Database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var tx = await c.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        var payloads = new List<string>();
        var current = new StringBuilder();
        var currentBytes = 0;
        var byReference = 0;
        foreach (var e in events)
        {
            var name = JsonSerializer.Serialize(e.EventName, NexoJson.Info<string>());
            var json = NexoJson.SerializeEvent(e);
            var entry = $"{{\"n\":{name},\"d\":{json}}}";
            var entryBytes = Encoding.UTF8.GetByteCount(entry);
            if (entryBytes > MaxPayloadBytes - 100)
            {
                var id = await c.ExecuteScalarAsync<long>(new CommandDefinition(
                    "INSERT INTO nexo_event_payloads (payload, created_at) VALUES (@json, @now) RETURNING id",
                    new { json, now = Time.ToMs(DateTimeOffset.UtcNow) },
                    tx,
                    cancellationToken: cancellationToken)).ConfigureAwait(false);
                entry = $"{{\"n\":{name},\"r\":{id}}}";
                entryBytes = Encoding.UTF8.GetByteCount(entry);
                byReference++;
            }

            if (current.Length > 0 && currentBytes + entryBytes + 1 > MaxPayloadBytes - 100)
            {
                payloads.Add(Close(current));
                current.Clear();
                currentBytes = 0;
            }

            current.Append(current.Length == 0 ? string.Empty : ",").Append(entry);
            currentBytes += entryBytes + 1;
        }

        if (current.Length > 0)
        {
            payloads.Add(Close(current));
        }

        if (byReference > 0)
        {
            await c.ExecuteAsync(new CommandDefinition(
                "DELETE FROM nexo_event_payloads WHERE created_at < @before",
                new { before = Time.ToMs(DateTimeOffset.UtcNow - PayloadLifetime) },
                tx,
                cancellationToken: cancellationToken)).ConfigureAwait(false);
        }

        await using (var batch = new NpgsqlBatch(c, tx))
        {
            foreach (var payload in payloads)
            {
                var command = new NpgsqlBatchCommand("SELECT pg_notify($1, $2)");
                command.Parameters.Add(new NpgsqlParameter { Value = PostgresNotifications.EventsChannel });
                command.Parameters.Add(new NpgsqlParameter { Value = payload });
                batch.BatchCommands.Add(command);
            }

            await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
        Interlocked.Add(ref _notificationsSent, payloads.Count);
        Interlocked.Add(ref _eventsSent, events.Count);
        Interlocked.Add(ref _eventsByReference, byReference);

        string Close(StringBuilder entries) =>
            $"{{\"i\":\"{_store.InstanceId}\",\"s\":{Interlocked.Increment(ref _sequence)},\"e\":[{entries}]}}";
    }

    private async Task ReceiveLoopAsync()
    {
        var reader = _inbox.Reader;
        var stop = _stop.Token;
        try
        {
            while (await reader.WaitToReadAsync(stop).ConfigureAwait(false))
            {
                while (reader.TryRead(out var payload))
                {
                    await ReceiveAsync(payload, stop).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
    }

    private async Task ReceiveAsync(string payload, CancellationToken cancellationToken)
    {
        try
        {
            using var doc = JsonDocument.Parse(payload);
            var root = doc.RootElement;
            if (root.GetProperty("i").GetString() == _store.InstanceId)
            {
                return; // this instance's own events: its subscribers had them already
            }

            foreach (var entry in root.GetProperty("e").EnumerateArray())
            {
                var name = entry.GetProperty("n").GetString()!;
                string? json;
                if (entry.TryGetProperty("d", out var data))
                {
                    json = data.GetRawText();
                }
                else
                {
                    var id = entry.GetProperty("r").GetInt64();
                    await using var c = await _store.Database.OpenAsync(cancellationToken).ConfigureAwait(false);
                    json = await c.ExecuteScalarAsync<string?>(new CommandDefinition(
                        "SELECT payload FROM nexo_event_payloads WHERE id = @id", new { id }, cancellationToken: cancellationToken)).ConfigureAwait(false);
                }

                if (json is not null && NexoEventTypes.Deserialize(name, json) is { } e)
                {
                    foreach (var target in _targets)
                    {
                        target.PublishRemote(e);
                    }
                }
            }
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException or NpgsqlException or NexoException)
        {
            // A notification that cannot be read (another version's, or its payload is gone) is skipped.
        }
    }

    private sealed class Detach(PostgresEventRelay relay, NexoEventStream stream, IDisposable subscription) : IDisposable
    {
        public void Dispose()
        {
            subscription.Dispose();
            lock (relay._gate)
            {
                relay._targets = relay._targets.Where(t => !ReferenceEquals(t, stream)).ToArray();
            }
        }
    }
}
