namespace Nexo;

/// <summary>A partial update of a <see cref="Workspace"/>; <see langword="null"/> properties keep their stored value.</summary>
public sealed record WorkspaceUpdate
{
    /// <summary>The new name.</summary>
    public string? Name { get; init; }

    /// <summary>The new root folder (empty string clears it).</summary>
    public string? RootPath { get; init; }
}
