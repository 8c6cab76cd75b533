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

    /// <summary>Totals by UTC day, connection and model, newest day first.</summary>
    /// <param name="filter">The filter.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    Task<IReadOnlyList<UsageBreakdownRow>> GetBreakdownAsync(UsageFilter filter, CancellationToken cancellationToken = default);

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
}
