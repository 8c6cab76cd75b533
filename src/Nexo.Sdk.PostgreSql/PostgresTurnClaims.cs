using System.Collections.Concurrent;
using Dapper;
using Npgsql;

namespace Nexo.Storage.PostgreSql;

/// <summary>
/// One turn per chat across instances, with leases. A turn claims its chat row (<c>chats.turn_owner</c>) before it
/// stores anything; the owner is <c>PROCESS/INSTANCE|ENGINE</c> (<see cref="PostgresStore.Holder"/>, the instance being
/// the store, and this engine's id). While the turn runs the claim's lease (<c>turn_lease_expires_at</c>, on the
/// database's clock) is renewed every third of <see cref="PostgresStore.LeaseDuration"/>; a claim whose lease has expired
/// (its instance was killed or cut off), or whose engine in this same instance is gone, is taken over by the next
/// claimer, which marks the answer the holder left <c>pending</c> or <c>streaming</c> interrupted, as SQLite does for a
/// dead process. Cancel requests are stored on the row and sent with NOTIFY to the holder's listening connection
/// (<see cref="PostgresNotifications"/>), which cancels the turn at once.
/// </summary>
internal sealed class PostgresTurnClaims : ITurnClaims
{
    /// <summary>The database's clock in Unix milliseconds: every instance compares leases on one clock.</summary>
    internal const string NowMs = "(extract(epoch from clock_timestamp()) * 1000)::bigint";

    private readonly PostgresStore _store;
    private readonly PostgresDatabase _db;
    private readonly TimeProvider _time;
    private readonly string _engine = Guid.NewGuid().ToString("N");
    private readonly ConcurrentDictionary<string, Lease> _held = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _waiters = new(StringComparer.Ordinal);
    private int _disposed;

    public PostgresTurnClaims(PostgresStore store, TimeProvider time)
    {
        _store = store;
        _db = store.Database;
        _time = time;
        _store.LiveEngines[_engine] = 0;
        _store.Notifications.CancelRequested += OnCancelRequested;
        _store.Notifications.Listening += OnListening;
    }

    /// <summary>The value stored while this engine runs a turn.</summary>
    public string Owner => $"{_store.Holder}|{_engine}";

    /// <summary>Claims the chat for a turn of this engine and starts renewing its lease.</summary>
    /// <returns><see langword="null"/> when claimed; otherwise the instance that holds the chat (<c>machine:pid:start/instance</c>).</returns>
    public Task<string?> TryClaimAsync(string chatId, CancellationToken cancellationToken) =>
        PgErrors.Wrap("claim a chat for a turn", async () =>
        {
            var leaseMs = (long)_store.LeaseDuration.TotalMilliseconds;
            await using var c = await _db.OpenAsync(cancellationToken).ConfigureAwait(false);
            var now = _time.GetUtcNow().ToUnixTimeMilliseconds();
            for (var attempt = 0; attempt < 3; attempt++)
            {
                if (await c.ExecuteAsync(new CommandDefinition(
                        $"UPDATE chats SET turn_owner = @owner, turn_claimed_at = @now, turn_lease_expires_at = {NowMs} + @leaseMs, cancel_requested_at = NULL WHERE id = @chatId AND (turn_owner IS NULL OR turn_owner = @owner)",
                        new { owner = Owner, now, leaseMs, chatId },
                        cancellationToken: cancellationToken)).ConfigureAwait(false) > 0)
                {
                    StartRenewing(chatId);
                    return null;
                }

                if (await ReadHolderAsync(c, chatId, cancellationToken).ConfigureAwait(false) is not { Owner: { } owner } holder)
                {
                    continue; // released meanwhile (or the chat is gone: the turn finds that out itself)
                }

                if (!IsStale(owner, holder.LeaseExpiresAt, holder.DbNow))
                {
                    return HolderOf(owner);
                }

                // Take over from the stale holder only if it is still the holder (another instance may be doing the same),
                // and mark what it left unfinished interrupted in the same transaction.
                await using var tx = await c.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
                if (await c.ExecuteAsync(new CommandDefinition(
                        $"UPDATE chats SET turn_owner = @owner, turn_claimed_at = @now, turn_lease_expires_at = {NowMs} + @leaseMs, cancel_requested_at = NULL WHERE id = @chatId AND turn_owner = @stale",
                        new { owner = Owner, now, leaseMs, chatId, stale = owner },
                        tx,
                        cancellationToken: cancellationToken)).ConfigureAwait(false) > 0)
                {
                    await c.ExecuteAsync(new CommandDefinition(
                        "UPDATE messages SET status = 'error', error = @error, updated_at = @now, run_owner = NULL WHERE chat_id = @chatId AND status IN ('pending', 'streaming')",
                        new { error = SqliteMessageRepository.InterruptedError, now = Time.ToMs(DateTimeOffset.UtcNow), chatId },
                        tx,
                        cancellationToken: cancellationToken)).ConfigureAwait(false);
                    await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
                    StartRenewing(chatId);
                    return null;
                }

                await tx.RollbackAsync(cancellationToken).ConfigureAwait(false);
            }

            return (string?)"another process";
        });

