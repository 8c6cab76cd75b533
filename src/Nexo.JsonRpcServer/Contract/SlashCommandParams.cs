using System.Text.Json;

namespace Nexo.JsonRpcServer.Contract;

/// <summary>
/// <c>get_slash_commands</c>: the slash commands of a workspace, sorted by name: every prompt template and every prompt
/// of the MCP servers the workspace enables (servers that cannot be reached are left out). MCP prompt names are bare
/// unless they collide with a template or another server's prompt, then <c>server:prompt</c>; see docs/sdk.md.
/// </summary>
public sealed record GetSlashCommandsParams
{
    /// <summary>The workspace.</summary>
    public required string WorkspaceId { get; init; }
}

/// <summary>
/// <c>run_slash_command</c>: renders a slash command (a template with its variables, or an MCP prompt through
/// <c>prompts/get</c>) and sends the result as the user's turn, exactly like <c>send_message</c>: the same events stream
/// as notifications and the result is the same. An unknown command is <c>notFound</c>; an unknown argument or a missing
/// required one is <c>validation</c> (field <c>arguments</c>); nothing is stored then.
/// </summary>
public sealed record RunSlashCommandParams
{
    /// <summary>The chat; the commands are those of its workspace.</summary>
    public required string ChatId { get; init; }

    /// <summary>The command's name or its <c>server:prompt</c> name (case-insensitive; a leading <c>/</c> is ignored).</summary>
    public required string Name { get; init; }

    /// <summary>The argument values by argument name (strings).</summary>
    public IReadOnlyDictionary<string, string>? Arguments { get; init; }

    /// <summary>More files to attach: paths, <c>file://</c> URIs or <c>data:</c> URLs.</summary>
    public IReadOnlyList<string>? Files { get; init; }

    /// <summary>Resources of the workspace's MCP servers to attach (<c>{serverId, uri}</c>), read before anything is stored.</summary>
    public IReadOnlyList<McpResourceReference>? Resources { get; init; }

    /// <summary>Metadata stored with the user message (a JSON object; the keys <c>files</c> and <c>slashCommand</c> are Nexo's).</summary>
    public JsonElement? Metadata { get; init; }

    /// <summary>The model for this turn.</summary>
    public string? SelectedModel { get; init; }

    /// <summary>Reasoning effort: <c>low</c>, <c>medium</c> or <c>high</c>.</summary>
    public string? ReasoningEffort { get; init; }

    /// <summary>The LLM connection for this turn.</summary>
    public string? LlmConnectionId { get; init; }

    /// <summary>A system prompt for this turn only.</summary>
    public string? SystemMessage { get; init; }

    /// <summary>A temperature for this turn only (0 to 2).</summary>
    public double? Temperature { get; init; }

    /// <summary>Whether to stream this turn; the workspace setting when omitted.</summary>
    public bool? Stream { get; init; }

    /// <summary>The message the new user message follows; the active branch's leaf when omitted.</summary>
    public string? ParentMessageId { get; init; }

    /// <summary>Run the turn even when the workspace's monthly budget is spent (else refused with PermissionDenied).</summary>
    public bool? IgnoreBudget { get; init; }

    /// <summary>A JSON Schema object the answer must match (structured output), as for <c>send_message</c>.</summary>
    public JsonElement? ResponseFormat { get; init; }
}
