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

    /// <summary>The tool's structured result (<c>structuredContent</c>), when it returned one.</summary>
    public JsonElement? StructuredContent { get; init; }

    /// <summary>Every content block of the result in order: text, images, audio, resources and resource links.</summary>
    public IReadOnlyList<McpContentItem> Content { get; init; } = [];

    /// <summary>How long the call took, in milliseconds (including a reconnect when one was needed).</summary>
    public long DurationMs { get; init; }
}