    /// <summary>Stops renewing the lease and releases the chat if this engine holds it.</summary>
    public async Task ReleaseAsync(string chatId)
    {
        if (_held.TryRemove(chatId, out var lease))
        {
            await lease.StopAsync().ConfigureAwait(false);
        }

        await PgErrors.Wrap("release a chat after a turn", async () =>
        {
            await using var c = await _db.OpenAsync(CancellationToken.None).ConfigureAwait(false);
            return await c.ExecuteAsync(new CommandDefinition(
                "UPDATE chats SET turn_owner = NULL, turn_claimed_at = NULL, turn_lease_expires_at = NULL, cancel_requested_at = NULL WHERE id = @chatId AND turn_owner = @owner",
                new { chatId, owner = Owner })).ConfigureAwait(false);
        }).ConfigureAwait(false);
    }

    /// <summary>Asks the engine that runs a turn in the chat (in any instance) to cancel it: stored on the row and notified at once.</summary>
    /// <returns>Whether a live turn elsewhere was asked.</returns>
    public Task<bool> RequestCancelAsync(string chatId, CancellationToken cancellationToken) =>
        PgErrors.Wrap("ask another process to cancel a turn", async () =>
        {
            await using var c = await _db.OpenAsync(cancellationToken).ConfigureAwait(false);
            var now = _time.GetUtcNow().ToUnixTimeMilliseconds();
            if (await ReadHolderAsync(c, chatId, cancellationToken).ConfigureAwait(false) is not { Owner: { } owner } holder
                || owner == Owner
                || IsStale(owner, holder.LeaseExpiresAt, holder.DbNow))
            {
                return false;
            }

            // The notification is delivered when the transaction commits, after the stored request.
            await using var tx = await c.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            var asked = await c.ExecuteAsync(new CommandDefinition(
                "UPDATE chats SET cancel_requested_at = @now WHERE id = @chatId AND turn_owner = @owner",
                new { now, chatId, owner },
                tx,
                cancellationToken: cancellationToken)).ConfigureAwait(false) > 0;
            if (asked)
            {
                await c.ExecuteAsync(new CommandDefinition(
                    "SELECT pg_notify(@channel, @payload)",
                    new { channel = PostgresNotifications.CancelChannel, payload = owner + "\n" + chatId },
                    tx,
                    cancellationToken: cancellationToken)).ConfigureAwait(false);
            }

            await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
            return asked;
        });

    /// <summary>Whether another engine asked this engine's turn in the chat to stop.</summary>
    public Task<bool> IsCancelRequestedAsync(string chatId, CancellationToken cancellationToken) =>
        PgErrors.Wrap("check for a cancel request", async () =>
        {
            await using var c = await _db.OpenAsync(cancellationToken).ConfigureAwait(false);
            return await c.ExecuteScalarAsync<long?>(new CommandDefinition(
                "SELECT cancel_requested_at FROM chats WHERE id = @chatId AND turn_owner = @owner",
                new { chatId, owner = Owner },
                cancellationToken: cancellationToken)).ConfigureAwait(false) is not null;
        });

    /// <summary>
    /// Completes when a cancel request for this engine's turn in the chat is notified (or was stored before this
    /// listened), or when the lease was lost to another instance; no polling.
    /// </summary>
    public async Task WaitForCancelRequestAsync(string chatId, CancellationToken cancellationToken)
    {
        var waiter = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _waiters[chatId] = waiter;
        try
        {
            await _store.Notifications.EnsureListeningAsync(cancellationToken).ConfigureAwait(false);

            // Listening now: a request stored before is on the row, a later one is notified.
            if ((_held.TryGetValue(chatId, out var lease) && lease.Lost) || await IsCancelRequestedAsync(chatId, cancellationToken).ConfigureAwait(false))
            {
                return;
            }

            await waiter.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _waiters.TryRemove(new KeyValuePair<string, TaskCompletionSource>(chatId, waiter));
        }
    }

