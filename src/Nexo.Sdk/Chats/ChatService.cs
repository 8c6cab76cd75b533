using System.Runtime.CompilerServices;
using Nexo.Chats;

namespace Nexo;

/// <summary>Creates, lists, updates and deletes chats, and runs chat turns against the chat's LLM connection.</summary>
public sealed class ChatService
{
    /// <summary>The title given to chats created without one.</summary>
    public const string DefaultTitle = "New chat";

    private readonly IChatRepository _chats;
    private readonly IWorkspaceRepository _workspaces;
    private readonly IMessageRepository _messages;
    private readonly TimeProvider _time;
    private readonly ChatEngine _engine;

    internal ChatService(IChatRepository chats, IWorkspaceRepository workspaces, IMessageRepository messages, TimeProvider time, ChatEngine engine)
    {
        _chats = chats;
        _workspaces = workspaces;
        _messages = messages;
        _time = time;
        _engine = engine;
    }

    /// <summary>
    /// Runs one turn: stores the user message, streams the answer (events on
    /// <see cref="NexoClient.Events"/>), runs tool calls under the workspace's permissions, and returns when the
    /// turn ends. Partial answers are kept whatever happens.
    /// </summary>
    /// <param name="request">The message and per-turn overrides.</param>
    /// <param name="cancellationToken">Cancels the turn; it is stored as cancelled and <see cref="OperationCanceledException"/> is thrown.</param>
    /// <returns>The final assistant message; <see cref="SendMessageResult.StopReason"/> is <c>cancelled</c> after <see cref="CancelAsync"/>.</returns>
    /// <exception cref="NexoException">NotFound (chat, connection), Validation (empty message, bad file, bad effort, metadata with the reserved key files), NotConfigured (no connection or model), Conflict (the chat is busy), Llm (the provider failed after retries; the partial answer is stored with status error).</exception>
    public Task<SendMessageResult> SendMessageAsync(SendMessageRequest request, CancellationToken cancellationToken = default) =>
        _engine.SendAsync(request, null, cancellationToken);

    /// <summary>Runs one turn like <see cref="SendMessageAsync"/> and yields its events as they happen; the sequence ends with the turn.</summary>
    /// <param name="request">The message and per-turn overrides.</param>
    /// <param name="cancellationToken">Cancels the turn (stopping the enumeration early cancels it too).</param>
    /// <returns>The turn's events, in order.</returns>
    public IAsyncEnumerable<ChatEvent> StreamMessageAsync(SendMessageRequest request, CancellationToken cancellationToken = default) =>
        Stream((sink, ct) => _engine.SendAsync(request, sink, ct), cancellationToken);

    /// <summary>Edits a user message and runs the turn again from there; the old branch stays stored.</summary>
    /// <param name="request">The edit.</param>
    /// <param name="cancellationToken">Cancels the turn.</param>
    public Task<SendMessageResult> EditAndResendAsync(EditAndResendRequest request, CancellationToken cancellationToken = default) =>
        _engine.EditAndResendAsync(request, null, cancellationToken);

    /// <summary>Answers again from the user message before <see cref="RegenerateRequest.MessageId"/>; the old answer stays stored as another branch.</summary>
    /// <param name="request">What to regenerate.</param>
    /// <param name="cancellationToken">Cancels the turn.</param>
    public Task<SendMessageResult> RegenerateAsync(RegenerateRequest request, CancellationToken cancellationToken = default) =>
        _engine.RegenerateAsync(request, null, cancellationToken);

