namespace Nexo;

/// <summary>How <see cref="UsageService.GetBreakdownAsync(UsageFilter?, UsageBreakdownOptions?, CancellationToken)"/> groups the records.</summary>
public sealed record UsageBreakdownOptions
{
    /// <summary>The breakdown of earlier versions: by UTC day, connection and model.</summary>
    public static IReadOnlyList<UsageGroupBy> DefaultGroupBy { get; } = [UsageGroupBy.Day, UsageGroupBy.Connection, UsageGroupBy.Model];

    /// <summary>
    /// The keys to group by, each at most once; <see langword="null"/> for <see cref="DefaultGroupBy"/>. Rows are sorted by
    /// the keys in this order: <see cref="UsageGroupBy.Day"/> and <see cref="UsageGroupBy.Hour"/> newest first, the
    /// others ascending (a missing id first).
    /// </summary>
    public IReadOnlyList<UsageGroupBy>? GroupBy { get; init; }
}
