namespace Nexo;

/// <summary><c>message-cancelled</c>: an assistant message was cancelled; its partial content is kept.</summary>
public sealed record MessageCancelledEvent : ChatEvent
{
    /// <inheritdoc />
    public override string EventName => NexoEvents.MessageCancelled;

    /// <summary>The assistant message.</summary>
    public required string MessageId { get; init; }
}
