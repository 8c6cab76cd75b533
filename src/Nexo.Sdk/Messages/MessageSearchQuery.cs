namespace Nexo;

/// <summary>A full-text search over message content.</summary>
public sealed record MessageSearchQuery
{
    /// <summary>The words to find. Plain words are matched as prefixes; quotes make a phrase.</summary>
    public required string Text { get; init; }

    /// <summary>Only this workspace, when set.</summary>
    public string? WorkspaceId { get; init; }

    /// <summary>Only this chat, when set.</summary>
    public string? ChatId { get; init; }

    /// <summary>The maximum number of hits (1 to 500, default 50).</summary>
    public int Limit { get; init; } = 50;
}
