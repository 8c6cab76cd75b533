namespace Nexo;

/// <summary>
/// Options for reading the messages of a chat. Results are always oldest first; with no bounds the newest
/// <see cref="Limit"/> messages are returned, so a chat of any length is never loaded whole.
/// </summary>
public sealed record MessageQuery
{
    /// <summary>The maximum number of messages (1 to 10 000, default 1000).</summary>
    public int Limit { get; init; } = 1000;

    /// <summary>Only messages with a <see cref="Message.Sequence"/> lower than this (the page before).</summary>
    public long? BeforeSequence { get; init; }

    /// <summary>Only messages with a <see cref="Message.Sequence"/> higher than this (the page after).</summary>
    public long? AfterSequence { get; init; }
}
