namespace Nexo;

/// <summary>Usage totals for one connection, model and UTC day.</summary>
public sealed record UsageBreakdownRow
{
    /// <summary>The UTC day (<c>yyyy-MM-dd</c>).</summary>
    public required string Day { get; init; }

    /// <summary>The connection id, when known.</summary>
    public string? ConnectionId { get; init; }

    /// <summary>The model.</summary>
    public required string Model { get; init; }

    /// <summary>The number of calls.</summary>
    public long Requests { get; init; }

    /// <summary>Input tokens.</summary>
    public long InputTokens { get; init; }

    /// <summary>Output tokens.</summary>
    public long OutputTokens { get; init; }

    /// <summary>The cost in USD of the row's records whose cost is known; <see langword="null"/> when none has a known cost.</summary>
    public decimal? Cost { get; init; }

    /// <summary>How many of the row's records have no cost; the row's <see cref="Cost"/> is complete only when this is 0.</summary>
    public long CostUnknownRecords { get; init; }
}
