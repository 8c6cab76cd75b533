using System.Collections.Concurrent;
using System.Diagnostics;
using System.Reflection;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using ModelContextProtocol;
using ModelContextProtocol.Client;

namespace Nexo;

/// <summary>
/// Nexo's MCP host: owns the live connections to MCP servers, their status, their tools and the tool calls.
/// Reach it as <see cref="NexoClient.Mcp"/>.
/// </summary>
/// <remarks>
/// <para>
/// <b>Connections.</b> There is at most one live <see cref="McpClient"/> per server connection id and root folder: the
/// workspaces with the same root folder share one, the workspaces without a root folder and the direct calls
/// (<see cref="ConnectAsync"/>, <see cref="CallToolAsync(string, string, JsonElement?, IProgress{McpToolProgress}?, CancellationToken)"/>) share
/// another. It is opened on first use (a tool listing or call), reused afterwards, replaced when the server's
/// configuration changes, and opened again on the next use after the server process dies or the connection drops.
/// Disposing the host (or the <see cref="NexoClient"/>) closes every client and kills each stdio server's whole process
/// tree; if the process exits without disposing, the host does the same on <see cref="AppDomain.ProcessExit"/>.
/// </para>
/// <para>
/// <b>Status.</b> Every change (<c>connecting</c>, <c>connected</c>, <c>error</c> with the reason, <c>disconnected</c>) is
/// stored with <see cref="IMcpServerRepository.UpdateStatusAsync"/> (with the tool list when it is known) and published
/// as a <see cref="McpServerStatusChangedEvent"/> on <see cref="NexoClient.Events"/>. When a server announces
/// <c>notifications/tools/list_changed</c>, the tool list is fetched again, stored, and an event is published.
/// </para>
/// <para>
/// <b>Roots.</b> A workspace with a root folder offers it to its servers as their only MCP root (a <c>file://</c> URI):
/// its tools are called on the server's connection for that folder, so a server shared by two projects (for example
/// <c>server-filesystem</c>) never sees the other project's folder. A connection without a folder offers no roots.
/// The status of a server is that of its connections together: <c>connected</c> while any of them is.
/// </para>
/// <para>
/// <b>Tool calls.</b> <c>CallToolAsync</c> never throws for a failure the model should see: the tool's own error
/// (<c>isError</c>), the server's timeout (<see cref="McpServer.TimeoutSeconds"/>), a crashed server or a protocol error
/// all come back as an <see cref="McpToolResult"/> with <see cref="McpToolResult.IsError"/> set. Only the caller's
/// cancellation throws, after the MCP cancellation notification has been sent to the server. A timed-out call is
/// cancelled on the server the same way. Starting and initialising a server may take its timeout but at least 30 s.
/// </para>
/// <para>
/// <b>Processes.</b> Stdio servers inherit Nexo's environment plus their own (decrypted) variables; their stderr goes to
/// the logger at Debug level, never to stdout. On Linux every process a server starts is found by a tag in its environment
/// and killed when the server is closed or dies, so no child outlives it.
/// </para>
/// </remarks>
public sealed partial class McpHost : IAsyncDisposable
{
    // The protocol revision from which servers deliver */list_changed only on a subscriptions/listen stream.
    private const string SubscriptionProtocolVersion = "2026-07-28";

    // Starting and initialising a server may take at least this long, whatever its (tool call) timeout.
    private const int MinConnectTimeoutSeconds = 30;

    private static readonly string s_version =
        typeof(McpHost).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0";

    private static readonly JsonElement s_emptySchema = JsonDocument.Parse("""{"type":"object","properties":{}}""").RootElement.Clone();

    private readonly McpServerService _servers;
    private readonly McpOAuthHostOptions _oauth;
    private readonly IMcpServerRepository _serverRepository;
    private readonly WorkspaceService _workspaces;
    private readonly NexoEventStream _events;
    private readonly ILoggerFactory _loggerFactory;
    private readonly ILogger _logger;
    // By McpConnection.Key(serverId, scope).
    private readonly ConcurrentDictionary<string, McpConnection> _connections = new(StringComparer.Ordinal);

    // Servers connected from an inline configuration (ConnectUnsavedAsync), by id: never stored.
    private readonly ConcurrentDictionary<string, (McpServer Server, McpServerSecrets Secrets)> _unsaved = new(StringComparer.Ordinal);

    // By server id: held while a server's status is computed, stored and published.
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _statusGates = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _disposing = new();
    private int _disposed;

