namespace Nexo;

/// <summary>
/// Reads and clears the usage records written by every LLM call, and keeps the cost ledger's prices
/// (<see cref="ModelPrice"/>): each record's cost is computed with the price in force when the call finished.
/// </summary>
public sealed class UsageService
{
    private readonly IUsageRepository _repository;
    private readonly TimeProvider _time;

    internal UsageService(IUsageRepository repository, TimeProvider? time = null)
    {
        _repository = repository;
        _time = time ?? TimeProvider.System;
    }

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

    /// <summary>Totals by UTC day, connection and model, newest day first (<see cref="UsageBreakdownOptions.DefaultGroupBy"/>).</summary>
    /// <param name="filter">The filter; <see langword="null"/> for all.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    public Task<IReadOnlyList<UsageBreakdownRow>> GetBreakdownAsync(UsageFilter? filter = null, CancellationToken cancellationToken = default) =>
        GetBreakdownAsync(filter, null, cancellationToken);

    /// <summary>
    /// Totals of the selected records grouped by the keys of <paramref name="options"/> (workspace, chat, connection,
    /// model, UTC day, UTC hour), each row with the sum of its known costs and the count of records without one, so
    /// the rows of any grouping add up to <see cref="GetSummaryAsync"/>'s totals.
    /// </summary>
    /// <param name="filter">The filter; <see langword="null"/> for all.</param>
    /// <param name="options">The grouping; <see langword="null"/> for <see cref="UsageBreakdownOptions.DefaultGroupBy"/>.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <exception cref="NexoException">Validation (field <c>groupBy</c>) for an empty grouping, an unknown key or a key given twice.</exception>
    public Task<IReadOnlyList<UsageBreakdownRow>> GetBreakdownAsync(UsageFilter? filter, UsageBreakdownOptions? options, CancellationToken cancellationToken = default) =>
        _repository.GetBreakdownAsync(Check(filter), CheckGroupBy(options?.GroupBy), cancellationToken);

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

    /// <summary>
    /// Sets the price of a model (for one connection when <see cref="ModelPrice.ConnectionId"/> is set), replacing the
    /// price of the same connection and model. Only calls that finish afterwards are priced with it: stored costs never change.
    /// </summary>
    /// <param name="price">The price; <see cref="ModelPrice.CreatedAt"/> and <see cref="ModelPrice.UpdatedAt"/> are ignored.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The stored price.</returns>
    /// <exception cref="NexoException">Validation for an empty model, a negative price, more than 6 decimal places or an unknown connection.</exception>
    public async Task<ModelPrice> SetModelPriceAsync(ModelPrice price, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(price);
        var stored = await StoreAsync([CheckPrice(price, "")], cancellationToken).ConfigureAwait(false);
        return stored[0];
    }

    /// <summary>Lists the prices, by model: with a connection id, that connection's prices and the connection-less ones; else all.</summary>
    /// <param name="connectionId">The connection, or <see langword="null"/> for every price.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    public Task<IReadOnlyList<ModelPrice>> GetModelPricesAsync(string? connectionId = null, CancellationToken cancellationToken = default) =>
        _repository.ListPricesAsync(Validate.Optional(connectionId), cancellationToken);

    /// <summary>Deletes the price of a model (of one connection, or the connection-less one); calls of the model are then priced unknown.</summary>
    /// <param name="model">The model.</param>
    /// <param name="connectionId">The connection, or <see langword="null"/> for the connection-less price.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns><see langword="true"/> when a price was deleted.</returns>
    public Task<bool> DeleteModelPriceAsync(string model, string? connectionId = null, CancellationToken cancellationToken = default) =>
        _repository.DeletePriceAsync(Validate.Optional(connectionId), Validate.Id(model, "model"), cancellationToken);

    /// <summary>
    /// Imports prices from a price file (see <c>docs/sdk.md</c>, "Cost ledger"):
    /// <c>{"currency": "USD", "prices": [{"model": "…", "connectionId": null, "inputPerMillion": 2.5, "outputPerMillion": 10,
    /// "cachedInputPerMillion": 1.25, "reasoningPerMillion": null}]}</c>. Every price is checked first and all are stored or
    /// none; each replaces the price of the same connection and model, and prices not in the file are kept.
    /// </summary>
    /// <param name="json">The file's text.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The stored prices.</returns>
    /// <exception cref="NexoException">Validation when the file is not in the documented shape or a price is invalid.</exception>
    public async Task<IReadOnlyList<ModelPrice>> ImportModelPricesAsync(string json, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(json);
        var prices = ModelPriceFile.Parse(json).Select((p, i) => CheckPrice(p, $"prices[{i}].")).ToList();
        var duplicate = prices.GroupBy(p => (p.ConnectionId, p.Model)).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw NexoException.Validation("prices", $"The file prices the model '{duplicate.Key.Model}' twice for the same connection.");
        }

        return await StoreAsync(prices, cancellationToken).ConfigureAwait(false);
    }

    private async Task<IReadOnlyList<ModelPrice>> StoreAsync(IReadOnlyList<ModelPrice> prices, CancellationToken cancellationToken)
    {
        var now = _time.UtcNowMs();
        var stamped = prices.Select(p => p with { CreatedAt = now, UpdatedAt = now }).ToList();
        await _repository.SetPricesAsync(stamped, cancellationToken).ConfigureAwait(false);
        var all = await _repository.ListPricesAsync(null, cancellationToken).ConfigureAwait(false);
        return stamped.Select(p => all.First(s => s.ConnectionId == p.ConnectionId && s.Model == p.Model)).ToList();
    }

    private static ModelPrice CheckPrice(ModelPrice price, string prefix) => new()
    {
        ConnectionId = Validate.Optional(price.ConnectionId),
        Model = Validate.Id(price.Model, prefix + "model"),
        InputPerMillion = Costs.CheckPrice(price.InputPerMillion, prefix + "inputPerMillion"),
        OutputPerMillion = Costs.CheckPrice(price.OutputPerMillion, prefix + "outputPerMillion"),
        CachedInputPerMillion = price.CachedInputPerMillion is { } cached ? Costs.CheckPrice(cached, prefix + "cachedInputPerMillion") : null,
        ReasoningPerMillion = price.ReasoningPerMillion is { } reasoning ? Costs.CheckPrice(reasoning, prefix + "reasoningPerMillion") : null,
    };

    private static IReadOnlyList<UsageGroupBy> CheckGroupBy(IReadOnlyList<UsageGroupBy>? groupBy)
    {
        if (groupBy is null)
        {
            return UsageBreakdownOptions.DefaultGroupBy;
        }

        if (groupBy.Count == 0)
        {
            throw NexoException.Validation("groupBy", "'groupBy' must name at least one key (workspace, chat, connection, model, day, hour).");
        }

        foreach (var key in groupBy)
        {
            if (!Enum.IsDefined(key))
            {
                throw NexoException.Validation("groupBy", $"'groupBy' has an unknown key ({(int)key}).");
            }
        }

        var twice = groupBy.GroupBy(k => k).FirstOrDefault(g => g.Count() > 1);
        if (twice is not null)
        {
            throw NexoException.Validation("groupBy", $"'groupBy' names '{Enums.Name(twice.Key)}' twice.");
        }

        return [.. groupBy];
    }

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
