using Nexo.JsonRpcServer.Contract;
using StreamJsonRpc;

namespace Nexo.JsonRpcServer.Methods;

/// <summary>Workspace commands: thin calls into <see cref="WorkspaceService"/>.</summary>
/// <param name="nexo">The SDK client.</param>
public sealed class WorkspaceMethods(NexoClient nexo)
{
    /// <summary><c>create_workspace</c>.</summary>
    [JsonRpcMethod(NexoCommands.CreateWorkspace, UseSingleObjectParameterDeserialization = true)]
    public Task<Workspace> CreateWorkspaceAsync(CreateWorkspaceParams p, CancellationToken ct) =>
        nexo.Workspaces.CreateAsync(new NewWorkspace { Id = p.Id, Name = p.Name, RootPath = p.RootPath }, ct);

    /// <summary><c>get_workspaces</c>.</summary>
    [JsonRpcMethod(NexoCommands.GetWorkspaces, UseSingleObjectParameterDeserialization = true)]
    public Task<IReadOnlyList<Workspace>> GetWorkspacesAsync(GetWorkspacesParams? p = null, CancellationToken ct = default) =>
        nexo.Workspaces.ListAsync(ct);

    /// <summary><c>update_workspace</c>.</summary>
    [JsonRpcMethod(NexoCommands.UpdateWorkspace, UseSingleObjectParameterDeserialization = true)]
    public Task<Workspace> UpdateWorkspaceAsync(UpdateWorkspaceParams p, CancellationToken ct) =>
        nexo.Workspaces.UpdateAsync(p.Id, new WorkspaceUpdate { Name = p.Name, RootPath = p.RootPath }, ct);

    /// <summary><c>delete_workspace</c>.</summary>
    [JsonRpcMethod(NexoCommands.DeleteWorkspace, UseSingleObjectParameterDeserialization = true)]
    public Task DeleteWorkspaceAsync(DeleteWorkspaceParams p, CancellationToken ct) =>
        nexo.Workspaces.DeleteAsync(p.Id, ct);

    /// <summary><c>get_workspace_settings</c>.</summary>
    [JsonRpcMethod(NexoCommands.GetWorkspaceSettings, UseSingleObjectParameterDeserialization = true)]
    public Task<WorkspaceSettings> GetWorkspaceSettingsAsync(GetWorkspaceSettingsParams p, CancellationToken ct) =>
        nexo.Workspaces.GetSettingsAsync(p.WorkspaceId, ct);

    /// <summary><c>save_workspace_settings</c>.</summary>
    [JsonRpcMethod(NexoCommands.SaveWorkspaceSettings, UseSingleObjectParameterDeserialization = true)]
    public Task<WorkspaceSettings> SaveWorkspaceSettingsAsync(SaveWorkspaceSettingsParams p, CancellationToken ct) =>
        nexo.Workspaces.UpdateSettingsAsync(
            p.WorkspaceId,
            new WorkspaceSettingsPatch
            {
                LlmConnectionId = p.LlmConnectionId,
                DefaultModel = p.DefaultModel,
                SystemMessage = p.SystemMessage,
                McpToolIds = p.McpToolIds is { } tools ? McpToolSelection.Normalize(tools) : null,
                DisabledTools = p.DisabledTools,
                StreamEnabled = p.StreamEnabled,
                ToolPermissions = p.ToolPermissionConfig is null ? null : ToolPermissionConfig.ToRules(p.ToolPermissionConfig),
                ToolPermissionMode = p.ToolPermissionMode,
                MaxAgentIterations = p.MaxAgentIterations,
                Temperature = p.Temperature,
                MaxTokens = p.MaxTokens,
                MonthlyBudgetUsd = p.MonthlyBudgetUsd,
                ClearMonthlyBudget = p.ClearMonthlyBudget ?? false,
                ContextStrategy = p.ContextStrategy,
                BuiltinTools = p.BuiltinTools,
            },
            ct);
}
