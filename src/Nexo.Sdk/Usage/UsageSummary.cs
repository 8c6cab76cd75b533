namespace Nexo;

/// <summary>Totals over usage records.</summary>
public sealed record UsageSummary
{
    /// <summary>The number of LLM calls.</summary>
    public long TotalRequests { get; init; }

    /// <summary>Input tokens.</summary>
    public long TotalInputTokens { get; init; }

    /// <summary>Output tokens.</summary>
    public long TotalOutputTokens { get; init; }

    /// <summary>Reasoning tokens.</summary>
    public long TotalReasoningTokens { get; init; }

    /// <summary>
    /// The cost in USD of the records whose cost is known; <see langword="null"/> when records were selected and none has
    /// a known cost (0 when none were selected). Complete only when <see cref="CostUnknownRecords"/> is 0.
    /// </summary>
    public decimal? Cost { get; init; }

    /// <summary>How many of the selected records have no cost (no price was set for their model when they were made).</summary>
    public long CostUnknownRecords { get; init; }

    /// <summary>Average latency in milliseconds.</summary>
    public double AverageLatencyMs { get; init; }
}
