namespace Nexo;

/// <summary>
/// <c>budget-warning</c>: a workspace's spending this UTC month crossed 80 % or 100 % of its
/// <see cref="WorkspaceSettings.MonthlyBudgetUsd"/> (published once per crossing, after the usage record that crossed it).
/// At 100 % new turns of the workspace are refused unless a request sets <see cref="SendMessageRequest.IgnoreBudget"/>.
/// </summary>
public sealed record BudgetWarningEvent : NexoEvent
{
    /// <inheritdoc />
    public override string EventName => NexoEvents.BudgetWarning;

    /// <summary>The workspace.</summary>
    public required string WorkspaceId { get; init; }

    /// <summary>The known cost in USD of the workspace's usage this UTC month.</summary>
    public required decimal Spent { get; init; }

    /// <summary>The monthly budget in USD.</summary>
    public required decimal Budget { get; init; }

    /// <summary><see cref="Spent"/> as a percentage of <see cref="Budget"/>, rounded down to a whole number (80 or more).</summary>
    public required int Percent { get; init; }
}
