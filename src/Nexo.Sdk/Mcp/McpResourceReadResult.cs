namespace Nexo;

/// <summary>What reading an MCP resource gave (<see cref="McpHost.ReadResourceAsync"/>): its contents, usually one item.</summary>
public sealed record McpResourceReadResult
{
    /// <summary>The server connection id.</summary>
    public required string ServerId { get; init; }

    /// <summary>The URI that was read (for a template read, the URI of the first content item).</summary>
    public required string Uri { get; init; }

    /// <summary>The contents, in the server's order.</summary>
    public required IReadOnlyList<McpResourceContent> Contents { get; init; }
}
