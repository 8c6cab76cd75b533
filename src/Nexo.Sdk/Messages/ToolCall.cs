using System.Text.Json;

namespace Nexo;

/// <summary>A tool call requested by the model in an assistant message.</summary>
public sealed record ToolCall
{
    /// <summary>The provider's id of the call; tool result messages refer to it.</summary>
    public required string Id { get; init; }

    /// <summary>The tool's name as the MCP server spells it.</summary>
    public required string Name { get; init; }

    /// <summary>The name the model used for the tool (sanitised and unique across servers), when it differs from <see cref="Name"/>.</summary>
    public string? ModelName { get; init; }

    /// <summary>The arguments, a JSON object.</summary>
    public JsonElement? Arguments { get; init; }

    /// <summary>The MCP server connection that provides the tool, when known.</summary>
    public string? ServerId { get; init; }

    /// <summary>The MCP server's display name, when known.</summary>
    public string? ServerName { get; init; }
}
