using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Nexo.JsonRpcServer.Acp;

/// <summary>
/// The MCP servers an ACP client supplies with a session (<c>mcpServers</c> of <c>session/new</c>, <c>load</c>,
/// <c>resume</c>). Each becomes a stored MCP server connection named <c>acp:NAME</c> (created, or updated when the
/// client's configuration changed; its id is stable, so per-tool permission rules stay valid across sessions). All its
/// tools are offered in that session's turns as per-turn tools (<see cref="SendMessageRequest.Tools"/>): the workspace's
/// stored settings never enable them, so no other face sees them, even after a crash. When the last session of this
/// process that supplied a server closes, the server is disconnected; the stored connection (and its rules) remain.
/// </summary>
internal static partial class AcpEditorServers
{
    /// <summary>Whether this build can connect client-supplied MCP servers.</summary>
    public const bool Supported = true;

    // server id → the sessions of this process that supplied it.
    private static readonly ConcurrentDictionary<string, HashSet<string>> Users = new(StringComparer.Ordinal);

    public static async Task AttachAsync(NexoClient nexo, AcpSession session, IReadOnlyList<McpServerSpec> servers, ILogger logger, CancellationToken cancellationToken)
    {
        var connected = new List<string>();
        foreach (var spec in servers)
        {
            var server = await StoreAsync(nexo, spec, session.Cwd, cancellationToken).ConfigureAwait(false);
            try
            {
                // On the connection the session's turns use (the one for its folder), so the server starts once.
                var tools = await nexo.Mcp.ConnectForWorkspaceAsync(server.Id, session.WorkspaceId, cancellationToken).ConfigureAwait(false);
                connected.Add(server.Id);
                Log.Connected(logger, spec.Name, tools.Count, session.Id);
            }
            catch (NexoException ex) when (ex.Kind is NexoErrorKind.Mcp or NexoErrorKind.Validation)
            {
                // A server that cannot start must not stop the session: the model just does not get its tools.
                Log.ConnectFailed(logger, spec.Name, session.Id, ex.Message);
            }
        }

        foreach (var id in connected)
        {
            var users = Users.GetOrAdd(id, _ => []);
            lock (users)
            {
                users.Add(session.Id);
            }
        }

        // The tools are offered per turn (SendMessageRequest.Tools), never written into the workspace's stored settings:
        // other faces of the same workspace (a CLI, another editor) never see an editor's servers, even after a crash.
        session.EditorServerIds = session.EditorServerIds.Union(connected).ToList();
    }

    /// <summary>The tools of the session's editor-supplied servers, for one turn; <see langword="null"/> when it has none.</summary>
    public static async Task<IList<Microsoft.Extensions.AI.AITool>?> ToolsAsync(NexoClient nexo, AcpSession session, CancellationToken cancellationToken)
    {
        if (session.EditorServerIds.Count == 0)
        {
            return null;
        }

        var tools = await nexo.Mcp.GetServerToolsAsync(session.WorkspaceId, [.. session.EditorServerIds], cancellationToken).ConfigureAwait(false);
        return [.. tools];
    }

    public static async Task DetachAsync(NexoClient nexo, AcpSession session, ILogger logger)
    {
        var released = new List<string>();
        foreach (var id in session.EditorServerIds)
        {
            if (!Users.TryGetValue(id, out var users))
            {
                continue;
            }

            lock (users)
            {
                users.Remove(session.Id);
                if (users.Count == 0)
                {
                    released.Add(id);
                }
            }
        }

        session.EditorServerIds = [];
        if (released.Count == 0)
        {
            return;
        }

        try
        {
            foreach (var id in released)
            {
                Users.TryRemove(id, out _);
                await nexo.Mcp.DisconnectAsync(id).ConfigureAwait(false);
            }
        }
        catch (NexoException ex)
        {
            Log.DetachFailed(logger, session.Id, ex.Message);
        }
    }

