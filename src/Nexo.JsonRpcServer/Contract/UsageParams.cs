using System.Text.Json;

namespace Nexo.JsonRpcServer.Contract;

/// <summary>Which usage records a usage command covers (the original's <c>filter</c>).</summary>
public sealed record UsageFilterParams
{
    /// <summary>Only records at or after this time (ISO-8601).</summary>
    public DateTimeOffset? StartDate { get; init; }

    /// <summary>Only records before this time (ISO-8601).</summary>
    public DateTimeOffset? EndDate { get; init; }

    /// <summary>Only records of this workspace.</summary>
    public string? WorkspaceId { get; init; }

    /// <summary>Only records of this chat.</summary>
    public string? ChatId { get; init; }

    /// <summary>Only records of this LLM connection.</summary>
    public string? ConnectionId { get; init; }
}

/// <summary><c>get_usage_summary</c>: totals over the usage records the filter selects.</summary>
public sealed record GetUsageSummaryParams
{
    /// <summary>The records to total; all when omitted.</summary>
    public UsageFilterParams? Filter { get; init; }
}

/// <summary><c>get_usage_logs</c>: lists usage records, newest first, one page at a time.</summary>
public sealed record GetUsageLogsParams
{
    /// <summary>The records to list; all when omitted.</summary>
    public UsageFilterParams? Filter { get; init; }

    /// <summary>The 1-based page (default 1).</summary>
    public int? Page { get; init; }

    /// <summary>Records per page (1 to 1000, default 50).</summary>
    public int? Limit { get; init; }
}

/// <summary>
/// <c>get_usage_breakdown</c>: totals grouped by the <c>groupBy</c> keys (by UTC day, connection and model when omitted),
/// each row with its <c>cost</c> and <c>costUnknownRecords</c>.
/// </summary>
public sealed record GetUsageBreakdownParams
{
    /// <summary>The records to total; all when omitted.</summary>
    public UsageFilterParams? Filter { get; init; }

    /// <summary>
    /// The keys to group by, each at most once, rows sorted by them in this order (<c>day</c> and <c>hour</c> newest first);
    /// <c>["day", "connection", "model"]</c> when omitted.
    /// </summary>
    public IReadOnlyList<UsageGroupBy>? GroupBy { get; init; }
}

/// <summary><c>clear_usage</c>: deletes every usage record.</summary>
public sealed record ClearUsageParams;

/// <summary>
/// <c>set_model_price</c>: sets the price of a model in USD per million tokens (exact decimals, at most 6 decimal places),
/// for one connection or (without <c>connectionId</c>) for the model on every connection; replaces the price of the same
/// connection and model. Only calls that finish afterwards are priced with it.
/// </summary>
public sealed record SetModelPriceParams
{
    /// <summary>The LLM connection the price is for; the model on every connection when omitted (a connection's own price wins).</summary>
    public string? ConnectionId { get; init; }

    /// <summary>The model id, as the usage records name it.</summary>
    public required string Model { get; init; }

    /// <summary>USD per million input tokens not read from the provider's cache.</summary>
    public required decimal InputPerMillion { get; init; }

    /// <summary>USD per million output tokens (reasoning tokens too unless <c>reasoningPerMillion</c> is set).</summary>
    public required decimal OutputPerMillion { get; init; }

    /// <summary>USD per million cached input tokens; <c>inputPerMillion</c> when omitted.</summary>
    public decimal? CachedInputPerMillion { get; init; }

    /// <summary>USD per million reasoning tokens; <c>outputPerMillion</c> when omitted.</summary>
    public decimal? ReasoningPerMillion { get; init; }
}

/// <summary><c>get_model_prices</c>: lists prices by model; with <c>connectionId</c>, that connection's and the connection-less ones.</summary>
public sealed record GetModelPricesParams
{
    /// <summary>The connection; every price when omitted.</summary>
    public string? ConnectionId { get; init; }
}

/// <summary><c>delete_model_price</c>: deletes one price; calls of the model are then priced unknown.</summary>
public sealed record DeleteModelPriceParams
{
    /// <summary>The connection of the price; the connection-less price when omitted.</summary>
    public string? ConnectionId { get; init; }

    /// <summary>The model.</summary>
    public required string Model { get; init; }
}

/// <summary><c>delete_model_price</c>'s result.</summary>
public sealed record DeleteModelPriceResult
{
    /// <summary>Whether a price was deleted.</summary>
    public bool Deleted { get; init; }
}

/// <summary>
/// <c>import_model_prices</c>: stores the prices of a price file (the documented shape, <c>{"currency": "USD", "prices": [...]}</c>),
/// all or none; each replaces the price of the same connection and model.
/// </summary>
public sealed record ImportModelPricesParams
{
    /// <summary>The price file: an object with <c>currency</c> (optional, <c>USD</c>) and <c>prices</c> (entries shaped like <c>set_model_price</c>'s params).</summary>
    public required JsonElement File { get; init; }
}
