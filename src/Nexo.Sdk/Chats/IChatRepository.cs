namespace Nexo;

/// <summary>Stores chats. Deleting a chat deletes its messages.</summary>
internal interface IChatRepository
{
    /// <summary>Inserts a chat.</summary>
    /// <param name="chat">The chat.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <exception cref="NexoException"><see cref="NexoErrorKind.NotFound"/> when the workspace does not exist; <see cref="NexoErrorKind.Conflict"/> when the id is taken.</exception>
    Task CreateAsync(Chat chat, CancellationToken cancellationToken = default);

    /// <summary>Reads a chat, or <see langword="null"/>.</summary>
    /// <param name="id">The chat id.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    Task<Chat?> GetAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>Lists a workspace's chats: pinned first, then most recently updated, one page at a time.</summary>
    /// <param name="workspaceId">The workspace id.</param>
    /// <param name="query">Paging and filter options.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    Task<Page<Chat>> ListAsync(string workspaceId, ChatQuery query, CancellationToken cancellationToken = default);

    /// <summary>Writes title, flags, preview, active message and updated time of an existing chat.</summary>
    /// <param name="chat">The new state.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns><see langword="false"/> when the chat does not exist.</returns>
    Task<bool> UpdateAsync(Chat chat, CancellationToken cancellationToken = default);

    /// <summary>Replaces the chat's plan (<see cref="Chat.Plan"/>); nothing else of the chat changes.</summary>
    /// <param name="id">The chat id.</param>
    /// <param name="plan">The whole plan.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns><see langword="false"/> when the chat does not exist.</returns>
    Task<bool> SetPlanAsync(string id, IReadOnlyList<PlanEntry> plan, CancellationToken cancellationToken = default);

    /// <summary>Deletes a chat and its messages.</summary>
    /// <param name="id">The chat id.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns><see langword="false"/> when the chat did not exist.</returns>
    Task<bool> DeleteAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>Deletes every chat of a workspace.</summary>
    /// <param name="workspaceId">The workspace id.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The number of chats deleted.</returns>
    Task<int> DeleteAllAsync(string workspaceId, CancellationToken cancellationToken = default);
}
