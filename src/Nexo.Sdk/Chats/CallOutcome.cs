using Microsoft.Extensions.AI;

namespace Nexo.Chats;

/// <summary>What one model call produced: the text and reasoning that arrived (also when it failed or was cancelled), the tool calls, usage.</summary>
internal sealed class CallOutcome
{
    public string Content { get; set; } = string.Empty;

    public string Reasoning { get; set; } = string.Empty;

    /// <summary>What the model said, as one assistant message for the next call of the agent loop.</summary>
    public List<AIContent> RawContents { get; set; } = [];

    public List<FunctionCallContent> ToolCalls { get; set; } = [];

    public UsageDetails? Usage { get; set; }

    public string? FinishReason { get; set; }

    public string? ResponseModel { get; set; }

    public MessageStatus Status { get; set; }

    public NexoException? Error { get; set; }

    public long LatencyMs { get; set; }
}
