namespace Nexo;

/// <summary>The input for creating a <see cref="Workspace"/>.</summary>
public sealed record NewWorkspace
{
    /// <summary>An id chosen by the caller; a new one is generated when <see langword="null"/>.</summary>
    public string? Id { get; init; }

    /// <summary>The name (required, unique, at most 200 characters).</summary>
    public required string Name { get; init; }

    /// <summary>An optional root folder; stored as a full path.</summary>
    public string? RootPath { get; init; }
}
