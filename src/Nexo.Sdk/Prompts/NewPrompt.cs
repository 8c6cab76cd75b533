namespace Nexo;

/// <summary>The input for creating a <see cref="Prompt"/>.</summary>
public sealed record NewPrompt
{
    /// <summary>An id chosen by the caller; a new one is generated when <see langword="null"/>.</summary>
    public string? Id { get; init; }

    /// <summary>The name (required, unique).</summary>
    public required string Name { get; init; }

    /// <summary>The template text (required).</summary>
    public required string Content { get; init; }

    /// <summary>What the prompt is for.</summary>
    public string? Description { get; init; }
}
