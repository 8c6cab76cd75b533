namespace Nexo.Storage;

/// <summary>
/// One turn per chat across engines, processes and (on a shared store) machines: a turn claims its chat before it stores
/// anything and releases it when it ends; another engine's <c>cancel_message</c> reaches the turn as a cancel request.
/// One instance belongs to one chat engine; disposing it ends the engine's claims' liveness.
/// </summary>
internal interface ITurnClaims : IDisposable
{
    /// <summary>The value stored while this engine runs a turn.</summary>
    string Owner { get; }

    /// <summary>Claims the chat for a turn of this engine.</summary>
    /// <param name="chatId">The chat.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns><see langword="null"/> when claimed; otherwise the holder (a process, <c>machine:pid:start</c>).</returns>
    Task<string?> TryClaimAsync(string chatId, CancellationToken cancellationToken);

    /// <summary>Releases the chat if this engine holds it.</summary>
    /// <param name="chatId">The chat.</param>
    Task ReleaseAsync(string chatId);

    /// <summary>Asks the engine of another process (or client) that runs a turn in the chat to cancel it.</summary>
    /// <param name="chatId">The chat.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>Whether a live turn elsewhere was asked.</returns>
    Task<bool> RequestCancelAsync(string chatId, CancellationToken cancellationToken);

    /// <summary>Whether another engine asked this engine's turn in the chat to stop.</summary>
    /// <param name="chatId">The chat.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    Task<bool> IsCancelRequestedAsync(string chatId, CancellationToken cancellationToken);

    /// <summary>
    /// Completes when another engine asks this engine's turn in the chat to stop (or, on a store with leases, when this
    /// engine lost the chat to another instance); runs until <paramref name="cancellationToken"/> is cancelled otherwise.
    /// SQLite checks the chat row every 250 ms; PostgreSQL is told at once (LISTEN/NOTIFY).
    /// </summary>
    /// <param name="chatId">The chat this engine holds.</param>
    /// <param name="cancellationToken">Ends the wait (the turn ended); the task is then cancelled.</param>
    Task WaitForCancelRequestAsync(string chatId, CancellationToken cancellationToken);
}
