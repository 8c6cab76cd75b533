using Nexo.JsonRpcServer.Contract;
using StreamJsonRpc;

namespace Nexo.JsonRpcServer.Methods;

/// <summary>Usage commands: thin calls into <see cref="UsageService"/>.</summary>
/// <param name="nexo">The SDK client.</param>
public sealed class UsageMethods(NexoClient nexo)
{
    /// <summary><c>get_usage_summary</c>.</summary>
    [JsonRpcMethod(NexoCommands.GetUsageSummary, UseSingleObjectParameterDeserialization = true)]
    public Task<UsageSummary> GetUsageSummaryAsync(GetUsageSummaryParams? p = null, CancellationToken ct = default) =>
        nexo.Usage.GetSummaryAsync(ToFilter(p?.Filter), ct);

    /// <summary><c>get_usage_logs</c>: newest first.</summary>
    [JsonRpcMethod(NexoCommands.GetUsageLogs, UseSingleObjectParameterDeserialization = true)]
    public Task<IReadOnlyList<UsageRecord>> GetUsageLogsAsync(GetUsageLogsParams? p = null, CancellationToken ct = default) =>
        nexo.Usage.ListAsync(ToFilter(p?.Filter), p?.Page ?? 1, p?.Limit ?? 50, ct);

    /// <summary><c>get_usage_breakdown</c>.</summary>
    [JsonRpcMethod(NexoCommands.GetUsageBreakdown, UseSingleObjectParameterDeserialization = true)]
    public Task<IReadOnlyList<UsageBreakdownRow>> GetUsageBreakdownAsync(GetUsageBreakdownParams? p = null, CancellationToken ct = default) =>
        nexo.Usage.GetBreakdownAsync(ToFilter(p?.Filter), new UsageBreakdownOptions { GroupBy = p?.GroupBy }, ct);

    /// <summary><c>clear_usage</c>.</summary>
    [JsonRpcMethod(NexoCommands.ClearUsage, UseSingleObjectParameterDeserialization = true)]
    public async Task<DeletedCountResult> ClearUsageAsync(ClearUsageParams? p = null, CancellationToken ct = default) =>
        new() { Deleted = await nexo.Usage.ClearAsync(ct).ConfigureAwait(false) };

    /// <summary><c>set_model_price</c>.</summary>
    [JsonRpcMethod(NexoCommands.SetModelPrice, UseSingleObjectParameterDeserialization = true)]
    public Task<ModelPrice> SetModelPriceAsync(SetModelPriceParams p, CancellationToken ct) =>
        nexo.Usage.SetModelPriceAsync(
            new ModelPrice
            {
                ConnectionId = p.ConnectionId,
                Model = p.Model,
                InputPerMillion = p.InputPerMillion,
                OutputPerMillion = p.OutputPerMillion,
                CachedInputPerMillion = p.CachedInputPerMillion,
                ReasoningPerMillion = p.ReasoningPerMillion,
            },
            ct);

    /// <summary><c>get_model_prices</c>.</summary>
    [JsonRpcMethod(NexoCommands.GetModelPrices, UseSingleObjectParameterDeserialization = true)]
    public Task<IReadOnlyList<ModelPrice>> GetModelPricesAsync(GetModelPricesParams? p = null, CancellationToken ct = default) =>
        nexo.Usage.GetModelPricesAsync(p?.ConnectionId, ct);

    /// <summary><c>delete_model_price</c>.</summary>
    [JsonRpcMethod(NexoCommands.DeleteModelPrice, UseSingleObjectParameterDeserialization = true)]
    public async Task<DeleteModelPriceResult> DeleteModelPriceAsync(DeleteModelPriceParams p, CancellationToken ct) =>
        new() { Deleted = await nexo.Usage.DeleteModelPriceAsync(p.Model, p.ConnectionId, ct).ConfigureAwait(false) };

    /// <summary><c>import_model_prices</c>.</summary>
    [JsonRpcMethod(NexoCommands.ImportModelPrices, UseSingleObjectParameterDeserialization = true)]
    public Task<IReadOnlyList<ModelPrice>> ImportModelPricesAsync(ImportModelPricesParams p, CancellationToken ct) =>
        nexo.Usage.ImportModelPricesAsync(p.File.GetRawText(), ct);

    private static UsageFilter ToFilter(UsageFilterParams? f) =>
        new() { Start = f?.StartDate, End = f?.EndDate, WorkspaceId = f?.WorkspaceId, ChatId = f?.ChatId, ConnectionId = f?.ConnectionId };
}
