namespace Nexo;

/// <summary><c>message-started</c>: the user message and the assistant message of a model call are stored.</summary>
public sealed record MessageStartedEvent : ChatEvent
{
    /// <inheritdoc />
    public override string EventName => NexoEvents.MessageStarted;

    /// <summary>The user message of the turn.</summary>
    public required string UserMessageId { get; init; }

    /// <summary>The assistant message that will receive the answer.</summary>
    public required string AssistantMessageId { get; init; }
}
