namespace Nexo;

/// <summary>Stores one usage record per LLM call and aggregates them.</summary>
internal interface IUsageRepository
{
    /// <summary>Inserts a usage record.</summary>
    /// <param name="record">The record.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    Task AddAsync(UsageRecord record, CancellationToken cancellationToken = default);

    /// <summary>Totals over the records the filter selects.</summary>
    /// <param name="filter">The filter.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    Task<UsageSummary> GetSummaryAsync(UsageFilter filter, CancellationToken cancellationToken = default);

    /// <summary>Totals grouped by the given keys, sorted by them in order (day and hour newest first, the others ascending).</summary>
    /// <param name="filter">The filter.</param>
    /// <param name="groupBy">The checked keys: at least one, each defined and at most once.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    Task<IReadOnlyList<UsageBreakdownRow>> GetBreakdownAsync(UsageFilter filter, IReadOnlyList<UsageGroupBy> groupBy, CancellationToken cancellationToken = default);

    /// <summary>Lists records, newest first, one page at a time.</summary>
    /// <param name="filter">The filter.</param>
    /// <param name="page">The 1-based page number.</param>
    /// <param name="pageSize">Records per page (1 to 1000).</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    Task<IReadOnlyList<UsageRecord>> ListAsync(UsageFilter filter, int page, int pageSize, CancellationToken cancellationToken = default);

    /// <summary>Deletes every usage record.</summary>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The number of records deleted.</returns>
    Task<int> ClearAsync(CancellationToken cancellationToken = default);

    /// <summary>Stores prices, replacing any price of the same connection and model, all or none.</summary>
    /// <param name="prices">The checked prices.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    Task SetPricesAsync(IReadOnlyList<ModelPrice> prices, CancellationToken cancellationToken = default);

    /// <summary>Lists prices: those of one connection plus the connection-less ones, or all when <paramref name="connectionId"/> is null.</summary>
    /// <param name="connectionId">The connection, or null.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    Task<IReadOnlyList<ModelPrice>> ListPricesAsync(string? connectionId, CancellationToken cancellationToken = default);

    /// <summary>Deletes one price; false when there was none.</summary>
    /// <param name="connectionId">The connection, or null for the connection-less price.</param>
    /// <param name="model">The model.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    Task<bool> DeletePriceAsync(string? connectionId, string model, CancellationToken cancellationToken = default);

    /// <summary>The price that applies to a call: the connection's price of the model, else the model's connection-less price.</summary>
    /// <param name="connectionId">The connection of the call.</param>
    /// <param name="model">The model.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    Task<ModelPrice?> FindPriceAsync(string? connectionId, string model, CancellationToken cancellationToken = default);

    /// <summary>The known cost in USD of a workspace's records at or after <paramref name="since"/>.</summary>
    /// <param name="workspaceId">The workspace.</param>
    /// <param name="since">The start.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    Task<decimal> GetSpentAsync(string workspaceId, DateTimeOffset since, CancellationToken cancellationToken = default);
}
