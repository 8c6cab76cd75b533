namespace Nexo;

/// <summary><c>tool-calls-detected</c>: the model asked for tool calls.</summary>
public sealed record ToolCallsDetectedEvent : ChatEvent
{
    /// <inheritdoc />
    public override string EventName => NexoEvents.ToolCallsDetected;

    /// <summary>The assistant message that holds the calls.</summary>
    public required string MessageId { get; init; }

    /// <summary>The calls.</summary>
    public required IReadOnlyList<ToolCall> ToolCalls { get; init; }
}
