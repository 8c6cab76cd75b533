namespace Nexo;

/// <summary>Creates, lists, updates and deletes chats.</summary>
public sealed class ChatService
{
    /// <summary>The title given to chats created without one.</summary>
    public const string DefaultTitle = "New chat";

    private readonly IChatRepository _chats;
    private readonly IWorkspaceRepository _workspaces;
    private readonly IMessageRepository _messages;
    private readonly TimeProvider _time;

    internal ChatService(IChatRepository chats, IWorkspaceRepository workspaces, IMessageRepository messages, TimeProvider time)
    {
        _chats = chats;
        _workspaces = workspaces;
        _messages = messages;
        _time = time;
    }

    /// <summary>Creates a chat in a workspace.</summary>
    /// <param name="input">The workspace and optional id and title.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <exception cref="NexoException">NotFound for an unknown workspace; Validation for a bad id or title; Conflict for a taken id.</exception>
    public async Task<Chat> CreateAsync(NewChat input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        var workspaceId = Validate.Id(input.WorkspaceId, "workspaceId");
        var now = _time.UtcNowMs();
        var chat = new Chat
        {
            Id = input.Id is null ? Ids.New() : Validate.Id(input.Id),
            WorkspaceId = workspaceId,
            Title = string.IsNullOrWhiteSpace(input.Title) ? DefaultTitle : Validate.Name(input.Title, "title"),
            CreatedAt = now,
            UpdatedAt = now,
        };
        await _chats.CreateAsync(chat, cancellationToken).ConfigureAwait(false);
        return chat;
    }

    /// <summary>Reads a chat.</summary>
    /// <param name="id">The chat id.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <exception cref="NexoException">NotFound when it does not exist.</exception>
    public async Task<Chat> GetAsync(string id, CancellationToken cancellationToken = default) =>
        await _chats.GetAsync(Validate.Id(id, "chatId"), cancellationToken).ConfigureAwait(false) ?? throw NexoException.NotFound("chat", id);

    /// <summary>Lists a workspace's chats, pinned first, then most recently updated.</summary>
    /// <param name="workspaceId">The workspace id.</param>
    /// <param name="query">Paging options; <see langword="null"/> for the first 100.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <exception cref="NexoException">NotFound for an unknown workspace; Validation for a bad limit or cursor.</exception>
    public async Task<Page<Chat>> ListAsync(string workspaceId, ChatQuery? query = null, CancellationToken cancellationToken = default)
    {
        query ??= new ChatQuery();
        Validate.Range(query.Limit, 1, 1000, "limit");
        if (await _workspaces.GetAsync(Validate.Id(workspaceId, "workspaceId"), cancellationToken).ConfigureAwait(false) is null)
        {
            throw NexoException.NotFound("workspace", workspaceId);
        }

        return await _chats.ListAsync(workspaceId, query, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Changes a chat's title, flags, preview or active branch.</summary>
    /// <param name="id">The chat id.</param>
    /// <param name="update">The changes.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The updated chat.</returns>
    public async Task<Chat> UpdateAsync(string id, ChatUpdate update, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(update);
        var current = await GetAsync(id, cancellationToken).ConfigureAwait(false);
        if (update.ActiveMessageId is { } active)
        {
            var message = await _messages.GetAsync(Validate.Id(active, "activeMessageId"), cancellationToken).ConfigureAwait(false);
            if (message is null || message.ChatId != current.Id)
            {
                throw NexoException.Validation("activeMessageId", $"The message '{active}' is not a message of chat '{current.Id}'.");
            }
        }

        var next = current with
        {
            Title = update.Title is null ? current.Title : Validate.Name(update.Title, "title"),
            Pinned = update.Pinned ?? current.Pinned,
            Archived = update.Archived ?? current.Archived,
            LastMessage = update.LastMessage ?? current.LastMessage,
            ActiveMessageId = update.ActiveMessageId ?? current.ActiveMessageId,
            UpdatedAt = _time.UtcNowMs(),
        };
        if (!await _chats.UpdateAsync(next, cancellationToken).ConfigureAwait(false))
        {
            throw NexoException.NotFound("chat", id);
        }

        return next;
    }

    /// <summary>Deletes a chat and its messages.</summary>
    /// <param name="id">The chat id.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <exception cref="NexoException">NotFound when it does not exist.</exception>
    public async Task DeleteAsync(string id, CancellationToken cancellationToken = default)
    {
        if (!await _chats.DeleteAsync(Validate.Id(id, "id"), cancellationToken).ConfigureAwait(false))
        {
            throw NexoException.NotFound("chat", id);
        }
    }

    /// <summary>Deletes every chat of a workspace.</summary>
    /// <param name="workspaceId">The workspace id.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The number of chats deleted.</returns>
    /// <exception cref="NexoException">NotFound for an unknown workspace.</exception>
    public async Task<int> DeleteAllAsync(string workspaceId, CancellationToken cancellationToken = default)
    {
        if (await _workspaces.GetAsync(Validate.Id(workspaceId, "workspaceId"), cancellationToken).ConfigureAwait(false) is null)
        {
            throw NexoException.NotFound("workspace", workspaceId);
        }

        return await _chats.DeleteAllAsync(workspaceId, cancellationToken).ConfigureAwait(false);
    }
}
