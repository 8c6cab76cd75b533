namespace Nexo;

/// <summary>
/// The names of Nexo's events (<see cref="NexoEvent.EventName"/>), spelled exactly as the original Nexo emits them;
/// hosts that forward events to their clients use these names.
/// </summary>
public static class NexoEvents
{
    /// <summary><c>message-started</c>: The user message and the assistant message of a turn are stored; carries both ids.</summary>
    public const string MessageStarted = "message-started";

    /// <summary><c>message-chunk</c>: A content delta of an assistant message.</summary>
    public const string MessageChunk = "message-chunk";

    /// <summary><c>thinking-chunk</c>: A reasoning delta of an assistant message.</summary>
    public const string ThinkingChunk = "thinking-chunk";

    /// <summary><c>message-complete</c>: An assistant message finished; carries the content and token usage.</summary>
    public const string MessageComplete = "message-complete";

    /// <summary><c>message-error</c>: An assistant message failed; partial content is kept.</summary>
    public const string MessageError = "message-error";

    /// <summary><c>message-cancelled</c>: An assistant message was cancelled; partial content is kept.</summary>
    public const string MessageCancelled = "message-cancelled";

    /// <summary><c>message-metadata-updated</c>: The metadata of a message changed.</summary>
    public const string MessageMetadataUpdated = "message-metadata-updated";

    /// <summary><c>tool-calls-detected</c>: The model asked for tool calls.</summary>
    public const string ToolCallsDetected = "tool-calls-detected";

    /// <summary><c>tool-permission-request</c>: Tool calls wait for the user's permission.</summary>
    public const string ToolPermissionRequest = "tool-permission-request";

    /// <summary><c>tool-execution-started</c>: A batch of tool calls started.</summary>
    public const string ToolExecutionStarted = "tool-execution-started";

    /// <summary><c>tool-execution-progress</c>: A tool call started, progressed or finished.</summary>
    public const string ToolExecutionProgress = "tool-execution-progress";

    /// <summary><c>tool-execution-completed</c>: A batch of tool calls finished.</summary>
    public const string ToolExecutionCompleted = "tool-execution-completed";

    /// <summary><c>tool-execution-error</c>: A tool call failed.</summary>
    public const string ToolExecutionError = "tool-execution-error";

    /// <summary><c>agent-loop-iteration</c>: The agent loop starts another model call.</summary>
    public const string AgentLoopIteration = "agent-loop-iteration";

    /// <summary><c>chat-updated</c>: A chat's title, preview or updated time changed.</summary>
    public const string ChatUpdated = "chat-updated";

    /// <summary><c>mcp-server-status-changed</c>: An MCP server's connection status changed.</summary>
    public const string McpServerStatusChanged = "mcp-server-status-changed";

    /// <summary><c>budget-warning</c>: A workspace's spending this month crossed 80 % or 100 % of its monthly budget.</summary>
    public const string BudgetWarning = "budget-warning";

    /// <summary><c>context-compacted</c>: A chat's history was summarized or cut to fit the model's context window.</summary>
    public const string ContextCompacted = "context-compacted";

    /// <summary><c>plan-updated</c>: The model replaced a chat's plan.</summary>
    public const string PlanUpdated = "plan-updated";

    /// <summary><c>mcp-resources-changed</c>: An MCP server's resource list or a subscribed resource changed.</summary>
    public const string McpResourcesChanged = "mcp-resources-changed";
    /// <summary><c>mcp-elicitation-request</c>: An MCP server asks the user for input; answer with <see cref="McpHost.RespondToElicitationAsync"/>.</summary>
    public const string McpElicitationRequest = "mcp-elicitation-request";
    /// <summary><c>mcp-authorization-required</c>: An OAuth-protected MCP server waits for the user to open an authorization URL.</summary>
    public const string McpAuthorizationRequired = "mcp-authorization-required";

    /// <summary>Every event name, in contract order.</summary>
    public static IReadOnlyList<string> All { get; } =
    [
        MessageStarted,
        MessageChunk,
        ThinkingChunk,
        MessageComplete,
        MessageError,
        MessageCancelled,
        MessageMetadataUpdated,
        ToolCallsDetected,
        ToolPermissionRequest,
        ToolExecutionStarted,
        ToolExecutionProgress,
        ToolExecutionCompleted,
        ToolExecutionError,
        AgentLoopIteration,
        ChatUpdated,
        McpServerStatusChanged,
        BudgetWarning,
        ContextCompacted,
        PlanUpdated,
        McpResourcesChanged,
        McpElicitationRequest,
        McpAuthorizationRequired,
    ];
}
