namespace Nexo;

/// <summary>A resource offered by an MCP server (<c>resources/list</c>).</summary>
public sealed record McpResourceInfo
{
    /// <summary>The resource URI.</summary>
    public required string Uri { get; init; }

    /// <summary>The resource name.</summary>
    public required string Name { get; init; }

    /// <summary>A title for people, when the server gives one.</summary>
    public string? Title { get; init; }

    /// <summary>What the resource holds.</summary>
    public string? Description { get; init; }

    /// <summary>The MIME type, when known.</summary>
    public string? MimeType { get; init; }
}
