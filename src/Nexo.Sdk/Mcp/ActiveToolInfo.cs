using System.Text.Json;

namespace Nexo;

/// <summary>An enabled tool of a workspace, as listed for display.</summary>
/// <seealso cref="McpHost.GetActiveToolsAsync"/>
public sealed record ActiveToolInfo
{
    /// <summary>The tool name as the server spells it.</summary>
    public required string Name { get; init; }

    /// <summary>The MCP server connection id.</summary>
    public required string ServerId { get; init; }

    /// <summary>The server's display name.</summary>
    public required string ServerName { get; init; }

    /// <summary>What the tool does.</summary>
    public string? Description { get; init; }

    /// <summary>The JSON schema of the tool's structured result (<c>outputSchema</c>), when it declares one.</summary>
    public JsonElement? OutputSchema { get; init; }
}
