using System.Collections.Concurrent;
using System.Reflection;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using StreamJsonRpc;

namespace Nexo.JsonRpcServer.Acp;

/// <summary>
/// The ACP methods of one connection. Sessions are Nexo chats: the session id is the chat id, and a session's
/// <c>cwd</c> is the root folder of the chat's workspace. Everything a session holds is in the database, so a
/// session from any earlier process (or created by the CLI or the JSON-RPC host) can be loaded, resumed or prompted.
/// Each method takes its typed params record (checked against it by <see cref="AcpRequestGate"/> before dispatch);
/// the initialized check and the mapping of exceptions to ACP errors are <see cref="AcpJsonRpc"/>'s, done once there.
/// </summary>
internal sealed partial class AcpAgent : IAsyncDisposable
{
    /// <summary>The ACP protocol version Nexo serves.</summary>
    public const int ProtocolVersion = 1;

    /// <summary>The page size of <c>session/list</c>.</summary>
    public const int ListPageSize = 50;

    /// <summary>Nexo's extension methods, advertised in <c>agentCapabilities._meta.nexo.methods</c>.</summary>
    public static readonly IReadOnlyList<string> ExtensionMethods = ["_nexo/edit_and_resend", "_nexo/regenerate", "_nexo/switch_branch", "_nexo/fork"];

    private static readonly string Version =
        typeof(AcpAgent).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0";

    private readonly ConcurrentDictionary<string, AcpSession> _sessions = new(StringComparer.Ordinal);

    // Workspaces whose built-in tools this process has checked (enabled when they offered none).
    private readonly ConcurrentDictionary<string, bool> _builtinChecked = new(StringComparer.Ordinal);
    private readonly AcpCancellationStrategy _cancellation;
    private readonly Func<string, string?> _environment;
    private readonly bool _enableBuiltinTools;
    private readonly ILogger _logger;
    private readonly IDisposable _titles;

    public AcpAgent(NexoClient nexo, JsonRpc rpc, AcpCancellationStrategy cancellation, Func<string, string?> environment, bool enableBuiltinTools, ILogger logger)
    {
        Nexo = nexo;
        Rpc = rpc;
        _cancellation = cancellation;
        _environment = environment;
        _enableBuiltinTools = enableBuiltinTools;
        _logger = logger;
        _titles = nexo.Events.Subscribe(OnNexoEvent);
    }

    public NexoClient Nexo { get; }

    public JsonRpc Rpc { get; }

    /// <summary>What the client advertised in <c>initialize</c> (file system and terminals).</summary>
    public AcpClientCapabilities ClientCapabilities { get; private set; } = AcpClientCapabilities.None;

    // ------------------------------------------------------------------ initialize / authenticate

    [JsonRpcMethod(AcpJsonRpc.InitializeMethod, UseSingleObjectParameterDeserialization = true)]
    public InitializeResponse Initialize(InitializeRequest request)
    {
        Log.Initialized(_logger, request.ClientInfo?.Name ?? "unknown client", request.ProtocolVersion);
        ClientCapabilities = AcpClientCapabilities.Read(request.ClientCapabilities);

        // MCP servers may ask the user for input only in the modes this client can show (elicitation/create).
        Nexo.Mcp.ElicitationModes = ClientCapabilities.ElicitationModes;
        return new InitializeResponse
        {
            // The client's version when Nexo serves it, else Nexo's latest (the client then decides).
            ProtocolVersion = ProtocolVersion,
            AgentCapabilities = new AgentCapabilities
            {
                LoadSession = true,
                PromptCapabilities = new PromptCapabilities { Image = true, Audio = false, EmbeddedContext = true },
                McpCapabilities = new McpCapabilities { Http = AcpEditorServers.Supported, Sse = AcpEditorServers.Supported },
                SessionCapabilities = new SessionCapabilities { List = new(), Delete = new(), Resume = new(), Close = new() },
                Meta = new JsonObject
                {
                    ["nexo"] = new JsonObject
                    {
                        ["version"] = Version,
                        ["methods"] = new JsonArray(ExtensionMethods.Select(m => (JsonNode?)JsonValue.Create(m)).ToArray()),
                        ["databasePath"] = Nexo.DatabasePath,
                    },
                },
            },
            AuthMethods = [AcpAuth.EnvMethod, AcpAuth.McpOAuthMethod],
            AgentInfo = new Implementation { Name = "nexo", Title = "Nexo", Version = Version },
        };
    }

