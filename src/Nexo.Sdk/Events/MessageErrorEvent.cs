namespace Nexo;

/// <summary><c>message-error</c>: an assistant message failed; its partial content is kept.</summary>
public sealed record MessageErrorEvent : ChatEvent
{
    /// <inheritdoc />
    public override string EventName => NexoEvents.MessageError;

    /// <summary>The assistant message.</summary>
    public required string MessageId { get; init; }

    /// <summary>What went wrong.</summary>
    public required string Error { get; init; }

    /// <summary>The error kind.</summary>
    public NexoErrorKind Kind { get; init; } = NexoErrorKind.Llm;
}
