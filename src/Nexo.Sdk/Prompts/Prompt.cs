namespace Nexo;

/// <summary>A reusable prompt template with <c>{{variable}}</c> placeholders.</summary>
public sealed record Prompt
{
    /// <summary>The prompt id.</summary>
    public required string Id { get; init; }

    /// <summary>The display name (unique, case-insensitive).</summary>
    public required string Name { get; init; }

    /// <summary>The template text.</summary>
    public required string Content { get; init; }

    /// <summary>What the prompt is for.</summary>
    public string? Description { get; init; }

    /// <summary>The placeholder names found in <see cref="Content"/>, in order of first appearance.</summary>
    public IReadOnlyList<string> Variables => PromptTemplate.GetVariables(Content);

    /// <summary>When the prompt was created (UTC).</summary>
    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>When the prompt last changed (UTC).</summary>
    public DateTimeOffset UpdatedAt { get; init; }
}
