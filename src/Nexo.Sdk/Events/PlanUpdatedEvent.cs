namespace Nexo;

/// <summary><c>plan-updated</c>: the model replaced the chat's plan (<see cref="Chat.Plan"/>) with <c>update_plan</c>.</summary>
public sealed record PlanUpdatedEvent : ChatEvent
{
    /// <inheritdoc />
    public override string EventName => NexoEvents.PlanUpdated;

    /// <summary>The plan, every entry (the whole plan replaces the previous one).</summary>
    public required IReadOnlyList<PlanEntry> Entries { get; init; }
}
