namespace Nexo;

/// <summary>
/// <c>context-compacted</c>: the chat's history did not fit the model's context window, so before a model call the oldest
/// turns were compacted into a stored summary message (<see cref="ContextStrategy.Summarize"/>) or left out of the request
/// (<see cref="ContextStrategy.Truncate"/>). The system prompt, the current message and the turn's own tool calls are
/// always sent; a tool call is never separated from its result.
/// </summary>
public sealed record ContextCompactedEvent : ChatEvent
{
    /// <inheritdoc />
    public override string EventName => NexoEvents.ContextCompacted;

    /// <summary>
    /// What was done: <see cref="ContextStrategy.Summarize"/> (a summary was made and stored) or
    /// <see cref="ContextStrategy.Truncate"/> (the oldest turns were left out; also when making a summary failed).
    /// </summary>
    public required ContextStrategy Strategy { get; init; }

    /// <summary>
    /// Why: <c>window</c> (Nexo's count of the request exceeded the budget) or <c>provider</c> (the provider answered that the
    /// context length was exceeded; the call is retried once after this).
    /// </summary>
    public required string Reason { get; init; }

    /// <summary>The stored summary message (a <c>system</c> message whose metadata has <c>summary</c>), when one was made.</summary>
    public string? SummaryMessageId { get; init; }

    /// <summary>How many stored messages the new summary covers, or were left out of the request.</summary>
    public int CompactedMessages { get; init; }

    /// <summary>How many of them could not even be summarized (too long for one summary call) and were dropped.</summary>
    public int DroppedMessages { get; init; }

    /// <summary>The tokens of the request after fitting (counted, or estimated when <see cref="Estimated"/>).</summary>
    public int Tokens { get; init; }

    /// <summary>The model's context window in tokens.</summary>
    public int ContextWindow { get; init; }

    /// <summary>The tokens the request may take: the window minus what is kept for the answer.</summary>
    public int Budget { get; init; }

    /// <summary>Whether the tokens are an estimate (the model's tokenizer is not known) rather than an exact count.</summary>
    public bool Estimated { get; init; }
}
