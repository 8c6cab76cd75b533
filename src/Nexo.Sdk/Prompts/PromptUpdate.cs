namespace Nexo;

/// <summary>A partial update of a <see cref="Prompt"/>; <see langword="null"/> properties keep their stored value.</summary>
public sealed record PromptUpdate
{
    /// <summary>The new name.</summary>
    public string? Name { get; init; }

    /// <summary>The new template text.</summary>
    public string? Content { get; init; }

    /// <summary>The new description (empty string clears it).</summary>
    public string? Description { get; init; }
}
