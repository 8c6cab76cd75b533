using System.Text.Json;

namespace Nexo;

/// <summary>
/// The outcome of one MCP tool call. Failures the model should see (the tool's own <c>isError</c>, a timeout, a crashed
/// server, a protocol error) come back here with <see cref="IsError"/> set, never as exceptions, so an agent loop can hand
/// <see cref="Text"/> to the model and go on.
/// </summary>
public sealed record McpToolResult
{
    /// <summary>Whether the call failed (the tool reported an error, timed out, or the server failed).</summary>
    public bool IsError { get; init; }

    /// <summary>The text blocks of the result (and the text of embedded text resources) joined by new lines; for a failure, what went wrong.</summary>
    public string Text { get; init; } = string.Empty;

    /// <summary>
    /// The tool's structured result (<c>structuredContent</c>), when it returned one. When the tool declares an output
    /// schema (<see cref="McpToolInfo.OutputSchema"/>) it has been checked against it: a result that fails the check is
    /// kept here as the server sent it, with <see cref="OutputSchemaError"/> set.
    /// </summary>
    public JsonElement? StructuredContent { get; init; }

    /// <summary>
    /// Why the result breaks the tool's output schema (<see cref="McpToolInfo.OutputSchema"/>): the structured content
    /// fails the schema, or is missing; <see langword="null"/> when the result matches or the tool declares no schema.
    /// Such a result has <see cref="IsError"/> set and a <see cref="Text"/> that names the problem and its JSON path, followed
    /// by the tool's own text.
    /// </summary>
    public string? OutputSchemaError { get; init; }

    /// <summary>
    /// The JSON path (<c>$.humidity</c>, <c>$.items[0]</c>; <c>$</c> for missing structured content) of the first place
    /// where the result breaks the tool's output schema; <see langword="null"/> when <see cref="OutputSchemaError"/> is.
    /// </summary>
    public string? OutputSchemaPath { get; init; }

    /// <summary>Every content block of the result in order: text, images, audio, resources and resource links.</summary>
    public IReadOnlyList<McpContentItem> Content { get; init; } = [];

    /// <summary>How long the call took, in milliseconds (including a reconnect when one was needed).</summary>
    public long DurationMs { get; init; }
}
