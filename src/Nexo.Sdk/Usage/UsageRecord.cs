namespace Nexo;

/// <summary>The usage of one LLM call.</summary>
public sealed record UsageRecord
{
    /// <summary>The record id.</summary>
    public required string Id { get; init; }

    /// <summary>The workspace of the call, when it belonged to a chat.</summary>
    public string? WorkspaceId { get; init; }

    /// <summary>The chat of the call.</summary>
    public string? ChatId { get; init; }

    /// <summary>The assistant message the call produced.</summary>
    public string? MessageId { get; init; }

    /// <summary>The LLM connection used.</summary>
    public string? ConnectionId { get; init; }

    /// <summary>The provider kind, as its wire name (for example <c>openai</c>).</summary>
    public required string Provider { get; init; }

    /// <summary>The model.</summary>
    public required string Model { get; init; }

    /// <summary>Input tokens.</summary>
    public long InputTokens { get; init; }

    /// <summary>Input tokens read from the provider's cache (a part of <see cref="InputTokens"/>).</summary>
    public long CachedInputTokens { get; init; }

    /// <summary>Output tokens.</summary>
    public long OutputTokens { get; init; }

    /// <summary>Reasoning tokens.</summary>
    public long ReasoningTokens { get; init; }

    /// <summary>Total tokens.</summary>
    public long TotalTokens { get; init; }

    /// <summary>Wall time of the call in milliseconds.</summary>
    public long LatencyMs { get; init; }

    /// <summary>Whether the call streamed.</summary>
    public bool IsStream { get; init; }

    /// <summary><c>success</c>, <c>error</c> or <c>cancelled</c>.</summary>
    public string Status { get; init; } = "success";

    /// <summary>What the call was for: <c>chat</c> or <c>title</c>.</summary>
    public string RequestType { get; init; } = "chat";

    /// <summary>
    /// The cost of the call in USD, computed with the model's price when the call finished (a later price change does
    /// not change it), exact to the pico-dollar (1e-12 USD); <see langword="null"/> when no price was set for the model or the
    /// provider reported no token usage: unknown, not free.
    /// </summary>
    public decimal? Cost { get; init; }

    /// <summary>When the call finished (UTC).</summary>
    public DateTimeOffset CreatedAt { get; init; }
}
