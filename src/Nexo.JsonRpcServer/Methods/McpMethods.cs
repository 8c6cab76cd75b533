using System.Text.Json;
using Nexo.JsonRpcServer.Contract;
using StreamJsonRpc;

namespace Nexo.JsonRpcServer.Methods;

/// <summary>MCP commands: thin calls into <see cref="McpServerService"/> (stored connections) and <see cref="McpHost"/> (live ones).</summary>
/// <param name="nexo">The SDK client.</param>
/// <param name="notify">Sends a notification to the client, in order with the events (<c>$/progress</c>); none when <see langword="null"/>.</param>
public sealed class McpMethods(NexoClient nexo, Action<string, object>? notify = null)
{
    /// <summary><c>create_mcp_server_connection</c>.</summary>
    [JsonRpcMethod(NexoCommands.CreateMcpServerConnection, UseSingleObjectParameterDeserialization = true)]
    public Task<McpServer> CreateMcpServerConnectionAsync(CreateMcpServerConnectionParams p, CancellationToken ct) =>
        nexo.McpServers.CreateAsync(p.ToNewMcpServer(p.Id, p.Name, p.Type, p.Enabled ?? true), ct);

    /// <summary><c>get_mcp_server_connections</c>.</summary>
    [JsonRpcMethod(NexoCommands.GetMcpServerConnections, UseSingleObjectParameterDeserialization = true)]
    public Task<IReadOnlyList<McpServer>> GetMcpServerConnectionsAsync(GetMcpServerConnectionsParams? p = null, CancellationToken ct = default) =>
        nexo.McpServers.ListAsync(ct);

    /// <summary><c>update_mcp_server_connection</c>.</summary>
    [JsonRpcMethod(NexoCommands.UpdateMcpServerConnection, UseSingleObjectParameterDeserialization = true)]
    public Task<McpServer> UpdateMcpServerConnectionAsync(UpdateMcpServerConnectionParams p, CancellationToken ct) =>
        nexo.McpServers.UpdateAsync(
            p.Id,
            new McpServerUpdate
            {
                Name = p.Name,
                Transport = p.Type,
                Url = p.Url,
                Command = p.Command,
                Args = p.Args,
                Env = p.EnvVars,
                InheritEnv = p.InheritEnv,
                WorkingDirectory = p.WorkingDirectory,
                Headers = p.Headers,
                Enabled = p.Enabled,
                TimeoutSeconds = p.TimeoutSeconds,
                OAuth = p.OAuth,
            },
            ct);

    /// <summary><c>delete_mcp_server_connection</c>.</summary>
    [JsonRpcMethod(NexoCommands.DeleteMcpServerConnection, UseSingleObjectParameterDeserialization = true)]
    public Task DeleteMcpServerConnectionAsync(DeleteMcpServerConnectionParams p, CancellationToken ct) =>
        nexo.McpServers.DeleteAsync(p.Id, ct);

    /// <summary><c>update_mcp_server_status</c>.</summary>
    [JsonRpcMethod(NexoCommands.UpdateMcpServerStatus, UseSingleObjectParameterDeserialization = true)]
    public async Task<McpServer> UpdateMcpServerStatusAsync(UpdateMcpServerStatusParams p, CancellationToken ct)
    {
        await nexo.McpServers.UpdateStatusAsync(p.Id, p.Status, p.ErrorMessage, p.Tools, ct).ConfigureAwait(false);
        return await nexo.McpServers.GetAsync(p.Id, ct).ConfigureAwait(false);
    }

    /// <summary><c>test_mcp_connection_and_fetch_tools</c>.</summary>
    [JsonRpcMethod(NexoCommands.TestMcpConnectionAndFetchTools, UseSingleObjectParameterDeserialization = true)]
    public Task<IReadOnlyList<McpToolInfo>> TestMcpConnectionAndFetchToolsAsync(TestMcpConnectionAndFetchToolsParams p, CancellationToken ct) =>
        nexo.Mcp.TestConnectionAsync(p.ToNewMcpServer(null, p.Name ?? "test", p.Type), ct);

