using System.Text;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace Nexo;

/// <summary>MCP prompts: <c>prompts/get</c>, and the prompts of a workspace's servers (for slash commands).</summary>
public sealed partial class McpHost
{
    /// <summary>
    /// Fills in a prompt of a server (<c>prompts/get</c>) with the given arguments, connecting the server when needed.
    /// The server checks the arguments; what it rejects comes back as an Mcp error.
    /// </summary>
    /// <param name="serverId">The server connection id.</param>
    /// <param name="promptName">The prompt name exactly as the server spells it (<see cref="McpPromptInfo.Name"/>).</param>
    /// <param name="arguments">The argument values by name; <see langword="null"/> for none.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The prompt's messages.</returns>
    /// <exception cref="NexoException">NotFound for an unknown server; Validation for a disabled server or an empty prompt name; Mcp when the server cannot be reached or rejects the request.</exception>
    public async Task<McpPromptResult> GetPromptAsync(string serverId, string promptName, IReadOnlyDictionary<string, string>? arguments, CancellationToken cancellationToken = default)
    {
        var server = await GetUsableServerAsync(serverId, cancellationToken).ConfigureAwait(false);
        return await GetPromptScopedAsync(server, null, promptName, arguments, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The prompts of the servers a workspace enables (every key of its <see cref="WorkspaceSettings.McpToolIds"/>, also
    /// one with no tools selected), listed on the workspace's connection of each server. Unknown and disabled servers
    /// are skipped, and so is a server that cannot be connected or fails to list its prompts.
    /// </summary>
    internal async Task<IReadOnlyList<(McpServer Server, IReadOnlyList<McpPromptInfo> Prompts)>> ListWorkspacePromptsAsync(
        Workspace workspace, WorkspaceSettings settings, CancellationToken cancellationToken)
    {
        ThrowIfDisposed();
        var rootUri = workspace.RootPath is null ? null : RootUri(workspace.RootPath);
        var perServer = await Task.WhenAll(settings.McpToolIds.Keys.Select(id => LoadPromptsAsync(workspace.Id, rootUri, id, cancellationToken))).ConfigureAwait(false);
        return perServer.Where(p => p is not null).Select(p => p!.Value).ToList();
    }

    /// <summary><see cref="GetPromptAsync"/> on the connection a workspace's turns use.</summary>
    internal async Task<McpPromptResult> GetWorkspacePromptAsync(Workspace workspace, string serverId, string promptName, IReadOnlyDictionary<string, string>? arguments, CancellationToken cancellationToken)
    {
        var server = await GetUsableServerAsync(serverId, cancellationToken).ConfigureAwait(false);
        return await GetPromptScopedAsync(server, workspace.RootPath is null ? null : RootUri(workspace.RootPath), promptName, arguments, cancellationToken).ConfigureAwait(false);
    }

    private async Task<McpPromptResult> GetPromptScopedAsync(McpServer server, string? rootUri, string promptName, IReadOnlyDictionary<string, string>? arguments, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(promptName))
        {
            throw NexoException.Validation("promptName", "The prompt name must not be empty.");
        }

        var (live, _) = await EnsureClientAsync(server, rootUri, cancellationToken).ConfigureAwait(false);
        var values = arguments?.ToDictionary(kv => kv.Key, kv => (object?)kv.Value, StringComparer.Ordinal);
        var result = await RequestAsync(
            server,
            $"getting the prompt '{promptName}'",
            ct => live.Client.GetPromptAsync(promptName, values, cancellationToken: ct).AsTask(),
            cancellationToken).ConfigureAwait(false);

        // The prompt goes into the chat and to the model: never with the server's own configured secrets in it.
        var redactor = _connections.TryGetValue(McpConnection.Key(server.Id, rootUri), out var connection) ? connection.Redactor : Security.SecretRedactor.None;
        return new McpPromptResult
        {
            Description = result.Description,
            Messages = result.Messages.Select(m => new McpPromptMessage
            {
                Role = m.Role == Role.Assistant ? MessageRole.Assistant : MessageRole.User,
                Content = PromptContent(m.Content, redactor),
            }).ToList(),
        };
    }

    private async Task<(McpServer, IReadOnlyList<McpPromptInfo>)?> LoadPromptsAsync(string workspaceId, string? rootUri, string serverId, CancellationToken cancellationToken)
    {
        var server = await _serverRepository.GetAsync(serverId, cancellationToken).ConfigureAwait(false);
        if (server is null)
        {
            McpLog.ServerSkipped(_logger, workspaceId, serverId, "it does not exist");
            return null;
        }

        if (!server.Enabled)
        {
            McpLog.ServerSkipped(_logger, workspaceId, server.Name, "it is disabled");
            return null;
        }

        try
        {
            var (live, _) = await EnsureClientAsync(server, rootUri, cancellationToken).ConfigureAwait(false);
            if (live.Client.ServerCapabilities?.Prompts is null)
            {
                return (server, []);
            }

            var prompts = await RequestAsync(
                server,
                "listing the prompts",
                async ct => (await live.Client.ListPromptsAsync(cancellationToken: ct).ConfigureAwait(false)).Select(p => McpResults.PromptInfo(p.ProtocolPrompt)).ToList(),
                cancellationToken).ConfigureAwait(false);
            return (server, prompts);
        }
        catch (NexoException ex) when (ex.Kind == NexoErrorKind.Mcp)
        {
            McpLog.ServerSkipped(_logger, workspaceId, server.Name, ex.Message);
            return null;
        }
    }

    private static McpContentItem PromptContent(ContentBlock block, Security.SecretRedactor redactor)
    {
        var item = block switch
        {
            TextContentBlock t => new McpContentItem { Type = "text", Text = t.Text },
            ImageContentBlock i => new McpContentItem { Type = "image", MimeType = i.MimeType, Data = Encoding.UTF8.GetString(i.Data.Span) },
            AudioContentBlock a => new McpContentItem { Type = "audio", MimeType = a.MimeType, Data = Encoding.UTF8.GetString(a.Data.Span) },
            EmbeddedResourceBlock { Resource: TextResourceContents r } => new McpContentItem { Type = "resource", Uri = r.Uri, MimeType = r.MimeType, Text = r.Text },
            EmbeddedResourceBlock { Resource: BlobResourceContents r } => new McpContentItem { Type = "resource", Uri = r.Uri, MimeType = r.MimeType, Data = Encoding.UTF8.GetString(r.Blob.Span) },
            ResourceLinkBlock l => new McpContentItem { Type = "resource_link", Uri = l.Uri, Name = l.Name, MimeType = l.MimeType, Text = l.Description },
            _ => new McpContentItem { Type = block.Type },
        };
        return item with { Text = redactor.RedactKnownValues(item.Text) };
    }
}
