using System.Text.Json;

namespace Nexo.JsonRpcServer.Contract;

/// <summary><c>get_messages</c>: reads a page of a chat's messages, oldest first (by default the newest 1000).</summary>
public sealed record GetMessagesParams
{
    /// <summary>The chat.</summary>
    public required string ChatId { get; init; }

    /// <summary>At most this many messages (1 to 10000, default 1000); the newest ones when no bound is given.</summary>
    public int? Limit { get; init; }

    /// <summary>Only messages with a lower sequence (the page before).</summary>
    public long? BeforeSequence { get; init; }

    /// <summary>Only messages with a higher sequence (the page after).</summary>
    public long? AfterSequence { get; init; }
}

/// <summary><c>create_message</c>: stores a message as given, without calling a model.</summary>
public sealed record CreateMessageParams
{
    /// <summary>An id chosen by the caller; the server generates one when omitted.</summary>
    public string? Id { get; init; }

    /// <summary>The chat.</summary>
    public required string ChatId { get; init; }

    /// <summary>Who wrote it.</summary>
    public required MessageRole Role { get; init; }

    /// <summary>The content.</summary>
    public required string Content { get; init; }

    /// <summary>The creation time (ISO-8601); now when omitted.</summary>
    public DateTimeOffset? Timestamp { get; init; }

    /// <summary>The reasoning, if any.</summary>
    public string? Reasoning { get; init; }

    /// <summary>Tool calls of an assistant message.</summary>
    public IReadOnlyList<ToolCall>? ToolCalls { get; init; }

    /// <summary>The call a tool message answers.</summary>
    public string? ToolCallId { get; init; }

    /// <summary>The parent message; the leaf of the active branch when omitted.</summary>
    public string? ParentId { get; init; }

    /// <summary>Metadata (a JSON object).</summary>
    public JsonElement? Metadata { get; init; }
}

/// <summary><c>update_message</c>: replaces the content of a message.</summary>
public sealed record UpdateMessageParams
{
    /// <summary>The message.</summary>
    public required string Id { get; init; }

    /// <summary>The new content.</summary>
    public required string Content { get; init; }
}

/// <summary><c>delete_messages_after</c>: deletes every message of a chat stored after the given one.</summary>
public sealed record DeleteMessagesAfterParams
{
    /// <summary>The chat.</summary>
    public required string ChatId { get; init; }

    /// <summary>The last message to keep.</summary>
    public required string MessageId { get; init; }
}

/// <summary><c>search_messages</c>: full-text search over message content, best matches first.</summary>
public sealed record SearchMessagesParams
{
    /// <summary>The words to find; plain words match as prefixes, quotes make a phrase.</summary>
    public required string Query { get; init; }

    /// <summary>Only this workspace.</summary>
    public string? WorkspaceId { get; init; }

    /// <summary>Only this chat.</summary>
    public string? ChatId { get; init; }

    /// <summary>At most this many hits (1 to 500, default 50).</summary>
    public int? Limit { get; init; }
}
