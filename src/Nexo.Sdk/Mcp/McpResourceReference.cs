namespace Nexo;

/// <summary>
/// A resource of an MCP server attached to a user message as context (<see cref="SendMessageRequest.Resources"/>): the
/// server connection id and the resource URI.
/// </summary>
public sealed record McpResourceReference
{
    /// <summary>The MCP server connection id.</summary>
    public required string ServerId { get; init; }

    /// <summary>The resource URI, exactly as the server names it.</summary>
    public required string Uri { get; init; }
}
