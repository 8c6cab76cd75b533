namespace Nexo;

/// <summary><c>tool-execution-progress</c>: one tool call started, reported progress, or finished.</summary>
public sealed record ToolExecutionProgressEvent : ChatEvent
{
    /// <inheritdoc />
    public override string EventName => NexoEvents.ToolExecutionProgress;

    /// <summary>The assistant message that holds the call.</summary>
    public required string MessageId { get; init; }

    /// <summary>The call.</summary>
    public required string ToolCallId { get; init; }

    /// <summary>The tool name.</summary>
    public required string ToolName { get; init; }

    /// <summary><c>executing</c>, <c>progress</c>, <c>completed</c>, <c>error</c> or <c>denied</c>.</summary>
    public required string Status { get; init; }

    /// <summary>The result text, when completed.</summary>
    public string? Result { get; init; }

    /// <summary>The error, when failed or denied.</summary>
    public string? Error { get; init; }

    /// <summary>Progress so far (from MCP progress notifications).</summary>
    public double? Progress { get; init; }

    /// <summary>Total progress, when known.</summary>
    public double? Total { get; init; }

    /// <summary>A progress message from the server.</summary>
    public string? ProgressMessage { get; init; }
}
