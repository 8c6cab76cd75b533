namespace Nexo;

/// <summary>
/// A command a person can run as <c>/name …</c> in a chat of a workspace (<see cref="SlashCommandService.ListAsync"/>):
/// one of Nexo's prompt templates or an MCP prompt of a server the workspace enables. Running it renders the prompt and
/// sends the result as the user's turn. See <see cref="SlashCommandService"/> for the naming rule.
/// </summary>
public sealed record SlashCommand
{
    /// <summary>The command word, without the slash: unique in the workspace's list (case-insensitive).</summary>
    public required string Name { get; init; }

    /// <summary>
    /// A name that always runs this command, even when <see cref="Name"/> is shadowed elsewhere (a face's own command of
    /// the same name): <c>server:prompt</c> for an MCP prompt, <see cref="Name"/> for a template.
    /// </summary>
    public required string QualifiedName { get; init; }

    /// <summary>What the command does: the template's or prompt's description, else a short stand-in (never empty).</summary>
    public required string Description { get; init; }

    /// <summary>The arguments, in the order positional values fill them.</summary>
    public IReadOnlyList<SlashCommandArgument> Arguments { get; init; } = [];

    /// <summary>Where the command comes from.</summary>
    public required SlashCommandSource Source { get; init; }

    /// <summary>The prompt's own name: the template's name, or the MCP prompt's name as the server spells it.</summary>
    public required string PromptName { get; init; }

    /// <summary>The prompt template's id (<see cref="SlashCommandSource.Template"/> only).</summary>
    public string? PromptId { get; init; }

    /// <summary>The MCP server connection's id (<see cref="SlashCommandSource.Mcp"/> only).</summary>
    public string? ServerId { get; init; }

    /// <summary>The MCP server connection's name (<see cref="SlashCommandSource.Mcp"/> only).</summary>
    public string? ServerName { get; init; }
}
