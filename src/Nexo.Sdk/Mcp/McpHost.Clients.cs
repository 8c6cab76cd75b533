using System.Diagnostics;
using System.Text.Json.Nodes;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;
using Nexo.Security;

namespace Nexo;

/// <content>The life of the MCP clients: finding the server, connecting (one client per server and root folder), the transport, roots, tool list refreshes, and closing.</content>
public sealed partial class McpHost
{
    private async Task<McpServer> GetUsableServerAsync(string serverId, CancellationToken cancellationToken)
    {
        ThrowIfDisposed();
        if (_unsaved.TryGetValue(Validate.Id(serverId, "serverId"), out var unsaved))
        {
            return unsaved.Server;
        }

        var server = await _servers.GetAsync(Validate.Id(serverId, "serverId"), cancellationToken).ConfigureAwait(false);
        if (!server.Enabled)
        {
            throw NexoException.Validation("serverId", $"The MCP server '{server.Name}' is disabled. Enable it to use its tools.");
        }

        return server;
    }

    private McpConnection GetConnection(McpServer server, string? scope = null)
    {
        var connection = _connections.GetOrAdd(McpConnection.Key(server.Id, scope), _ => new McpConnection(server.Id, scope));
        connection.Name = server.Name;
        return connection;
    }

    /// <summary>
    /// Returns the live client of a server in a scope (a root folder URI, or none), connecting it (or replacing a dead or
    /// outdated one) when needed.
    /// </summary>
    private async Task<(McpLiveClient Live, bool Created)> EnsureClientCoreAsync(McpServer server, string? scope, CancellationToken cancellationToken)
    {
        ThrowIfDisposed();
        var connection = GetConnection(server, scope);
        var secrets = _unsaved.TryGetValue(server.Id, out var unsaved)
            ? unsaved.Secrets
            : await _servers.GetSecretsAsync(server.Id, cancellationToken).ConfigureAwait(false);
        var endpoint = McpEndpoint.From(server, secrets) with { AuthorizationGeneration = AuthorizationGeneration(server.Id) };
        connection.Redactor = SecretRedactor.For(endpoint);
        var fingerprint = endpoint.Fingerprint() + ElicitationFingerprint();
        if (connection.Live is { IsAlive: true } current && current.Fingerprint == fingerprint)
        {
            return (current, false);
        }

        await connection.Gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ThrowIfDisposed();
            var existing = connection.Live;
            if (existing is { IsAlive: true } && existing.Fingerprint == fingerprint)
            {
                return (existing, false);
            }

            if (existing is not null)
            {
                if (existing.IsAlive)
                {
                    // The configuration changed: the old client goes, quietly.
                    await CloseLiveAsync(connection, existing).ConfigureAwait(false);
                }
                else
                {
                    // It died: report that before reconnecting, so the events tell what happened.
                    await HandleClosedAsync(connection, existing).ConfigureAwait(false);
                }
            }

            var live = new McpLiveClient(server.Id, scope, fingerprint);
            await SetStatusAsync(connection, server.Name, McpServerStatus.Connecting, null, null).ConfigureAwait(false);
            var watch = Stopwatch.StartNew();
            try
            {
                var (client, tools, _) = await OpenAsync(endpoint, live, cancellationToken).ConfigureAwait(false);
                live.Tools = tools;
                connection.SetLive(live);
                _ = client.Completion.ContinueWith(
                    _ => HandleClosedAsync(connection, live),
                    CancellationToken.None,
                    TaskContinuationOptions.None,
                    TaskScheduler.Default).Unwrap();
                McpLog.Connected(_logger, server.Name, watch.ElapsedMilliseconds, tools.Count, client.NegotiatedProtocolVersion);
                await SetStatusAsync(connection, server.Name, McpServerStatus.Connected, null, tools).ConfigureAwait(false);
                return (live, true);
            }
            catch (NexoException ex)
            {
                McpLog.ConnectFailed(_logger, server.Name, ex.Message);
                await SetStatusAsync(connection, server.Name, McpServerStatus.Error, ex.Message, null).ConfigureAwait(false);
                throw;
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException)
            {
                await SetStatusAsync(connection, server.Name, McpServerStatus.Disconnected, null, null).ConfigureAwait(false);
                throw;
            }
        }
        finally
        {
            connection.Gate.Release();
        }
    }

    /// <summary>Starts a client and lists its tools, within the server's timeout.</summary>
    private async Task<(McpClient Client, IReadOnlyList<McpToolInfo> Tools, string? ProcessTag)> OpenAsync(McpEndpoint endpoint, McpLiveClient? live, CancellationToken cancellationToken)
    {
        var processTag = endpoint.Transport == McpTransportKind.Stdio ? McpProcessTree.NewTag() : null;
        var stderr = new System.Collections.Concurrent.ConcurrentQueue<string>();
        var redactor = SecretRedactor.For(endpoint);
        var connectSeconds = ConnectTimeoutSeconds(endpoint);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(connectSeconds));
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token, _disposing.Token);
        McpClient? client = null;
        try
        {
            var transport = CreateTransport(endpoint, processTag, stderr, redactor);
            client = await McpClient.CreateAsync(transport, CreateOptions(endpoint, live), _loggerFactory, linked.Token).ConfigureAwait(false);
            if (live is not null)
            {
                live.Attach(client, processTag);
                StartListening(live, endpoint.Name);
                StartResourceNotifications(live, endpoint.Name);
            }

            var tools = await ListToolsAsync(client, linked.Token).ConfigureAwait(false);
            return (client, tools, processTag);
        }
        catch (Exception ex)
        {
            if (live is not null)
            {
                _ = live.CloseOnce(() => Task.CompletedTask);
                await live.ListenCancellation.CancelAsync().ConfigureAwait(false);
            }

            if (client is not null)
            {
                await CloseClientAsync(client, endpoint.Name, processTag).ConfigureAwait(false);
            }
            else if (processTag is not null)
            {
                // The SDK stopped the process it started; anything that process started goes too.
                McpProcessTree.KillAll(processTag);
            }

            if (ex is OperationCanceledException && cancellationToken.IsCancellationRequested)
            {
                throw;
            }

            if (_disposing.IsCancellationRequested)
            {
                throw new ObjectDisposedException(nameof(McpHost), "The MCP host was disposed while connecting.");
            }

            if (ex is NexoException)
            {
                throw;
            }

            var reason = ex is OperationCanceledException or TimeoutException && timeout.IsCancellationRequested
                ? $"it did not start and answer within {connectSeconds} s"
                : McpErrors.Describe(ex);
            if (endpoint.Transport == McpTransportKind.Stdio && !reason.Contains("error output", StringComparison.Ordinal))
            {
                // A server that dies at once can close its pipes before the SDK reports how it ended: say what it wrote.
                for (var i = 0; i < 20 && stderr.IsEmpty; i++)
                {
                    await Task.Delay(50, CancellationToken.None).ConfigureAwait(false);
                }

                var tail = stderr.Where(l => !string.IsNullOrWhiteSpace(l)).TakeLast(5).Select(l => l.Trim()).ToList();
                if (tail.Count > 0)
                {
                    var exited = reason.Contains("exit", StringComparison.Ordinal) ? string.Empty : "the server process exited before answering; ";
                    reason = $"{reason}; {exited}its last error output: {string.Join(" | ", tail)}";
                }
            }

            // The error output and the SDK's messages may echo the server's env, headers or URL credentials.
            reason = redactor.Redact(reason);
            throw new NexoException(NexoErrorKind.Mcp, $"Could not connect to the MCP server '{endpoint.Name}': {reason}", ex)
            {
                Details = new Dictionary<string, object?> { ["server"] = endpoint.Name },
            };
        }
    }

    private IClientTransport CreateTransport(McpEndpoint endpoint, string? processTag, System.Collections.Concurrent.ConcurrentQueue<string>? stderr = null, SecretRedactor? redactor = null)
    {
        if (endpoint.Transport == McpTransportKind.Stdio)
        {
            if (endpoint.WorkingDirectory is { } directory && !Directory.Exists(directory))
            {
                throw new NexoException(NexoErrorKind.Mcp, $"Could not connect to the MCP server '{endpoint.Name}': its working directory '{directory}' does not exist.");
            }

            var (command, args) = endpoint.CommandLine();
            var environment = McpServerEnvironment.Build(endpoint.Env, endpoint.InheritEnv);
            if (processTag is not null)
            {
                environment[McpProcessTree.TagVariable] = processTag;
                if (McpProcessTree.Supervise(command, args, processTag) is { } supervised)
                {
                    // Linux: a supervising shell execs the server and kills its processes when this host dies, even by SIGKILL.
                    (command, args) = supervised;
                }
            }

            return new StdioClientTransport(
                new StdioClientTransportOptions
                {
                    Name = "nexo-mcp-" + McpToolNaming.Sanitize(endpoint.Name),
                    Command = command,
                    Arguments = args.ToList(),
                    WorkingDirectory = endpoint.WorkingDirectory,
                    InheritEnvironmentVariables = false,
                    EnvironmentVariables = environment,
                    StandardErrorLines = raw =>
                    {
                        var line = (redactor ?? SecretRedactor.For(endpoint)).Redact(raw)!;
                        McpLog.ServerStderr(_logger, endpoint.Name, line);
                        if (stderr is not null)
                        {
                            stderr.Enqueue(line);
                            while (stderr.Count > 20 && stderr.TryDequeue(out _))
                            {
                            }
                        }
                    },
                },
                _loggerFactory);
        }

        return new HttpClientTransport(HttpTransportOptions(endpoint, ConnectionOAuthOptions(endpoint)), _loggerFactory);
    }

    private static HttpClientTransportOptions HttpTransportOptions(McpEndpoint endpoint, ModelContextProtocol.Authentication.ClientOAuthOptions? oauth) => new()
    {
        Name = "nexo-mcp-" + McpToolNaming.Sanitize(endpoint.Name),
        Endpoint = new Uri(endpoint.Url!),
        TransportMode = endpoint.Transport == McpTransportKind.Sse ? HttpTransportMode.Sse : HttpTransportMode.AutoDetect,
        AdditionalHeaders = endpoint.Headers.ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.OrdinalIgnoreCase),
        ConnectionTimeout = TimeSpan.FromSeconds(ConnectTimeoutSeconds(endpoint)),
        // OAuth servers: the stored tokens, refreshed before they expire (see McpHost.OAuth.cs).
        OAuth = oauth,
    };

    private McpClientOptions CreateOptions(McpEndpoint endpoint, McpLiveClient? live)
    {
        var options = new McpClientOptions
        {
            ClientInfo = new Implementation { Name = "nexo", Version = s_version },
            InitializationTimeout = TimeSpan.FromSeconds(ConnectTimeoutSeconds(endpoint)),
        };
        if (live is null)
        {
            return options;
        }

        // Roots are deprecated by the 2026-07-28 revision (SEP-2577) but servers of earlier revisions (server-filesystem)
        // rely on them, so Nexo keeps offering them.
#pragma warning disable MCP9005
        options.Capabilities = new ClientCapabilities { Roots = new RootsCapability { ListChanged = true }, Elicitation = ElicitationCapability() };
        options.Handlers = new McpClientHandlers
        {
            RootsHandler = (_, _) => ListRootsAsync(live),
            ElicitationHandler = ElicitationHandler(live, endpoint.Name),
            NotificationHandlers =
            [
                new(NotificationMethods.ToolListChangedNotification, (_, _) =>
                {
                    OnToolsChanged(live);
                    return ValueTask.CompletedTask;
                }),
                .. ResourceNotificationHandlers(live),
            ],
        };
        return options;
    }

    /// <summary>A connection's roots: its scope's folder, or none.</summary>
    private static ValueTask<ListRootsResult> ListRootsAsync(McpLiveClient live) =>
        ValueTask.FromResult(new ListRootsResult
        {
            Roots = live.Scope is { } uri ? [new Root { Uri = uri, Name = Path.GetFileName(new Uri(uri).LocalPath.TrimEnd('/', '\\')) }] : [],
        });
