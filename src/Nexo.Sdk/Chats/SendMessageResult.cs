namespace Nexo;

/// <summary>The outcome of one chat turn.</summary>
public sealed record SendMessageResult
{
    /// <summary>The chat.</summary>
    public required string ChatId { get; init; }

    /// <summary>The user message stored for the turn.</summary>
    public required string UserMessageId { get; init; }

    /// <summary>The last assistant message of the turn (the final answer).</summary>
    public required string AssistantMessageId { get; init; }

    /// <summary>The final assistant message as stored.</summary>
    public required Message AssistantMessage { get; init; }

    /// <summary>Token usage summed over every model call of the turn.</summary>
    public TokenUsage? TokenUsage { get; init; }

    /// <summary>How the turn ended: <c>end_turn</c>, <c>max_tokens</c>, <c>max_turn_requests</c>, <c>refusal</c>, <c>cancelled</c> or <c>error</c>.</summary>
    public required StopReason StopReason { get; init; }
}
