using System.Text.Json;

namespace Nexo;

/// <summary>Reads, stores, edits and searches messages.</summary>
public sealed class MessageService
{
    private readonly IMessageRepository _messages;
    private readonly IChatRepository _chats;
    private readonly TimeProvider _time;

    internal MessageService(IMessageRepository messages, IChatRepository chats, TimeProvider time)
    {
        _messages = messages;
        _chats = chats;
        _time = time;
    }

    /// <summary>Reads a message.</summary>
    /// <param name="id">The message id.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <exception cref="NexoException">NotFound when it does not exist.</exception>
    public async Task<Message> GetAsync(string id, CancellationToken cancellationToken = default) =>
        await _messages.GetAsync(Validate.Id(id, "messageId"), cancellationToken).ConfigureAwait(false) ?? throw NexoException.NotFound("message", id);

    /// <summary>Reads a page of a chat's messages, oldest first (by default the newest 1000).</summary>
    /// <param name="chatId">The chat id.</param>
    /// <param name="query">The page bounds.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <exception cref="NexoException">NotFound for an unknown chat; Validation for a bad limit.</exception>
    public async Task<IReadOnlyList<Message>> ListAsync(string chatId, MessageQuery? query = null, CancellationToken cancellationToken = default)
    {
        query ??= new MessageQuery();
        Validate.Range(query.Limit, 1, 10_000, "limit");
        var page = await _messages.ListAsync(Validate.Id(chatId, "chatId"), query, cancellationToken).ConfigureAwait(false);
        if (page.Count == 0)
        {
            // Messages prove their chat exists (foreign key), so only an empty page needs the extra look-up.
            await RequireChat(chatId, cancellationToken).ConfigureAwait(false);
        }

        return page;
    }

    /// <summary>Reads the active branch of a chat (what the model sees as history), oldest first.</summary>
    /// <param name="chatId">The chat id.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    public async Task<IReadOnlyList<Message>> GetActiveBranchAsync(string chatId, CancellationToken cancellationToken = default)
    {
        var chat = await RequireChat(chatId, cancellationToken).ConfigureAwait(false);
        var leaf = chat.ActiveMessageId ?? (await _messages.GetLatestAsync(chat.Id, cancellationToken).ConfigureAwait(false))?.Id;
        return leaf is null ? [] : await _messages.GetBranchAsync(leaf, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Stores a message as given (no model is called).</summary>
    /// <param name="input">The message.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The stored message with its sequence.</returns>
    public async Task<Message> CreateAsync(NewMessage input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        var chat = await RequireChat(input.ChatId, cancellationToken).ConfigureAwait(false);
        if (input.Metadata is { ValueKind: not JsonValueKind.Object and not JsonValueKind.Null and not JsonValueKind.Undefined })
        {
            throw NexoException.Validation("metadata", "The metadata must be a JSON object.");
        }

        Chats.Attachments.RejectReservedKeys(input.Metadata);

        var parentId = input.ParentId;
        if (parentId is null)
        {
            parentId = chat.ActiveMessageId ?? (await _messages.GetLatestAsync(chat.Id, cancellationToken).ConfigureAwait(false))?.Id;
        }
        else if ((await _messages.GetAsync(parentId, cancellationToken).ConfigureAwait(false))?.ChatId != chat.Id)
        {
            throw NexoException.Validation("parentId", $"The message '{parentId}' is not a message of chat '{chat.Id}'.");
        }

        var now = input.CreatedAt ?? _time.UtcNowMs();
        var stored = await _messages.CreateAsync(
            new Message
            {
                Id = input.Id is null ? Ids.New() : Validate.Id(input.Id),
                ChatId = chat.Id,
                ParentId = parentId,
                Role = input.Role,
                Content = input.Content ?? string.Empty,
                Reasoning = input.Reasoning,
                ToolCalls = input.ToolCalls,
                ToolCallId = input.ToolCallId,
                Status = MessageStatus.Complete,
                Metadata = input.Metadata,
                CreatedAt = now,
                UpdatedAt = now,
            },
            cancellationToken).ConfigureAwait(false);
        if (chat.ActiveMessageId is not null)
        {
            await _chats.UpdateAsync(chat with { ActiveMessageId = stored.Id, UpdatedAt = now }, cancellationToken).ConfigureAwait(false);
        }

        return stored;
    }

    /// <summary>Replaces the content of a message; its reasoning and everything else are kept.</summary>
    /// <param name="id">The message id.</param>
    /// <param name="content">The new content.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The updated message.</returns>
    public async Task<Message> UpdateContentAsync(string id, string content, CancellationToken cancellationToken = default)
    {
        if (content is null)
        {
            throw NexoException.Validation("content", "The content must not be null.");
        }

        var current = await GetAsync(id, cancellationToken).ConfigureAwait(false);
        var next = current with { Content = content, UpdatedAt = _time.UtcNowMs() };
        await _messages.UpdateAsync(next, cancellationToken).ConfigureAwait(false);
        return next;
    }

    /// <summary>Deletes every message of a chat stored after <paramref name="messageId"/>.</summary>
    /// <param name="chatId">The chat id.</param>
    /// <param name="messageId">The last message to keep.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The number of messages deleted.</returns>
    public async Task<int> DeleteAfterAsync(string chatId, string messageId, CancellationToken cancellationToken = default)
    {
        var chat = await RequireChat(chatId, cancellationToken).ConfigureAwait(false);
        var n = await _messages.DeleteAfterAsync(chat.Id, Validate.Id(messageId, "messageId"), cancellationToken).ConfigureAwait(false);
        if (chat.ActiveMessageId is not null)
        {
            await _chats.UpdateAsync(chat with { ActiveMessageId = messageId, UpdatedAt = _time.UtcNowMs() }, cancellationToken).ConfigureAwait(false);
        }

        return n;
    }

    /// <summary>Searches message content, best matches first (BM25 over all matches in scope; equal scores newest first).</summary>
    /// <param name="query">The search.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    public Task<IReadOnlyList<MessageSearchHit>> SearchAsync(MessageSearchQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (string.IsNullOrWhiteSpace(query.Text))
        {
            throw NexoException.Validation("query", "The search text must not be empty.");
        }

        Validate.Range(query.Limit, 1, 500, "limit");
        return _messages.SearchAsync(query, cancellationToken);
    }

    private async Task<Chat> RequireChat(string chatId, CancellationToken cancellationToken) =>
        await _chats.GetAsync(Validate.Id(chatId, "chatId"), cancellationToken).ConfigureAwait(false) ?? throw NexoException.NotFound("chat", chatId);
}
