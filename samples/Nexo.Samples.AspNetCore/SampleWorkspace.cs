using Microsoft.Extensions.Options;

namespace Nexo.Samples.AspNetCore;

/// <summary>
/// Creates, on start, what the sample's chats need: the LLM connection, the sample MCP server and a workspace that uses
/// both. Existing ones (found by name) are brought up to date, so restarting on the same database reuses them.
/// </summary>
public sealed class SampleWorkspace(NexoClient nexo, IOptions<SampleOptions> options, ILogger<SampleWorkspace> logger)
{
    private const string McpServerName = "sample-tools";

    /// <summary>The workspace id, once <see cref="EnsureAsync"/> has run.</summary>
    public string Id { get; private set; } = string.Empty;

    /// <summary>Creates or updates the connection, the MCP server and the workspace.</summary>
    /// <param name="cancellationToken">Cancels the operation.</param>
    public async Task EnsureAsync(CancellationToken cancellationToken = default)
    {
        var settings = options.Value;
        var wanted = settings.Connection;
        var connections = await nexo.Connections.ListAsync(cancellationToken);
        var connection = connections.FirstOrDefault(c => c.Name == wanted.Name) is { } existing
            ? await nexo.Connections.UpdateAsync(existing.Id, new LlmConnectionUpdate
            {
                Provider = wanted.Provider,
                BaseUrl = wanted.BaseUrl,
                ApiKey = string.IsNullOrEmpty(wanted.ApiKey) ? null : wanted.ApiKey,
                DefaultModel = wanted.Model,
            }, cancellationToken)
            : await nexo.Connections.CreateAsync(new NewLlmConnection
            {
                Name = wanted.Name,
                Provider = wanted.Provider,
                BaseUrl = wanted.BaseUrl,
                ApiKey = string.IsNullOrEmpty(wanted.ApiKey) ? null : wanted.ApiKey,
                DefaultModel = wanted.Model,
            }, cancellationToken);

        var serverDll = settings.ResolveMcpServerDll();
        var servers = await nexo.McpServers.ListAsync(cancellationToken);
        var server = servers.FirstOrDefault(s => s.Name == McpServerName) is { } known
            ? await nexo.McpServers.UpdateAsync(known.Id, new McpServerUpdate { Command = "dotnet", Args = [serverDll] }, cancellationToken)
            : await nexo.McpServers.CreateAsync(new NewMcpServer { Name = McpServerName, Transport = McpTransportKind.Stdio, Command = "dotnet", Args = [serverDll] }, cancellationToken);

        var workspaces = await nexo.Workspaces.ListAsync(cancellationToken);
        var workspace = workspaces.FirstOrDefault(w => w.Name == settings.WorkspaceName)
            ?? await nexo.Workspaces.CreateAsync(new NewWorkspace { Name = settings.WorkspaceName }, cancellationToken);
        await nexo.Workspaces.UpdateSettingsAsync(workspace.Id, new WorkspaceSettingsPatch
        {
            LlmConnectionId = connection.Id,
            DefaultModel = wanted.Model,
            McpToolIds = new Dictionary<string, IReadOnlyList<string>> { [server.Id] = settings.McpTools },
            ToolPermissionMode = ToolPermissionMode.AllowAll,
        }, cancellationToken);

        Id = workspace.Id;
        logger.LogInformation(
            "Workspace {Workspace} uses {Connection} ({Provider}, model {Model}) and MCP tools {Tools}; database {Database}",
            workspace.Name, connection.Name, connection.Provider, wanted.Model, string.Join(", ", settings.McpTools), nexo.DatabasePath);
    }
}