    [JsonRpcMethod("authenticate", UseSingleObjectParameterDeserialization = true)]
    public async Task<EmptyObject> AuthenticateAsync(AuthenticateRequest request, CancellationToken cancellationToken)
    {
        switch (request.MethodId)
        {
            case AcpAuth.EnvMethodId:
                await AcpAuth.AuthenticateAsync(Nexo, _environment, cancellationToken).ConfigureAwait(false);
                return new EmptyObject();
            case AcpAuth.McpOAuthMethodId:
                await AcpAuth.AuthorizeMcpServersAsync(Nexo, cancellationToken).ConfigureAwait(false);
                return new EmptyObject();
            default:
                throw AcpErrors.Invalid("methodId", $"Unknown authentication method '{request.MethodId}'; Nexo offers '{AcpAuth.EnvMethodId}' and '{AcpAuth.McpOAuthMethodId}'.");
        }
    }

    // ------------------------------------------------------------------ sessions

    [JsonRpcMethod("session/new", UseSingleObjectParameterDeserialization = true)]
    public async Task<NewSessionResponse> NewSessionAsync(NewSessionRequest request, CancellationToken cancellationToken)
    {
        var cwd = RequireAbsolute(request.Cwd);
        var workspace = await Nexo.Workspaces.GetOrCreateForFolderAsync(cwd, cancellationToken).ConfigureAwait(false);
        await AcpAuth.EnsureAsync(Nexo, workspace.Id, cancellationToken).ConfigureAwait(false);
        await EnsureBuiltinToolsAsync(workspace.Id, cancellationToken).ConfigureAwait(false);
        var chat = await Nexo.Chats.CreateAsync(new NewChat { WorkspaceId = workspace.Id }, cancellationToken).ConfigureAwait(false);
        var session = new AcpSession(chat.Id, workspace.Id, workspace.RootPath ?? cwd, chat.Title);
        await AttachAsync(session, request.McpServers, cancellationToken).ConfigureAwait(false);
        Log.SessionOpened(_logger, session.Id, "new", session.Cwd);
        AcpJsonRpc.AfterResponse(() => AnnounceCommandsAsync(session, always: true));
        return new NewSessionResponse
        {
            SessionId = chat.Id,
            ConfigOptions = await ConfigOptionsAsync(workspace.Id, cancellationToken).ConfigureAwait(false),
            Meta = WorkspaceMeta(workspace),
        };
    }

    [JsonRpcMethod("session/load", UseSingleObjectParameterDeserialization = true)]
    public async Task<LoadSessionResponse> LoadSessionAsync(LoadSessionRequest request, CancellationToken cancellationToken)
    {
        var session = await OpenStoredAsync(request, "load", cancellationToken).ConfigureAwait(false);
        await ReplayAsync(session, cancellationToken).ConfigureAwait(false);
        AcpJsonRpc.AfterResponse(() => AnnounceCommandsAsync(session, always: true));
        return new LoadSessionResponse { ConfigOptions = await ConfigOptionsAsync(session.WorkspaceId, cancellationToken).ConfigureAwait(false) };
    }

    [JsonRpcMethod("session/resume", UseSingleObjectParameterDeserialization = true)]
    public async Task<LoadSessionResponse> ResumeSessionAsync(LoadSessionRequest request, CancellationToken cancellationToken)
    {
        var session = await OpenStoredAsync(request, "resume", cancellationToken).ConfigureAwait(false);
        AcpJsonRpc.AfterResponse(() => AnnounceCommandsAsync(session, always: true));
        return new LoadSessionResponse { ConfigOptions = await ConfigOptionsAsync(session.WorkspaceId, cancellationToken).ConfigureAwait(false) };
    }

