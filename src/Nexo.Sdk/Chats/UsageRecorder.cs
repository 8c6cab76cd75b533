using Microsoft.Extensions.AI;

namespace Nexo.Chats;

/// <summary>Writes one usage record per model call; bookkeeping never fails a turn.</summary>
internal sealed class UsageRecorder(EngineDependencies d)
{
    public async Task RecordAsync(Chat chat, string messageId, LlmConnection connection, string model, CallOutcome outcome, bool stream, string requestType, CancellationToken io)
    {
        var usage = outcome.Usage;
        try
        {
            await d.Usage.AddAsync(
                new UsageRecord
                {
                    Id = Ids.New(),
                    WorkspaceId = chat.WorkspaceId,
                    ChatId = chat.Id,
                    MessageId = messageId,
                    ConnectionId = connection.Id,
                    Provider = Enums.Name(connection.Provider),
                    Model = outcome.ResponseModel ?? model,
                    InputTokens = usage?.InputTokenCount ?? 0,
                    OutputTokens = usage?.OutputTokenCount ?? 0,
                    ReasoningTokens = usage?.ReasoningTokenCount ?? 0,
                    TotalTokens = usage?.TotalTokenCount ?? ((usage?.InputTokenCount ?? 0) + (usage?.OutputTokenCount ?? 0)),
                    LatencyMs = outcome.LatencyMs,
                    IsStream = stream,
                    Status = outcome.Status switch { MessageStatus.Error => "error", MessageStatus.Cancelled => "cancelled", _ => "success" },
                    RequestType = requestType,
                    CreatedAt = d.Time.UtcNowMs(),
                },
                io).ConfigureAwait(false);
        }
        catch (NexoException ex)
        {
            EngineLog.UsageNotRecorded(d.Logger, chat.Id, ex.Message);
        }
    }

    public static TokenUsage? ToTokenUsage(UsageDetails? usage) => usage is null ? null : new TokenUsage
    {
        InputTokens = usage.InputTokenCount ?? 0,
        OutputTokens = usage.OutputTokenCount ?? 0,
        ReasoningTokens = usage.ReasoningTokenCount ?? 0,
        TotalTokens = usage.TotalTokenCount ?? ((usage.InputTokenCount ?? 0) + (usage.OutputTokenCount ?? 0)),
    };
}
