namespace Nexo;

/// <summary>
/// One content item of a read MCP resource (<c>resources/read</c>): text (<see cref="Text"/>) or binary data
/// (<see cref="Blob"/>, base64), with its URI and MIME type.
/// </summary>
public sealed record McpResourceContent
{
    /// <summary>The URI of this content (a template read gives the expanded URI here).</summary>
    public required string Uri { get; init; }

    /// <summary>The MIME type, when the server gives one.</summary>
    public string? MimeType { get; init; }

    /// <summary>The text of a text resource; <see langword="null"/> for binary content.</summary>
    public string? Text { get; init; }

    /// <summary>The base64-encoded bytes of a binary resource; <see langword="null"/> for text.</summary>
    public string? Blob { get; init; }
}