    [JsonRpcMethod("session/list", UseSingleObjectParameterDeserialization = true)]
    public async Task<ListSessionsResponse> ListSessionsAsync(ListSessionsRequest? request = null, CancellationToken cancellationToken = default)
    {
        request ??= new ListSessionsRequest();
        List<Workspace> workspaces;
        if (request.Cwd is { } cwd)
        {
            var root = NormalizeRoot(RequireAbsolute(cwd));
            var match = await Nexo.Workspaces.FindByRootPathAsync(root, cancellationToken).ConfigureAwait(false);
            workspaces = match is null ? [] : [match];
        }
        else
        {
            workspaces = (await Nexo.Workspaces.ListAsync(cancellationToken).ConfigureAwait(false))
                .Where(w => w.RootPath is not null)
                .OrderBy(w => w.Id, StringComparer.Ordinal)
                .ToList();
        }

        var (index, inner) = ReadCursor(request.Cursor);
        var sessions = new List<SessionInfo>();
        string? next = null;
        for (var i = index; i < workspaces.Count && sessions.Count < ListPageSize; i++)
        {
            var workspace = workspaces[i];
            var page = await Nexo.Chats.ListAsync(
                workspace.Id,
                new ChatQuery { Limit = ListPageSize - sessions.Count, Cursor = i == index ? inner : null },
                cancellationToken).ConfigureAwait(false);
            sessions.AddRange(page.Items.Select(c => new SessionInfo
            {
                SessionId = c.Id,
                Cwd = workspace.RootPath!,
                Title = c.Title,
                UpdatedAt = Iso(c.UpdatedAt),
                Meta = new JsonObject
                {
                    ["nexo"] = new JsonObject { ["workspaceId"] = workspace.Id, ["pinned"] = c.Pinned, ["lastMessage"] = c.LastMessage },
                },
            }));
            if (page.NextCursor is not null)
            {
                next = WriteCursor(i, page.NextCursor);
                break;
            }

            if (sessions.Count >= ListPageSize && i + 1 < workspaces.Count)
            {
                next = WriteCursor(i + 1, null);
            }
        }

        return new ListSessionsResponse { Sessions = sessions, NextCursor = next };
    }

    [JsonRpcMethod("session/delete", UseSingleObjectParameterDeserialization = true)]
    public async Task<EmptyObject> DeleteSessionAsync(SessionIdRequest request, CancellationToken cancellationToken)
    {
        if (_sessions.TryRemove(request.SessionId, out var live))
        {
            await CloseAsync(live).ConfigureAwait(false);
        }

        try
        {
            await Nexo.Chats.DeleteAsync(request.SessionId, cancellationToken).ConfigureAwait(false);
        }
        catch (NexoException ex) when (ex.Kind is NexoErrorKind.NotFound or NexoErrorKind.Validation)
        {
            throw AcpErrors.SessionNotFound(request.SessionId);
        }

        Log.SessionDeleted(_logger, request.SessionId);
        return new EmptyObject();
    }

    [JsonRpcMethod("session/close", UseSingleObjectParameterDeserialization = true)]
    public async Task<EmptyObject> CloseSessionAsync(SessionIdRequest request)
    {
        if (!_sessions.TryRemove(request.SessionId, out var session))
        {
            throw AcpErrors.SessionNotFound(request.SessionId);
        }

        await CloseAsync(session).ConfigureAwait(false);
        return new EmptyObject();
    }

