using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Nexo.JsonRpcServer.Acp;

/// <summary>
/// The MCP servers an ACP client supplies with a session (<c>mcpServers</c> of <c>session/new</c>, <c>load</c>,
/// <c>resume</c>). Each becomes a stored MCP server connection named <c>acp:NAME</c> (created, or updated when the
/// client's configuration changed; its id is stable, so per-tool permission rules stay valid across sessions) and
/// all its tools are enabled in the session's workspace while a session of this process that supplied it is open.
/// When the last such session closes, its tools are disabled again and the server is disconnected; the stored
/// connection (and its rules) remain for the next session.
/// </summary>
internal static partial class AcpEditorServers
{
    /// <summary>Whether this build can connect client-supplied MCP servers.</summary>
    public const bool Supported = true;

    // server id → the sessions of this process that supplied it.
    private static readonly ConcurrentDictionary<string, HashSet<string>> Users = new(StringComparer.Ordinal);

    public static async Task AttachAsync(NexoClient nexo, AcpSession session, IReadOnlyList<McpServerSpec> servers, ILogger logger, CancellationToken cancellationToken)
    {
        var enabled = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var spec in servers)
        {
            var server = await StoreAsync(nexo, spec, session.Cwd, cancellationToken).ConfigureAwait(false);
            try
            {
                // On the connection the session's turns use (the one for its folder), so the server starts once.
                var tools = await nexo.Mcp.ConnectForWorkspaceAsync(server.Id, session.WorkspaceId, cancellationToken).ConfigureAwait(false);
                enabled[server.Id] = tools.Select(t => t.Name).ToList();
                Log.Connected(logger, spec.Name, tools.Count, session.Id);
            }
            catch (NexoException ex) when (ex.Kind is NexoErrorKind.Mcp or NexoErrorKind.Validation)
            {
                // A server that cannot start must not stop the session: the model just does not get its tools.
                Log.ConnectFailed(logger, spec.Name, session.Id, ex.Message);
            }
        }

        if (enabled.Count == 0)
        {
            return;
        }

        var settings = await nexo.Workspaces.GetSettingsAsync(session.WorkspaceId, cancellationToken).ConfigureAwait(false);
        var map = settings.McpToolIds.ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal);
        foreach (var (id, names) in enabled)
        {
            map[id] = names;
            var users = Users.GetOrAdd(id, _ => []);
            lock (users)
            {
                users.Add(session.Id);
            }
        }

        await nexo.Workspaces.UpdateSettingsAsync(session.WorkspaceId, new WorkspaceSettingsPatch { McpToolIds = map }, cancellationToken).ConfigureAwait(false);
        session.EditorServerIds = session.EditorServerIds.Union(enabled.Keys).ToList();
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
            var settings = await nexo.Workspaces.GetSettingsAsync(session.WorkspaceId).ConfigureAwait(false);
            var map = settings.McpToolIds.Where(kv => !released.Contains(kv.Key)).ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal);
            await nexo.Workspaces.UpdateSettingsAsync(session.WorkspaceId, new WorkspaceSettingsPatch { McpToolIds = map }).ConfigureAwait(false);
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
        var transport = spec.Type switch
        {
            null or "stdio" => McpTransportKind.Stdio,
            "http" => McpTransportKind.Http,
            "sse" => McpTransportKind.Sse,
            _ => throw AcpErrors.Invalid("mcpServers", $"MCP server '{spec.Name}' has an unknown type '{spec.Type}'."),
        };
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
            && existing.Args.SequenceEqual(spec.Args ?? [])
            && existing.Url == (transport == McpTransportKind.Stdio ? null : spec.Url)
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