    internal McpHost(
        McpServerService servers,
        IMcpServerRepository serverRepository,
        WorkspaceService workspaces,
        NexoEventStream events,
        ILoggerFactory loggerFactory,
        McpOAuthHostOptions oauth)
    {
        _oauth = oauth;
        _servers = servers;
        _serverRepository = serverRepository;
        _workspaces = workspaces;
        _events = events;
        _loggerFactory = loggerFactory;
        _logger = loggerFactory.CreateLogger<McpHost>();
        AppDomain.CurrentDomain.ProcessExit += OnProcessExit;
    }

    /// <summary>
    /// Connects to an unsaved server configuration, lists all its tools (every page) and disconnects.
    /// No status is stored or published.
    /// </summary>
    /// <param name="config">The configuration; its environment and headers are used as given.</param>
    /// <param name="cancellationToken">Cancels the test.</param>
    /// <returns>The server's tools.</returns>
    /// <exception cref="NexoException">Validation for a bad configuration; Mcp when the server cannot be started, reached or initialised (the message says why).</exception>
    public async Task<IReadOnlyList<McpToolInfo>> TestConnectionAsync(NewMcpServer config, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(config);
        ThrowIfDisposed();
        var endpoint = McpEndpoint.From(config);
        var (client, tools, processTag) = await OpenAsync(endpoint, live: null, cancellationToken).ConfigureAwait(false);
        await CloseClientAsync(client, endpoint.Name, processTag).ConfigureAwait(false);
        return tools;
    }

    /// <summary>
    /// Connects a saved server (or reuses its live connection), fetches its tools again, and stores the status and tools.
    /// </summary>
    /// <param name="serverId">The server connection id.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The server's tools.</returns>
    /// <exception cref="NexoException">NotFound for an unknown id; Validation for a disabled server; Mcp when it cannot be connected (its status is then <c>error</c>).</exception>
    public Task<IReadOnlyList<McpToolInfo>> ConnectAsync(string serverId, CancellationToken cancellationToken = default) =>
        ConnectScopedAsync(serverId, rootUri: null, cancellationToken);