    private static async Task<McpServer> StoreAsync(NexoClient nexo, McpServerSpec spec, string cwd, CancellationToken cancellationToken)
    {
        McpTransportKind transport = McpTransportKind.Stdio;
        if (spec.Type is not null && !McpTransportKinds.TryParse(spec.Type, out transport))
        {
            throw AcpErrors.Invalid("mcpServers", $"MCP server '{spec.Name}' has an unknown type '{spec.Type}'.");
        }

        if (transport == McpTransportKind.Stdio && string.IsNullOrWhiteSpace(spec.Command))
        {
            throw AcpErrors.Invalid("mcpServers", $"The stdio MCP server '{spec.Name}' has no command.");
        }

        if (transport != McpTransportKind.Stdio && string.IsNullOrWhiteSpace(spec.Url))
        {
            throw AcpErrors.Invalid("mcpServers", $"The {spec.Type} MCP server '{spec.Name}' has no url.");
        }

        var name = AcpToolCalls.EditorServerPrefix + spec.Name;
        var env = (spec.Env ?? []).ToDictionary(e => e.Name, e => e.Value, StringComparer.Ordinal);
        var headers = (spec.Headers ?? []).ToDictionary(e => e.Name, e => e.Value, StringComparer.OrdinalIgnoreCase);
        var existing = (await nexo.McpServers.ListAsync(cancellationToken).ConfigureAwait(false))
            .FirstOrDefault(s => string.Equals(s.Name, name, StringComparison.OrdinalIgnoreCase));
        if (existing is null)
        {
            return await nexo.McpServers.CreateAsync(
                new NewMcpServer
                {
                    Name = name,
                    Transport = transport,
                    Command = transport == McpTransportKind.Stdio ? spec.Command : null,
                    Args = spec.Args,
                    Env = env,
                    WorkingDirectory = transport == McpTransportKind.Stdio ? cwd : null,
                    Url = transport == McpTransportKind.Stdio ? null : spec.Url,
                    Headers = headers,
                },
                cancellationToken).ConfigureAwait(false);
        }

        var secrets = await nexo.McpServers.GetSecretsAsync(existing.Id, cancellationToken).ConfigureAwait(false);
        var same = existing.Transport == transport
            && existing.Enabled
            && existing.Command == (transport == McpTransportKind.Stdio ? spec.Command : null)
            && (secrets.Args ?? existing.Args).SequenceEqual(spec.Args ?? [])
            && (secrets.Url ?? existing.Url) == (transport == McpTransportKind.Stdio ? null : spec.Url)
            && existing.WorkingDirectory == (transport == McpTransportKind.Stdio ? cwd : null)
            && SameMap(secrets.Env, env)
            && SameMap(secrets.Headers, headers);
        if (same)
        {
            return existing;
        }

        return await nexo.McpServers.UpdateAsync(
            existing.Id,
            new McpServerUpdate
            {
                Transport = transport,
                Command = transport == McpTransportKind.Stdio ? spec.Command : string.Empty,
                Args = spec.Args ?? [],
                Env = env,
                WorkingDirectory = transport == McpTransportKind.Stdio ? cwd : string.Empty,
                Url = transport == McpTransportKind.Stdio ? string.Empty : spec.Url,
                Headers = headers,
                Enabled = true,
            },
            cancellationToken).ConfigureAwait(false);
    }

    private static bool SameMap(IReadOnlyDictionary<string, string> a, IReadOnlyDictionary<string, string> b) =>
        a.Count == b.Count && a.All(kv => b.TryGetValue(kv.Key, out var v) && v == kv.Value);

    private static partial class Log
    {
        [LoggerMessage(Level = LogLevel.Information, Message = "MCP server '{Name}' of the client connected with {Count} tools for session {SessionId}")]
        public static partial void Connected(ILogger logger, string name, int count, string sessionId);

        [LoggerMessage(Level = LogLevel.Warning, Message = "MCP server '{Name}' of session {SessionId} could not be connected: {Error}")]
        public static partial void ConnectFailed(ILogger logger, string name, string sessionId, string error);

        [LoggerMessage(Level = LogLevel.Warning, Message = "Could not release the client MCP servers of session {SessionId}: {Error}")]
        public static partial void DetachFailed(ILogger logger, string sessionId, string error);
    }
}
