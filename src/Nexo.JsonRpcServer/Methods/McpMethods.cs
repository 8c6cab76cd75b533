using Nexo.JsonRpcServer.Contract;
using StreamJsonRpc;

namespace Nexo.JsonRpcServer.Methods;

/// <summary>MCP server connection commands: thin calls into <see cref="McpServerService"/>.</summary>
/// <param name="nexo">The SDK client.</param>
public sealed class McpMethods(NexoClient nexo)
{
    /// <summary><c>create_mcp_server_connection</c>.</summary>
    [JsonRpcMethod(NexoCommands.CreateMcpServerConnection, UseSingleObjectParameterDeserialization = true)]
    public Task<McpServer> CreateMcpServerConnectionAsync(CreateMcpServerConnectionParams p, CancellationToken ct) =>
        nexo.McpServers.CreateAsync(
            new NewMcpServer
            {
                Id = p.Id,
                Name = p.Name,
                Transport = p.Type,
                Url = p.Url,
                Command = p.Command,
                Args = p.Args,
                Env = p.EnvVars,
                WorkingDirectory = p.WorkingDirectory,
                Headers = p.Headers,
                Enabled = p.Enabled ?? true,
                TimeoutSeconds = p.TimeoutSeconds ?? 60,
            },
            ct);

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
                WorkingDirectory = p.WorkingDirectory,
                Headers = p.Headers,
                Enabled = p.Enabled,
                TimeoutSeconds = p.TimeoutSeconds,
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
}
