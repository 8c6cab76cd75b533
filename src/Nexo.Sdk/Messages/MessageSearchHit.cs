namespace Nexo;

/// <summary>A full-text search hit in message content.</summary>
public sealed record MessageSearchHit
{
    /// <summary>The matching message id.</summary>
    public required string MessageId { get; init; }

    /// <summary>The chat of the message.</summary>
    public required string ChatId { get; init; }

    /// <summary>The workspace of the chat.</summary>
    public required string WorkspaceId { get; init; }

    /// <summary>The chat's title.</summary>
    public required string ChatTitle { get; init; }

    /// <summary>The message role.</summary>
    public MessageRole Role { get; init; }

    /// <summary>A snippet of the content around the match, with matches wrapped in <c>[</c> and <c>]</c>.</summary>
    public required string Snippet { get; init; }

    /// <summary>The relevance (BM25; lower is better, as SQLite reports it).</summary>
    public double Rank { get; init; }

    /// <summary>When the message was created (UTC).</summary>
    public DateTimeOffset CreatedAt { get; init; }
}