    /// <summary>
    /// Ends this engine: its claims stop being renewed and are not released (another instance takes them over when
    /// their leases expire; another engine of this instance at once).
    /// </summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _store.LiveEngines.TryRemove(_engine, out _);
        _store.Notifications.CancelRequested -= OnCancelRequested;
        _store.Notifications.Listening -= OnListening;
        foreach (var chatId in _held.Keys)
        {
            if (_held.TryRemove(chatId, out var lease))
            {
                lease.Abandon();
            }
        }
    }

    private static string HolderOf(string owner) => owner.Split('|')[0];

    private static Task<HolderRow?> ReadHolderAsync(NpgsqlConnection c, string chatId, CancellationToken cancellationToken) =>
        c.QuerySingleOrDefaultAsync<HolderRow?>(new CommandDefinition(
            $"SELECT turn_owner AS Owner, turn_lease_expires_at AS LeaseExpiresAt, {NowMs} AS DbNow FROM chats WHERE id = @chatId",
            new { chatId },
            cancellationToken: cancellationToken));

    /// <summary>Whether a claim may be taken over: its lease has expired, or its engine belonged to this instance and is gone.</summary>
    private bool IsStale(string owner, long? leaseExpiresAt, long dbNow)
    {
        var separator = owner.IndexOf('|', StringComparison.Ordinal);
        if (separator > 0 && owner[..separator] == _store.Holder && !_store.LiveEngines.ContainsKey(owner[(separator + 1)..]))
        {
            return true;
        }

        return leaseExpiresAt is not { } expires || expires < dbNow;
    }

    private void StartRenewing(string chatId)
    {
        if (!_held.ContainsKey(chatId))
        {
            var lease = new Lease();
            if (_held.TryAdd(chatId, lease))
            {
                lease.Loop = RenewAsync(chatId, lease);
            }
        }
    }

    /// <summary>Renews the lease every third of its length (real time) until released; a lease taken over meanwhile is lost and cancels the turn.</summary>
    private async Task RenewAsync(string chatId, Lease lease)
    {
        var stop = lease.Stop.Token;
        try
        {
            while (true)
            {
                var leaseMs = (long)_store.LeaseDuration.TotalMilliseconds;
                await Task.Delay(TimeSpan.FromMilliseconds(Math.Max(1, leaseMs / 3)), stop).ConfigureAwait(false);
                try
                {
                    await using var c = await _db.OpenAsync(stop).ConfigureAwait(false);
                    if (await c.ExecuteAsync(new CommandDefinition(
                            $"UPDATE chats SET turn_lease_expires_at = {NowMs} + @leaseMs WHERE id = @chatId AND turn_owner = @owner",
                            new { leaseMs, chatId, owner = Owner },
                            cancellationToken: stop)).ConfigureAwait(false) == 0)
                    {
                        lease.Lost = true;
                        if (_waiters.TryGetValue(chatId, out var waiter))
                        {
                            waiter.TrySetResult();
                        }

                        return;
                    }
                }
                catch (Exception ex) when (ex is NpgsqlException or NexoException or TimeoutException)
                {
                    // Try again at the next renewal: the lease holds until it expires.
                }
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // Released or abandoned.
        }
    }

    private void OnCancelRequested(string owner, string chatId)
    {
        if (owner == Owner && _waiters.TryGetValue(chatId, out var waiter))
        {
            waiter.TrySetResult();
        }
    }

    /// <summary>After a reconnection, requests notified while the connection was down are read from the rows.</summary>
    private void OnListening()
    {
        foreach (var (chatId, waiter) in _waiters)
        {
            _ = RecheckAsync(chatId, waiter);
        }
    }

    private async Task RecheckAsync(string chatId, TaskCompletionSource waiter)
    {
        try
        {
            if (await IsCancelRequestedAsync(chatId, CancellationToken.None).ConfigureAwait(false))
            {
                waiter.TrySetResult();
            }
        }
        catch (NexoException)
        {
            // The next reconnection checks again.
        }
    }

    private sealed record HolderRow(string? Owner, long? LeaseExpiresAt, long DbNow);

    /// <summary>One held chat's renewal.</summary>
    private sealed class Lease
    {
        public CancellationTokenSource Stop { get; } = new();

        public Task? Loop { get; set; }

        private volatile bool _lost;

        public bool Lost
        {
            get => _lost;
            set => _lost = value;
        }

        public async Task StopAsync()
        {
            await Stop.CancelAsync().ConfigureAwait(false);
            if (Loop is { } loop)
            {
                await loop.ConfigureAwait(false);
            }

            Stop.Dispose();
        }

        public void Abandon() => Stop.Cancel();
    }
}
