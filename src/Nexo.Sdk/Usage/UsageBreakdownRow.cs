namespace Nexo;

/// <summary>
/// Usage totals for one group of records (<see cref="UsageBreakdownOptions.GroupBy"/>; by default one UTC day,
/// connection and model). A member of a key the breakdown is not grouped by is <see langword="null"/>.
/// </summary>
public sealed record UsageBreakdownRow
{
    /// <summary>The UTC day (<c>yyyy-MM-dd</c>) when grouped by day or hour; else <see langword="null"/>.</summary>
    public string? Day { get; init; }

    /// <summary>
    /// The UTC hour when grouped by hour: the hour's start as <c>yyyy-MM-ddTHH:00Z</c> (ISO 8601, for example
    /// <c>2026-03-01T09:00Z</c>); else <see langword="null"/>.
    /// </summary>
    public string? Hour { get; init; }

    /// <summary>The workspace id when grouped by workspace (<see langword="null"/> for records made outside a workspace).</summary>
    public string? WorkspaceId { get; init; }

    /// <summary>The workspace's name when grouped by workspace and the workspace still exists.</summary>
    public string? WorkspaceName { get; init; }

    /// <summary>The chat id when grouped by chat (<see langword="null"/> for records made outside a chat).</summary>
    public string? ChatId { get; init; }

    /// <summary>The chat's title when grouped by chat and the chat still exists.</summary>
    public string? ChatTitle { get; init; }

    /// <summary>The connection id when grouped by connection and the records name one.</summary>
    public string? ConnectionId { get; init; }

    /// <summary>The connection's name when grouped by connection and the connection still exists.</summary>
    public string? ConnectionName { get; init; }

    /// <summary>The model when grouped by model; else <see langword="null"/>.</summary>
    public string? Model { get; init; }

    /// <summary>The number of calls.</summary>
    public long Requests { get; init; }

    /// <summary>Input tokens.</summary>
    public long InputTokens { get; init; }

    /// <summary>Input tokens read from the provider's cache (a part of <see cref="InputTokens"/>).</summary>
    public long CachedInputTokens { get; init; }

    /// <summary>Output tokens.</summary>
    public long OutputTokens { get; init; }

    /// <summary>The cost in USD of the row's records whose cost is known; <see langword="null"/> when none has a known cost.</summary>
    public decimal? Cost { get; init; }

    /// <summary>How many of the row's records have no cost; the row's <see cref="Cost"/> is complete only when this is 0.</summary>
    public long CostUnknownRecords { get; init; }
}
