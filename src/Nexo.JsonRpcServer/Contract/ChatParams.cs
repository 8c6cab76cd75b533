using System.Text.Json;

namespace Nexo.JsonRpcServer.Contract;

/// <summary><c>create_chat</c>: creates a chat in a workspace.</summary>
public sealed record CreateChatParams
{
    /// <summary>An id chosen by the caller; the server generates one when omitted.</summary>
    public string? Id { get; init; }

    /// <summary>The workspace.</summary>
    public required string WorkspaceId { get; init; }

    /// <summary>The title; <c>New chat</c> when omitted.</summary>
    public string? Title { get; init; }
}

/// <summary><c>get_chats</c>: lists a workspace's chats, pinned first, then most recently updated.</summary>
public sealed record GetChatsParams
{
    /// <summary>The workspace.</summary>
    public required string WorkspaceId { get; init; }

    /// <summary>Whether archived chats are included (default false).</summary>
    public bool? IncludeArchived { get; init; }

    /// <summary>At most this many chats (1 to 1000); every chat when omitted.</summary>
    public int? Limit { get; init; }
}

/// <summary><c>update_chat</c>: changes a chat's title, preview or flags; omitted fields keep their value.</summary>
public sealed record UpdateChatParams
{
    /// <summary>The chat.</summary>
    public required string Id { get; init; }

    /// <summary>The new title.</summary>
    public string? Title { get; init; }

    /// <summary>The new last-message preview.</summary>
    public string? LastMessage { get; init; }

    /// <summary>Pin or unpin the chat.</summary>
    public bool? Pinned { get; init; }

    /// <summary>Archive or unarchive the chat.</summary>
    public bool? Archived { get; init; }
}

/// <summary><c>delete_chat</c>: deletes a chat and its messages.</summary>
public sealed record DeleteChatParams
{
    /// <summary>The chat; its messages are deleted with it.</summary>
    public required string Id { get; init; }
}

/// <summary><c>delete_all_chats_by_workspace</c>: deletes every chat of a workspace.</summary>
public sealed record DeleteAllChatsByWorkspaceParams
{
    /// <summary>The workspace.</summary>
    public required string WorkspaceId { get; init; }
}

/// <summary><c>switch_branch</c>: makes the branch ending at a message the chat's active branch (what the model sees next).</summary>
public sealed record SwitchBranchParams
{
    /// <summary>The chat.</summary>
    public required string ChatId { get; init; }

    /// <summary>The message that becomes the leaf of the active branch.</summary>
    public required string MessageId { get; init; }
}

/// <summary><c>send_message</c>: runs one chat turn. The result (the final assistant message) comes when the turn ends; its events stream meanwhile as notifications. <c>$/cancelRequest</c> on it cancels the turn, which is stored as cancelled.</summary>
public sealed record SendMessageParams
{
    /// <summary>The chat.</summary>
    public required string ChatId { get; init; }

    /// <summary>The user's text.</summary>
    public required string Content { get; init; }

    /// <summary>Attached files: paths, <c>file://</c> URIs or <c>data:</c> URLs.</summary>
    public IReadOnlyList<string>? Files { get; init; }

    /// <summary>
    /// Attached MCP resources <c>{serverId, uri}</c> of the workspace's servers: read before anything is stored, text
    /// inlined with its URI, images sent as images, stored with the user message (its <c>metadata.files</c>).
    /// </summary>
    public IReadOnlyList<McpResourceReference>? Resources { get; init; }

    /// <summary>Metadata stored with the user message (a JSON object).</summary>
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
    /// <summary>
    /// A JSON Schema object the answer must match (structured output): sent to the provider (OpenAI
    /// <c>response_format: {type: "json_schema", json_schema: {name, schema}}</c>, Anthropic <c>output_config.format</c>) and checked
    /// against the final answer. The schema's <c>title</c> names it when it is a valid name (letters, digits, <c>_</c>, <c>-</c>,
    /// up to 64), else <c>response</c>. The check is stored in the assistant message's <c>metadata.responseFormat</c>
    /// (<c>{name, schema, valid, error?, path?}</c>); an answer that is not JSON or fails the schema is an <c>llm</c> error naming
    /// the first problem and its JSON path, with the answer kept (status <c>error</c>). A schema that is not a JSON object is a
    /// <c>validation</c> error (field <c>responseFormat</c>).
    /// </summary>
    public JsonElement? ResponseFormat { get; init; }
}

/// <summary><c>edit_and_resend_message</c>: replaces a user message and runs the turn again from there; the old branch stays stored.</summary>
public sealed record EditAndResendMessageParams
{
    /// <summary>The chat.</summary>
    public required string ChatId { get; init; }

    /// <summary>The user message to edit.</summary>
    public required string MessageId { get; init; }

    /// <summary>The new text.</summary>
    public required string NewContent { get; init; }

    /// <summary>New attached files.</summary>
    public IReadOnlyList<string>? NewFiles { get; init; }