#pragma warning restore MCP9005

    /// <summary>Opens the 2026-07-28 <c>subscriptions/listen</c> stream that carries <c>notifications/tools/list_changed</c>.</summary>
    private void StartListening(McpLiveClient live, string serverName)
    {
        var client = live.Client;
        if (client.ServerCapabilities?.Tools?.ListChanged != true
            || string.CompareOrdinal(client.NegotiatedProtocolVersion, SubscriptionProtocolVersion) < 0)
        {
            // Servers of earlier revisions send list_changed to every session without a subscription.
            return;
        }

        _ = ListenAsync();

        async Task ListenAsync()
        {
            try
            {
                await client.SendRequestAsync<SubscriptionsListenRequestParams, JsonNode>(
                    RequestMethods.SubscriptionsListen,
                    new SubscriptionsListenRequestParams { Notifications = new SubscriptionsListenNotifications { ToolsListChanged = true } },
                    cancellationToken: live.ListenCancellation.Token).ConfigureAwait(false);
            }
#pragma warning disable CA1031 // The stream ends with the client; tools are still listed on every connect.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                if (!live.ListenCancellation.IsCancellationRequested)
                {
                    McpLog.ListenEnded(_logger, serverName, McpErrors.Describe(ex));
                }
            }
        }
    }

    private void OnToolsChanged(McpLiveClient live)
    {
        if (!live.HasClient || !live.IsAlive)
        {
            // Still connecting: the tool list fetched at the end of the connect is current.
            return;
        }

        _ = live.QueueRefresh(() => RefreshToolsAsync(live));
    }

    private async Task RefreshToolsAsync(McpLiveClient live)
    {
        if (!_connections.TryGetValue(McpConnection.Key(live.ServerId, live.Scope), out var connection) || connection.Live != live || !live.IsAlive)
        {
            return;
        }

        var name = connection.Name ?? live.ServerId;
        try
        {
            var server = await _serverRepository.GetAsync(live.ServerId, CancellationToken.None).ConfigureAwait(false);
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(server?.TimeoutSeconds ?? 60));
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, _disposing.Token);
            var tools = await ListToolsAsync(live.Client, linked.Token).ConfigureAwait(false);
            live.Tools = tools;
            McpLog.ToolsChanged(_logger, name, tools.Count);
            if (connection.Live == live)
            {
                await SetStatusAsync(connection, server?.Name ?? name, McpServerStatus.Connected, null, tools, publishAlways: true).ConfigureAwait(false);
            }
        }
