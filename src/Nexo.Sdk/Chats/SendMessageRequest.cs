using System.Text.Json;
using Microsoft.Extensions.AI;

namespace Nexo;

/// <summary>The input of one chat turn (<see cref="ChatService.SendMessageAsync"/>, <see cref="ChatService.StreamMessageAsync"/>).</summary>
public sealed record SendMessageRequest
{
    /// <summary>The chat (required).</summary>
    public required string ChatId { get; init; }

    /// <summary>The user's text (required unless files are attached).</summary>
    public required string Content { get; init; }

    /// <summary>Attached files: paths, <c>file://</c> URIs or <c>data:</c> URLs. Text files are inlined with their names; images are sent as images.</summary>
    public IReadOnlyList<string>? Files { get; init; }

    /// <summary>
    /// Resources of the workspace's MCP servers attached as context: each is read before anything is stored (its server
    /// must exist, be enabled and be one of the workspace's servers, <see cref="WorkspaceSettings.McpToolIds"/>, where an
    /// empty tool list is enough; the server must have the URI). Text is inlined with its URI, images are sent as images,
    /// other binary content is refused. What was read is stored with the user message, so later turns and regenerations
    /// send the same content again.
    /// </summary>
    public IReadOnlyList<McpResourceReference>? Resources { get; init; }

    /// <summary>Metadata stored with the user message (a JSON object). The key <c>files</c> is reserved for Nexo's description of attachments: a request that sets it is a Validation error.</summary>
    public JsonElement? Metadata { get; init; }

    /// <summary>The model for this turn; overrides the workspace and connection defaults.</summary>
    public string? SelectedModel { get; init; }

    /// <summary>
    /// How hard a reasoning model thinks (MEAI's <see cref="Microsoft.Extensions.AI.ReasoningEffort"/>); the provider's
    /// default when <see langword="null"/>. Faces read the wire spelling with <see cref="ReasoningEfforts.Parse"/>.
    /// </summary>
    public ReasoningEffort? ReasoningEffort { get; init; }

    /// <summary>The LLM connection for this turn; overrides the workspace's.</summary>
    public string? LlmConnectionId { get; init; }

    /// <summary>A system prompt for this turn only; replaces the workspace's.</summary>
    public string? SystemMessage { get; init; }

    /// <summary>A temperature for this turn only (0 to 2).</summary>
    public double? Temperature { get; init; }

    /// <summary>Whether to stream this turn; the workspace setting when <see langword="null"/>.</summary>
    public bool? Stream { get; init; }

    /// <summary>The message the new user message follows; the active branch's leaf when <see langword="null"/>.</summary>
    public string? ParentMessageId { get; init; }

    /// <summary>
    /// The shape the answer must take (MEAI's <see cref="ChatResponseFormat"/>): usually
    /// <see cref="ChatResponseFormat.ForJsonSchema(System.Text.Json.JsonElement, string?, string?)"/> with a JSON Schema object. It is sent
    /// to the provider (OpenAI <c>response_format: {type: "json_schema", json_schema: {name, schema}}</c>, Anthropic
    /// <c>output_config.format</c>); the final answer must then be JSON that validates against the schema. The check is
    /// stored in the assistant message's metadata under <c>responseFormat</c> (<c>{name, schema, valid, error?, path?}</c>);
    /// an answer that is not JSON or fails the schema stays stored with status error and the turn fails with a
    /// <see cref="NexoException"/> of kind <see cref="NexoErrorKind.Llm"/> naming the first problem and its JSON path.
    /// A JSON format without a schema only requires JSON; <see langword="null"/> or text: no check.
    /// </summary>
    public ChatResponseFormat? ResponseFormat { get; init; }

    /// <summary>
    /// How this turn's built-in tools (<see cref="WorkspaceSettings.BuiltinTools"/>) reach the workspace's files and
    /// commands; the local disk and local processes when <see langword="null"/>. An editor host passes its own.
    /// </summary>
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
