namespace Nexo;

/// <summary>A chat: a conversation inside a workspace.</summary>
public sealed record Chat
{
    /// <summary>The chat id.</summary>
    public required string Id { get; init; }

    /// <summary>The workspace the chat belongs to.</summary>
    public required string WorkspaceId { get; init; }

    /// <summary>The title.</summary>
    public required string Title { get; init; }

    /// <summary>Whether the chat is pinned to the top of listings.</summary>
    public bool Pinned { get; init; }

    /// <summary>Whether the chat is archived (hidden from default listings).</summary>
    public bool Archived { get; init; }

    /// <summary>A short preview of the last message.</summary>
    public string? LastMessage { get; init; }

    /// <summary>The leaf message of the active branch; <see langword="null"/> means the newest message.</summary>
    public string? ActiveMessageId { get; init; }

    /// <summary>The plan the model keeps with <c>update_plan</c> (<see cref="PlanUpdatedEvent"/>); <see langword="null"/> until it makes one.</summary>
    public IReadOnlyList<PlanEntry>? Plan { get; init; }

    /// <summary>When the chat was created (UTC).</summary>
    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>When the chat last changed (UTC).</summary>
    public DateTimeOffset UpdatedAt { get; init; }
}
