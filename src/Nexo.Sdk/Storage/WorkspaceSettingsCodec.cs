namespace Nexo.Storage;

/// <summary>
/// The store-neutral half of the <c>workspace_settings</c> table, shared by the SQLite and PostgreSQL repositories:
/// the columns, the upsert, and the settings as SQL parameters. Only the rest of the SQL text differs per store.
/// </summary>
internal static class WorkspaceSettingsCodec
{
    /// <summary>The columns, in the order of the upsert's values.</summary>
    public const string Columns =
        "workspace_id, system_message, llm_connection_id, default_model, temperature, max_tokens, stream_enabled, max_agent_iterations, tool_permission_mode, tool_permissions, mcp_tool_ids, disabled_tools, tool_rule_fingerprints, monthly_budget_usd, context_strategy, builtin_tools, created_at, updated_at";

    /// <summary>Inserts a workspace's settings or replaces them (both stores speak <c>ON CONFLICT … DO UPDATE</c>).</summary>
    public const string UpsertSql =
        $"""
        INSERT INTO workspace_settings ({Columns})
        VALUES (@WorkspaceId, @SystemMessage, @LlmConnectionId, @DefaultModel, @Temperature, @MaxTokens, @StreamEnabled, @MaxAgentIterations, @Mode, @ToolPermissions, @McpToolIds, @DisabledTools, @ToolRuleFingerprints, @MonthlyBudgetUsd, @ContextStrategy, @BuiltinTools, @CreatedAt, @UpdatedAt)
        ON CONFLICT (workspace_id) DO UPDATE SET
            system_message = excluded.system_message, llm_connection_id = excluded.llm_connection_id,
            default_model = excluded.default_model, temperature = excluded.temperature, max_tokens = excluded.max_tokens,
            stream_enabled = excluded.stream_enabled, max_agent_iterations = excluded.max_agent_iterations,
            tool_permission_mode = excluded.tool_permission_mode, tool_permissions = excluded.tool_permissions,
            mcp_tool_ids = excluded.mcp_tool_ids, disabled_tools = excluded.disabled_tools,
            tool_rule_fingerprints = excluded.tool_rule_fingerprints, monthly_budget_usd = excluded.monthly_budget_usd,
            context_strategy = excluded.context_strategy, builtin_tools = excluded.builtin_tools, updated_at = excluded.updated_at
        """;

    /// <summary>The settings as the upsert's parameters.</summary>
    public static WorkspaceSettingsParameters Parameters(WorkspaceSettings settings) => new()
    {
        WorkspaceId = settings.WorkspaceId,
        SystemMessage = settings.SystemMessage,
        LlmConnectionId = settings.LlmConnectionId,
        DefaultModel = settings.DefaultModel,
        Temperature = settings.Temperature,
        MaxTokens = settings.MaxTokens,
        StreamEnabled = settings.StreamEnabled ? 1L : 0L,
        MaxAgentIterations = settings.MaxAgentIterations,
        Mode = Enums.Name(settings.ToolPermissionMode),
        ToolPermissions = Json.Serialize(settings.ToolPermissions),
        McpToolIds = Json.Serialize(settings.McpToolIds),
        DisabledTools = Json.Serialize(settings.DisabledTools),
        // Only the bindings of rules that still exist are kept.
        ToolRuleFingerprints = Json.Serialize(settings.ToolRuleBindings.Where(kv => settings.ToolPermissions.ContainsKey(kv.Key)).ToDictionary()),
        MonthlyBudgetUsd = settings.MonthlyBudgetUsd is { } budget ? Costs.Text(budget) : null,
        ContextStrategy = Enums.Name(settings.ContextStrategy),
        BuiltinTools = Json.Serialize(settings.BuiltinTools),
        CreatedAt = Time.ToMs(settings.CreatedAt),
        UpdatedAt = Time.ToMs(settings.UpdatedAt),
    };
}

/// <summary>A workspace's settings as SQL parameters (a named type: Dapper.AOT generates its binding).</summary>
internal sealed class WorkspaceSettingsParameters
{
    public required string WorkspaceId { get; init; }

    public string? SystemMessage { get; init; }

    public string? LlmConnectionId { get; init; }

    public string? DefaultModel { get; init; }

    public double? Temperature { get; init; }

    public long? MaxTokens { get; init; }

    public long StreamEnabled { get; init; }

    public long MaxAgentIterations { get; init; }

    public required string Mode { get; init; }

    public required string ToolPermissions { get; init; }

    public required string McpToolIds { get; init; }

    public required string DisabledTools { get; init; }

    public required string ToolRuleFingerprints { get; init; }

    public string? MonthlyBudgetUsd { get; init; }

    public required string ContextStrategy { get; init; }

    public required string BuiltinTools { get; init; }

    public long CreatedAt { get; init; }

    public long UpdatedAt { get; init; }
}
