using System.Text.Json;

namespace Nexo;

/// <summary>A tool offered by an MCP server.</summary>
public sealed record McpToolInfo
{
    /// <summary>The tool name as the server spells it.</summary>
    public required string Name { get; init; }

    /// <summary>The tool's title, when the server gives one.</summary>
    public string? Title { get; init; }

    /// <summary>What the tool does.</summary>
    public string? Description { get; init; }

    /// <summary>The JSON schema of the tool's arguments.</summary>
    public JsonElement? InputSchema { get; init; }

    /// <summary>
    /// The JSON schema of the tool's structured result (<c>outputSchema</c>), when it declares one: every successful call
    /// must then return <c>structuredContent</c> that matches it, or Nexo turns the result into an error (see
    /// <see cref="McpToolResult.OutputSchemaError"/>).
    /// </summary>
    public JsonElement? OutputSchema { get; init; }

    /// <summary>
    /// The server's <c>annotations.readOnlyHint</c>: <see langword="true"/> when it says the tool does not change its
    /// environment (such tools run without asking in <see cref="ToolPermissionMode.AllowReads"/> mode); <see langword="null"/> when it says nothing.
    /// </summary>
    public bool? ReadOnlyHint { get; init; }
}
