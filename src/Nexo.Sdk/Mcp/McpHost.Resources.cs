using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using ModelContextProtocol;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace Nexo;

/// <content>
/// MCP resources: templates, reading (by URI or through a template), subscriptions, and the
/// <see cref="McpResourcesChangedEvent"/> raised from the server's notifications.
/// </content>
public sealed partial class McpHost
{
    // By server id: the URIs subscribed with SubscribeResourceAsync, applied again to every new connection of the server.
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<string, byte>> _resourceSubscriptions = new(StringComparer.Ordinal);

    /// <summary>
    /// Lists the resource templates of a server (every page), connecting it when needed, each with the names of its
    /// variables. A server without resources gives an empty list.
    /// </summary>
    /// <param name="serverId">The server connection id.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The templates, in the server's order.</returns>
    /// <exception cref="NexoException">NotFound, Validation (disabled) or Mcp (connection or request failed).</exception>
    public Task<IReadOnlyList<McpResourceTemplateInfo>> ListResourceTemplatesAsync(string serverId, CancellationToken cancellationToken = default) =>
        ListFromServerAsync(
            serverId,
            c => c?.Resources is not null,
            "listing the resource templates",
            async (client, ct) => (await client.ListResourceTemplatesAsync(cancellationToken: ct).ConfigureAwait(false)).Select(t => McpResourceResults.TemplateInfo(t.ProtocolResourceTemplate)).ToList(),
            cancellationToken);

