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

    /// <summary>Average latency in milliseconds.</summary>
    public double AverageLatencyMs { get; init; }
}
