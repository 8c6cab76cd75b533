using System.Globalization;
using System.Text;

namespace Nexo;

/// <summary>
/// The resources of a workspace's MCP servers as one turn's <c>read_mcp_resource</c> tool sees them: the servers are the
/// workspace's (<see cref="WorkspaceSettings.McpToolIds"/>, empty tool lists included) that exist and are enabled, each
/// reached on its connection for the workspace's folder.
/// </summary>
internal sealed class WorkspaceResources(McpHost host, Workspace? workspace, WorkspaceSettings settings)
{
    /// <summary>The most characters of text one read returns (256 K).</summary>
    public const int MaxChars = 256 * 1024;

    /// <summary>The listing of every server's resources and templates (or one server's), as text for the model.</summary>
    public async Task<string> ListAsync(string tool, string? serverKey, CancellationToken cancellationToken)
    {
        var servers = serverKey is null ? await ServersAsync(cancellationToken).ConfigureAwait(false) : [await ResolveAsync(tool, serverKey, cancellationToken).ConfigureAwait(false)];
        if (servers.Count == 0)
        {
            return "This workspace has no enabled MCP servers, so there are no resources to read.";
        }

        var text = new StringBuilder();
        foreach (var server in servers)
        {
            if (text.Length > 0)
            {
                text.Append('\n');
            }

            text.Append(CultureInfo.InvariantCulture, $"MCP server \"{server.Name}\" (id {server.Id}):\n");
            try
            {
                var (resources, templates) = await host.ListWorkspaceResourcesAsync(server, workspace?.RootPath, cancellationToken).ConfigureAwait(false);
                if (resources.Count == 0 && templates.Count == 0)
                {
                    text.Append("  (no resources)\n");
                }

                foreach (var r in resources)
                {
                    text.Append(CultureInfo.InvariantCulture, $"- {r.Uri} — {r.Title ?? r.Name}{(r.MimeType is null ? string.Empty : $" ({r.MimeType})")}{(r.Description is null ? string.Empty : ": " + r.Description)}\n");
                }

                foreach (var t in templates)
                {
                    text.Append(CultureInfo.InvariantCulture, $"- template {t.UriTemplate} — {t.Title ?? t.Name}{(t.MimeType is null ? string.Empty : $" ({t.MimeType})")}{(t.Description is null ? string.Empty : ": " + t.Description)}; fill in {string.Join(", ", t.Arguments.Select(a => "{" + a + "}"))} to make a URI to read\n");
                }
            }
            catch (NexoException ex) when (ex.Kind == NexoErrorKind.Mcp)
            {
                text.Append("  (unavailable: ").Append(ex.Message).Append(")\n");
            }
        }

        return text.ToString().TrimEnd('\n');
    }

    /// <summary>Reads a resource (listed or not, such as a resource link) as text for the model.</summary>
    public async Task<string> ReadAsync(string tool, string? serverKey, string uri, CancellationToken cancellationToken)
    {
        var server = serverKey is null ? await OwnerAsync(tool, uri, cancellationToken).ConfigureAwait(false) : await ResolveAsync(tool, serverKey, cancellationToken).ConfigureAwait(false);
        var read = await host.ReadWorkspaceResourceAsync(server, workspace?.RootPath, uri, cancellationToken).ConfigureAwait(false);
        if (read.Contents.Count == 0)
        {
            return $"The resource '{uri}' of the MCP server '{server.Name}' is empty.";
        }

        var text = new StringBuilder();
        foreach (var c in read.Contents)
        {
            var type = c.MimeType ?? (c.Text is null ? "application/octet-stream" : "text/plain");
            var body = c.Text ?? DecodeText(c.Blob, type);
            text.Append(CultureInfo.InvariantCulture, $"<resource server=\"{server.Name}\" uri=\"{c.Uri}\" mimeType=\"{type}\">\n");
            if (body is not null)
            {
                text.Append(body.Length > MaxChars ? body[..MaxChars] + $"\n[cut at {MaxChars} characters of {body.Length}]" : body);
            }
            else
            {
                var bytes = (c.Blob?.Length ?? 0) / 4 * 3;
                text.Append(CultureInfo.InvariantCulture, $"[binary content, about {bytes} bytes of {type}: it cannot be shown as text{(type.StartsWith("image/", StringComparison.OrdinalIgnoreCase) ? "; the user can attach the image to a message" : string.Empty)}]");
            }

            text.Append("\n</resource>\n");
        }

        return text.ToString().TrimEnd('\n');
    }

    /// <summary>The workspace's servers that exist and are enabled, by name.</summary>
    private async Task<List<McpServer>> ServersAsync(CancellationToken cancellationToken)
    {
        var servers = new List<McpServer>();
        foreach (var id in settings.McpToolIds.Keys)
        {
            if (await host.FindServerAsync(id, cancellationToken).ConfigureAwait(false) is { Enabled: true } server)
            {
                servers.Add(server);
            }
        }

        return servers.OrderBy(s => s.Name, StringComparer.Ordinal).ToList();
    }

    /// <summary>A workspace server by id or name.</summary>
    private async Task<McpServer> ResolveAsync(string tool, string key, CancellationToken cancellationToken)
    {
        var servers = await ServersAsync(cancellationToken).ConfigureAwait(false);
        return servers.FirstOrDefault(s => s.Id == key)
            ?? servers.FirstOrDefault(s => string.Equals(s.Name, key, StringComparison.Ordinal))
            ?? servers.FirstOrDefault(s => string.Equals(s.Name, key, StringComparison.OrdinalIgnoreCase))
            ?? throw BuiltinTools.BuiltinToolErrors.Fail(
                tool,
                "server",
                $"'{key}' is not one of this workspace's MCP servers ({(servers.Count == 0 ? "it has none" : string.Join(", ", servers.Select(s => s.Name)))}).");
    }

    /// <summary>The server of a URI when none is named: the one that lists it, else the workspace's only server.</summary>
    private async Task<McpServer> OwnerAsync(string tool, string uri, CancellationToken cancellationToken)
    {
        var servers = await ServersAsync(cancellationToken).ConfigureAwait(false);
        if (servers.Count == 1)
        {
            return servers[0];
        }

        foreach (var server in servers)
        {
            try
            {
                var (resources, _) = await host.ListWorkspaceResourcesAsync(server, workspace?.RootPath, cancellationToken).ConfigureAwait(false);
                if (resources.Any(r => string.Equals(r.Uri, uri, StringComparison.Ordinal)))
                {
                    return server;
                }
            }
            catch (NexoException ex) when (ex.Kind == NexoErrorKind.Mcp)
            {
                // Not listed there; try the others.
            }
        }

        throw BuiltinTools.BuiltinToolErrors.Fail(
            tool,
            "server",
            servers.Count == 0
                ? "this workspace has no enabled MCP servers."
                : $"no server lists '{uri}'; say which server has it with 'server' ({string.Join(", ", servers.Select(s => s.Name))}).");
    }

    private static string? DecodeText(string? blob, string type)
    {
        if (blob is null || !Chats.ResourceAttachments.IsTextType(type))
        {
            return null;
        }

        try
        {
            return new UTF8Encoding(false, true).GetString(Convert.FromBase64String(blob));
        }
        catch (Exception ex) when (ex is FormatException or DecoderFallbackException)
        {
            return null;
        }
    }
}
