namespace Nexo;

/// <summary><c>thinking-chunk</c>: a reasoning delta of an assistant message.</summary>
public sealed record ThinkingChunkEvent : ChatEvent
{
    /// <inheritdoc />
    public override string EventName => NexoEvents.ThinkingChunk;

    /// <summary>The assistant message.</summary>
    public required string MessageId { get; init; }

    /// <summary>The new reasoning text.</summary>
    public required string Chunk { get; init; }
}
