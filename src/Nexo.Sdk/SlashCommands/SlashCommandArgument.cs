namespace Nexo;

/// <summary>An argument of a <see cref="SlashCommand"/>.</summary>
public sealed record SlashCommandArgument
{
    /// <summary>The argument name (a template variable, or the MCP prompt's argument name as the server spells it).</summary>
    public required string Name { get; init; }

    /// <summary>What the argument means, when known (MCP prompts only).</summary>
    public string? Description { get; init; }

    /// <summary>Whether the command cannot run without it (every template variable; the MCP arguments the server marks required).</summary>
    public bool Required { get; init; }
}
