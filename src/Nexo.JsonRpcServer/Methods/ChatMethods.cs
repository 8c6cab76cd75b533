using Nexo.JsonRpcServer.Contract;
using StreamJsonRpc;

namespace Nexo.JsonRpcServer.Methods;

/// <summary>Chat commands: thin calls into <see cref="ChatService"/>.</summary>
/// <param name="nexo">The SDK client.</param>
public sealed class ChatMethods(NexoClient nexo)
{
    /// <summary><c>create_chat</c>.</summary>
    [JsonRpcMethod(NexoCommands.CreateChat, UseSingleObjectParameterDeserialization = true)]
    public Task<Chat> CreateChatAsync(CreateChatParams p, CancellationToken ct) =>
        nexo.Chats.CreateAsync(new NewChat { Id = p.Id, WorkspaceId = p.WorkspaceId, Title = p.Title }, ct);

    /// <summary><c>get_chats</c>: one page when <c>limit</c> is given, otherwise every chat.</summary>
    [JsonRpcMethod(NexoCommands.GetChats, UseSingleObjectParameterDeserialization = true)]
    public async Task<IReadOnlyList<Chat>> GetChatsAsync(GetChatsParams p, CancellationToken ct)
    {
        var query = new ChatQuery { Limit = p.Limit ?? 1000, IncludeArchived = p.IncludeArchived ?? false };
        var chats = new List<Chat>();
        do
        {
            var page = await nexo.Chats.ListAsync(p.WorkspaceId, query, ct).ConfigureAwait(false);
            chats.AddRange(page.Items);
            query = query with { Cursor = p.Limit is null ? page.NextCursor : null };
        }
        while (query.Cursor is not null);

        return chats;
    }

    /// <summary><c>update_chat</c>.</summary>
    [JsonRpcMethod(NexoCommands.UpdateChat, UseSingleObjectParameterDeserialization = true)]
    public Task<Chat> UpdateChatAsync(UpdateChatParams p, CancellationToken ct) =>
        nexo.Chats.UpdateAsync(p.Id, new ChatUpdate { Title = p.Title, LastMessage = p.LastMessage, Pinned = p.Pinned, Archived = p.Archived }, ct);

    /// <summary><c>delete_chat</c>.</summary>
    [JsonRpcMethod(NexoCommands.DeleteChat, UseSingleObjectParameterDeserialization = true)]
    public Task DeleteChatAsync(DeleteChatParams p, CancellationToken ct) =>
        nexo.Chats.DeleteAsync(p.Id, ct);

    /// <summary><c>delete_all_chats_by_workspace</c>.</summary>
    [JsonRpcMethod(NexoCommands.DeleteAllChatsByWorkspace, UseSingleObjectParameterDeserialization = true)]
    public async Task<DeletedCountResult> DeleteAllChatsByWorkspaceAsync(DeleteAllChatsByWorkspaceParams p, CancellationToken ct) =>
        new() { Deleted = await nexo.Chats.DeleteAllAsync(p.WorkspaceId, ct).ConfigureAwait(false) };

    /// <summary><c>send_message</c>: runs one turn; returns when it ends while its events stream as notifications.</summary>
    [JsonRpcMethod(NexoCommands.SendMessage, UseSingleObjectParameterDeserialization = true)]
    public Task<SendMessageResult> SendMessageAsync(SendMessageParams p, CancellationToken ct) =>
        nexo.Chats.SendMessageAsync(
            new SendMessageRequest
            {
                ChatId = p.ChatId,
                Content = p.Content,
                Files = p.Files,
                Resources = p.Resources,
                Metadata = p.Metadata,
                SelectedModel = p.SelectedModel,
                ReasoningEffort = ReasoningEfforts.Parse(p.ReasoningEffort),
                LlmConnectionId = p.LlmConnectionId,
                SystemMessage = p.SystemMessage,
                Temperature = p.Temperature,
                Stream = p.Stream,
                ParentMessageId = p.ParentMessageId,
                IgnoreBudget = p.IgnoreBudget ?? false,
                ResponseFormat = Chats.StructuredOutput.FromSchema(p.ResponseFormat),
            },
            ct);

    /// <summary><c>edit_and_resend_message</c>.</summary>
    [JsonRpcMethod(NexoCommands.EditAndResendMessage, UseSingleObjectParameterDeserialization = true)]
    public Task<SendMessageResult> EditAndResendMessageAsync(EditAndResendMessageParams p, CancellationToken ct) =>
        nexo.Chats.EditAndResendAsync(
            new EditAndResendRequest
            {
                ChatId = p.ChatId,
                MessageId = p.MessageId,
                NewContent = p.NewContent,
                NewFiles = p.NewFiles,
                NewResources = p.NewResources,
                Metadata = p.Metadata,
                SelectedModel = p.SelectedModel,
                ReasoningEffort = ReasoningEfforts.Parse(p.ReasoningEffort),
                LlmConnectionId = p.LlmConnectionId,
                IgnoreBudget = p.IgnoreBudget ?? false,
                ResponseFormat = Chats.StructuredOutput.FromSchema(p.ResponseFormat),
            },
            ct);