    /// <summary>
    /// Connects a server from an inline configuration without storing it (<see cref="ConnectAsync"/> given a
    /// configuration rather than a saved connection) and keeps it live under <see cref="NewMcpServer.Id"/>:
    /// <see cref="CallToolAsync(string, string, JsonElement?, IProgress{McpToolProgress}?, CancellationToken)"/>,
    /// <see cref="GetStatus"/> and <see cref="DisconnectAsync"/> take that id until it is disconnected or the host is
    /// disposed. Status changes are published as events but not stored. Connecting the same id again with another
    /// configuration replaces the live server.
    /// </summary>
    /// <param name="config">The configuration; its <see cref="NewMcpServer.Id"/> is required.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The server's tools.</returns>
    /// <exception cref="NexoException">Validation for a bad configuration or a missing id; Conflict when the id is a saved connection's; Mcp when it cannot be connected.</exception>
    public async Task<IReadOnlyList<McpToolInfo>> ConnectUnsavedAsync(NewMcpServer config, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(config);
        ThrowIfDisposed();
        if (config.Id is null)
        {
            throw NexoException.Validation("id", "An MCP server connected from an inline configuration needs an id: its tool calls and its disconnection refer to it by that id.");
        }

        if (config.OAuth is not null)
        {
            throw NexoException.Validation("oauth", "An OAuth-protected MCP server must be saved first (its tokens are stored with it): add it, then connect it by its id.");
        }

        var (server, secrets) = _servers.Prepare(config);
        if (await _serverRepository.GetAsync(server.Id, cancellationToken).ConfigureAwait(false) is not null)
        {
            throw NexoException.Conflict($"'{server.Id}' is a saved MCP server connection: connect it by its id alone, or change the saved connection.");
        }

        _unsaved[server.Id] = (server, secrets);
        return await ConnectScopedAsync(server.Id, null, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Connects a saved server on the connection that a workspace's turns use (the one for the workspace's root folder,
    /// which the server sees as its only MCP root), or reuses it; fetches its tools again and stores the status and tools.
    /// </summary>
    /// <param name="serverId">The server connection id.</param>
    /// <param name="workspaceId">The workspace.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The server's tools.</returns>
    /// <exception cref="NexoException">NotFound for an unknown server or workspace; Validation for a disabled server; Mcp when it cannot be connected.</exception>
    public async Task<IReadOnlyList<McpToolInfo>> ConnectForWorkspaceAsync(string serverId, string workspaceId, CancellationToken cancellationToken = default)
    {
        var workspace = await _workspaces.GetAsync(workspaceId, cancellationToken).ConfigureAwait(false);
        return await ConnectScopedAsync(serverId, workspace.RootPath is null ? null : RootUri(workspace.RootPath), cancellationToken).ConfigureAwait(false);
    }

    private async Task<IReadOnlyList<McpToolInfo>> ConnectScopedAsync(string serverId, string? rootUri, CancellationToken cancellationToken)
    {
        var server = await GetUsableServerAsync(serverId, cancellationToken).ConfigureAwait(false);
        var (live, created) = await EnsureClientAsync(server, rootUri, cancellationToken).ConfigureAwait(false);
        if (created)
        {
            return live.Tools;
        }

        var tools = await RequestAsync(server, "listing the tools", ct => ListToolsAsync(live.Client, ct), cancellationToken).ConfigureAwait(false);
        var changed = !SameTools(live.Tools, tools);
        live.Tools = tools;
        await SetStatusAsync(GetConnection(server, rootUri), server.Name, McpServerStatus.Connected, null, tools, publishAlways: changed).ConfigureAwait(false);
        return tools;
    }

    /// <summary>Closes the live connection of a server (killing a stdio server's processes) and stores the status <c>disconnected</c>.</summary>
    /// <param name="serverId">The server connection id.</param>
    /// <param name="cancellationToken">Cancels waiting for a connect in progress.</param>
    /// <exception cref="NexoException">NotFound when the id is neither saved nor connected.</exception>
    public async Task DisconnectAsync(string serverId, CancellationToken cancellationToken = default)
    {
        Validate.Id(serverId, "serverId");
        ThrowIfDisposed();
        var server = await _serverRepository.GetAsync(serverId, cancellationToken).ConfigureAwait(false);
        var scoped = ConnectionsOf(serverId);
        if (server is null && scoped.Count == 0 && !_unsaved.ContainsKey(serverId))
        {
            throw NexoException.NotFound("MCP server", serverId);
        }

        // Every scope's connection closes; the unscoped one always reports the final "disconnected".
        var unscoped = _connections.GetOrAdd(McpConnection.Key(serverId, null), _ => new McpConnection(serverId, null));
        foreach (var connection in scoped.Where(c => c.Scope is not null).Append(unscoped))
        {
            connection.Name = server?.Name ?? connection.Name ?? unscoped.Name;
            await connection.Gate.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                if (connection.Live is { } live)
                {
                    await CloseLiveAsync(connection, live).ConfigureAwait(false);
                }

                await SetStatusAsync(connection, connection.Name ?? serverId, McpServerStatus.Disconnected, null, null).ConfigureAwait(false);
            }
            finally
            {
                connection.Gate.Release();
            }

            if (server is null || connection.Scope is not null)
            {
                _connections.TryRemove(McpConnection.Key(serverId, connection.Scope), out _);
            }
        }

        _unsaved.TryRemove(serverId, out _);
    }

    /// <summary>The current status of a server as this host knows it (<c>disconnected</c> when it was never used).</summary>
    /// <param name="serverId">The server connection id.</param>
    public McpServerStatus GetStatus(string serverId) => LocalStatus(serverId)?.Status ?? McpServerStatus.Disconnected;

    /// <summary>
    /// Calls a tool of a server (directly, and for every tool call of an agent turn), connecting the server first when
    /// needed. The call is limited to the server's <see cref="McpServer.TimeoutSeconds"/>.
    /// </summary>
    /// <param name="serverId">The server connection id.</param>
    /// <param name="toolName">The tool name exactly as the server spells it.</param>
    /// <param name="arguments">The arguments: a JSON object, or <see langword="null"/> for none.</param>
    /// <param name="progress">Receives the server's progress notifications synchronously, one at a time, never going backwards.</param>
    /// <param name="cancellationToken">Cancels the call; the server is sent <c>notifications/cancelled</c>.</param>
    /// <returns>
    /// The result. Tool errors, timeouts, a server that cannot be connected or crashes during the call, protocol errors and
    /// arguments that are not an object are results with <see cref="McpToolResult.IsError"/> set and a clear <see cref="McpToolResult.Text"/>.
    /// </returns>
    /// <exception cref="NexoException">NotFound for an unknown server; Validation for a disabled server or an empty tool name.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public Task<McpToolResult> CallToolAsync(
        string serverId,
        string toolName,
        JsonElement? arguments,
        IProgress<McpToolProgress>? progress = null,
        CancellationToken cancellationToken = default) =>
        CallToolAsync(serverId, null, toolName, arguments, progress, cancellationToken);

