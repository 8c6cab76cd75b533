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

    /// <summary>
    /// The id the provider gave the call, when Nexo gave the call another <see cref="Id"/>: providers may send two calls
    /// under one id, or none, and every call needs its own so that one permission decision never covers another call.
    /// <see langword="null"/> when <see cref="Id"/> is the provider's id.
    /// </summary>
    public string? ProviderCallId { get; init; }
}
