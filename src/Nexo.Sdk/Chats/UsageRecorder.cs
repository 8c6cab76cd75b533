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
            var recordModel = outcome.ResponseModel ?? model;
            var input = usage?.InputTokenCount ?? 0;
            var cached = usage?.CachedInputTokenCount ?? 0;
            var output = usage?.OutputTokenCount ?? 0;
            var reasoning = usage?.ReasoningTokenCount ?? 0;
            var price = await d.Usage.FindPriceAsync(connection.Id, recordModel, io).ConfigureAwait(false);
            if (price is null && !string.Equals(recordModel, model, StringComparison.Ordinal))
            {
                price = await d.Usage.FindPriceAsync(connection.Id, model, io).ConfigureAwait(false);
            }

            // No usage reported = tokens unknown: the cost is unknown too, never 0.
            var picos = usage is null ? null : Costs.Picos(price, input, cached, output, reasoning);
            var now = d.Time.UtcNowMs();
            await d.Usage.AddAsync(
                new UsageRecord
                {
                    Id = Ids.New(),
                    WorkspaceId = chat.WorkspaceId,
                    ChatId = chat.Id,
                    MessageId = messageId,
                    ConnectionId = connection.Id,
                    Provider = Enums.Name(connection.Provider),
                    Model = recordModel,
                    InputTokens = input,
                    CachedInputTokens = cached,
                    OutputTokens = output,
                    ReasoningTokens = reasoning,
                    TotalTokens = usage?.TotalTokenCount ?? ((usage?.InputTokenCount ?? 0) + (usage?.OutputTokenCount ?? 0)),
                    LatencyMs = outcome.LatencyMs,
                    IsStream = stream,
                    Status = outcome.Status switch { MessageStatus.Error => "error", MessageStatus.Cancelled => "cancelled", _ => "success" },
                    RequestType = requestType,
                    Cost = picos is { } p ? Costs.Usd(p) : null,
                    CreatedAt = now,
                },
                io).ConfigureAwait(false);
            if (picos is > 0)
            {
                await WarnAboutBudgetAsync(chat.WorkspaceId, Costs.Usd(picos.Value), now, io).ConfigureAwait(false);
            }
        }
        catch (NexoException ex)
        {
            EngineLog.UsageNotRecorded(d.Logger, chat.Id, ex.Message);
        }
    }

    /// <summary>Publishes a <see cref="BudgetWarningEvent"/> when this record moved the month's spending across 80 % or 100 %.</summary>
    private async Task WarnAboutBudgetAsync(string workspaceId, decimal cost, DateTimeOffset now, CancellationToken io)
    {
        var settings = await d.Workspaces.GetSettingsAsync(workspaceId, io).ConfigureAwait(false);
        if (settings?.MonthlyBudgetUsd is not { } budget)
        {
            return;
        }

        var spent = await d.Usage.GetSpentAsync(workspaceId, Budget.MonthStart(now), io).ConfigureAwait(false);
        if (Budget.Crossed(workspaceId, budget, spent, cost) is { } warning)
        {
            d.Events.Publish(warning);
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
