using System.Collections.Concurrent;
using Dapper;

namespace Nexo.Storage;

/// <summary>
/// One turn per chat across processes: a turn claims its chat row (<c>chats.turn_owner</c>) before it stores anything
/// and releases it when it ends. The owner is <c>PROCESS|ENGINE</c> (<see cref="RunOwner.Current"/> and this engine's
/// instance id), so two clients in one process are told apart too. A claim whose process has stopped, whose engine in this
/// process is gone, or (for another machine, which cannot be checked) that is older than <see cref="ForeignClaimLifetime"/>
/// is taken over.
/// </summary>
internal sealed class TurnClaims : ITurnClaims
{
    private static readonly TimeSpan ForeignClaimLifetime = TimeSpan.FromHours(1);
    private static readonly ConcurrentDictionary<string, byte> s_liveEngines = new(StringComparer.Ordinal);

    private readonly NexoDatabase _db;
    private readonly TimeProvider _time;
    private readonly string _engine = Guid.NewGuid().ToString("N");

    public TurnClaims(NexoDatabase db, TimeProvider time)
    {
        _db = db;
        _time = time;
        s_liveEngines[_engine] = 0;
    }

    /// <summary>The value stored while this engine runs a turn.</summary>
    public string Owner => $"{RunOwner.Current}|{_engine}";

    /// <summary>Claims the chat for a turn of this engine.</summary>
    /// <returns><see langword="null"/> when claimed; otherwise the process that holds the chat (<c>machine:pid:start</c>).</returns>
    public Task<string?> TryClaimAsync(string chatId, CancellationToken cancellationToken) =>
        Errors.Wrap("claim a chat for a turn", async () =>
        {
            await using var c = await _db.OpenAsync(cancellationToken).ConfigureAwait(false);
            var now = _time.GetUtcNow().ToUnixTimeMilliseconds();
            for (var attempt = 0; attempt < 3; attempt++)
            {
                if (await c.ExecuteAsync(
                        "UPDATE chats SET turn_owner = @owner, turn_claimed_at = @now, cancel_requested_at = NULL WHERE id = @chatId AND (turn_owner IS NULL OR turn_owner = @owner)",
                        new { owner = Owner, now, chatId, cancellationToken }).ConfigureAwait(false) > 0)
                {
                    return null;
                }

                if (await ReadHolderAsync(c, chatId, cancellationToken).ConfigureAwait(false) is not { Owner: { } owner } claim)
                {
                    continue; // released meanwhile (or the chat is gone: the turn finds that out itself)
                }

                if (!IsStale(owner, claim.ClaimedAt, now))
                {
                    return owner.Split('|')[0];
                }

                // Take over from the stale holder only if it is still the holder (another process may be doing the same).
                if (await c.ExecuteAsync(
                        "UPDATE chats SET turn_owner = @owner, turn_claimed_at = @now, cancel_requested_at = NULL WHERE id = @chatId AND turn_owner = @stale",
                        new { owner = Owner, now, chatId, stale = owner, cancellationToken }).ConfigureAwait(false) > 0)
                {
                    return null;
                }
            }

            return (string?)"another process";
        });

    /// <summary>Releases the chat if this engine holds it.</summary>
    public Task ReleaseAsync(string chatId) =>
        Errors.Wrap("release a chat after a turn", async () =>
        {
            await using var c = await _db.OpenAsync(CancellationToken.None).ConfigureAwait(false);
            return await c.ExecuteAsync(
                "UPDATE chats SET turn_owner = NULL, turn_claimed_at = NULL, cancel_requested_at = NULL WHERE id = @chatId AND turn_owner = @owner",
                new { chatId, owner = Owner }).ConfigureAwait(false);
        });

    /// <summary>Asks the engine of another process (or client) that runs a turn in the chat to cancel it.</summary>
    /// <returns>Whether a live turn elsewhere was asked.</returns>
    public Task<bool> RequestCancelAsync(string chatId, CancellationToken cancellationToken) =>
        Errors.Wrap("ask another process to cancel a turn", async () =>
        {
            await using var c = await _db.OpenAsync(cancellationToken).ConfigureAwait(false);
            var now = _time.GetUtcNow().ToUnixTimeMilliseconds();
            if (await ReadHolderAsync(c, chatId, cancellationToken).ConfigureAwait(false) is not { Owner: { } owner } claim
                || owner == Owner
                || IsStale(owner, claim.ClaimedAt, now))
            {
                return false;
            }

            return await c.ExecuteAsync(
                "UPDATE chats SET cancel_requested_at = @now WHERE id = @chatId AND turn_owner = @owner",
                new { now, chatId, owner, cancellationToken }).ConfigureAwait(false) > 0;
        });

    /// <summary>Whether another process asked this engine's turn in the chat to stop.</summary>
    public Task<bool> IsCancelRequestedAsync(string chatId, CancellationToken cancellationToken) =>
        Errors.Wrap("check for a cancel request", async () =>
        {
            await using var c = await _db.OpenAsync(cancellationToken).ConfigureAwait(false);
            return await c.ExecuteScalarAsync<long?>(
                "SELECT cancel_requested_at FROM chats WHERE id = @chatId AND turn_owner = @owner",
                new { chatId, owner = Owner, cancellationToken }).ConfigureAwait(false) is not null;
        });

    /// <summary>How often <see cref="WaitForCancelRequestAsync"/> reads the chat row.</summary>
    internal static readonly TimeSpan CancelRequestPollInterval = TimeSpan.FromMilliseconds(250);

    /// <summary>Checks the chat row every <see cref="CancelRequestPollInterval"/> (real time) until a cancel request is stored.</summary>
    public async Task WaitForCancelRequestAsync(string chatId, CancellationToken cancellationToken)
    {
        while (true)
        {
            await Task.Delay(CancelRequestPollInterval, cancellationToken).ConfigureAwait(false);
            if (await IsCancelRequestedAsync(chatId, cancellationToken).ConfigureAwait(false))
            {
                return;
            }
        }
    }

    /// <inheritdoc />
    public void Dispose() => s_liveEngines.TryRemove(_engine, out _);

    private static async Task<(string? Owner, long? ClaimedAt)?> ReadHolderAsync(Microsoft.Data.Sqlite.SqliteConnection c, string chatId, CancellationToken cancellationToken) =>
        (await c.QueryAsync<TurnHolderRow>(
            "SELECT turn_owner, turn_claimed_at FROM chats WHERE id = @chatId", new { chatId, cancellationToken }).ConfigureAwait(false)).ToList() is [var holder]
            ? (holder.turn_owner, holder.turn_claimed_at)
            : null;

    private static bool IsStale(string owner, long? claimedAt, long now)
    {
        var separator = owner.IndexOf('|', StringComparison.Ordinal);
        var process = separator < 0 ? owner : owner[..separator];
        if (process == RunOwner.Current)
        {
            return separator < 0 || !s_liveEngines.ContainsKey(owner[(separator + 1)..]);
        }

        if (!RunOwner.IsLocal(process))
        {
            return claimedAt is not { } at || now - at > (long)ForeignClaimLifetime.TotalMilliseconds;
        }

        return RunOwner.IsDeadLocalProcess(process);
    }
}
