namespace Nexo;

/// <summary>An argument of an <see cref="McpPromptInfo"/>.</summary>
public sealed record McpPromptArgumentInfo
{
    /// <summary>The argument name.</summary>
    public required string Name { get; init; }

    /// <summary>What the argument means.</summary>
    public string? Description { get; init; }

    /// <summary>Whether the argument must be given.</summary>
    public bool Required { get; init; }
}
