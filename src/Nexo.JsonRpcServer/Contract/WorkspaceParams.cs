using System.Text.Json;

namespace Nexo.JsonRpcServer.Contract;

/// <summary><c>create_workspace</c>: creates a workspace with default settings; the server generates the id when <c>id</c> is omitted.</summary>
public sealed record CreateWorkspaceParams
{
    /// <summary>An id chosen by the caller; the server generates one when omitted.</summary>
    public string? Id { get; init; }

    /// <summary>The name (unique, at most 200 characters).</summary>
    public required string Name { get; init; }

    /// <summary>An optional root folder on disk.</summary>
    public string? RootPath { get; init; }
}

/// <summary><c>get_workspaces</c>: lists every workspace, newest first.</summary>
public sealed record GetWorkspacesParams;

/// <summary><c>update_workspace</c>: renames a workspace or changes its root folder; omitted fields keep their value.</summary>
public sealed record UpdateWorkspaceParams
{
    /// <summary>The workspace.</summary>
    public required string Id { get; init; }

    /// <summary>The new name.</summary>
    public string? Name { get; init; }

    /// <summary>The new root folder (empty string clears it).</summary>
    public string? RootPath { get; init; }
}

/// <summary><c>delete_workspace</c>: deletes a workspace with its settings, chats and messages.</summary>
public sealed record DeleteWorkspaceParams
{
    /// <summary>The workspace; its settings, chats and messages are deleted with it.</summary>
    public required string Id { get; init; }
}

/// <summary><c>get_workspace_settings</c>: reads a workspace's settings (defaults are stored with every workspace).</summary>
public sealed record GetWorkspaceSettingsParams
{
    /// <summary>The workspace.</summary>
    public required string WorkspaceId { get; init; }
}

/// <summary><c>save_workspace_settings</c>: changes some settings of a workspace. Unlike the original (a full overwrite), omitted fields keep their stored value; an empty string clears an optional text field.</summary>
public sealed record SaveWorkspaceSettingsParams
{
    /// <summary>The workspace.</summary>
    public required string WorkspaceId { get; init; }

    /// <summary>The LLM connection chats of the workspace use (empty string clears it).</summary>
    public string? LlmConnectionId { get; init; }

    /// <summary>The default model (empty string clears it).</summary>
    public string? DefaultModel { get; init; }

    /// <summary>The system prompt; may contain <c>{{variable}}</c> placeholders (empty string clears it).</summary>
    public string? SystemMessage { get; init; }

    /// <summary>
    /// The enabled MCP tools, replacing the stored selection: Nexo's <c>{"serverId": ["tool", …]}</c>, the original's
    /// <c>{"toolName": "serverId"}</c> or <c>["serverId/toolName", …]</c>.
    /// </summary>
    public JsonElement? McpToolIds { get; init; }

    /// <summary>The host's own tools this workspace does not offer, by name (replaces the list; empty offers them all).</summary>
    public IReadOnlyList<string>? DisabledTools { get; init; }

    /// <summary>Whether answers stream token by token.</summary>
    public bool? StreamEnabled { get; init; }

    /// <summary>
    /// Per-tool permission rules keyed by tool name or <c>serverId/toolName</c>: the original's <c>require</c> (ask)
    /// and <c>auto</c> (always allow), or Nexo's <c>ask</c>, <c>always_allow</c>, <c>always_deny</c>. Replaces all rules.
    /// </summary>
    public IReadOnlyDictionary<string, string>? ToolPermissionConfig { get; init; }

    /// <summary>
    /// How tools without a rule are treated: <c>ask</c>, <c>allow_reads</c> (tools that only read run without asking:
    /// the read-only built-in tools and MCP tools that declare <c>readOnlyHint</c>) or <c>allow_all</c>.
    /// </summary>
    public ToolPermissionMode? ToolPermissionMode { get; init; }

    /// <summary>
    /// The built-in tools the workspace offers, by name, replacing the stored list (empty offers none): <c>read_file</c>,
    /// <c>list_directory</c>, <c>find_files</c>, <c>search_text</c>, <c>write_file</c>, <c>edit_file</c>,
    /// <c>run_command</c>, <c>update_plan</c>. The file and command tools are offered only when the workspace has a
    /// folder (<c>rootPath</c>) and never reach outside it. An unknown name is -32602 naming <c>builtinTools</c>.
    /// </summary>
    public IReadOnlyList<string>? BuiltinTools { get; init; }

    /// <summary>The maximum number of model calls in one agent turn (1 to 100).</summary>
    public int? MaxAgentIterations { get; init; }

    /// <summary>Sampling temperature (0 to 2).</summary>
    public double? Temperature { get; init; }

    /// <summary>Maximum output tokens per model call.</summary>
    public int? MaxTokens { get; init; }

    /// <summary>
    /// The workspace's monthly budget in USD (more than 0, at most 6 decimal places): the known cost of its usage since the
    /// start of the UTC month; a <c>budget-warning</c> notification at 80 % and 100 %, and new turns refused at 100 %
    /// (PermissionDenied) unless sent with <c>ignoreBudget</c>.
    /// </summary>
    public decimal? MonthlyBudgetUsd { get; init; }

    /// <summary>Set to <see langword="true"/> to remove the monthly budget.</summary>
    public bool? ClearMonthlyBudget { get; init; }

    /// <summary>
    /// How a history too long for the model's context window is fitted into it: <c>summarize</c> (the default; the oldest
    /// turns become a stored summary message) or <c>truncate</c> (the oldest turns are left out of the request).
    /// </summary>
    public ContextStrategy? ContextStrategy { get; init; }
}
