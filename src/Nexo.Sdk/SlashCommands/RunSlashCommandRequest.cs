using System.Text.Json;
using Microsoft.Extensions.AI;

namespace Nexo;

/// <summary>
/// The input of <see cref="SlashCommandService.RunAsync"/>: which command with which arguments, and the per-turn options
/// of a <see cref="SendMessageRequest"/> that apply to the turn it sends.
/// </summary>
public sealed record RunSlashCommandRequest
{
    /// <summary>The chat (required); the commands are those of its workspace.</summary>
    public required string ChatId { get; init; }

    /// <summary>The command: its <see cref="SlashCommand.Name"/> or <see cref="SlashCommand.QualifiedName"/>, or a template's own name or id (case-insensitive; a leading <c>/</c> is ignored; see <see cref="SlashCommandService.Find"/>).</summary>
    public required string Name { get; init; }

    /// <summary>The argument values by argument name (exact spelling). Every required argument needs one; an unknown name is a Validation error.</summary>
    public IReadOnlyDictionary<string, string>? Arguments { get; init; }

    /// <summary>More files to attach to the user's turn, beside the images the prompt itself brings (<see cref="SendMessageRequest.Files"/>).</summary>
    public IReadOnlyList<string>? Files { get; init; }

    /// <summary>Resources of the workspace's MCP servers to attach to the user's turn (<see cref="SendMessageRequest.Resources"/>).</summary>
    public IReadOnlyList<McpResourceReference>? Resources { get; init; }

    /// <summary>Metadata stored with the user message (a JSON object); the keys <c>files</c> and <c>slashCommand</c> are Nexo's.</summary>
    public JsonElement? Metadata { get; init; }

    /// <summary>The model for this turn (<see cref="SendMessageRequest.SelectedModel"/>).</summary>
    public string? SelectedModel { get; init; }

    /// <summary>How hard a reasoning model thinks (<see cref="SendMessageRequest.ReasoningEffort"/>).</summary>
    public ReasoningEffort? ReasoningEffort { get; init; }

    /// <summary>The LLM connection for this turn (<see cref="SendMessageRequest.LlmConnectionId"/>).</summary>
    public string? LlmConnectionId { get; init; }

    /// <summary>A system prompt for this turn only (<see cref="SendMessageRequest.SystemMessage"/>).</summary>
    public string? SystemMessage { get; init; }

    /// <summary>A temperature for this turn only (<see cref="SendMessageRequest.Temperature"/>).</summary>
    public double? Temperature { get; init; }

    /// <summary>Whether to stream this turn (<see cref="SendMessageRequest.Stream"/>).</summary>
    public bool? Stream { get; init; }

    /// <summary>The message the new user message follows (<see cref="SendMessageRequest.ParentMessageId"/>).</summary>
    public string? ParentMessageId { get; init; }

    /// <summary>The shape the answer must take (<see cref="SendMessageRequest.ResponseFormat"/>).</summary>
    public ChatResponseFormat? ResponseFormat { get; init; }

    /// <summary>How the built-in tools reach the workspace (<see cref="SendMessageRequest.WorkspaceAccess"/>).</summary>
    public WorkspaceAccess? WorkspaceAccess { get; init; }

    /// <summary>Tools for this turn only (<see cref="SendMessageRequest.Tools"/>).</summary>
    public IList<AITool>? Tools { get; init; }

    /// <summary>Runs the turn even when the workspace's monthly budget is spent (<see cref="SendMessageRequest.IgnoreBudget"/>).</summary>
    public bool IgnoreBudget { get; init; }
}
