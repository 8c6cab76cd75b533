namespace Nexo;

/// <summary>Reads and clears the usage records written by every LLM call.</summary>
public sealed class UsageService
{
    private readonly IUsageRepository _repository;

    internal UsageService(IUsageRepository repository) => _repository = repository;

    /// <summary>Stores one usage record.</summary>
    /// <param name="record">The record.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    public Task RecordAsync(UsageRecord record, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        return _repository.AddAsync(record, cancellationToken);
    }

    /// <summary>Totals over the selected records.</summary>
    /// <param name="filter">The filter; <see langword="null"/> for all.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    public Task<UsageSummary> GetSummaryAsync(UsageFilter? filter = null, CancellationToken cancellationToken = default) =>
        _repository.GetSummaryAsync(Check(filter), cancellationToken);

    /// <summary>Totals by UTC day, connection and model.</summary>
    /// <param name="filter">The filter; <see langword="null"/> for all.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    public Task<IReadOnlyList<UsageBreakdownRow>> GetBreakdownAsync(UsageFilter? filter = null, CancellationToken cancellationToken = default) =>
        _repository.GetBreakdownAsync(Check(filter), cancellationToken);

    /// <summary>Lists records, newest first.</summary>
    /// <param name="filter">The filter; <see langword="null"/> for all.</param>
    /// <param name="page">The 1-based page.</param>
    /// <param name="pageSize">Records per page (1 to 1000).</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    public Task<IReadOnlyList<UsageRecord>> ListAsync(UsageFilter? filter = null, int page = 1, int pageSize = 50, CancellationToken cancellationToken = default)
    {
        Validate.Range(page, 1, int.MaxValue, "page");
        Validate.Range(pageSize, 1, 1000, "limit");
        return _repository.ListAsync(Check(filter), page, pageSize, cancellationToken);
    }

    /// <summary>Deletes every usage record.</summary>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The number deleted.</returns>
    public Task<int> ClearAsync(CancellationToken cancellationToken = default) => _repository.ClearAsync(cancellationToken);

    private static UsageFilter Check(UsageFilter? filter)
    {
        filter ??= new UsageFilter();
        if (filter.Start is { } s && filter.End is { } e && e < s)
        {
            throw NexoException.Validation("endDate", "The end date is before the start date.");
        }

        return filter;
    }
}
