namespace Nexo;

/// <summary>A resource template offered by an MCP server (<c>resources/templates/list</c>): a URI template (RFC 6570) whose variables name the resource.</summary>
public sealed record McpResourceTemplateInfo
{
    /// <summary>The URI template, for example <c>demo://resource/dynamic/text/{resourceId}</c>.</summary>
    public required string UriTemplate { get; init; }

    /// <summary>The template's name.</summary>
    public required string Name { get; init; }

    /// <summary>A title for people, when the server gives one.</summary>
    public string? Title { get; init; }

    /// <summary>What the resources of the template hold.</summary>
    public string? Description { get; init; }

    /// <summary>The MIME type of the resources, when known.</summary>
    public string? MimeType { get; init; }

    /// <summary>
    /// The names of the template's variables, in order of first appearance (<c>["resourceId"]</c>): the keys of the
    /// arguments that <see cref="McpHost.ReadResourceTemplateAsync"/> expands the template with.
    /// </summary>
    public required IReadOnlyList<string> Arguments { get; init; }
}
