namespace Nexo;

/// <summary>The settings of one workspace: prompt, model, generation parameters, tools and their permissions.</summary>
public sealed record WorkspaceSettings
{
    /// <summary>The default maximum number of model calls in one agent turn.</summary>
    public const int DefaultMaxAgentIterations = 10;

    /// <summary>The workspace these settings belong to.</summary>
    public required string WorkspaceId { get; init; }

    /// <summary>The system prompt; may contain <c>{{variable}}</c> placeholders.</summary>
    public string? SystemMessage { get; init; }

    /// <summary>The LLM connection chats of this workspace use unless a message overrides it.</summary>
    public string? LlmConnectionId { get; init; }

    /// <summary>The model used unless a message overrides it; falls back to the connection's default model.</summary>
    public string? DefaultModel { get; init; }

    /// <summary>Sampling temperature (0 to 2); <see langword="null"/> leaves the provider's default.</summary>
    public double? Temperature { get; init; }

    /// <summary>Maximum output tokens per model call; <see langword="null"/> leaves the provider's default.</summary>
    public int? MaxTokens { get; init; }

    /// <summary>Whether answers are streamed token by token (default <see langword="true"/>).</summary>
    public bool StreamEnabled { get; init; } = true;

    /// <summary>The maximum number of model calls in one agent turn (1 to 100, default 10).</summary>
    public int MaxAgentIterations { get; init; } = DefaultMaxAgentIterations;

    /// <summary>How tool calls without a per-tool rule are treated.</summary>
    public ToolPermissionMode ToolPermissionMode { get; init; } = ToolPermissionMode.Ask;

    /// <summary>
    /// Per-tool rules keyed by tool id (<c>serverId/toolName</c>) or by a bare tool name. A bare-name
    /// <see cref="ToolPermissionRule.AlwaysAllow"/> rule allows a tool that is not an MCP tool, and an MCP tool only of the
    /// server it was made for (the one workspace server that enabled a tool of that name when the rule was saved); bare-name
    /// <see cref="ToolPermissionRule.AlwaysDeny"/> and <see cref="ToolPermissionRule.Ask"/> rules apply to every tool of
    /// the name. A rule remembered from an answer to a <see cref="ToolPermissionRequestEvent"/> stops allowing an MCP tool
    /// when its server's command, arguments, URL or variable names, or the tool's input schema, change.
    /// </summary>
    public IReadOnlyDictionary<string, ToolPermissionRule> ToolPermissions { get; init; } = new Dictionary<string, ToolPermissionRule>();

    /// <summary>What each rule of <see cref="ToolPermissions"/> was made for (server, fingerprint), by the rule's key.</summary>
    internal IReadOnlyDictionary<string, ToolRuleBinding> ToolRuleBindings { get; init; } = System.Collections.ObjectModel.ReadOnlyDictionary<string, ToolRuleBinding>.Empty;

    /// <summary>The enabled MCP tools: MCP server connection id → the names of the tools it enables.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> McpToolIds { get; init; } = new Dictionary<string, IReadOnlyList<string>>();

    /// <summary>
    /// The host's tools (<see cref="NexoOptions.Tools"/>) this workspace does not offer, by name; every other host tool is
    /// offered. (MCP tools are enabled with <see cref="McpToolIds"/>.)
    /// </summary>
    public IReadOnlyList<string> DisabledTools { get; init; } = Array.Empty<string>();

    /// <summary>
    /// The workspace's monthly budget in USD (<see langword="null"/>: none). The known cost of the workspace's usage records
    /// since the start of the current UTC month counts against it: crossing 80 % and 100 % publishes a
    /// <see cref="BudgetWarningEvent"/>, and at 100 % new turns are refused (PermissionDenied) unless the request sets
    /// <see cref="SendMessageRequest.IgnoreBudget"/>. Records without a price count as 0.
    /// </summary>
    public decimal? MonthlyBudgetUsd { get; init; }

    /// <summary>
    /// How a history too long for the model's context window is fitted into it before each model call: compacted into a
    /// stored summary (<see cref="ContextStrategy.Summarize"/>, the default) or cut from the oldest turns
    /// (<see cref="ContextStrategy.Truncate"/>).
    /// </summary>
    public ContextStrategy ContextStrategy { get; init; } = ContextStrategy.Summarize;

    /// <summary>
    /// The built-in tools the workspace offers, by name (<see cref="BuiltinToolNames"/>); none by default. The file and
    /// command tools are offered only when the workspace has a folder, and are confined to it.
    /// </summary>
    public IReadOnlyList<string> BuiltinTools { get; init; } = Array.Empty<string>();

    /// <summary>When the settings were first stored (UTC).</summary>
    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>When the settings were last changed (UTC).</summary>
    public DateTimeOffset UpdatedAt { get; init; }
}
