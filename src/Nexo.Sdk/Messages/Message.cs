using System.Text.Json;

namespace Nexo;

/// <summary>One message of a chat.</summary>
public sealed record Message
{
    /// <summary>The message id.</summary>
    public required string Id { get; init; }

    /// <summary>The chat the message belongs to.</summary>
    public required string ChatId { get; init; }

    /// <summary>The previous message in this message's branch; <see langword="null"/> for the first message.</summary>
    public string? ParentId { get; init; }

    /// <summary>A number that grows with every message stored in the chat (never reused).</summary>
    public long Sequence { get; init; }

    /// <summary>Who wrote it.</summary>
    public required MessageRole Role { get; init; }

    /// <summary>The text content.</summary>
    public string Content { get; init; } = string.Empty;

    /// <summary>The model's reasoning ("thinking"), when the provider returns it.</summary>
    public string? Reasoning { get; init; }

    /// <summary>The tool calls requested by an assistant message.</summary>
    public IReadOnlyList<ToolCall>? ToolCalls { get; init; }

    /// <summary>For a tool message: the id of the call it answers.</summary>
    public string? ToolCallId { get; init; }

    /// <summary>The state of the message.</summary>
    public MessageStatus Status { get; init; } = MessageStatus.Complete;

    /// <summary>Why the message failed, when <see cref="Status"/> is <see cref="MessageStatus.Error"/>.</summary>
    public string? Error { get; init; }

    /// <summary>Why the model stopped (<c>stop</c>, <c>length</c>, <c>tool_calls</c>, <c>content_filter</c>…).</summary>
    public string? FinishReason { get; init; }

    /// <summary>The model that produced an assistant message.</summary>
    public string? Model { get; init; }

    /// <summary>The LLM connection that produced an assistant message.</summary>
    public string? ConnectionId { get; init; }

    /// <summary>Token usage of an assistant message.</summary>
    public TokenUsage? Usage { get; init; }

    /// <summary>Free-form metadata, a JSON object (attachments, host data…).</summary>
    public JsonElement? Metadata { get; init; }

    /// <summary>When the message was created (UTC).</summary>
    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>When the message was last changed (UTC).</summary>
    public DateTimeOffset UpdatedAt { get; init; }
}
