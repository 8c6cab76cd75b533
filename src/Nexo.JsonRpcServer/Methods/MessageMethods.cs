using Nexo.JsonRpcServer.Contract;
using StreamJsonRpc;

namespace Nexo.JsonRpcServer.Methods;

/// <summary>Message commands: thin calls into <see cref="MessageService"/>.</summary>
/// <param name="nexo">The SDK client.</param>
public sealed class MessageMethods(NexoClient nexo)
{
    /// <summary><c>get_messages</c>: oldest first.</summary>
    [JsonRpcMethod(NexoCommands.GetMessages, UseSingleObjectParameterDeserialization = true)]
    public Task<IReadOnlyList<Message>> GetMessagesAsync(GetMessagesParams p, CancellationToken ct) =>
        nexo.Messages.ListAsync(
            p.ChatId,
            new MessageQuery { Limit = p.Limit ?? 1000, BeforeSequence = p.BeforeSequence, AfterSequence = p.AfterSequence },
            ct);

    /// <summary><c>create_message</c>.</summary>
    [JsonRpcMethod(NexoCommands.CreateMessage, UseSingleObjectParameterDeserialization = true)]
    public Task<Message> CreateMessageAsync(CreateMessageParams p, CancellationToken ct) =>
        nexo.Messages.CreateAsync(
            new NewMessage
            {
                Id = p.Id,
                ChatId = p.ChatId,
                Role = p.Role,
                Content = p.Content,
                Reasoning = p.Reasoning,
                ToolCalls = p.ToolCalls,
                ToolCallId = p.ToolCallId,
                ParentId = p.ParentId,
                Metadata = p.Metadata,
                CreatedAt = p.Timestamp,
            },
            ct);

    /// <summary><c>update_message</c>.</summary>
    [JsonRpcMethod(NexoCommands.UpdateMessage, UseSingleObjectParameterDeserialization = true)]
    public Task<Message> UpdateMessageAsync(UpdateMessageParams p, CancellationToken ct) =>
        nexo.Messages.UpdateContentAsync(p.Id, p.Content, ct);

    /// <summary><c>delete_messages_after</c>.</summary>
    [JsonRpcMethod(NexoCommands.DeleteMessagesAfter, UseSingleObjectParameterDeserialization = true)]
    public async Task<DeletedCountResult> DeleteMessagesAfterAsync(DeleteMessagesAfterParams p, CancellationToken ct) =>
        new() { Deleted = await nexo.Messages.DeleteAfterAsync(p.ChatId, p.MessageId, ct).ConfigureAwait(false) };

    /// <summary><c>search_messages</c>.</summary>
    [JsonRpcMethod(NexoCommands.SearchMessages, UseSingleObjectParameterDeserialization = true)]
    public Task<IReadOnlyList<MessageSearchHit>> SearchMessagesAsync(SearchMessagesParams p, CancellationToken ct) =>
        nexo.Messages.SearchAsync(new MessageSearchQuery { Text = p.Query, WorkspaceId = p.WorkspaceId, ChatId = p.ChatId, Limit = p.Limit ?? 50 }, ct);
}