#pragma warning disable CA1031 // The old list stays; a dead server is reported by its completion.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            McpLog.RefreshFailed(_logger, name, McpErrors.Describe(ex));
        }
    }

    private static async Task<IReadOnlyList<McpToolInfo>> ListToolsAsync(McpClient client, CancellationToken cancellationToken)
    {
        // The SDK follows nextCursor through every page.
        var tools = await client.ListToolsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        return tools.Select(t => McpResults.ToolInfo(t.ProtocolTool)).ToList();
    }

    private async Task<T> RequestAsync<T>(McpServer server, string what, Func<CancellationToken, Task<T>> request, CancellationToken cancellationToken)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(server.TimeoutSeconds));
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token, _disposing.Token);
        try
        {
            return await request(linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex) when (ex is not NexoException)
        {
            var reason = timeout.IsCancellationRequested ? $"it did not answer within {server.TimeoutSeconds} s" : McpErrors.Describe(ex);
            throw new NexoException(NexoErrorKind.Mcp, $"The MCP server '{server.Name}' failed while {what}: {reason}", ex);
        }
    }

    /// <summary>Whether the client's session has ended (waiting briefly for the transport to report it after an I/O failure).</summary>
    private static async Task<bool> HasEndedAsync(McpLiveClient live)
    {
        if (!live.HasClient)
        {
            return true;
        }

        try
        {
            await live.Client.Completion.WaitAsync(TimeSpan.FromSeconds(2)).ConfigureAwait(false);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }

    /// <summary>Handles a client whose session ended without Nexo closing it: status <c>error</c> with the reason. Runs once per client.</summary>
    private Task HandleClosedAsync(McpConnection connection, McpLiveClient live) => live.CloseOnce(() => ReportClosedAsync(connection, live));

    private async Task ReportClosedAsync(McpConnection connection, McpLiveClient live)
    {
        connection.ClearLive(live);
        await live.ListenCancellation.CancelAsync().ConfigureAwait(false);
        var details = await live.Client.Completion.ConfigureAwait(false);
        var reason = McpErrors.DescribeClosure(details);
        var name = connection.Name ?? connection.ServerId;
        McpLog.Stopped(_logger, name, reason);
        await SetStatusAsync(connection, name, McpServerStatus.Error, $"The MCP server '{name}' stopped: {reason}.", null).ConfigureAwait(false);
        await CloseClientAsync(live.Client, name, live.ProcessTag).ConfigureAwait(false);
    }

    /// <summary>Closes a client on Nexo's initiative (disconnect, configuration change, shutdown); no status is set.</summary>
    /// <summary>
    /// Closes the connections of root folders that no workspace has any more (after a workspace of this client was deleted
    /// or moved to another folder), so their server processes do not outlive their use. Never throws: a failure is logged.
    /// </summary>
    internal async Task CloseUnusedFoldersAsync()
    {
        var scoped = _connections.Values.Where(c => c.Scope is not null).ToList();
        if (scoped.Count == 0 || Volatile.Read(ref _disposed) != 0)
        {
            return;
        }

        try
        {
            var used = (await _workspaces.ListAsync(CancellationToken.None).ConfigureAwait(false))
                .Where(w => w.RootPath is not null)
                .Select(w => RootUri(w.RootPath!))
                .ToHashSet(StringComparer.Ordinal);
            foreach (var connection in scoped.Where(c => !used.Contains(c.Scope!)))
            {
                await connection.Gate.WaitAsync(CancellationToken.None).ConfigureAwait(false);
                try
                {
                    if (connection.Live is { } live)
                    {
                        await CloseLiveAsync(connection, live).ConfigureAwait(false);
                    }

                    await SetStatusAsync(connection, connection.Name ?? connection.ServerId, McpServerStatus.Disconnected, null, null).ConfigureAwait(false);
                }
                finally
                {
                    connection.Gate.Release();
                }

                _connections.TryRemove(McpConnection.Key(connection.ServerId, connection.Scope), out _);
            }
        }
#pragma warning disable CA1031 // Closing unused servers is housekeeping: the workspace change itself succeeded.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            McpLog.CloseFailed(_logger, "(unused folders)", McpErrors.Describe(ex));
        }
    }

    private Task CloseLiveAsync(McpConnection connection, McpLiveClient live) => live.CloseOnce(async () =>
    {
        connection.ClearLive(live);
        await live.ListenCancellation.CancelAsync().ConfigureAwait(false);
        await CloseClientAsync(live.Client, connection.Name ?? connection.ServerId, live.ProcessTag).ConfigureAwait(false);
    });

    /// <summary>
    /// Closes a client. For a stdio server the SDK closes its stdin and waits for it to exit (killing it after its
    /// shutdown timeout); as soon as the server's own process is gone, whatever it left running is killed, so nothing
    /// holds its output open or outlives it.
    /// </summary>
    private async Task CloseClientAsync(McpClient client, string serverName, string? processTag)
    {
        var root = processTag is not null ? McpProcessTree.FindRoot(processTag) : null;
        var dispose = DisposeClientAsync();
        if (processTag is not null)
        {
            while (!dispose.IsCompleted && root is { } process && McpProcessTree.IsAlive(process))
            {
                await Task.WhenAny(dispose, Task.Delay(20)).ConfigureAwait(false);
            }

            McpProcessTree.KillAll(processTag);
        }

        await dispose.ConfigureAwait(false);
        if (processTag is not null)
        {
            McpProcessTree.KillAll(processTag);
        }

        async Task DisposeClientAsync()
        {
            try
            {
                await client.DisposeAsync().ConfigureAwait(false);
            }
#pragma warning disable CA1031 // Closing must go on for the other servers.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                McpLog.CloseFailed(_logger, serverName, McpErrors.Describe(ex));
            }
        }
    }
}
