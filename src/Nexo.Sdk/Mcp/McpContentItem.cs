namespace Nexo;

/// <summary>
/// One content block of an MCP tool result, flattened to plain data. <see cref="Type"/> is one of
/// <c>text</c>, <c>image</c>, <c>audio</c>, <c>resource</c> (an embedded resource) or <c>resource_link</c>.
/// </summary>
public sealed record McpContentItem
{
    /// <summary>The block type: <c>text</c>, <c>image</c>, <c>audio</c>, <c>resource</c> or <c>resource_link</c>.</summary>
    public required string Type { get; init; }

    /// <summary>The text of a <c>text</c> block or of an embedded text resource.</summary>
    public string? Text { get; init; }

    /// <summary>The MIME type of an image, audio clip or resource.</summary>
    public string? MimeType { get; init; }

    /// <summary>The base64-encoded bytes of an image, an audio clip or an embedded binary resource.</summary>
    public string? Data { get; init; }

    /// <summary>The URI of an embedded resource or a resource link.</summary>
    public string? Uri { get; init; }

    /// <summary>The name of a resource link.</summary>
    public string? Name { get; init; }
}
