namespace Nexo;

/// <summary>Which usage records an aggregation or listing covers.</summary>
public sealed record UsageFilter
{
    /// <summary>Only records at or after this time.</summary>
    public DateTimeOffset? Start { get; init; }

    /// <summary>Only records before this time.</summary>
    public DateTimeOffset? End { get; init; }

    /// <summary>Only records of this workspace.</summary>
    public string? WorkspaceId { get; init; }

    /// <summary>Only records of this chat.</summary>
    public string? ChatId { get; init; }

    /// <summary>Only records of this connection.</summary>
    public string? ConnectionId { get; init; }
}
