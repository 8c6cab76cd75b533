namespace Nexo;

/// <summary><c>tool-execution-started</c>: a batch of tool calls started.</summary>
public sealed record ToolExecutionStartedEvent : ChatEvent
{
    /// <inheritdoc />
    public override string EventName => NexoEvents.ToolExecutionStarted;

    /// <summary>The assistant message that holds the calls.</summary>
    public required string MessageId { get; init; }

    /// <summary>How many calls run.</summary>
    public int ToolCallsCount { get; init; }
}
