namespace Nexo;

/// <summary>One entry of a chat's plan (the Agent Client Protocol's plan entry), kept by the model with <c>update_plan</c>.</summary>
public sealed record PlanEntry
{
    /// <summary>What the step is.</summary>
    public required string Content { get; init; }

    /// <summary><c>high</c>, <c>medium</c> or <c>low</c>.</summary>
    public string Priority { get; init; } = "medium";

    /// <summary><c>pending</c>, <c>in_progress</c> or <c>completed</c>.</summary>
    public string Status { get; init; } = "pending";
}
