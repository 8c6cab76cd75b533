using System.Text.Json;

namespace Nexo;

/// <summary>One finished tool call of a batch (<see cref="ToolExecutionCompletedEvent.Results"/>).</summary>
public sealed record ToolCallResult
{
    /// <summary>The call.</summary>
    public required string ToolCallId { get; init; }

    /// <summary>The tool name.</summary>
    public required string ToolName { get; init; }

    /// <summary>The stored tool message that holds the result.</summary>
    public required string ToolMessageId { get; init; }

    /// <summary>Whether the call failed (a tool error, a result that breaks the tool's output schema, a denial…).</summary>
    public bool IsError { get; init; }

    /// <summary>
    /// The tool's structured result (MCP <c>structuredContent</c>), when it returned one that matches its output schema
    /// (or it declares none); it is also stored in the tool message's metadata under <c>result.structuredContent</c>.
    /// </summary>
    public JsonElement? StructuredContent { get; init; }
}
