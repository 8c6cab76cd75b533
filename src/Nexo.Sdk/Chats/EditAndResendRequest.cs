using System.Text.Json;
using Microsoft.Extensions.AI;

namespace Nexo;

/// <summary>
/// Edits a user message and re-runs the turn from there (<see cref="ChatService.EditAndResendAsync"/>). The edited message and
/// the answers after it stay stored as another branch; the new message becomes the chat's active branch.
/// </summary>
public sealed record EditAndResendRequest
{
    /// <summary>The chat.</summary>
    public required string ChatId { get; init; }

    /// <summary>The user message being edited.</summary>
    public required string MessageId { get; init; }

    /// <summary>The new text.</summary>
    public required string NewContent { get; init; }

    /// <summary>New attachments (see <see cref="SendMessageRequest.Files"/>).</summary>
    public IReadOnlyList<string>? NewFiles { get; init; }

    /// <summary>Resources of the workspace's MCP servers attached to the new message (see <see cref="SendMessageRequest.Resources"/>).</summary>
    public IReadOnlyList<McpResourceReference>? NewResources { get; init; }

    /// <summary>Metadata for the new user message (the key <c>files</c> is reserved, see <see cref="SendMessageRequest.Metadata"/>).</summary>
    public JsonElement? Metadata { get; init; }

    /// <summary>The model for this turn.</summary>
    public string? SelectedModel { get; init; }

    /// <summary>
    /// How hard a reasoning model thinks (MEAI's <see cref="Microsoft.Extensions.AI.ReasoningEffort"/>); the provider's
    /// default when <see langword="null"/>. Faces read the wire spelling with <see cref="ReasoningEfforts.Parse"/>.
    /// </summary>
    public ReasoningEffort? ReasoningEffort { get; init; }

    /// <summary>The LLM connection for this turn.</summary>
    public string? LlmConnectionId { get; init; }

    /// <summary>The shape the answer must take and be checked against (see <see cref="SendMessageRequest.ResponseFormat"/>).</summary>
    public ChatResponseFormat? ResponseFormat { get; init; }

    /// <summary>How this turn's built-in tools reach the workspace's files and commands (see <see cref="SendMessageRequest.WorkspaceAccess"/>).</summary>
    public WorkspaceAccess? WorkspaceAccess { get; init; }

    /// <summary>
    /// Tools for this turn only, beside the host's (<see cref="NexoOptions.Tools"/>) and the workspace's MCP tools; a tool
    /// here replaces a host tool of the same name. They pass the same permission gate as every tool.
    /// </summary>
    public IList<AITool>? Tools { get; init; }

    /// <summary>
    /// Runs the turn even when the workspace has spent its <see cref="WorkspaceSettings.MonthlyBudgetUsd"/> this month
    /// (without it such a turn is refused with a PermissionDenied error before anything is stored).
    /// </summary>
    public bool IgnoreBudget { get; init; }
}
