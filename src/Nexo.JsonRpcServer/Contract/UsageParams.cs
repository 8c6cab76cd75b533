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

/// <summary><c>get_usage_breakdown</c>: totals by UTC day, connection and model.</summary>
public sealed record GetUsageBreakdownParams
{
    /// <summary>The records to total; all when omitted.</summary>
    public UsageFilterParams? Filter { get; init; }
}

/// <summary><c>clear_usage</c>: deletes every usage record.</summary>
public sealed record ClearUsageParams;
