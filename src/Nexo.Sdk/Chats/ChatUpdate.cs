namespace Nexo;

/// <summary>A partial update of a <see cref="Chat"/>; <see langword="null"/> properties keep their stored value.</summary>
public sealed record ChatUpdate
{
    /// <summary>The new title (not empty).</summary>
    public string? Title { get; init; }

    /// <summary>Pin or unpin the chat.</summary>
    public bool? Pinned { get; init; }

    /// <summary>Archive or unarchive the chat.</summary>
    public bool? Archived { get; init; }

    /// <summary>The new last-message preview.</summary>
    public string? LastMessage { get; init; }

    /// <summary>The new active leaf message (must belong to the chat).</summary>
    public string? ActiveMessageId { get; init; }
}
