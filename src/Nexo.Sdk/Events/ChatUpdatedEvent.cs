namespace Nexo;

/// <summary><c>chat-updated</c>: the title, preview or updated time of a chat changed.</summary>
public sealed record ChatUpdatedEvent : ChatEvent
{
    /// <inheritdoc />
    public override string EventName => NexoEvents.ChatUpdated;

    /// <summary>The title.</summary>
    public required string Title { get; init; }

    /// <summary>The last-message preview.</summary>
    public string? LastMessage { get; init; }

    /// <summary>When the chat changed (UTC).</summary>
    public DateTimeOffset UpdatedAt { get; init; }
}
