using System.Text;
using Microsoft.Extensions.AI;

namespace Nexo.Chats;

/// <summary>
/// Reads the MCP resources attached to a user message (<see cref="SendMessageRequest.Resources"/>) into
/// <see cref="Attachment"/>s, checking each reference before anything is stored, and turns them into model content.
/// </summary>
internal static class ResourceAttachments
{
    private const string Field = "resources";

    /// <summary>
    /// Reads every reference: its server must exist (NotFound), be enabled and be one of the workspace's servers
    /// (Validation), and have the URI (NotFound naming the server and the URI, and the workspace server that has it when
    /// another one does). Each content item becomes one attachment: text as text (a blob of a text type decoded as
    /// UTF-8), images as image bytes; other binary content is a Validation error.
    /// </summary>
    public static async Task<IReadOnlyList<Attachment>> LoadAsync(
        McpHost? host, Workspace? workspace, WorkspaceSettings settings, IReadOnlyList<McpResourceReference> references, CancellationToken cancellationToken)
    {
        var result = new List<Attachment>();
        foreach (var reference in references)
        {
            if (reference is null || string.IsNullOrWhiteSpace(reference.ServerId) || string.IsNullOrWhiteSpace(reference.Uri))
            {
                throw NexoException.Validation(Field, "An attached resource needs a serverId and a uri.");
            }

            if (host is null)
            {
                throw NexoException.Validation(Field, "MCP resources cannot be attached here: this Nexo client has no MCP host.");
            }

            var server = await UsableServerAsync(host, workspace, settings, reference.ServerId.Trim(), cancellationToken).ConfigureAwait(false);
            McpResourceReadResult read;
            try
            {
                read = await host.ReadWorkspaceResourceAsync(server, workspace?.RootPath, reference.Uri, cancellationToken).ConfigureAwait(false);
            }
            catch (NexoException ex) when (ex.Kind == NexoErrorKind.NotFound)
            {
                throw await NotFoundAsync(host, workspace, settings, server, reference.Uri.Trim(), ex, cancellationToken).ConfigureAwait(false);
            }

            if (read.Contents.Count == 0)
            {
                throw NexoException.Validation(Field, $"The resource '{read.Uri}' of the MCP server '{server.Name}' is empty: there is nothing to attach.");
            }

            result.AddRange(read.Contents.Select(c => FromContent(server, c)));
        }

        return result;
    }

    /// <summary>The server of a reference, when the workspace may use it.</summary>
    private static async Task<McpServer> UsableServerAsync(McpHost host, Workspace? workspace, WorkspaceSettings settings, string serverId, CancellationToken cancellationToken)
    {
        var server = await host.FindServerAsync(Validate.Id(serverId, Field), cancellationToken).ConfigureAwait(false)
            ?? throw NexoException.NotFound("MCP server", serverId);
        if (!server.Enabled)
        {
            throw NexoException.Validation(Field, $"The MCP server '{server.Name}' is disabled: enable it to attach its resources.");
        }

        if (!settings.McpToolIds.ContainsKey(server.Id))
        {
            throw NexoException.Validation(
                Field,
                $"The MCP server '{server.Name}' is not one of the servers of the workspace '{workspace?.Name ?? settings.WorkspaceId}': add it to the workspace's MCP servers (mcpToolIds; an empty tool list is enough) to attach its resources.");
        }

        return server;
    }

    /// <summary>The NotFound error of a URI the server does not have, naming the workspace server that has it when one does.</summary>
    private static async Task<NexoException> NotFoundAsync(
        McpHost host, Workspace? workspace, WorkspaceSettings settings, McpServer server, string uri, NexoException error, CancellationToken cancellationToken)
    {
        foreach (var otherId in settings.McpToolIds.Keys.Where(id => id != server.Id))
        {
            try
            {
                if (await host.FindServerAsync(otherId, cancellationToken).ConfigureAwait(false) is not { Enabled: true } other)
                {
                    continue;
                }

                var (resources, _) = await host.ListWorkspaceResourcesAsync(other, workspace?.RootPath, cancellationToken).ConfigureAwait(false);
                if (resources.Any(r => string.Equals(r.Uri, uri, StringComparison.Ordinal)))
                {
                    return new NexoException(
                        NexoErrorKind.NotFound,
                        $"The MCP server '{server.Name}' has no resource '{uri}': it is a resource of the MCP server '{other.Name}' ({other.Id}); attach it with that server.",
                        error)
                    {
                        Details = new Dictionary<string, object?> { ["entity"] = "MCP resource", ["id"] = uri, ["serverId"] = server.Id, ["server"] = server.Name, ["ownerServerId"] = other.Id },
                    };
                }
            }
            catch (NexoException ex) when (ex.Kind is NexoErrorKind.Mcp or NexoErrorKind.Validation)
            {
                // A server that cannot be listed just cannot be named as the owner.
            }
        }

        return error;
    }

