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
}
