namespace Nexo;

/// <summary>
/// A partial update of <see cref="WorkspaceSettings"/>: every property left <see langword="null"/> keeps its stored value.
/// To clear an optional string, pass an empty string.
/// </summary>
public sealed record WorkspaceSettingsPatch
{
    /// <summary>The new system prompt (empty string clears it).</summary>
    public string? SystemMessage { get; init; }

    /// <summary>The new LLM connection id (empty string clears it).</summary>
    public string? LlmConnectionId { get; init; }

    /// <summary>The new default model (empty string clears it).</summary>
    public string? DefaultModel { get; init; }

    /// <summary>The new temperature (0 to 2).</summary>
    public double? Temperature { get; init; }

    /// <summary>Set to <see langword="true"/> to clear the temperature back to the provider's default.</summary>
    public bool ClearTemperature { get; init; }

    /// <summary>The new maximum output tokens (at least 1).</summary>
    public int? MaxTokens { get; init; }

    /// <summary>Set to <see langword="true"/> to clear the maximum output tokens.</summary>
    public bool ClearMaxTokens { get; init; }

    /// <summary>Whether to stream answers.</summary>
    public bool? StreamEnabled { get; init; }

    /// <summary>The maximum number of model calls in one agent turn (1 to 100).</summary>
    public int? MaxAgentIterations { get; init; }

    /// <summary>The tool permission mode.</summary>
    public ToolPermissionMode? ToolPermissionMode { get; init; }

    /// <summary>Replaces all per-tool rules.</summary>
    public IReadOnlyDictionary<string, ToolPermissionRule>? ToolPermissions { get; init; }

    /// <summary>Replaces the enabled MCP tools (server connection id → tool names).</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>>? McpToolIds { get; init; }

    /// <summary>The host tools to stop offering, by name (<see cref="WorkspaceSettings.DisabledTools"/>); replaces the list. Unchanged when <see langword="null"/>; an empty list offers them all.</summary>
    public IReadOnlyList<string>? DisabledTools { get; init; }

    /// <summary>The new monthly budget in USD (more than 0, at most 6 decimal places); see <see cref="WorkspaceSettings.MonthlyBudgetUsd"/>.</summary>
    public decimal? MonthlyBudgetUsd { get; init; }

    /// <summary>Set to <see langword="true"/> to remove the monthly budget.</summary>
    public bool ClearMonthlyBudget { get; init; }

    /// <summary>The new <see cref="WorkspaceSettings.ContextStrategy"/>; unchanged when <see langword="null"/>.</summary>
    public ContextStrategy? ContextStrategy { get; init; }

    /// <summary>The built-in tools to offer, by name (<see cref="WorkspaceSettings.BuiltinTools"/>); replaces the list. Unchanged when <see langword="null"/>; an empty list offers none.</summary>
    public IReadOnlyList<string>? BuiltinTools { get; init; }
}
