namespace Nexo;

/// <summary><c>tool-execution-error</c>: one tool call failed; the error goes back to the model.</summary>
public sealed record ToolExecutionErrorEvent : ChatEvent
{
    /// <inheritdoc />
    public override string EventName => NexoEvents.ToolExecutionError;

    /// <summary>The assistant message that holds the call.</summary>
    public required string MessageId { get; init; }

    /// <summary>The call.</summary>
    public required string ToolCallId { get; init; }

    /// <summary>The tool name.</summary>
    public required string ToolName { get; init; }

    /// <summary>What went wrong.</summary>
    public required string Error { get; init; }
}
