namespace Nexo;

/// <summary>Stores messages, keeps the full-text index in sync and answers searches.</summary>
internal interface IMessageRepository
{
    /// <summary>
    /// Inserts a message, giving it the next <see cref="Message.Sequence"/> of its chat.
    /// </summary>
    /// <param name="message">The message; its <see cref="Message.Sequence"/> is ignored.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The stored message with its sequence.</returns>
    Task<Message> CreateAsync(Message message, CancellationToken cancellationToken = default);

    /// <summary>Inserts many messages of one chat in one transaction (imports, benchmarks).</summary>
    /// <param name="messages">The messages, in order.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    Task CreateManyAsync(IReadOnlyList<Message> messages, CancellationToken cancellationToken = default);

    /// <summary>Reads a message, or <see langword="null"/>.</summary>
    /// <param name="id">The message id.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    Task<Message?> GetAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>Reads a page of a chat's messages (all branches), oldest first.</summary>
    /// <param name="chatId">The chat id.</param>
    /// <param name="query">The page bounds.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    Task<IReadOnlyList<Message>> ListAsync(string chatId, MessageQuery query, CancellationToken cancellationToken = default);

    /// <summary>Reads the branch that ends at <paramref name="leafMessageId"/>: the leaf and its ancestors, oldest first.</summary>
    /// <param name="leafMessageId">The last message of the branch.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    Task<IReadOnlyList<Message>> GetBranchAsync(string leafMessageId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Reads the part of the branch ending at <paramref name="leafMessageId"/> that a turn sends: from the last message its
    /// latest summary covers (<see cref="ContextSummaries.Through"/>) to the leaf, oldest first; the whole branch when it
    /// has no summary. The messages a summary stands for are never read.
    /// </summary>
    /// <param name="leafMessageId">The last message of the branch.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    Task<IReadOnlyList<Message>> GetBranchSinceSummaryAsync(string leafMessageId, CancellationToken cancellationToken = default);

    /// <summary>Reads the newest message of a chat, or <see langword="null"/> when it has none.</summary>
    /// <param name="chatId">The chat id.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    Task<Message?> GetLatestAsync(string chatId, CancellationToken cancellationToken = default);

    /// <summary>Counts a chat's messages.</summary>
    /// <param name="chatId">The chat id.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    Task<long> CountAsync(string chatId, CancellationToken cancellationToken = default);

    /// <summary>Writes every mutable field of an existing message (content, reasoning, tool calls, status…).</summary>
    /// <param name="message">The new state.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns><see langword="false"/> when the message does not exist.</returns>
    Task<bool> UpdateAsync(Message message, CancellationToken cancellationToken = default);

    /// <summary>The messages whose parent is <paramref name="parentId"/>, oldest first.</summary>
    /// <param name="parentId">The parent message.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    Task<IReadOnlyList<Message>> GetChildrenAsync(string parentId, CancellationToken cancellationToken = default);

    /// <summary>Writes only the content, reasoning and status of a message (the streaming flush).</summary>
    /// <param name="id">The message id.</param>
    /// <param name="content">The content so far.</param>
    /// <param name="reasoning">The reasoning so far.</param>
    /// <param name="status">The status.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    Task UpdateContentAsync(string id, string content, string? reasoning, MessageStatus status, CancellationToken cancellationToken = default);

    /// <summary>Deletes the messages of a chat whose sequence is greater than that of <paramref name="messageId"/>.</summary>
    /// <param name="chatId">The chat id.</param>
    /// <param name="messageId">The last message to keep.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The number of messages deleted.</returns>
    Task<int> DeleteAfterAsync(string chatId, string messageId, CancellationToken cancellationToken = default);

    /// <summary>Deletes one message.</summary>
    /// <param name="id">The message id.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns><see langword="false"/> when it did not exist.</returns>
    Task<bool> DeleteAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>
    /// Marks messages left <c>pending</c> or <c>streaming</c> by a process that died as <c>error</c> ("interrupted"),
    /// keeping their partial content. A message whose writing process is known (same machine) is marked as soon as
    /// that process is gone; one whose writer is unknown only when it was not written since <paramref name="updatedBefore"/>.
    /// A turn still streaming in another live process is never touched.
    /// </summary>
    /// <param name="updatedBefore">The staleness cut-off for messages whose writer is unknown.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The number of messages marked.</returns>
    Task<int> MarkInterruptedAsync(DateTimeOffset updatedBefore, CancellationToken cancellationToken = default);

    /// <summary>Searches message content, best matches first (BM25 over all matches in scope; equal scores newest first).</summary>
    /// <param name="query">The search.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    Task<IReadOnlyList<MessageSearchHit>> SearchAsync(MessageSearchQuery query, CancellationToken cancellationToken = default);
}