    private static Attachment FromContent(McpServer server, McpResourceContent content)
    {
        var source = new ResourceSource(server.Id, server.Name, content.Uri);
        var mediaType = content.MimeType ?? (content.Text is null ? "application/octet-stream" : "text/plain");
        if (content.Text is { } text)
        {
            return CheckText(source, mediaType, text);
        }

        byte[] bytes;
        try
        {
            bytes = Convert.FromBase64String(content.Blob ?? string.Empty);
        }
        catch (FormatException)
        {
            throw NexoException.Validation(Field, $"The resource '{content.Uri}' of the MCP server '{server.Name}' has binary content that is not valid base64.");
        }

        if (mediaType.StartsWith("image/", StringComparison.OrdinalIgnoreCase))
        {
            if (bytes.Length > Attachments.MaxImageBytes)
            {
                throw NexoException.Validation(Field, $"The image resource '{content.Uri}' of the MCP server '{server.Name}' is {bytes.Length} bytes; the limit is {Attachments.MaxImageBytes}.");
            }

            return new Attachment(content.Uri, mediaType, bytes.Length, null, bytes, null) { Resource = source };
        }

        if (IsTextType(mediaType))
        {
            try
            {
                return CheckText(source, mediaType, new UTF8Encoding(false, true).GetString(bytes));
            }
            catch (DecoderFallbackException)
            {
                throw NexoException.Validation(Field, $"The resource '{content.Uri}' of the MCP server '{server.Name}' says it is {mediaType} but is not UTF-8 text.");
            }
        }

        throw NexoException.Validation(
            Field,
            $"The resource '{content.Uri}' of the MCP server '{server.Name}' is binary ({mediaType}, {bytes.Length} bytes): only text and images (image/*) can be attached.");
    }

    private static Attachment CheckText(ResourceSource source, string mediaType, string text)
    {
        var size = Encoding.UTF8.GetByteCount(text);
        if (size > Attachments.MaxTextBytes)
        {
            throw NexoException.Validation(Field, $"The resource '{source.Uri}' of the MCP server '{source.ServerName}' is {size} bytes of text; the limit is {Attachments.MaxTextBytes}.");
        }

        return new Attachment(source.Uri, mediaType, size, text, null, null) { Resource = source };
    }

    /// <summary>Whether a MIME type is text: <c>text/*</c>, JSON, XML, YAML, JavaScript and the <c>+json</c>/<c>+xml</c> kinds.</summary>
    internal static bool IsTextType(string mediaType)
    {
        var type = mediaType.Split(';')[0].Trim().ToLowerInvariant();
        return type.StartsWith("text/", StringComparison.Ordinal)
            || type is "application/json" or "application/xml" or "application/yaml" or "application/x-yaml" or "application/javascript" or "application/toml"
            || type.EndsWith("+json", StringComparison.Ordinal)
            || type.EndsWith("+xml", StringComparison.Ordinal);
    }

    /// <summary>
    /// The model content of an attached resource: its text inside <c>&lt;resource server uri mimeType&gt;…&lt;/resource&gt;</c>,
    /// or, for an image, that tag (empty) followed by the image.
    /// </summary>
    public static IEnumerable<AIContent> ToContents(Attachment attachment, ResourceSource source)
    {
        var tag = $"<resource server=\"{source.ServerName}\" uri=\"{source.Uri}\" mimeType=\"{attachment.MediaType}\"";
        if (attachment.Text is not null)
        {
            yield return new TextContent($"{tag}>\n{attachment.Text}\n</resource>");
        }
        else if (attachment.Data is not null)
        {
            yield return new TextContent($"{tag} />");
            yield return new DataContent(attachment.Data, attachment.MediaType) { Name = source.Uri };
        }
        else
        {
            yield return new TextContent($"[resource '{source.Uri}' of the MCP server '{source.ServerName}' is no longer available]");
        }
    }
}
