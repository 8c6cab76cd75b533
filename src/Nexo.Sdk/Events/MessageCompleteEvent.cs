namespace Nexo;

/// <summary><c>message-complete</c>: an assistant message finished.</summary>
public sealed record MessageCompleteEvent : ChatEvent
{
    /// <inheritdoc />
    public override string EventName => NexoEvents.MessageComplete;

    /// <summary>The assistant message.</summary>
    public required string MessageId { get; init; }

    /// <summary>The full content.</summary>
    public required string Content { get; init; }

    /// <summary>Token usage, when the provider reported it.</summary>
    public TokenUsage? TokenUsage { get; init; }

    /// <summary>Why the model stopped (<c>stop</c>, <c>length</c>, <c>tool_calls</c>, <c>content_filter</c>).</summary>
    public string? FinishReason { get; init; }
}
