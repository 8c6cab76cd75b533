namespace Nexo;

/// <summary><c>message-chunk</c>: a content delta of an assistant message.</summary>
public sealed record MessageChunkEvent : ChatEvent
{
    /// <inheritdoc />
    public override string EventName => NexoEvents.MessageChunk;

    /// <summary>The assistant message.</summary>
    public required string MessageId { get; init; }

    /// <summary>The new text.</summary>
    public required string Chunk { get; init; }
}