    /// <summary><c>connect_mcp_server_and_fetch_tools</c>.</summary>
    [JsonRpcMethod(NexoCommands.ConnectMcpServerAndFetchTools, UseSingleObjectParameterDeserialization = true)]
    public async Task<IReadOnlyList<McpToolInfo>> ConnectMcpServerAndFetchToolsAsync(ConnectMcpServerAndFetchToolsParams p, CancellationToken ct)
    {
        var id = p.ConnectionId ?? p.Id
            ?? throw NexoException.Validation("connectionId", "Give connectionId: a saved MCP server connection, or the id to keep an inline configuration (type, command or url, …) under.");
        if (p.Type is not { } type || await IsSavedAsync(id, ct).ConfigureAwait(false))
        {
            return await nexo.Mcp.ConnectAsync(id, ct).ConfigureAwait(false);
        }

        return await nexo.Mcp.ConnectUnsavedAsync(p.ToNewMcpServer(id, p.Name ?? id, type), ct).ConfigureAwait(false);
    }

    private async Task<bool> IsSavedAsync(string id, CancellationToken ct)
    {
        try
        {
            await nexo.McpServers.GetAsync(id, ct).ConfigureAwait(false);
            return true;
        }
        catch (NexoException ex) when (ex.Kind is NexoErrorKind.NotFound or NexoErrorKind.Validation)
        {
            return false;
        }
    }

    /// <summary><c>disconnect_mcp_client</c>.</summary>
    [JsonRpcMethod(NexoCommands.DisconnectMcpClient, UseSingleObjectParameterDeserialization = true)]
    public Task DisconnectMcpClientAsync(DisconnectMcpClientParams p, CancellationToken ct) =>
        nexo.Mcp.DisconnectAsync(p.ConnectionId, ct);

    /// <summary><c>call_mcp_tool</c>.</summary>
    [JsonRpcMethod(NexoCommands.CallMcpTool, UseSingleObjectParameterDeserialization = true)]
    public Task<McpToolResult> CallMcpToolAsync(CallMcpToolParams p, CancellationToken ct) =>
        nexo.Mcp.CallToolAsync(
            p.ConnectionId,
            p.ToolName,
            p.Arguments,
            p.ProgressToken is { } token && notify is { } send ? new ProgressSender(value => send(RpcContract.Progress, new ProgressParams { Token = token, Value = value })) : null,
            ct);

    /// <summary>Passes each report on as it comes (the host reports synchronously, in order).</summary>
    private sealed class ProgressSender(Action<McpToolProgress> send) : IProgress<McpToolProgress>
    {
        public void Report(McpToolProgress value) => send(value);
    }

    /// <summary><c>get_active_tools_for_workspace</c>.</summary>
    [JsonRpcMethod(NexoCommands.GetActiveToolsForWorkspace, UseSingleObjectParameterDeserialization = true)]
    public Task<IReadOnlyList<ActiveToolInfo>> GetActiveToolsForWorkspaceAsync(GetActiveToolsForWorkspaceParams p, CancellationToken ct) =>
        nexo.Mcp.GetActiveToolsAsync(p.WorkspaceId, ct);

    /// <summary><c>authorize_mcp_server</c>.</summary>
    [JsonRpcMethod(NexoCommands.AuthorizeMcpServer, UseSingleObjectParameterDeserialization = true)]
    public Task<McpServer> AuthorizeMcpServerAsync(AuthorizeMcpServerParams p, CancellationToken ct) =>
        nexo.Mcp.AuthorizeAsync(p.ServerId, ct);

    /// <summary><c>logout_mcp_server</c>.</summary>
    [JsonRpcMethod(NexoCommands.LogoutMcpServer, UseSingleObjectParameterDeserialization = true)]
    public Task<McpLogoutResult> LogoutMcpServerAsync(LogoutMcpServerParams p, CancellationToken ct) =>
        nexo.Mcp.LogoutAsync(p.ServerId, ct);

    /// <summary><c>import_mcp_servers</c>.</summary>
    [JsonRpcMethod(NexoCommands.ImportMcpServers, UseSingleObjectParameterDeserialization = true)]
    public Task<IReadOnlyList<McpServer>> ImportMcpServersAsync(ImportMcpServersParams p, CancellationToken ct) =>
        nexo.Mcp.ImportAsync(p.Config.ValueKind == JsonValueKind.String ? p.Config.GetString()! : p.Config.GetRawText(), ct);

    /// <summary><c>respond_mcp_elicitation</c>.</summary>
    [JsonRpcMethod(NexoCommands.RespondMcpElicitation, UseSingleObjectParameterDeserialization = true)]
    public Task RespondMcpElicitationAsync(RespondMcpElicitationParams p, CancellationToken ct) =>
        nexo.Mcp.RespondToElicitationAsync(new McpElicitationResponse { RequestId = p.RequestId, Action = p.Action, Content = p.Content }, ct);
}
