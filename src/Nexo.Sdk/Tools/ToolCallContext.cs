namespace Nexo;

/// <summary>
/// The tool call a tool is running for, while it runs in a turn: which chat, message and call, and a way to report
/// progress (sent as <c>tool-execution-progress</c> events with status <c>progress</c>, like an MCP server's progress).
/// Read it from inside an <see cref="Microsoft.Extensions.AI.AIFunction"/> with <see cref="Current"/>; it is
/// <see langword="null"/> outside a turn's tool call.
/// </summary>
public sealed class ToolCallContext
{
    private static readonly AsyncLocal<ToolCallContext?> s_current = new();
    private readonly Action<double, double?, string?> _progress;

    internal ToolCallContext(string chatId, string workspaceId, string messageId, ToolCall call, string? workspaceRoot, Action<double, double?, string?> progress)
    {
        ChatId = chatId;
        WorkspaceId = workspaceId;
        MessageId = messageId;
        Call = call;
        WorkspaceRoot = workspaceRoot;
        _progress = progress;
    }

    /// <summary>The call running on this asynchronous flow, or <see langword="null"/> outside a tool call of a turn.</summary>
    public static ToolCallContext? Current
    {
        get => s_current.Value;
        internal set => s_current.Value = value;
    }

    /// <summary>The chat id.</summary>
    public string ChatId { get; }

    /// <summary>The chat's workspace id.</summary>
    public string WorkspaceId { get; }

    /// <summary>The assistant message that asked for the call.</summary>
    public string MessageId { get; }

    /// <summary>The call: its id, the tool's name and the arguments the model gave.</summary>
    public ToolCall Call { get; }

    /// <summary>The workspace's root folder, when it has one.</summary>
    public string? WorkspaceRoot { get; }

    /// <summary>Reports progress of the call. Reports after the call returned are dropped.</summary>
    /// <param name="progress">How far the call is (grows with each report).</param>
    /// <param name="total">The total, when known.</param>
    /// <param name="message">A short note for people.</param>
    public void ReportProgress(double progress, double? total = null, string? message = null) => _progress(progress, total, message);
}
