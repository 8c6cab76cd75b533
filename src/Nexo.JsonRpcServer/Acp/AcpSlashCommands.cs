using System.Text.Json;

namespace Nexo.JsonRpcServer.Acp;

/// <summary>An <c>available_commands_update</c>: the slash commands the client may offer (the whole list each time).</summary>
internal sealed record AvailableCommandsUpdate : SessionUpdate
{
    public required IReadOnlyList<AvailableCommand> AvailableCommands { get; init; }
}

/// <summary>One command of an <see cref="AvailableCommandsUpdate"/>.</summary>
internal sealed record AvailableCommand : AcpObject
{
    public required string Name { get; init; }

    public required string Description { get; init; }

    /// <summary>The unstructured input the command takes (its arguments); absent when it takes none.</summary>
    public AvailableCommandInput? Input { get; init; }
}

/// <summary>A command's unstructured input: a hint shown while nothing is typed after the command.</summary>
internal sealed record AvailableCommandInput : AcpObject
{
    public required string Hint { get; init; }
}

/// <summary>
/// The workspace's slash commands (<see cref="SlashCommandService"/>) as ACP available commands, and prompts that run
/// one: text starting with <c>/name</c> where name is one of them (anything else is an ordinary prompt).
/// </summary>
internal static class AcpSlashCommands
{
    /// <summary>The commands as ACP announces them: name, description, and for a command with arguments a hint such as <c>city [state]</c>.</summary>
    public static IReadOnlyList<AvailableCommand> ToAvailable(IReadOnlyList<SlashCommand> commands) => commands.Select(c => new AvailableCommand
    {
        Name = c.Name,
        Description = c.Description,
        Input = c.Arguments.Count == 0 ? null : new AvailableCommandInput { Hint = string.Join(' ', c.Arguments.Select(a => a.Required ? a.Name : $"[{a.Name}]")) },
    }).ToList();

    /// <summary>The <see cref="Signature"/> of no commands: what a session starts with.</summary>
    public const string EmptySignature = "[]";

    /// <summary>A stable text of a list, to tell whether it changed since it was last announced.</summary>
    public static string Signature(IReadOnlyList<AvailableCommand> commands) => JsonSerializer.Serialize(commands, AcpJson.Options);

    /// <summary>
    /// The slash command a prompt's text runs, with its arguments bound (<see cref="SlashCommandLine"/>), or
    /// <see langword="null"/> when the text does not start with <c>/name</c> of a listed command.
    /// </summary>
    public static (SlashCommand Command, IReadOnlyDictionary<string, string> Arguments)? Match(string text, IReadOnlyList<SlashCommand> commands)
    {
        if (!SlashCommandLine.TryParse(text, out var name, out var rest) || SlashCommandService.Find(commands, name) is not { } command)
        {
            return null;
        }

        return (command, SlashCommandLine.BindArguments(command, rest));
    }
}