    /// <summary>New attached MCP resources <c>{serverId, uri}</c> (see <c>send_message</c>'s <c>resources</c>).</summary>
    public IReadOnlyList<McpResourceReference>? NewResources { get; init; }

    /// <summary>Metadata stored with the new user message (a JSON object).</summary>
    public JsonElement? Metadata { get; init; }

    /// <summary>The model for this turn.</summary>
    public string? SelectedModel { get; init; }

    /// <summary>Reasoning effort: <c>low</c>, <c>medium</c> or <c>high</c>.</summary>
    public string? ReasoningEffort { get; init; }

    /// <summary>The LLM connection for this turn.</summary>
    public string? LlmConnectionId { get; init; }

    /// <summary>Run the turn even when the workspace's monthly budget is spent (else refused with PermissionDenied).</summary>
    public bool? IgnoreBudget { get; init; }
    /// <summary>A JSON Schema object the answer must match (structured output; see <c>send_message</c>'s <c>responseFormat</c>).</summary>
    public JsonElement? ResponseFormat { get; init; }
}

/// <summary><c>regenerate_message</c>: answers a user message again, as a new branch; the old answer stays stored.</summary>
public sealed record RegenerateMessageParams
{
    /// <summary>The chat.</summary>
    public required string ChatId { get; init; }

    /// <summary>The assistant message to regenerate (or the user message to answer again).</summary>
    public required string MessageId { get; init; }

    /// <summary>The model for this turn.</summary>
    public string? SelectedModel { get; init; }

    /// <summary>Reasoning effort: <c>low</c>, <c>medium</c> or <c>high</c>.</summary>
    public string? ReasoningEffort { get; init; }

    /// <summary>The LLM connection for this turn.</summary>
    public string? LlmConnectionId { get; init; }

    /// <summary>Run the turn even when the workspace's monthly budget is spent (else refused with PermissionDenied).</summary>
    public bool? IgnoreBudget { get; init; }
    /// <summary>A JSON Schema object the answer must match (structured output; see <c>send_message</c>'s <c>responseFormat</c>).</summary>
    public JsonElement? ResponseFormat { get; init; }
}

/// <summary><c>respond_tool_permission</c>: answers a <c>tool-permission-request</c>: the waiting tool calls run or are denied.</summary>
public sealed record RespondToolPermissionParams
{
    /// <summary>The assistant message whose tool calls wait (the request's <c>messageId</c>).</summary>
    public required string MessageId { get; init; }

    /// <summary>Whether the calls may run.</summary>
    public required bool Approved { get; init; }

    /// <summary>When approved: only these tool call ids run; the others are denied. All when omitted.</summary>
    public IReadOnlyList<string>? AllowedToolIds { get; init; }

    /// <summary>Store the answer as a per-tool rule of the workspace.</summary>
    public bool? Remember { get; init; }
}

/// <summary><c>generate_chat_title</c>: asks the model for a short title, stores it and announces <c>chat-updated</c>.</summary>
public sealed record GenerateChatTitleParams
{
    /// <summary>The chat.</summary>
    public required string ChatId { get; init; }

    /// <summary>The text to title; the chat's first user message when omitted.</summary>
    public string? UserPrompt { get; init; }
}

/// <summary><c>cancel_message</c>: cancels the running turn of a chat; its <c>send_message</c> returns with stop reason <c>cancelled</c>.</summary>
public sealed record CancelMessageParams
{
    /// <summary>The chat whose running turn is cancelled.</summary>
    public required string ChatId { get; init; }
}

/// <summary><c>fork_chat</c>: a new chat in the same workspace holding the branch up to and including a message (for a message of the active branch: the active branch up to it, with the tool results that answer it), titled like the original with <c> (fork)</c> appended; attachments are copied.</summary>
public sealed record ForkChatParams
{
    /// <summary>The chat to fork.</summary>
    public required string ChatId { get; init; }

    /// <summary>The last message the fork holds.</summary>
    public required string MessageId { get; init; }
}

/// <summary><c>export_chat</c>: a chat as Nexo JSON (lossless: every branch, tool calls and results, reasoning, usage, metadata) or as Markdown of the active branch.</summary>
public sealed record ExportChatParams
{
    /// <summary>The chat.</summary>
    public required string ChatId { get; init; }

    /// <summary><c>json</c> (Nexo JSON, what <c>import_chats</c> reads back) or <c>markdown</c>.</summary>
    public required string Format { get; init; }
}

/// <summary><c>import_chats</c>: imports chats from Nexo JSON or ChatGPT's <c>conversations.json</c> in one transaction; a bad file imports nothing and the error names the JSON path of its first problem.</summary>
public sealed record ImportChatsParams
{
    /// <summary>The workspace the chats go into.</summary>
    public required string WorkspaceId { get; init; }

    /// <summary>The file's text.</summary>
    public required string Content { get; init; }

    /// <summary><c>nexo</c> (an <c>export_chat</c> JSON document, or an array of them) or <c>chatgpt</c>; <c>nexo</c> when omitted.</summary>
    public string? Format { get; init; }
}
