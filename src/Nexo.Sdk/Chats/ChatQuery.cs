namespace Nexo;

/// <summary>Options for listing the chats of a workspace, newest first (pinned chats first).</summary>
public sealed record ChatQuery
{
    /// <summary>The maximum number of chats to return (1 to 1000, default 100).</summary>
    public int Limit { get; init; } = 100;

    /// <summary>The cursor returned by the previous page, or <see langword="null"/> for the first page.</summary>
    public string? Cursor { get; init; }

    /// <summary>Whether archived chats are included (default <see langword="false"/>).</summary>
    public bool IncludeArchived { get; init; }
}
