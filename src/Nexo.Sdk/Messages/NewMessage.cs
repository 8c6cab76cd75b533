using System.Text.Json;

namespace Nexo;

/// <summary>The input for storing a message directly (imports, hosts that keep notices).</summary>
public sealed record NewMessage
{
    /// <summary>An id chosen by the caller; a new one is generated when <see langword="null"/>.</summary>
    public string? Id { get; init; }

    /// <summary>The chat (required).</summary>
    public required string ChatId { get; init; }

    /// <summary>Who wrote it.</summary>
    public required MessageRole Role { get; init; }

    /// <summary>The content.</summary>
    public string Content { get; init; } = string.Empty;

    /// <summary>The reasoning, if any.</summary>
    public string? Reasoning { get; init; }

    /// <summary>Tool calls of an assistant message.</summary>
    public IReadOnlyList<ToolCall>? ToolCalls { get; init; }

    /// <summary>The call a tool message answers.</summary>
    public string? ToolCallId { get; init; }

    /// <summary>The parent message; defaults to the leaf of the chat's active branch.</summary>
    public string? ParentId { get; init; }

    /// <summary>Metadata, a JSON object. The key <c>files</c> is reserved for Nexo's description of attachments (a Validation error).</summary>
    public JsonElement? Metadata { get; init; }

    /// <summary>The creation time; now when <see langword="null"/>.</summary>
    public DateTimeOffset? CreatedAt { get; init; }
}
