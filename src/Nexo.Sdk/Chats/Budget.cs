using System.Globalization;

namespace Nexo.Chats;

/// <summary>A workspace's monthly budget: the refusal at 100 % and the warnings at 80 % and 100 %.</summary>
internal static class Budget
{
    public const int WarnPercent = 80;

    /// <summary>The start of the UTC month of <paramref name="now"/>.</summary>
    public static DateTimeOffset MonthStart(DateTimeOffset now) => new(now.Year, now.Month, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Refuses a turn when the workspace has spent its budget this month.</summary>
    public static async Task ThrowIfSpentAsync(EngineDependencies d, WorkspaceSettings settings, CancellationToken cancellationToken)
    {
        if (settings.MonthlyBudgetUsd is not { } budget)
        {
            return;
        }

        var spent = await d.Usage.GetSpentAsync(settings.WorkspaceId, MonthStart(d.Time.GetUtcNow()), cancellationToken).ConfigureAwait(false);
        if (spent >= budget)
        {
            throw new NexoException(
                NexoErrorKind.PermissionDenied,
                $"The monthly budget of workspace '{settings.WorkspaceId}' is spent: {Usd(spent)} of {Usd(budget)} USD this month. Raise or clear the budget (monthlyBudgetUsd), or send with ignoreBudget to run this turn anyway.")
            {
                Details = new Dictionary<string, object?>
                {
                    ["reason"] = "budget",
                    ["workspaceId"] = settings.WorkspaceId,
                    ["spent"] = spent,
                    ["budget"] = budget,
                },
            };
        }
    }

    /// <summary>The warning to publish when a record of <paramref name="cost"/> moved the month's spending across 80 % or 100 %.</summary>
    public static BudgetWarningEvent? Crossed(string workspaceId, decimal budget, decimal spentAfter, decimal cost)
    {
        var before = Percent(spentAfter - cost, budget);
        var after = Percent(spentAfter, budget);
        var crossed = (before < WarnPercent && after >= WarnPercent) || (before < 100 && after >= 100);
        return crossed
            ? new BudgetWarningEvent { WorkspaceId = workspaceId, Spent = spentAfter, Budget = budget, Percent = (int)Math.Min(after, int.MaxValue) }
            : null;
    }

    private static decimal Percent(decimal spent, decimal budget) => decimal.Floor(spent * 100m / budget);

    private static string Usd(decimal value) => value.ToString("0.######", CultureInfo.InvariantCulture);
}
