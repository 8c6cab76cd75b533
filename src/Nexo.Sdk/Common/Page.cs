namespace Nexo;

/// <summary>One page of a listing.</summary>
/// <typeparam name="T">The item type.</typeparam>
public sealed record Page<T>
{
    /// <summary>The items of this page.</summary>
    public required IReadOnlyList<T> Items { get; init; }

    /// <summary>The cursor for the next page, or <see langword="null"/> when this is the last page.</summary>
    public string? NextCursor { get; init; }
}