    /// <summary><c>regenerate_message</c>.</summary>
    [JsonRpcMethod(NexoCommands.RegenerateMessage, UseSingleObjectParameterDeserialization = true)]
    public Task<SendMessageResult> RegenerateMessageAsync(RegenerateMessageParams p, CancellationToken ct) =>
        nexo.Chats.RegenerateAsync(
            new RegenerateRequest
            {
                ChatId = p.ChatId,
                MessageId = p.MessageId,
                SelectedModel = p.SelectedModel,
                ReasoningEffort = ReasoningEfforts.Parse(p.ReasoningEffort),
                LlmConnectionId = p.LlmConnectionId,
                IgnoreBudget = p.IgnoreBudget ?? false,
                ResponseFormat = Chats.StructuredOutput.FromSchema(p.ResponseFormat),
            },
            ct);

    /// <summary><c>switch_branch</c>.</summary>
    [JsonRpcMethod(NexoCommands.SwitchBranch, UseSingleObjectParameterDeserialization = true)]
    public Task<Chat> SwitchBranchAsync(SwitchBranchParams p, CancellationToken ct) =>
        nexo.Chats.SwitchBranchAsync(p.ChatId, p.MessageId, ct);

    /// <summary><c>respond_tool_permission</c>.</summary>
    [JsonRpcMethod(NexoCommands.RespondToolPermission, UseSingleObjectParameterDeserialization = true)]
    public Task RespondToolPermissionAsync(RespondToolPermissionParams p, CancellationToken ct) =>
        nexo.Chats.RespondToolPermissionAsync(
            new ToolPermissionResponse { MessageId = p.MessageId, Approved = p.Approved, AllowedToolIds = p.AllowedToolIds, Remember = p.Remember ?? false },
            ct);

    /// <summary><c>generate_chat_title</c>.</summary>
    [JsonRpcMethod(NexoCommands.GenerateChatTitle, UseSingleObjectParameterDeserialization = true)]
    public async Task<GenerateChatTitleResult> GenerateChatTitleAsync(GenerateChatTitleParams p, CancellationToken ct) =>
        new() { Title = await nexo.Chats.GenerateTitleAsync(p.ChatId, p.UserPrompt, ct).ConfigureAwait(false) };

    /// <summary><c>cancel_message</c>.</summary>
    [JsonRpcMethod(NexoCommands.CancelMessage, UseSingleObjectParameterDeserialization = true)]
    public async Task<CancelMessageResult> CancelMessageAsync(CancelMessageParams p, CancellationToken ct) =>
        new() { Cancelled = await nexo.Chats.CancelAsync(p.ChatId, ct).ConfigureAwait(false) };

    /// <summary><c>fork_chat</c>.</summary>
    [JsonRpcMethod(NexoCommands.ForkChat, UseSingleObjectParameterDeserialization = true)]
    public Task<Chat> ForkChatAsync(ForkChatParams p, CancellationToken ct) =>
        nexo.Chats.ForkAsync(p.ChatId, p.MessageId, ct);

    /// <summary><c>export_chat</c>.</summary>
    [JsonRpcMethod(NexoCommands.ExportChat, UseSingleObjectParameterDeserialization = true)]
    public async Task<ExportChatResult> ExportChatAsync(ExportChatParams p, CancellationToken ct)
    {
        var format = p.Format switch
        {
            "json" => ChatExportFormat.Json,
            "markdown" => ChatExportFormat.Markdown,
            _ => throw NexoException.Validation("format", $"The format '{p.Format}' is not one of json, markdown."),
        };
        return new() { Content = await nexo.Chats.ExportAsync(p.ChatId, format, ct).ConfigureAwait(false) };
    }

    /// <summary><c>import_chats</c>.</summary>
    [JsonRpcMethod(NexoCommands.ImportChats, UseSingleObjectParameterDeserialization = true)]
    public Task<IReadOnlyList<Chat>> ImportChatsAsync(ImportChatsParams p, CancellationToken ct)
    {
        var format = p.Format switch
        {
            null or "nexo" => ChatImportFormat.Nexo,
            "chatgpt" => ChatImportFormat.ChatGpt,
            _ => throw NexoException.Validation("format", $"The format '{p.Format}' is not one of nexo, chatgpt."),
        };
        return nexo.Chats.ImportAsync(new ChatImportRequest { WorkspaceId = p.WorkspaceId, Content = p.Content, Format = format }, ct);
    }
}
