namespace Nexo;

/// <summary><c>message-metadata-updated</c>: the metadata of a message changed.</summary>
public sealed record MessageMetadataUpdatedEvent : ChatEvent
{
    /// <inheritdoc />
    public override string EventName => NexoEvents.MessageMetadataUpdated;

    /// <summary>The message.</summary>
    public required string MessageId { get; init; }
}
