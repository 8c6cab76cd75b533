using System.Text.Json;

namespace Nexo;

/// <summary>
/// An MCP tool enabled in a workspace, as offered to a model. <see cref="ModelName"/> is the name the model sees and
/// calls (valid for every provider and unique within the workspace); <see cref="ServerId"/> and <see cref="ToolName"/>
/// say exactly which tool to call. Map a model's call back with <see cref="McpHost.ResolveModelName"/>.
/// </summary>
public sealed record WorkspaceTool
{
    /// <summary>The tool id, <c>serverId/toolName</c>: the key of tool permission rules.</summary>
    public required string ToolId { get; init; }

    /// <summary>The name offered to the model: matches <c>^[a-zA-Z0-9_-]{1,64}$</c> and is unique (case-insensitively) among the workspace's tools.</summary>
    public required string ModelName { get; init; }

    /// <summary>The MCP server connection id.</summary>
    public required string ServerId { get; init; }

    /// <summary>The server's display name.</summary>
    public required string ServerName { get; init; }

    /// <summary>The tool name exactly as the server spells it.</summary>
    public required string ToolName { get; init; }

    /// <summary>The tool's title, when the server gives one.</summary>
    public string? Title { get; init; }

    /// <summary>What the tool does.</summary>
    public string? Description { get; init; }

    /// <summary>The JSON schema of the tool's arguments (an object schema).</summary>
    public required JsonElement InputSchema { get; init; }

    /// <summary>
    /// The workspace's root folder as a <c>file://</c> URI, when it has one: the tool is called on the server's connection
    /// for that folder, whose only MCP root it is (see <see cref="McpHost.CallToolAsync(WorkspaceTool, System.Text.Json.JsonElement?, IProgress{McpToolProgress}?, CancellationToken)"/>).
    /// </summary>
    public string? RootUri { get; init; }
}