    /// <summary>
    /// Calls a workspace's tool (from <see cref="GetWorkspaceToolsAsync"/>) as a turn does: on the server's connection for
    /// the workspace's root folder, which that server sees as its only MCP root. Otherwise as
    /// <see cref="CallToolAsync(string, string, JsonElement?, IProgress{McpToolProgress}?, CancellationToken)"/>.
    /// </summary>
    /// <param name="tool">The tool.</param>
    /// <param name="arguments">The arguments: a JSON object, or <see langword="null"/> for none.</param>
    /// <param name="progress">Receives the server's progress notifications synchronously, one at a time, never going backwards.</param>
    /// <param name="cancellationToken">Cancels the call; the server is sent <c>notifications/cancelled</c>.</param>
    /// <returns>The result; failures the model should see are results with <see cref="McpToolResult.IsError"/> set.</returns>
    /// <exception cref="NexoException">NotFound for an unknown server; Validation for a disabled server.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public Task<McpToolResult> CallToolAsync(
        WorkspaceTool tool,
        JsonElement? arguments,
        IProgress<McpToolProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(tool);
        return CallToolAsync(tool.ServerId, tool.RootUri, tool.ToolName, arguments, progress, cancellationToken);
    }

    /// <summary>Calls a tool on the server's connection for <paramref name="rootUri"/> (none when <see langword="null"/>).</summary>
    internal async Task<McpToolResult> CallToolAsync(
        string serverId,
        string? rootUri,
        string toolName,
        JsonElement? arguments,
        IProgress<McpToolProgress>? progress,
        CancellationToken cancellationToken)
    {
        var server = await GetUsableServerAsync(serverId, cancellationToken).ConfigureAwait(false);
        if (string.IsNullOrWhiteSpace(toolName))
        {
            throw NexoException.Validation("toolName", "The tool name must not be empty.");
        }

        var watch = Stopwatch.StartNew();
        var result = await CallCoreAsync(server, rootUri, toolName, arguments, progress, watch, cancellationToken).ConfigureAwait(false);

        // A caller that cancelled gets the cancellation, not a result that raced in meanwhile (for example the server's
        // answer to the request for input that the cancellation itself declined).
        cancellationToken.ThrowIfCancellationRequested();
        if (_connections.TryGetValue(McpConnection.Key(server.Id, rootUri), out var connection))
        {
            // A result goes to the model and into the chat: never with the server's own secrets in it (an error text
            // fully redacted; a tool that prints its configuration loses the configured secret values).
            result = connection.Redactor.RedactResult(result);
        }

        result = McpResourceLinks.Describe(result, server.Name);

        McpLog.ToolCalled(_logger, server.Name, toolName, result.DurationMs, result.IsError);
        return result;
    }

    /// <summary>
    /// The MCP tools a workspace enables (its <see cref="WorkspaceSettings.McpToolIds"/>), ready to offer to a model:
    /// each with a provider-safe, unique <see cref="WorkspaceTool.ModelName"/> and its JSON schema. Servers are connected as
    /// needed (in parallel). Unknown and disabled servers are skipped, and so is a server that fails to connect (its
    /// status becomes <c>error</c>); enabled tool names the server does not offer are left out.
    /// </summary>
    /// <param name="workspaceId">The workspace id.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The tools, sorted by server name and tool name.</returns>
    /// <exception cref="NexoException">NotFound when the workspace does not exist.</exception>
    public async Task<IReadOnlyList<WorkspaceTool>> GetWorkspaceToolsAsync(string workspaceId, CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        var workspace = await _workspaces.GetAsync(workspaceId, cancellationToken).ConfigureAwait(false);
        var settings = await _workspaces.GetSettingsAsync(workspace.Id, cancellationToken).ConfigureAwait(false);
        return await BuildToolsAsync(workspace, settings.McpToolIds.Where(kv => kv.Value.Count > 0).Select(kv => (kv.Key, (IReadOnlyList<string>?)kv.Value)), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Every tool of the given servers, for a workspace's turns without enabling them in its settings: tools to pass for
    /// one turn (<see cref="SendMessageRequest.Tools"/>), such as the MCP servers an editor supplies with an ACP session.
    /// Like <see cref="GetWorkspaceToolsAsync"/>, each is called on the server's connection for the workspace's folder;
    /// unknown, disabled and failing servers are skipped.
    /// </summary>
    /// <param name="workspaceId">The workspace id.</param>
    /// <param name="serverIds">The server connection ids.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The tools, sorted by server name and tool name, with provider-safe unique names.</returns>
    /// <exception cref="NexoException">NotFound when the workspace does not exist.</exception>
    public async Task<IReadOnlyList<WorkspaceTool>> GetServerToolsAsync(string workspaceId, IReadOnlyCollection<string> serverIds, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(serverIds);
        ThrowIfDisposed();
        var workspace = await _workspaces.GetAsync(workspaceId, cancellationToken).ConfigureAwait(false);
        return await BuildToolsAsync(workspace, serverIds.Distinct(StringComparer.Ordinal).Select(id => (id, (IReadOnlyList<string>?)null)), cancellationToken).ConfigureAwait(false);
    }

    private async Task<IReadOnlyList<WorkspaceTool>> BuildToolsAsync(
        Workspace workspace, IEnumerable<(string ServerId, IReadOnlyList<string>? Tools)> selection, CancellationToken cancellationToken)
    {
        var rootUri = workspace.RootPath is null ? null : RootUri(workspace.RootPath);
        var perServer = await Task.WhenAll(selection
            .Select(s => LoadEnabledToolsAsync(workspace.Id, rootUri, s.ServerId, s.Tools, cancellationToken))).ConfigureAwait(false);

        var entries = perServer.SelectMany(x => x)
            .OrderBy(e => e.Server.Name, StringComparer.Ordinal)
            .ThenBy(e => e.Server.Id, StringComparer.Ordinal)
            .ThenBy(e => e.Tool.Name, StringComparer.Ordinal)
            .ToList();
        var names = McpToolNaming.Assign(entries.Select(e => (e.Server.Id, e.Server.Name, e.Tool.Name)).ToList());
        return entries.Select((e, i) => new WorkspaceTool
        {
            ToolId = e.Server.Id + "/" + e.Tool.Name,
            ModelName = names[i],
            ServerId = e.Server.Id,
            ServerName = e.Server.Name,
            ToolName = e.Tool.Name,
            Title = e.Tool.Title,
            ServerDescription = e.Tool.Description,
            InputSchema = e.Tool.InputSchema is { ValueKind: JsonValueKind.Object } schema ? schema : s_emptySchema,
            OutputSchema = e.Tool.OutputSchema,
            ReadOnlyHint = e.Tool.ReadOnlyHint == true,
            RootUri = rootUri,
            ServerIdentity = Tools.ToolFingerprint.Server(e.Server),
            Host = this,
        }).ToList();
    }

    /// <summary>
    /// Finds the tool a model called by the name it was offered: an exact match first, then a case-insensitive one when it
    /// is unambiguous (some models change the case of tool names).
    /// </summary>
    /// <param name="tools">The tools offered in this turn (from <see cref="GetWorkspaceToolsAsync"/>).</param>
    /// <param name="modelName">The name in the model's tool call.</param>
    /// <returns>The tool, or <see langword="null"/> when no offered tool has that name.</returns>
    public static WorkspaceTool? ResolveModelName(IReadOnlyList<WorkspaceTool> tools, string modelName)
    {
        ArgumentNullException.ThrowIfNull(tools);
        return Tools.ToolNames.Find(tools, t => t.ModelName, modelName);
    }

    /// <summary>
    /// The tools a workspace enables, for display. Unlike
    /// <see cref="GetWorkspaceToolsAsync"/> this starts no server: it uses the live tool list of a connected server and
    /// the stored tool list of the others. Unknown and disabled servers are skipped.
    /// </summary>
    /// <param name="workspaceId">The workspace id.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <exception cref="NexoException">NotFound when the workspace does not exist.</exception>
    public async Task<IReadOnlyList<ActiveToolInfo>> GetActiveToolsAsync(string workspaceId, CancellationToken cancellationToken = default)
    {
        var workspace = await _workspaces.GetAsync(workspaceId, cancellationToken).ConfigureAwait(false);
        var settings = await _workspaces.GetSettingsAsync(workspace.Id, cancellationToken).ConfigureAwait(false);
        var result = new List<ActiveToolInfo>();
        foreach (var (serverId, names) in settings.McpToolIds)
        {
            var server = await _serverRepository.GetAsync(serverId, cancellationToken).ConfigureAwait(false);
            if (server is not { Enabled: true } || names.Count == 0)
            {
                continue;
            }

            var tools = ConnectionsOf(serverId).Select(c => c.Live).FirstOrDefault(l => l is { IsAlive: true }) is { } live ? live.Tools : server.Tools;
            var wanted = new HashSet<string>(names, StringComparer.Ordinal);
            result.AddRange(tools.Where(t => wanted.Contains(t.Name)).Select(t => new ActiveToolInfo
            {
                Name = t.Name,
                ServerId = server.Id,
                ServerName = server.Name,
                Description = t.Description,
                OutputSchema = t.OutputSchema,
            }));
        }

        return result.OrderBy(t => t.ServerName, StringComparer.Ordinal).ThenBy(t => t.Name, StringComparer.Ordinal).ToList();
    }

    /// <summary>Lists the resources of a server (every page), connecting it when needed. A server without resources gives an empty list.</summary>
    /// <param name="serverId">The server connection id.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <exception cref="NexoException">NotFound, Validation (disabled) or Mcp (connection or request failed).</exception>
    public Task<IReadOnlyList<McpResourceInfo>> ListResourcesAsync(string serverId, CancellationToken cancellationToken = default) =>
        ListFromServerAsync(
            serverId,
            c => c?.Resources is not null,
            "listing the resources",
            async (client, ct) => (await client.ListResourcesAsync(cancellationToken: ct).ConfigureAwait(false)).Select(r => McpResults.ResourceInfo(r.ProtocolResource)).ToList(),
            cancellationToken);

    /// <summary>Lists the prompts of a server (every page), connecting it when needed. A server without prompts gives an empty list.</summary>
    /// <param name="serverId">The server connection id.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <exception cref="NexoException">NotFound, Validation (disabled) or Mcp (connection or request failed).</exception>
    public Task<IReadOnlyList<McpPromptInfo>> ListPromptsAsync(string serverId, CancellationToken cancellationToken = default) =>
        ListFromServerAsync(
            serverId,
            c => c?.Prompts is not null,
            "listing the prompts",
            async (client, ct) => (await client.ListPromptsAsync(cancellationToken: ct).ConfigureAwait(false)).Select(p => McpResults.PromptInfo(p.ProtocolPrompt)).ToList(),
            cancellationToken);

    /// <summary>One listing of a usable server, connecting it when needed: empty when the server does not offer the feature.</summary>
    private async Task<IReadOnlyList<T>> ListFromServerAsync<T>(
        string serverId,
        Func<ModelContextProtocol.Protocol.ServerCapabilities?, bool> offers,
        string what,
        Func<McpClient, CancellationToken, Task<List<T>>> list,
        CancellationToken cancellationToken)
    {
        var server = await GetUsableServerAsync(serverId, cancellationToken).ConfigureAwait(false);
        var (live, _) = await EnsureClientAsync(server, null, cancellationToken).ConfigureAwait(false);
        if (!offers(live.Client.ServerCapabilities))
        {
            return [];
        }

        return await RequestAsync(server, what, async ct => (IReadOnlyList<T>)await list(live.Client, ct).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Imports MCP servers from the JSON of another client's configuration: Claude Desktop or Cursor
    /// (<c>{"mcpServers": {"name": {"command", "args", "env", "inheritEnv", "cwd"} | {"url", "headers", "type"}}}</c>), VS Code's
    /// <c>mcp.json</c> (<c>{"servers": {…}}</c>) or VS Code settings (<c>{"mcp": {"servers": {…}}}</c>). Comments and trailing
    /// commas are accepted. A server whose name is already taken is skipped (importing the same file twice creates nothing
    /// new); <c>"disabled": true</c> imports the server disabled. Nothing is created when any entry is invalid.
    /// </summary>
    /// <param name="json">The configuration text.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The servers created (secrets masked), in the file's order.</returns>
    /// <exception cref="NexoException">Validation (field <c>json</c>) for text that is not JSON, has no servers object, or has an entry without a command or URL; the message names the problem and the entry.</exception>
    public async Task<IReadOnlyList<McpServer>> ImportAsync(string json, CancellationToken cancellationToken = default)
    {
        var configs = McpConfigImport.Parse(json);
        var created = new List<McpServer>();
        foreach (var config in configs)
        {
            if (await _serverRepository.GetByNameAsync(config.Name, cancellationToken).ConfigureAwait(false) is not null)
            {
                continue;
            }

            try
            {
                created.Add(await _servers.CreateAsync(config, cancellationToken).ConfigureAwait(false));
            }
            catch (NexoException ex) when (ex.Kind == NexoErrorKind.Conflict)
            {
                // Created by someone else meanwhile: skipped like any existing name.
            }
        }

        return created;
    }

    /// <summary>Imports MCP servers from a configuration file; see <see cref="ImportAsync"/>.</summary>
    /// <param name="path">The file, for example <c>claude_desktop_config.json</c> or <c>.vscode/mcp.json</c>.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The servers created.</returns>
    /// <exception cref="NexoException">NotFound when the file does not exist; Validation as for <see cref="ImportAsync"/>.</exception>
    public async Task<IReadOnlyList<McpServer>> ImportFileAsync(string path, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(path) || !File.Exists(path))
        {
            throw NexoException.NotFound("file", path ?? string.Empty);
        }

        var json = await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false);
        return await ImportAsync(json, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Closes every connection, killing each stdio server's process tree, and stores their status as <c>disconnected</c>.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        AppDomain.CurrentDomain.ProcessExit -= OnProcessExit;
        await _disposing.CancelAsync().ConfigureAwait(false);
        await Task.WhenAll(_connections.Values.Select(ShutdownAsync)).ConfigureAwait(false);

        async Task ShutdownAsync(McpConnection connection)
        {
            // Connects in progress see the disposal token and give up quickly; waiting for the gate means none is left.
            await connection.Gate.WaitAsync(CancellationToken.None).ConfigureAwait(false);
            try
            {
                if (connection.Live is { } live)
                {
                    await CloseLiveAsync(connection, live).ConfigureAwait(false);
                }

                if (connection.Status != McpServerStatus.Disconnected)
                {
                    await SetStatusAsync(connection, connection.Name ?? connection.ServerId, McpServerStatus.Disconnected, null, null).ConfigureAwait(false);
                }
            }
            finally
            {
                connection.Gate.Release();
            }
        }
    }

    private async Task<McpToolResult> CallCoreAsync(
        McpServer server,
        string? rootUri,
        string toolName,
        JsonElement? arguments,
        IProgress<McpToolProgress>? progress,
        Stopwatch watch,
        CancellationToken cancellationToken)
    {
        Dictionary<string, object?>? args = null;
        switch (arguments)
        {
            case null:
            case { ValueKind: JsonValueKind.Undefined or JsonValueKind.Null }:
                break;
            case { ValueKind: JsonValueKind.Object } obj:
                args = obj.EnumerateObject().ToDictionary(p => p.Name, p => (object?)p.Value.Clone(), StringComparer.Ordinal);
                break;
            case { } other:
                return McpResults.Error(
                    $"The arguments of the tool '{toolName}' must be a JSON object, not {other.ValueKind.ToString().ToLowerInvariant()}.",
                    watch.ElapsedMilliseconds);
        }

        McpLiveClient live;
        try
        {
            (live, _) = await EnsureClientAsync(server, rootUri, cancellationToken).ConfigureAwait(false);
        }
        catch (NexoException ex) when (ex.Kind == NexoErrorKind.Mcp)
        {
            return McpResults.Error(ex.Message, watch.ElapsedMilliseconds);
        }

        var connection = GetConnection(server, rootUri);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(server.TimeoutSeconds));
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token, _disposing.Token);
        var adapter = progress is null ? null : new ProgressAdapter(progress);
        using var active = live.Track(ToolCallContext.Current, cancellationToken);
        try
        {
            var result = await live.Client.CallToolAsync(toolName, args, adapter, cancellationToken: linked.Token).ConfigureAwait(false);
            // A tool that declares an output schema is held to it (the listing this connection made is the reference).
            var info = live.Tools.FirstOrDefault(t => string.Equals(t.Name, toolName, StringComparison.Ordinal));
            return WithElicitationNotes(McpOutputSchema.Check(McpResults.FromCallResult(result, watch.ElapsedMilliseconds), info), active);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            return McpResults.Error(
                $"The tool '{toolName}' of the MCP server '{server.Name}' timed out: it did not finish within {server.TimeoutSeconds} s (the server's timeout), so the call was cancelled.",
                watch.ElapsedMilliseconds);
        }
        catch (OperationCanceledException) when (_disposing.IsCancellationRequested)
        {
            return McpResults.Error($"The call of the tool '{toolName}' was stopped because Nexo is shutting down.", watch.ElapsedMilliseconds);
        }
        catch (McpProtocolException ex)
        {
            return McpResults.Error($"The MCP server '{server.Name}' rejected the call of the tool '{toolName}': {McpErrors.Describe(ex)}", watch.ElapsedMilliseconds);
        }
#pragma warning disable CA1031 // Every other failure is reported to the model as a tool error; the turn goes on.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            if (await HasEndedAsync(live).ConfigureAwait(false))
            {
                await HandleClosedAsync(connection, live).ConfigureAwait(false);
                var reason = McpErrors.DescribeClosure(await live.Client.Completion.ConfigureAwait(false));
                return McpResults.Error(
                    $"The MCP server '{server.Name}' stopped during the call of the tool '{toolName}': {reason}. Nexo starts it again on the next call.",
                    watch.ElapsedMilliseconds);
            }

            return McpResults.Error($"The call of the tool '{toolName}' on the MCP server '{server.Name}' failed: {McpErrors.Describe(ex)}", watch.ElapsedMilliseconds);
        }
        finally
        {
            // A report the SDK delivers after the call ended (it handles notifications concurrently with the response)
            // would arrive after the result: it is dropped, so callers never see progress after completion.
            adapter?.Close();
        }
    }

    private async Task<List<(McpServer Server, McpToolInfo Tool)>> LoadEnabledToolsAsync(
        string workspaceId,
        string? rootUri,
        string serverId,
        IReadOnlyList<string>? toolNames,
        CancellationToken cancellationToken)
    {
        var server = await _serverRepository.GetAsync(serverId, cancellationToken).ConfigureAwait(false);
        if (server is null)
        {
            McpLog.ServerSkipped(_logger, workspaceId, serverId, "it does not exist");
            return [];
        }

        if (!server.Enabled)
        {
            McpLog.ServerSkipped(_logger, workspaceId, server.Name, "it is disabled");
            return [];
        }

        McpLiveClient live;
        try
        {
            (live, _) = await EnsureClientAsync(server, rootUri, cancellationToken).ConfigureAwait(false);
        }
        catch (NexoException ex) when (ex.Kind == NexoErrorKind.Mcp && !ex.Details.ContainsKey("authorizationUrl"))
        {
            // A server that needs the user to open an authorization URL fails the turn with it instead (a host that does
            // not wait for authorization, NexoOptions.WaitForMcpAuthorization); any other failing server is skipped.
            McpLog.ServerSkipped(_logger, workspaceId, server.Name, ex.Message);
            return [];
        }

        // A list_changed notification may have started a refresh: use its result.
        try
        {
            await live.PendingRefresh.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
        }

        if (toolNames is null)
        {
            return live.Tools.Select(t => (server, t)).ToList();
        }

        var wanted = new HashSet<string>(toolNames, StringComparer.Ordinal);
        return live.Tools.Where(t => wanted.Contains(t.Name)).Select(t => (server, t)).ToList();
    }

    /// <summary>
    /// How long starting and initialising a server may take: its timeout, but at least
    /// <see cref="MinConnectTimeoutSeconds"/>, since a first start (<c>npx</c> downloading a package, a cold runtime)
    /// is often slower than the tool calls the timeout is set for.
    /// </summary>
    private static int ConnectTimeoutSeconds(McpEndpoint endpoint) => Math.Max(endpoint.TimeoutSeconds, MinConnectTimeoutSeconds);

    private static string RootUri(string path) => new Uri(Path.GetFullPath(path)).AbsoluteUri;

    private void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);

    private void OnProcessExit(object? sender, EventArgs e)
    {
        // The host process ends without disposing Nexo: still take the servers down with it.
        try
        {
            DisposeAsync().AsTask().Wait(TimeSpan.FromSeconds(10));
        }
#pragma warning disable CA1031 // Nothing can be reported while the process exits.
        catch (Exception)
#pragma warning restore CA1031
        {
        }
    }

    /// <summary>
    /// Passes the SDK's progress notifications on synchronously (no synchronization context hop), one at a time and in
    /// order: the SDK may dispatch notifications concurrently, and progress only grows, so a report older than the last
    /// one passed on is dropped.
    /// </summary>
    internal sealed class ProgressAdapter(IProgress<McpToolProgress> target) : IProgress<ProgressNotificationValue>
    {
        private readonly Lock _gate = new();
        private double _last = double.NegativeInfinity;
        private bool _closed;

        public void Report(ProgressNotificationValue value)
        {
            lock (_gate)
            {
                if (_closed || value.Progress < _last)
                {
                    return;
                }

                _last = value.Progress;
                target.Report(McpResults.Progress(value));
            }
        }

        /// <summary>Ends the call's reports: once this returns, no report is passed on (one in progress has finished).</summary>
        public void Close()
        {
            lock (_gate)
            {
                _closed = true;
            }
        }
    }
}