    /// <summary>
    /// Reads a resource of a server (<c>resources/read</c>), connecting it when needed. The URI need not be in the
    /// server's list (a resource link from a tool result, or a URI made from a template, reads the same way).
    /// </summary>
    /// <param name="serverId">The server connection id.</param>
    /// <param name="uri">The resource URI.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The contents: text, or base64 blobs, each with its MIME type.</returns>
    /// <exception cref="NexoException">
    /// NotFound for an unknown server, or when the server has no such resource (the message names the server and the URI);
    /// Validation for a disabled server or an empty URI; Mcp when the server cannot be reached or fails.
    /// </exception>
    public async Task<McpResourceReadResult> ReadResourceAsync(string serverId, string uri, CancellationToken cancellationToken = default)
    {
        var server = await GetUsableServerAsync(serverId, cancellationToken).ConfigureAwait(false);
        return await ReadResourceCoreAsync(server, null, RequireUri(uri), null, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Reads a resource through one of the server's templates: the template (<see cref="McpResourceTemplateInfo.UriTemplate"/>)
    /// is expanded with the arguments (RFC 6570, by the MCP SDK) and the resulting URI is read.
    /// </summary>
    /// <param name="serverId">The server connection id.</param>
    /// <param name="uriTemplate">The URI template.</param>
    /// <param name="arguments">The values of the template's variables (<see cref="McpResourceTemplateInfo.Arguments"/>).</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The contents; <see cref="McpResourceReadResult.Uri"/> is the expanded URI.</returns>
    /// <exception cref="NexoException">As for <see cref="ReadResourceAsync"/>.</exception>
    public async Task<McpResourceReadResult> ReadResourceTemplateAsync(
        string serverId, string uriTemplate, IReadOnlyDictionary<string, string> arguments, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        var server = await GetUsableServerAsync(serverId, cancellationToken).ConfigureAwait(false);
        return await ReadResourceCoreAsync(server, null, RequireUri(uriTemplate), arguments, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Subscribes to a resource of a server that supports it (<c>resources.subscribe</c>): each change the server reports
    /// is published as an <see cref="McpResourcesChangedEvent"/> of kind <c>updated</c>. The subscription lasts until
    /// <see cref="UnsubscribeResourceAsync"/> or the host is disposed, and is made again when the server reconnects.
    /// </summary>
    /// <param name="serverId">The server connection id.</param>
    /// <param name="uri">The resource URI.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <exception cref="NexoException">NotFound for an unknown server; Validation for a disabled server, an empty URI or a server without resource subscriptions; Mcp when the request fails.</exception>
    public async Task SubscribeResourceAsync(string serverId, string uri, CancellationToken cancellationToken = default)
    {
        var server = await GetUsableServerAsync(serverId, cancellationToken).ConfigureAwait(false);
        uri = RequireUri(uri);
        var (live, _) = await EnsureClientAsync(server, null, cancellationToken).ConfigureAwait(false);
        if (live.Client.ServerCapabilities?.Resources?.Subscribe != true)
        {
            throw NexoException.Validation("serverId", $"The MCP server '{server.Name}' does not support resource subscriptions.");
        }

        var uris = _resourceSubscriptions.GetOrAdd(server.Id, _ => new ConcurrentDictionary<string, byte>(StringComparer.Ordinal));
        if (UsesListen(live.Client))
        {
            uris[uri] = 0;
            ListenToResources(live, server.Name);
            return;
        }

        await RequestAsync(server, $"subscribing to the resource '{uri}'", async ct =>
        {
            await live.Client.SubscribeToResourceAsync(uri, cancellationToken: ct).ConfigureAwait(false);
            return true;
        }, cancellationToken).ConfigureAwait(false);
        uris[uri] = 0;
    }

    /// <summary>Ends a subscription made with <see cref="SubscribeResourceAsync"/>. Unsubscribing from a resource not subscribed to does nothing.</summary>
    /// <param name="serverId">The server connection id.</param>
    /// <param name="uri">The resource URI.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <exception cref="NexoException">NotFound for an unknown server; Validation for an empty URI; Mcp when the request fails.</exception>
    public async Task UnsubscribeResourceAsync(string serverId, string uri, CancellationToken cancellationToken = default)
    {
        var server = await GetUsableServerAsync(serverId, cancellationToken).ConfigureAwait(false);
        uri = RequireUri(uri);
        if (!_resourceSubscriptions.TryGetValue(server.Id, out var uris) || !uris.TryRemove(uri, out _))
        {
            return;
        }

        if (_connections.TryGetValue(McpConnection.Key(server.Id, null), out var connection) && connection.Live is { IsAlive: true } live)
        {
            if (UsesListen(live.Client))
            {
                ListenToResources(live, server.Name);
                return;
            }

            await RequestAsync(server, $"unsubscribing from the resource '{uri}'", async ct =>
            {
                await live.Client.UnsubscribeFromResourceAsync(uri, cancellationToken: ct).ConfigureAwait(false);
                return true;
            }, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Reads a resource for a workspace's turn: on the server's connection for the workspace's folder.</summary>
    internal async Task<McpResourceReadResult> ReadWorkspaceResourceAsync(McpServer server, string? rootPath, string uri, CancellationToken cancellationToken) =>
        await ReadResourceCoreAsync(server, rootPath is null ? null : RootUri(rootPath), RequireUri(uri), null, cancellationToken).ConfigureAwait(false);

    /// <summary>The resources and templates of a server for a workspace's turn (on the connection for its folder); empty without resources.</summary>
    internal async Task<(IReadOnlyList<McpResourceInfo> Resources, IReadOnlyList<McpResourceTemplateInfo> Templates)> ListWorkspaceResourcesAsync(
        McpServer server, string? rootPath, CancellationToken cancellationToken)
    {
        var (live, _) = await EnsureClientAsync(server, rootPath is null ? null : RootUri(rootPath), cancellationToken).ConfigureAwait(false);
        if (live.Client.ServerCapabilities?.Resources is null)
        {
            return ([], []);
        }

        var resources = await RequestAsync(
            server,
            "listing the resources",
            async ct => (await live.Client.ListResourcesAsync(cancellationToken: ct).ConfigureAwait(false)).Select(r => McpResults.ResourceInfo(r.ProtocolResource)).ToList(),
            cancellationToken).ConfigureAwait(false);
        var templates = await RequestAsync(
            server,
            "listing the resource templates",
            async ct => (await live.Client.ListResourceTemplatesAsync(cancellationToken: ct).ConfigureAwait(false)).Select(t => McpResourceResults.TemplateInfo(t.ProtocolResourceTemplate)).ToList(),
            cancellationToken).ConfigureAwait(false);
        return (resources, templates);
    }

    /// <summary>A saved server (or one connected inline) by id, enabled or not; <see langword="null"/> when there is none.</summary>
    internal async Task<McpServer?> FindServerAsync(string serverId, CancellationToken cancellationToken)
    {
        ThrowIfDisposed();
        if (_unsaved.TryGetValue(serverId, out var unsaved))
        {
            return unsaved.Server;
        }

        return await _serverRepository.GetAsync(serverId, cancellationToken).ConfigureAwait(false);
    }

    private async Task<McpResourceReadResult> ReadResourceCoreAsync(
        McpServer server, string? scope, string uri, IReadOnlyDictionary<string, string>? templateArguments, CancellationToken cancellationToken)
    {
        var (live, _) = await EnsureClientAsync(server, scope, cancellationToken).ConfigureAwait(false);
        if (live.Client.ServerCapabilities?.Resources is null)
        {
            throw ResourceNotFound(server, uri, "it offers no resources");
        }

        ReadResourceResult result;
        try
        {
            result = await RequestAsync(
                server,
                $"reading the resource '{uri}'",
                ct => templateArguments is null
                    ? live.Client.ReadResourceAsync(uri, cancellationToken: ct).AsTask()
                    : live.Client.ReadResourceAsync(uri, templateArguments.ToDictionary(kv => kv.Key, kv => (object?)kv.Value, StringComparer.Ordinal), cancellationToken: ct).AsTask(),
                cancellationToken).ConfigureAwait(false);
        }
        catch (NexoException ex) when (ex.InnerException is McpProtocolException protocol && IsNotFound(protocol, live.Client))
        {
            throw ResourceNotFound(server, uri, null, ex.InnerException);
        }

        var contents = result.Contents.Select(McpResourceResults.Content).ToList();
        if (_connections.TryGetValue(McpConnection.Key(server.Id, scope), out var connection))
        {
            // Like a tool result, a resource goes to the model and into the chat: never with the server's own secrets in it.
            contents = contents.Select(c => c.Text is null ? c : c with { Text = connection.Redactor.Redact(c.Text) }).ToList();
        }

        return new McpResourceReadResult
        {
            ServerId = server.Id,
            Uri = templateArguments is null ? uri : contents.FirstOrDefault()?.Uri ?? uri,
            Contents = contents,
        };
    }

    /// <summary>Whether a protocol error means "no such resource": -32002, or -32602 (the code of newer revisions, and of servers that say "not found").</summary>
    private static bool IsNotFound(McpProtocolException error, McpClient client) =>
        error.ErrorCode == McpErrorCode.ResourceNotFound
        || (error.ErrorCode == McpErrorCode.InvalidParams
            && (error.Message.Contains("not found", StringComparison.OrdinalIgnoreCase)
                || string.CompareOrdinal(client.NegotiatedProtocolVersion, SubscriptionProtocolVersion) >= 0));

    private static NexoException ResourceNotFound(McpServer server, string uri, string? why, Exception? inner = null) =>
        new(NexoErrorKind.NotFound, $"The MCP server '{server.Name}' has no resource '{uri}'{(why is null ? string.Empty : $" ({why})")}.", inner)
        {
            Details = new Dictionary<string, object?> { ["entity"] = "MCP resource", ["id"] = uri, ["serverId"] = server.Id, ["server"] = server.Name },
        };

    private static string RequireUri(string? uri) =>
        string.IsNullOrWhiteSpace(uri) ? throw NexoException.Validation("uri", "The resource URI must not be empty.") : uri.Trim();

    /// <summary>Whether the server takes subscriptions on a <c>subscriptions/listen</c> stream (2026-07-28 on) rather than <c>resources/subscribe</c>.</summary>
    private static bool UsesListen(McpClient client) =>
        string.CompareOrdinal(client.NegotiatedProtocolVersion, SubscriptionProtocolVersion) >= 0;

    /// <summary>
    /// After a client connects: makes the server's subscriptions again and, on 2026-07-28 servers, opens the
    /// <c>subscriptions/listen</c> stream that carries <c>notifications/resources/*</c>.
    /// </summary>
    private void StartResourceNotifications(McpLiveClient live, string serverName)
    {
        var resources = live.Client.ServerCapabilities?.Resources;
        if (resources is null || live.Scope is not null)
        {
            return;
        }

        if (UsesListen(live.Client))
        {
            if (resources.ListChanged == true || (resources.Subscribe == true && SubscribedUris(live.ServerId).Count > 0))
            {
                ListenToResources(live, serverName);
            }

            return;
        }

        if (resources.Subscribe == true)
        {
            foreach (var uri in SubscribedUris(live.ServerId))
            {
                _ = ResubscribeAsync(uri);
            }
        }

        async Task ResubscribeAsync(string uri)
        {
            try
            {
                await live.Client.SubscribeToResourceAsync(uri, cancellationToken: live.ListenCancellation.Token).ConfigureAwait(false);
            }
#pragma warning disable CA1031 // A subscription that cannot be made again is logged; the connection is still usable.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                McpLog.ResubscribeFailed(_logger, serverName, uri, McpErrors.Describe(ex));
            }
        }
    }

    private IReadOnlyList<string> SubscribedUris(string serverId) =>
        _resourceSubscriptions.TryGetValue(serverId, out var uris) ? uris.Keys.Order(StringComparer.Ordinal).ToList() : [];

    /// <summary>(Re)opens the resource <c>subscriptions/listen</c> stream of a 2026-07-28 client with the current subscriptions.</summary>
    private void ListenToResources(McpLiveClient live, string serverName)
    {
        var client = live.Client;
        var stream = live.RestartResourceListen();
        var subscriptions = client.ServerCapabilities?.Resources?.Subscribe == true ? SubscribedUris(live.ServerId) : [];
        _ = ListenAsync();

        async Task ListenAsync()
        {
            try
            {
                await client.SendRequestAsync<SubscriptionsListenRequestParams, JsonNode>(
                    RequestMethods.SubscriptionsListen,
                    new SubscriptionsListenRequestParams
                    {
                        Notifications = new SubscriptionsListenNotifications
                        {
                            ResourcesListChanged = client.ServerCapabilities?.Resources?.ListChanged == true ? true : null,
                            ResourceSubscriptions = subscriptions.Count > 0 ? subscriptions.ToList() : null,
                        },
                    },
                    cancellationToken: stream).ConfigureAwait(false);
            }
#pragma warning disable CA1031 // The stream ends with the client or when the subscriptions change.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                if (!stream.IsCancellationRequested)
                {
                    McpLog.ListenEnded(_logger, serverName, McpErrors.Describe(ex));
                }
            }
        }
    }

    /// <summary>The client's handlers of <c>notifications/resources/updated</c> and <c>notifications/resources/list_changed</c>.</summary>
    private IEnumerable<KeyValuePair<string, Func<JsonRpcNotification, CancellationToken, ValueTask>>> ResourceNotificationHandlers(McpLiveClient live) =>
    [
        new(NotificationMethods.ResourceUpdatedNotification, (notification, _) =>
        {
            var uri = notification.Params?["uri"]?.GetValue<string>();
            _events.Publish(new McpResourcesChangedEvent { ServerId = live.ServerId, Kind = McpResourcesChangeKind.Updated, Uri = uri });
            return ValueTask.CompletedTask;
        }),
        new(NotificationMethods.ResourceListChangedNotification, (_, _) =>
        {
            _events.Publish(new McpResourcesChangedEvent { ServerId = live.ServerId, Kind = McpResourcesChangeKind.ListChanged });
            return ValueTask.CompletedTask;
        }),
    ];
}