    /// <summary>
    /// Cancels the running turn of a chat; its partial answer is stored as cancelled. A turn that
    /// another client or process runs on the same database is asked to stop through the database and does so within
    /// about a quarter of a second.
    /// </summary>
    /// <param name="chatId">The chat.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns><see langword="true"/> when a turn was running (here or elsewhere).</returns>
    public async Task<bool> CancelAsync(string chatId, CancellationToken cancellationToken = default)
    {
        var chat = await GetAsync(chatId, cancellationToken).ConfigureAwait(false);
        return await _engine.CancelAsync(chat.Id, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The connection and model a turn in the workspace would use: the given overrides, else the workspace's
    /// settings, else the default connection (app setting <see cref="NexoSettingKeys.DefaultConnectionId"/>), else
    /// the only enabled connection; the model falls back to the connection's default, then its first listed model.
    /// </summary>
    /// <param name="workspaceId">The workspace.</param>
    /// <param name="llmConnectionId">A connection override (id or name).</param>
    /// <param name="model">A model override.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <exception cref="NexoException">NotConfigured when no connection or model can be found; NotFound for an unknown override or workspace.</exception>
    public async Task<ResolvedModel> ResolveModelAsync(string workspaceId, string? llmConnectionId = null, string? model = null, CancellationToken cancellationToken = default)
    {
        if (await _workspaces.GetAsync(Validate.Id(workspaceId, "workspaceId"), cancellationToken).ConfigureAwait(false) is null)
        {
            throw NexoException.NotFound("workspace", workspaceId);
        }

        return await _engine.ResolveAsync(workspaceId, llmConnectionId, model, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Whether a turn is running in this process for the chat.</summary>
    /// <param name="chatId">The chat.</param>
    public bool IsBusy(string chatId) => _engine.IsBusy(chatId);

    /// <summary>Answers a <see cref="ToolPermissionRequestEvent"/>.</summary>
    /// <param name="response">The answer.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <exception cref="NexoException">Validation when nothing waits for that message or a call id is unknown.</exception>
    public Task RespondToolPermissionAsync(ToolPermissionResponse response, CancellationToken cancellationToken = default) =>
        _engine.RespondToolPermissionAsync(response, cancellationToken);

    /// <summary>Asks the model for a short title (falling back to the first words of the prompt), stores it and announces <c>chat-updated</c>.</summary>
    /// <param name="chatId">The chat.</param>
    /// <param name="userPrompt">The text to title; the chat's first user message when <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The new title.</returns>
    public Task<string> GenerateTitleAsync(string chatId, string? userPrompt = null, CancellationToken cancellationToken = default) =>
        _engine.GenerateTitleAsync(chatId, userPrompt, cancellationToken);

    /// <summary>Makes the branch ending at <paramref name="messageId"/> the chat's active branch (what the model sees next).</summary>
    /// <param name="chatId">The chat.</param>
    /// <param name="messageId">A message of the chat.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    public Task<Chat> SwitchBranchAsync(string chatId, string messageId, CancellationToken cancellationToken = default) =>
        UpdateAsync(chatId, new ChatUpdate { ActiveMessageId = messageId }, cancellationToken);

    private Task CancelTurnAsync(string? chatId) => chatId is null ? Task.CompletedTask : _engine.CancelAsync(chatId, CancellationToken.None);

    private static async IAsyncEnumerable<ChatEvent> Stream(
        Func<Action<ChatEvent>, CancellationToken, Task<SendMessageResult>> run,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var turn = new ChatTurn(run, () => Task.CompletedTask, cancellationToken);
        try
        {
            await foreach (var e in turn.Events.ConfigureAwait(false))
            {
                yield return e;
            }

            await turn.Completion.ConfigureAwait(false);
        }
        finally
        {
            // Leaving early cancels the turn; either way the turn has stored its final state before this returns.
            await turn.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Starts a turn (as <see cref="SendMessageAsync"/>) and returns it at once: its own events and its completion.
    /// </summary>
    /// <param name="request">The message.</param>
    /// <param name="cancellationToken">Cancels the turn (its partial answer is kept; <see cref="ChatTurn.Completion"/> then throws <see cref="OperationCanceledException"/>).</param>
    /// <returns>The running turn; dispose it to cancel it if it still runs.</returns>
    public ChatTurn StartTurn(SendMessageRequest request, CancellationToken cancellationToken = default) =>
        new((sink, ct) => _engine.SendAsync(request, sink, ct), () => CancelTurnAsync(request?.ChatId), cancellationToken);

    /// <summary>Starts an edit-and-resend turn (as <see cref="EditAndResendAsync"/>) and returns it at once.</summary>
    /// <param name="request">The edit.</param>
    /// <param name="cancellationToken">Cancels the turn.</param>
    /// <returns>The running turn.</returns>
    public ChatTurn StartTurn(EditAndResendRequest request, CancellationToken cancellationToken = default) =>
        new((sink, ct) => _engine.EditAndResendAsync(request, sink, ct), () => CancelTurnAsync(request?.ChatId), cancellationToken);

    /// <summary>Starts a regenerate turn (as <see cref="RegenerateAsync"/>) and returns it at once.</summary>
    /// <param name="request">What to answer again.</param>
    /// <param name="cancellationToken">Cancels the turn.</param>
    /// <returns>The running turn.</returns>
    public ChatTurn StartTurn(RegenerateRequest request, CancellationToken cancellationToken = default) =>
        new((sink, ct) => _engine.RegenerateAsync(request, sink, ct), () => CancelTurnAsync(request?.ChatId), cancellationToken);

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

    /// <summary>Forks, exports and imports chats; set by <see cref="NexoClient"/>.</summary>
    internal Nexo.Transfer.ChatTransfer? Transfer { get; set; }

    /// <summary>
    /// Forks a chat: a new chat in the same workspace holding the branch that ends at <paramref name="messageId"/> (for a
    /// message of the active branch: the active branch up to and including it, plus the tool results that answer it),
    /// titled like the original with <c> (fork)</c> appended. Messages are copied with new ids and their original times,
    /// contents, reasoning, tool calls and results, usage and metadata; attachment files are copied into the new messages'
    /// folders. Usage records are not copied (they count what was spent, once). The original chat is unchanged.
    /// </summary>
    /// <param name="chatId">The chat to fork.</param>
    /// <param name="messageId">The last message the fork holds.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The new chat; its active message is the copy of <paramref name="messageId"/> (or of its last tool result).</returns>
    /// <exception cref="NexoException">NotFound for an unknown chat; Validation when the message is not one of the chat's.</exception>
    public async Task<Chat> ForkAsync(string chatId, string messageId, CancellationToken cancellationToken = default)
    {
        var chat = await GetAsync(chatId, cancellationToken).ConfigureAwait(false);
        return await RequireTransfer().ForkAsync(chat, Validate.Id(messageId, "messageId"), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Exports a chat: <see cref="ChatExportFormat.Json"/> writes Nexo JSON, lossless (every branch, tool calls and
    /// results, reasoning, usage, metadata with attachments' descriptions), which <see cref="ImportAsync"/> reads back;
    /// <see cref="ChatExportFormat.Markdown"/> writes the active branch for reading.
    /// </summary>
    /// <param name="chatId">The chat.</param>
    /// <param name="format">The format.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The document's text (JSON ends with a line break).</returns>
    /// <exception cref="NexoException">NotFound for an unknown chat.</exception>
    public async Task<string> ExportAsync(string chatId, ChatExportFormat format = ChatExportFormat.Json, CancellationToken cancellationToken = default)
    {
        var chat = await GetAsync(chatId, cancellationToken).ConfigureAwait(false);
        return await RequireTransfer().ExportAsync(chat, format, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Imports chats into a workspace from Nexo JSON (as <see cref="ExportAsync"/> writes it) or ChatGPT's
    /// <c>conversations.json</c>, all in one transaction: a bad file imports nothing. Chats and messages get new ids;
    /// everything else of a Nexo export is kept (times, titles, flags, branches, the active branch), except that
    /// attachments keep their description without a file path and messages left unfinished are stored as interrupted.
    /// </summary>
    /// <param name="request">The workspace, the file's text and its format.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The imported chats, in file order.</returns>
    /// <exception cref="NexoException">NotFound for an unknown workspace; Validation (field <c>content</c>) naming the JSON path of the file's first problem, e.g. <c>$[0].mapping.abc.parent: unknown node 'x'</c>.</exception>
    public Task<IReadOnlyList<Chat>> ImportAsync(ChatImportRequest request, CancellationToken cancellationToken = default) =>
        RequireTransfer().ImportAsync(request, cancellationToken);

    private Nexo.Transfer.ChatTransfer RequireTransfer() =>
        Transfer ?? throw new InvalidOperationException("The chat service was created without storage for forks and transfers.");

    /// <summary>Where attachment files are stored; set by <see cref="NexoClient"/>.</summary>
    internal Storage.AttachmentStore? Attachments { get; set; }

    /// <summary>Deletes a chat, its messages and their attachment files.</summary>
    /// <param name="id">The chat id.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <exception cref="NexoException">NotFound when it does not exist.</exception>
    public async Task DeleteAsync(string id, CancellationToken cancellationToken = default)
    {
        Validate.Id(id, "id");
        var messageIds = Attachments is null ? [] : await Attachments.MessageIdsOfChatAsync(id, cancellationToken).ConfigureAwait(false);
        if (!await _chats.DeleteAsync(id, cancellationToken).ConfigureAwait(false))
        {
            throw NexoException.NotFound("chat", id);
        }

        Attachments?.Delete(messageIds);
    }

    /// <summary>Deletes every chat of a workspace, with their messages and attachment files.</summary>
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

        var messageIds = Attachments is null ? [] : await Attachments.MessageIdsOfWorkspaceAsync(workspaceId, cancellationToken).ConfigureAwait(false);
        var deleted = await _chats.DeleteAllAsync(workspaceId, cancellationToken).ConfigureAwait(false);
        Attachments?.Delete(messageIds);
        return deleted;
    }
}
