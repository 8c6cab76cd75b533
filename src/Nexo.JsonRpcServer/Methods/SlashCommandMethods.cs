using Nexo.JsonRpcServer.Contract;
using StreamJsonRpc;

namespace Nexo.JsonRpcServer.Methods;

/// <summary>Slash commands: thin calls into <see cref="SlashCommandService"/>.</summary>
/// <param name="nexo">The SDK client.</param>
public sealed class SlashCommandMethods(NexoClient nexo)
{
    /// <summary><c>get_slash_commands</c>.</summary>
    [JsonRpcMethod(NexoCommands.GetSlashCommands, UseSingleObjectParameterDeserialization = true)]
    public Task<IReadOnlyList<SlashCommand>> GetSlashCommandsAsync(GetSlashCommandsParams p, CancellationToken ct) =>
        nexo.SlashCommands.ListAsync(p.WorkspaceId, ct);

    /// <summary><c>run_slash_command</c>: runs one turn like <c>send_message</c>; its events stream as notifications.</summary>
    [JsonRpcMethod(NexoCommands.RunSlashCommand, UseSingleObjectParameterDeserialization = true)]
    public Task<SendMessageResult> RunSlashCommandAsync(RunSlashCommandParams p, CancellationToken ct) =>
        nexo.SlashCommands.RunAsync(
            new RunSlashCommandRequest
            {
                ChatId = p.ChatId,
                Name = p.Name,
                Arguments = p.Arguments,
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
}
