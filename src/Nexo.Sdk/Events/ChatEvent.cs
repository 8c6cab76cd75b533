namespace Nexo;

/// <summary>An event about one chat.</summary>
public abstract record ChatEvent : NexoEvent
{
    /// <summary>The chat.</summary>
    public required string ChatId { get; init; }
}