    [JsonRpcMethod("session/set_config_option", UseSingleObjectParameterDeserialization = true)]
    public async Task<SetConfigOptionResponse> SetConfigOptionAsync(SetConfigOptionRequest request, CancellationToken cancellationToken)
    {
        var session = await GetSessionAsync(request.SessionId, cancellationToken).ConfigureAwait(false);
        if (request.ConfigId is not (AcpModels.ConfigId or AcpPermissionModes.ConfigId))
        {
            throw AcpErrors.Invalid("configId", $"Unknown config option '{request.ConfigId}'; Nexo offers '{AcpModels.ConfigId}' and '{AcpPermissionModes.ConfigId}'.");
        }

        if (request.Value.ValueKind != JsonValueKind.String)
        {
            throw AcpErrors.Invalid("value", $"The '{request.ConfigId}' option takes a value id (a string).");
        }

        if (request.ConfigId == AcpModels.ConfigId)
        {
            await AcpModels.SelectAsync(Nexo, session.WorkspaceId, request.Value.GetString()!, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            await AcpPermissionModes.SelectAsync(Nexo, session.WorkspaceId, request.Value.GetString()!, cancellationToken).ConfigureAwait(false);
        }

        var options = await ConfigOptionsAsync(session.WorkspaceId, cancellationToken).ConfigureAwait(false);

        // The model and the mode are the workspace's: other open sessions of the workspace change with them.
        foreach (var other in _sessions.Values.Where(s => s.WorkspaceId == session.WorkspaceId && s.Id != session.Id))
        {
            await SendUpdateAsync(other.Id, new ConfigOptionUpdate { ConfigOptions = options }).ConfigureAwait(false);
        }

        return new SetConfigOptionResponse { ConfigOptions = options };
    }

    // ------------------------------------------------------------------ prompt turn

    [JsonRpcMethod("session/prompt", UseSingleObjectParameterDeserialization = true)]
    public async Task<PromptResponse> PromptAsync(PromptRequest request, CancellationToken cancellationToken)
    {
        var session = await GetSessionAsync(request.SessionId, cancellationToken).ConfigureAwait(false);
        await AcpAuth.EnsureAsync(Nexo, session.WorkspaceId, cancellationToken).ConfigureAwait(false);
        using var prompt = AcpPrompt.Read(request.Prompt, request.Meta, await TakesImagesAsync(session, cancellationToken).ConfigureAwait(false));

        // Text starting with "/name" of one of the workspace's slash commands runs that command (its arguments checked
        // before anything is stored); any other text is an ordinary prompt.
        var slash = prompt.Content.TrimStart().StartsWith('/')
            ? AcpSlashCommands.Match(prompt.Content, await Nexo.SlashCommands.ListAsync(session.WorkspaceId, cancellationToken).ConfigureAwait(false))
            : null;
        var response = await AcpTurn.RunAsync(
            this,
            session,
            async ct =>
            {
                var tools = await AcpEditorServers.ToolsAsync(Nexo, session, ct).ConfigureAwait(false);
                return slash is { } run
                    ? Nexo.SlashCommands.StartTurn(
                        new RunSlashCommandRequest
                        {
                            ChatId = session.Id, Name = run.Command.QualifiedName, Arguments = run.Arguments, Files = prompt.Files, Metadata = prompt.Metadata,
                            Tools = tools, WorkspaceAccess = WorkspaceAccessFor(session),
                        },
                        ct)
                    : Nexo.Chats.StartTurn(
                        new SendMessageRequest
                        {
                            ChatId = session.Id, Content = prompt.Content, Files = prompt.Files, Metadata = prompt.Metadata,
                            Tools = tools, WorkspaceAccess = WorkspaceAccessFor(session),
                        },
                        ct);
            },
            cancellationToken,
            _logger).ConfigureAwait(false);

        // A turn may have changed the list (a template added, a server's prompts changed): announce it again if so.
        AcpJsonRpc.AfterResponse(() => AnnounceCommandsAsync(session, always: false));
        return response;
    }

    /// <summary>
    /// Sends the session's slash commands as <c>available_commands_update</c> when they differ from what the client last
    /// got (a session starts with none, so a workspace without commands announces nothing), and <paramref name="always"/>
    /// when there are any (a session just opened, new or loaded). A listing that fails is logged and announces nothing.
    /// </summary>
    private async Task AnnounceCommandsAsync(AcpSession session, bool always)
    {
        try
        {
            var commands = AcpSlashCommands.ToAvailable(await Nexo.SlashCommands.ListAsync(session.WorkspaceId, CancellationToken.None).ConfigureAwait(false));
            if (_sessions.ContainsKey(session.Id) && (session.ChangeCommands(AcpSlashCommands.Signature(commands)) || (always && commands.Count > 0)))
            {
                await SendUpdateAsync(session.Id, new AvailableCommandsUpdate { AvailableCommands = commands }).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is NexoException or ObjectDisposedException)
        {
            Log.UpdateNotSent(_logger, session.Id, ex.Message);
        }
    }

    [JsonRpcMethod("session/cancel", UseSingleObjectParameterDeserialization = true)]
    public async Task CancelAsync(SessionIdRequest request)
    {
        if (_sessions.TryGetValue(request.SessionId, out var session))
        {
            await CancelTurnAsync(session).ConfigureAwait(false);
        }
    }

    [JsonRpcMethod(AcpCancellationStrategy.MethodName, UseSingleObjectParameterDeserialization = true)]
    public void CancelRequest(CancelRequestParams request) => _cancellation.CancelInbound(request.RequestId);

    // ------------------------------------------------------------------ _nexo/… branching extensions

    [JsonRpcMethod("_nexo/edit_and_resend", UseSingleObjectParameterDeserialization = true)]
    public async Task<PromptResponse> EditAndResendAsync(EditAndResendParams request, CancellationToken cancellationToken)
    {
        var session = await GetSessionAsync(request.SessionId, cancellationToken).ConfigureAwait(false);
        using var prompt = AcpPrompt.Read(request.Prompt, request.Meta);
        return await AcpTurn.RunAsync(
            this,
            session,
            async ct => Nexo.Chats.StartTurn(
                new EditAndResendRequest
                {
                    ChatId = session.Id, MessageId = request.MessageId, NewContent = prompt.Content, NewFiles = prompt.Files, Metadata = prompt.Metadata,
                    Tools = await AcpEditorServers.ToolsAsync(Nexo, session, ct).ConfigureAwait(false),
                    WorkspaceAccess = WorkspaceAccessFor(session),
                },
                ct),
            cancellationToken,
            _logger).ConfigureAwait(false);
    }

    [JsonRpcMethod("_nexo/regenerate", UseSingleObjectParameterDeserialization = true)]
    public async Task<PromptResponse> RegenerateAsync(RegenerateParams request, CancellationToken cancellationToken)
    {
        var session = await GetSessionAsync(request.SessionId, cancellationToken).ConfigureAwait(false);
        var messageId = request.MessageId;
        if (messageId is null)
        {
            var branch = await Nexo.Messages.GetActiveBranchAsync(session.Id, cancellationToken).ConfigureAwait(false);
            messageId = branch.LastOrDefault(m => m.Role is MessageRole.Assistant or MessageRole.User)?.Id
                ?? throw AcpErrors.Invalid("messageId", "The session has no message to answer again.");
        }

        return await AcpTurn.RunAsync(
            this,
            session,
            async ct => Nexo.Chats.StartTurn(
                new RegenerateRequest
                {
                    ChatId = session.Id, MessageId = messageId,
                    Tools = await AcpEditorServers.ToolsAsync(Nexo, session, ct).ConfigureAwait(false),
                    WorkspaceAccess = WorkspaceAccessFor(session),
                },
                ct),
            cancellationToken,
            _logger).ConfigureAwait(false);
    }

    [JsonRpcMethod("_nexo/switch_branch", UseSingleObjectParameterDeserialization = true)]
    public async Task<EmptyObject> SwitchBranchAsync(SwitchBranchParams request, CancellationToken cancellationToken)
    {
        var session = await GetSessionAsync(request.SessionId, cancellationToken).ConfigureAwait(false);
        if (session.CurrentTurn is not null)
        {
            throw AcpErrors.Create(AcpErrors.InvalidRequest, "The session is running a prompt; switch branches after it ends.", "conflict");
        }

        await Nexo.Chats.SwitchBranchAsync(session.Id, request.MessageId, cancellationToken).ConfigureAwait(false);
        await ReplayAsync(session, cancellationToken).ConfigureAwait(false);
        return new EmptyObject();
    }

    /// <summary><c>_nexo/fork</c>: a new session (chat) holding the active branch up to the message (default: its last message).</summary>
    [JsonRpcMethod("_nexo/fork", UseSingleObjectParameterDeserialization = true)]
    public async Task<ForkResponse> ForkAsync(ForkParams request, CancellationToken cancellationToken)
    {
        var session = await GetSessionAsync(request.SessionId, cancellationToken).ConfigureAwait(false);
        var messageId = request.MessageId;
        if (messageId is null)
        {
            var branch = await Nexo.Messages.GetActiveBranchAsync(session.Id, cancellationToken).ConfigureAwait(false);
            messageId = branch.LastOrDefault()?.Id ?? throw AcpErrors.Invalid("messageId", "The session has no message to fork from.");
        }

        var fork = await Nexo.Chats.ForkAsync(session.Id, messageId, cancellationToken).ConfigureAwait(false);
        return new ForkResponse { SessionId = fork.Id };
    }

    // ------------------------------------------------------------------ shared

    /// <summary>Sends a <c>session/update</c> notification (awaited, so updates keep their order).</summary>
    [JsonRpcIgnore]
    public async Task SendUpdateAsync(string sessionId, SessionUpdate update)
    {
        try
        {
            await Rpc.NotifyWithParameterObjectAsync("session/update", new SessionNotification { SessionId = sessionId, Update = update }).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is ConnectionLostException or ObjectDisposedException)
        {
            Log.UpdateNotSent(_logger, sessionId, ex.Message);
        }
    }

    /// <summary>
    /// Sends a request to the client (<c>fs/…</c>, <c>terminal/…</c>) and waits for its answer or for
    /// <paramref name="cancellationToken"/>, which also sends <c>$/cancel_request</c>; a late answer is dropped.
    /// </summary>
    [JsonRpcIgnore]
    public async Task<T?> RequestClientAsync<T>(string method, object parameters, CancellationToken cancellationToken)
        where T : class
    {
        var pending = Rpc.InvokeWithParameterObjectAsync<T?>(method, parameters, cancellationToken);
        _ = pending.ContinueWith(t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
        return await pending.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Logs a client request that failed where the failure changes nothing (clean-up of a terminal).</summary>
    [JsonRpcIgnore]
    public void LogClientRequestFailed(string method, string error) => Log.ClientRequestFailed(_logger, method, error);

    /// <summary>Cancels the running turn of a session (a no-op when none runs).</summary>
    [JsonRpcIgnore]
    public async Task CancelTurnAsync(AcpSession session)
    {
        if (session.CurrentTurn is not { } turn)
        {
            return;
        }

        bool engineKnew;
        try
        {
            engineKnew = await Nexo.Chats.CancelAsync(session.Id).ConfigureAwait(false);
        }
        catch (NexoException)
        {
            engineKnew = false;
        }

        turn.Cancel(engineKnew);
        Log.TurnCancelled(_logger, session.Id);
    }

    [JsonRpcIgnore]
    public async ValueTask DisposeAsync()
    {
        _titles.Dispose();
        foreach (var session in _sessions.Values)
        {
            await CloseAsync(session).ConfigureAwait(false);
        }

        _sessions.Clear();
    }

    private async Task CloseAsync(AcpSession session)
    {
        await CancelTurnAsync(session).ConfigureAwait(false);
        await AcpEditorServers.DetachAsync(Nexo, session, _logger).ConfigureAwait(false);
        Log.SessionClosed(_logger, session.Id);
    }

    private async Task<AcpSession> OpenStoredAsync(LoadSessionRequest request, string how, CancellationToken cancellationToken)
    {
        RequireAbsolute(request.Cwd);
        if (_sessions.TryGetValue(request.SessionId, out var live))
        {
            if (request.McpServers is { Count: > 0 })
            {
                await AttachAsync(live, request.McpServers, cancellationToken).ConfigureAwait(false);
            }

            return live;
        }

        var session = await FromStoreAsync(request.SessionId, cancellationToken).ConfigureAwait(false);
        if (!string.Equals(NormalizeRoot(request.Cwd), NormalizeRoot(session.Cwd), StringComparison.Ordinal))
        {
            Log.CwdDiffers(_logger, session.Id, request.Cwd, session.Cwd);
        }

        await AttachAsync(session, request.McpServers, cancellationToken).ConfigureAwait(false);
        Log.SessionOpened(_logger, session.Id, how, session.Cwd);
        return _sessions.GetOrAdd(session.Id, session);
    }

    private async Task AttachAsync(AcpSession session, IReadOnlyList<McpServerSpec>? servers, CancellationToken cancellationToken)
    {
        _sessions[session.Id] = session;
        if (servers is { Count: > 0 })
        {
            await AcpEditorServers.AttachAsync(Nexo, session, servers, _logger, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The live session, or the stored chat opened as a session (a client may prompt a session it listed without loading it).</summary>
    private async Task<AcpSession> GetSessionAsync(string sessionId, CancellationToken cancellationToken)
    {
        if (_sessions.TryGetValue(sessionId, out var session))
        {
            return session;
        }

        return _sessions.GetOrAdd(sessionId, await FromStoreAsync(sessionId, cancellationToken).ConfigureAwait(false));
    }

    private async Task<AcpSession> FromStoreAsync(string sessionId, CancellationToken cancellationToken)
    {
        Chat chat;
        try
        {
            chat = await Nexo.Chats.GetAsync(sessionId, cancellationToken).ConfigureAwait(false);
        }
        catch (NexoException ex) when (ex.Kind is NexoErrorKind.NotFound or NexoErrorKind.Validation)
        {
            throw AcpErrors.SessionNotFound(sessionId);
        }

        var workspace = await Nexo.Workspaces.GetAsync(chat.WorkspaceId, cancellationToken).ConfigureAwait(false);
        await EnsureBuiltinToolsAsync(workspace.Id, cancellationToken).ConfigureAwait(false);
        return new AcpSession(chat.Id, workspace.Id, workspace.RootPath ?? NexoPaths.DataDirectory, chat.Title);
    }

    /// <summary>Whether the session's model takes images (unknown counts as yes: the provider then decides).</summary>
    private async Task<bool> TakesImagesAsync(AcpSession session, CancellationToken cancellationToken)
    {
        var resolved = await AcpModels.ResolveAsync(Nexo, session.WorkspaceId, cancellationToken).ConfigureAwait(false);
        return resolved is not { } r || r.Connection.Models.FirstOrDefault(m => m.Id == r.Model)?.SupportsImages != false;
    }

    private async Task ReplayAsync(AcpSession session, CancellationToken cancellationToken)
    {
        var branch = await Nexo.Messages.GetActiveBranchAsync(session.Id, cancellationToken).ConfigureAwait(false);
        foreach (var update in AcpReplay.Updates(branch, session.Cwd))
        {
            await SendUpdateAsync(session.Id, update).ConfigureAwait(false);
        }

        // The plan the model keeps is the chat's: a loaded session shows it as it was last left.
        var chat = await Nexo.Chats.GetAsync(session.Id, cancellationToken).ConfigureAwait(false);
        if (chat.Plan is { Count: > 0 } plan)
        {
            await SendUpdateAsync(session.Id, AcpTurn.Plan(plan)).ConfigureAwait(false);
        }
    }

    /// <summary>The session's config options: the model (when a connection offers one) and the permission mode.</summary>
    private async Task<IReadOnlyList<SessionConfigOption>> ConfigOptionsAsync(string workspaceId, CancellationToken cancellationToken)
    {
        var options = new List<SessionConfigOption>(await AcpModels.BuildAsync(Nexo, workspaceId, cancellationToken).ConfigureAwait(false));
        var settings = await Nexo.Workspaces.GetSettingsAsync(workspaceId, cancellationToken).ConfigureAwait(false);
        options.Add(AcpPermissionModes.Build(settings));
        return options;
    }

    /// <summary>
    /// How the session's built-in tools reach its files and commands: through the client when it advertised
    /// <c>fs.readTextFile</c> / <c>fs.writeTextFile</c> (the other direction on the disk) and <c>terminal</c>;
    /// <see langword="null"/> (the disk and local processes) when it advertised none.
    /// </summary>
    private WorkspaceAccess? WorkspaceAccessFor(AcpSession session)
    {
        var client = ClientCapabilities;
        if (!client.ReadTextFile && !client.WriteTextFile && !client.Terminal)
        {
            return null;
        }

        return new WorkspaceAccess
        {
            Files = client.ReadTextFile || client.WriteTextFile ? new AcpClientFiles(this, session, client) : null,
            Commands = client.Terminal ? new AcpTerminalRunner(this, session) : null,
        };
    }

    /// <summary>
    /// Unless the agent runs with <c>--no-builtin-tools</c>, a folder workspace that offers no built-in tool gets all of
    /// them (stored in its settings; a workspace with a chosen list keeps it). Checked once per workspace and process.
    /// </summary>
    private async Task EnsureBuiltinToolsAsync(string workspaceId, CancellationToken cancellationToken)
    {
        if (!_enableBuiltinTools || !_builtinChecked.TryAdd(workspaceId, true))
        {
            return;
        }

        var workspace = await Nexo.Workspaces.GetAsync(workspaceId, cancellationToken).ConfigureAwait(false);
        var settings = await Nexo.Workspaces.GetSettingsAsync(workspaceId, cancellationToken).ConfigureAwait(false);
        if (workspace.RootPath is null || settings.BuiltinTools.Count > 0)
        {
            return;
        }

        await Nexo.Workspaces.UpdateSettingsAsync(workspaceId, new WorkspaceSettingsPatch { BuiltinTools = BuiltinToolNames.All }, cancellationToken).ConfigureAwait(false);
        Log.BuiltinToolsEnabled(_logger, workspaceId, workspace.RootPath);
    }

    /// <summary>Announces title changes of open sessions (the title is generated in the background after the first answer).</summary>
    private void OnNexoEvent(NexoEvent e)
    {
        if (e is McpElicitationRequestEvent elicitation)
        {
            // Forwarded in the background: the MCP server's tool call waits for the answer, the publisher must not.
            _ = Task.Run(() => AcpElicitation.ForwardAsync(this, elicitation, _sessions.GetValueOrDefault(elicitation.ChatId ?? string.Empty), _logger));
            return;
        }

        if (e is not ChatUpdatedEvent updated || !_sessions.TryGetValue(updated.ChatId, out var session) || session.Title == updated.Title)
        {
            return;
        }

        session.Title = updated.Title;
        var info = new SessionInfoUpdate { Title = updated.Title, UpdatedAt = Iso(updated.UpdatedAt) };
        if (!session.TryDeferInfo(info))
        {
            _ = SendUpdateAsync(session.Id, info);
        }
    }

    private static JsonObject WorkspaceMeta(Workspace workspace) =>
        new() { ["nexo"] = new JsonObject { ["workspaceId"] = workspace.Id, ["workspaceName"] = workspace.Name } };

    private static string RequireAbsolute(string path)
    {
        if (string.IsNullOrWhiteSpace(path) || !Path.IsPathFullyQualified(path))
        {
            throw AcpErrors.Invalid("cwd", $"'{path}' is not an absolute path; ACP paths must be absolute.");
        }

        return path;
    }

    private static string NormalizeRoot(string path)
    {
        var full = Path.GetFullPath(path.Trim());
        return full.Length > 1 ? full.TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar) : full;
    }

    private static string Iso(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture);

    private static (int Index, string? Inner) ReadCursor(string? cursor)
    {
        if (string.IsNullOrEmpty(cursor))
        {
            return (0, null);
        }

        try
        {
            var text = Encoding.UTF8.GetString(Convert.FromBase64String(cursor));
            var bar = text.IndexOf('|', StringComparison.Ordinal);
            var index = int.Parse(text[..bar], System.Globalization.CultureInfo.InvariantCulture);
            var inner = text[(bar + 1)..];
            return (Math.Max(0, index), inner.Length == 0 ? null : inner);
        }
        catch (Exception ex) when (ex is FormatException or ArgumentException or OverflowException)
        {
            throw AcpErrors.Invalid("cursor", "The cursor is not one returned by session/list.");
        }
    }

    private static string WriteCursor(int index, string? inner) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes(index.ToString(System.Globalization.CultureInfo.InvariantCulture) + "|" + inner));

    private static partial class Log
    {
        [LoggerMessage(Level = LogLevel.Information, Message = "ACP initialize from {Client} (protocol {Version})")]
        public static partial void Initialized(ILogger logger, string client, int version);

        [LoggerMessage(Level = LogLevel.Information, Message = "Session {SessionId} opened ({How}) in {Cwd}")]
        public static partial void SessionOpened(ILogger logger, string sessionId, string how, string cwd);

        [LoggerMessage(Level = LogLevel.Information, Message = "Session {SessionId} closed")]
        public static partial void SessionClosed(ILogger logger, string sessionId);

        [LoggerMessage(Level = LogLevel.Information, Message = "Session {SessionId} deleted")]
        public static partial void SessionDeleted(ILogger logger, string sessionId);

        [LoggerMessage(Level = LogLevel.Information, Message = "Turn of session {SessionId} cancelled")]
        public static partial void TurnCancelled(ILogger logger, string sessionId);

        [LoggerMessage(Level = LogLevel.Information, Message = "Session {SessionId} opened with cwd {Cwd}; its workspace's root is {Root} (the chat stays in its workspace)")]
        public static partial void CwdDiffers(ILogger logger, string sessionId, string cwd, string root);

        [LoggerMessage(Level = LogLevel.Information, Message = "Built-in tools enabled in workspace {WorkspaceId} ({Root}); run the agent with --no-builtin-tools to leave workspaces as they are")]
        public static partial void BuiltinToolsEnabled(ILogger logger, string workspaceId, string root);

        [LoggerMessage(Level = LogLevel.Debug, Message = "Client request {Method} failed: {Error}")]
        public static partial void ClientRequestFailed(ILogger logger, string method, string error);

        [LoggerMessage(Level = LogLevel.Debug, Message = "session/update for {SessionId} not sent: {Error}")]
        public static partial void UpdateNotSent(ILogger logger, string sessionId, string error);
    }
}
