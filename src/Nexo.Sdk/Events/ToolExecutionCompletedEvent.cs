namespace Nexo;

/// <summary><c>tool-execution-completed</c>: a batch of tool calls finished.</summary>
public sealed record ToolExecutionCompletedEvent : ChatEvent
{
    /// <inheritdoc />
    public override string EventName => NexoEvents.ToolExecutionCompleted;

    /// <summary>The assistant message that holds the calls.</summary>
    public required string MessageId { get; init; }

    /// <summary>How many calls ran.</summary>
    public int ToolCallsCount { get; init; }

    /// <summary>How many succeeded.</summary>
    public int SuccessfulCount { get; init; }

    /// <summary>How many failed or were denied.</summary>
    public int FailedCount { get; init; }

    /// <summary>Each call's result in the model's order: its tool message, whether it failed, its structured content.</summary>
    public IReadOnlyList<ToolCallResult> Results { get; init; } = [];
}
