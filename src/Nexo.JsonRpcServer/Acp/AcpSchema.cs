using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

// The ACP v1 wire types Nexo uses, spelled as in the schema of @agentclientprotocol/sdk 2.4.0
// (schema/v1/schema.json). Property names are camelCase through AcpJson.Options; `_meta` is spelled out.
// Only the fields Nexo reads or writes are declared: unknown fields are ignored on input.
namespace Nexo.JsonRpcServer.Acp;

/// <summary>The base of every ACP object: the <c>_meta</c> extension bag.</summary>
internal abstract record AcpObject
{
    [JsonPropertyName("_meta")]
    public JsonObject? Meta { get; init; }
}

// ------------------------------------------------------------------ initialize / authenticate

internal sealed record InitializeRequest : AcpObject
{
    public required int ProtocolVersion { get; init; }

    public JsonObject? ClientCapabilities { get; init; }

    public Implementation? ClientInfo { get; init; }
}

internal sealed record Implementation : AcpObject
{
    public required string Name { get; init; }

    public string? Title { get; init; }

    public required string Version { get; init; }
}

internal sealed record InitializeResponse : AcpObject
{
    public required int ProtocolVersion { get; init; }

    public required AgentCapabilities AgentCapabilities { get; init; }

    public required IReadOnlyList<AuthMethod> AuthMethods { get; init; }

    public Implementation? AgentInfo { get; init; }
}

internal sealed record AgentCapabilities : AcpObject
{
    public bool LoadSession { get; init; }

    public required PromptCapabilities PromptCapabilities { get; init; }

    public required McpCapabilities McpCapabilities { get; init; }

    public required SessionCapabilities SessionCapabilities { get; init; }
}

internal sealed record PromptCapabilities : AcpObject
{
    public bool Image { get; init; }

    public bool Audio { get; init; }

    public bool EmbeddedContext { get; init; }
}

internal sealed record McpCapabilities : AcpObject
{
    public bool Http { get; init; }

    public bool Sse { get; init; }
}

/// <summary>Each present member (an empty object) advertises the method.</summary>
internal sealed record SessionCapabilities : AcpObject
{
    public EmptyObject? List { get; init; }

    public EmptyObject? Delete { get; init; }

    public EmptyObject? Resume { get; init; }

    public EmptyObject? Close { get; init; }
}

/// <summary>An object with nothing but <c>_meta</c>: capability markers and empty responses.</summary>
internal sealed record EmptyObject : AcpObject;

/// <summary>An <c>agent</c> auth method (the default type, so no <c>type</c> field).</summary>
internal sealed record AuthMethod : AcpObject
{
    public required string Id { get; init; }

    public required string Name { get; init; }

    public string? Description { get; init; }
}

internal sealed record AuthenticateRequest : AcpObject
{
    public required string MethodId { get; init; }
}

// ------------------------------------------------------------------ sessions

/// <summary>An MCP server the client wants connected: stdio (no <c>type</c>), <c>http</c> or <c>sse</c>.</summary>
internal sealed record McpServerSpec : AcpObject
{
    public string? Type { get; init; }

    public required string Name { get; init; }

    public string? Command { get; init; }

    public IReadOnlyList<string>? Args { get; init; }

    public IReadOnlyList<NameValue>? Env { get; init; }

    public string? Url { get; init; }

    public IReadOnlyList<NameValue>? Headers { get; init; }
}

internal sealed record NameValue : AcpObject
{
    public required string Name { get; init; }

    public required string Value { get; init; }
}

internal sealed record NewSessionRequest : AcpObject
{
    public required string Cwd { get; init; }

    public IReadOnlyList<string>? AdditionalDirectories { get; init; }

    public IReadOnlyList<McpServerSpec>? McpServers { get; init; }
}

/// <summary>The client capabilities Nexo uses (<c>clientCapabilities</c> of <c>initialize</c>); anything missing is unsupported.</summary>
internal sealed record AcpClientCapabilities
{
    /// <summary>Nothing advertised.</summary>
    public static AcpClientCapabilities None { get; } = new();

    /// <summary><c>fs.readTextFile</c>: the client answers <c>fs/read_text_file</c>.</summary>
    public bool ReadTextFile { get; init; }

    /// <summary><c>fs.writeTextFile</c>: the client answers <c>fs/write_text_file</c>.</summary>
    public bool WriteTextFile { get; init; }

    /// <summary><c>terminal</c>: the client answers <c>terminal/create</c>, <c>output</c>, <c>wait_for_exit</c>, <c>kill</c>, <c>release</c>.</summary>
    public bool Terminal { get; init; }

    /// <summary><c>elicitation.form</c>: the client answers form-mode <c>elicitation/create</c> requests.</summary>
    public bool ElicitationForm { get; init; }

    /// <summary><c>elicitation.url</c>: the client answers URL-mode <c>elicitation/create</c> requests.</summary>
    public bool ElicitationUrl { get; init; }

    /// <summary>The MCP elicitation modes Nexo may advertise to MCP servers for this client.</summary>
    public McpElicitationModes ElicitationModes =>
        (ElicitationForm ? McpElicitationModes.Form : McpElicitationModes.None) | (ElicitationUrl ? McpElicitationModes.Url : McpElicitationModes.None);

    /// <summary>Reads what Nexo uses from <c>clientCapabilities</c> (a value that is not <see langword="true"/> counts as unsupported).</summary>
    public static AcpClientCapabilities Read(JsonObject? capabilities)
    {
        static bool IsTrue(JsonNode? node) => node is JsonValue value && value.TryGetValue<bool>(out var b) && b;
        if (capabilities is null)
        {
            return None;
        }

        var fs = capabilities["fs"] as JsonObject;
        var elicitation = capabilities["elicitation"] as JsonObject;
        return new AcpClientCapabilities
        {
            // A mode is supported when its object is present ({} or with _meta); omitted or null is unsupported.
            ElicitationForm = elicitation?["form"] is JsonObject,
            ElicitationUrl = elicitation?["url"] is JsonObject,
            ReadTextFile = IsTrue(fs?["readTextFile"]),
            WriteTextFile = IsTrue(fs?["writeTextFile"]),
            Terminal = IsTrue(capabilities["terminal"]),
        };
    }
}

internal sealed record NewSessionResponse : AcpObject
{
    public required string SessionId { get; init; }

    public IReadOnlyList<SessionConfigOption>? ConfigOptions { get; init; }
}

/// <summary>The params of <c>session/load</c> and <c>session/resume</c>.</summary>
internal sealed record LoadSessionRequest : AcpObject
{
    public required string SessionId { get; init; }

    public required string Cwd { get; init; }

    public IReadOnlyList<string>? AdditionalDirectories { get; init; }

    public IReadOnlyList<McpServerSpec>? McpServers { get; init; }
}

/// <summary>The result of <c>session/load</c> and <c>session/resume</c>.</summary>
internal sealed record LoadSessionResponse : AcpObject
{
    public IReadOnlyList<SessionConfigOption>? ConfigOptions { get; init; }
}

internal sealed record ListSessionsRequest : AcpObject
{
    public string? Cwd { get; init; }

    public string? Cursor { get; init; }
}

internal sealed record ListSessionsResponse : AcpObject
{
    public required IReadOnlyList<SessionInfo> Sessions { get; init; }

    public string? NextCursor { get; init; }
}

internal sealed record SessionInfo : AcpObject
{
    public required string SessionId { get; init; }

    public required string Cwd { get; init; }

    public string? Title { get; init; }

    public string? UpdatedAt { get; init; }
}

/// <summary>The params of <c>session/delete</c>, <c>session/close</c> and <c>session/cancel</c>.</summary>
internal sealed record SessionIdRequest : AcpObject
{
    public required string SessionId { get; init; }
}

internal sealed record SetConfigOptionRequest : AcpObject
{
    public required string SessionId { get; init; }

    public required string ConfigId { get; init; }

    public string? Type { get; init; }

    public required JsonElement Value { get; init; }
}

internal sealed record SetConfigOptionResponse : AcpObject
{
    public required IReadOnlyList<SessionConfigOption> ConfigOptions { get; init; }
}

/// <summary>A <c>select</c> config option (the only type Nexo offers).</summary>
internal sealed record SessionConfigOption : AcpObject
{
    public required string Id { get; init; }

    public required string Name { get; init; }

    public string? Description { get; init; }

    public string? Category { get; init; }

    public string Type { get; init; } = "select";

    public required string CurrentValue { get; init; }

    /// <summary>Either <see cref="SessionConfigSelectOption"/>s or <see cref="SessionConfigSelectGroup"/>s.</summary>
    public required IReadOnlyList<object> Options { get; init; }
}

internal sealed record SessionConfigSelectOption : AcpObject
{
    public required string Value { get; init; }

    public required string Name { get; init; }

    public string? Description { get; init; }
}

internal sealed record SessionConfigSelectGroup : AcpObject
{
    public required string Group { get; init; }

    public required string Name { get; init; }

    public required IReadOnlyList<SessionConfigSelectOption> Options { get; init; }
}

// ------------------------------------------------------------------ prompt turn

internal sealed record PromptRequest : AcpObject
{
    public required string SessionId { get; init; }

    public required IReadOnlyList<ContentBlock> Prompt { get; init; }
}

internal sealed record PromptResponse : AcpObject
{
    public required string StopReason { get; init; }
}

[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(TextBlock), "text")]
[JsonDerivedType(typeof(ImageBlock), "image")]
[JsonDerivedType(typeof(AudioBlock), "audio")]
[JsonDerivedType(typeof(ResourceLinkBlock), "resource_link")]
[JsonDerivedType(typeof(ResourceBlock), "resource")]
internal abstract record ContentBlock : AcpObject
{
    public JsonObject? Annotations { get; init; }
}

internal sealed record TextBlock : ContentBlock
{
    public required string Text { get; init; }
}

internal sealed record ImageBlock : ContentBlock
{
    public required string Data { get; init; }

    public required string MimeType { get; init; }

    public string? Uri { get; init; }
}

internal sealed record AudioBlock : ContentBlock
{
    public required string Data { get; init; }

    public required string MimeType { get; init; }
}

internal sealed record ResourceLinkBlock : ContentBlock
{
    public required string Name { get; init; }

    public required string Uri { get; init; }

    public string? MimeType { get; init; }

    public string? Title { get; init; }

    public long? Size { get; init; }
}

internal sealed record ResourceBlock : ContentBlock
{
    public required EmbeddedResourceContents Resource { get; init; }
}

/// <summary>Text (<see cref="Text"/>) or binary (<see cref="Blob"/>, base64) resource contents.</summary>
internal sealed record EmbeddedResourceContents : AcpObject
{
    public required string Uri { get; init; }

    public string? MimeType { get; init; }

    public string? Text { get; init; }

    public string? Blob { get; init; }
}

// ------------------------------------------------------------------ session/update

internal sealed record SessionNotification : AcpObject
{
    public required string SessionId { get; init; }

    public required SessionUpdate Update { get; init; }
}

[JsonPolymorphic(TypeDiscriminatorPropertyName = "sessionUpdate")]
[JsonDerivedType(typeof(UserMessageChunk), "user_message_chunk")]
[JsonDerivedType(typeof(AgentMessageChunk), "agent_message_chunk")]
[JsonDerivedType(typeof(AgentThoughtChunk), "agent_thought_chunk")]
[JsonDerivedType(typeof(ToolCallStart), "tool_call")]
[JsonDerivedType(typeof(ToolCallProgress), "tool_call_update")]
[JsonDerivedType(typeof(UsageUpdate), "usage_update")]
[JsonDerivedType(typeof(SessionInfoUpdate), "session_info_update")]
[JsonDerivedType(typeof(ConfigOptionUpdate), "config_option_update")]
[JsonDerivedType(typeof(PlanUpdate), "plan")]
[JsonDerivedType(typeof(AvailableCommandsUpdate), "available_commands_update")]
internal abstract record SessionUpdate : AcpObject;

internal abstract record ContentChunk : SessionUpdate
{
    public required ContentBlock Content { get; init; }

    public string? MessageId { get; init; }
}

internal sealed record UserMessageChunk : ContentChunk;

internal sealed record AgentMessageChunk : ContentChunk;

internal sealed record AgentThoughtChunk : ContentChunk;

/// <summary>A <c>tool_call</c> update: the first report of a call.</summary>
internal sealed record ToolCallStart : SessionUpdate
{
    public required string ToolCallId { get; init; }

    public required string Title { get; init; }

    public string? Name { get; init; }

    public string? Kind { get; init; }

    public string? Status { get; init; }

    public IReadOnlyList<ToolCallContent>? Content { get; init; }

    public IReadOnlyList<ToolCallLocation>? Locations { get; init; }

    public JsonNode? RawInput { get; init; }

    public JsonNode? RawOutput { get; init; }
}

/// <summary>A <c>tool_call_update</c>: only the changed fields.</summary>
internal sealed record ToolCallProgress : SessionUpdate
{
    public required string ToolCallId { get; init; }

    public string? Title { get; init; }

    public string? Name { get; init; }

    public string? Kind { get; init; }

    public string? Status { get; init; }

    public IReadOnlyList<ToolCallContent>? Content { get; init; }

    public IReadOnlyList<ToolCallLocation>? Locations { get; init; }

    public JsonNode? RawInput { get; init; }

    public JsonNode? RawOutput { get; init; }
}

/// <summary>The <c>toolCall</c> of a permission request (a <c>ToolCallUpdate</c> without the discriminator).</summary>
internal sealed record ToolCallFields : AcpObject
{
    public required string ToolCallId { get; init; }

    public string? Title { get; init; }

    public string? Name { get; init; }

    public string? Kind { get; init; }

    public string? Status { get; init; }

    public IReadOnlyList<ToolCallContent>? Content { get; init; }

    public IReadOnlyList<ToolCallLocation>? Locations { get; init; }

    public JsonNode? RawInput { get; init; }
}

/// <summary>A <c>content</c> item of a tool call: a content block, a diff, or an embedded client terminal.</summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(ToolCallContentBlock), "content")]
[JsonDerivedType(typeof(ToolCallDiff), "diff")]
[JsonDerivedType(typeof(ToolCallTerminal), "terminal")]
internal abstract record ToolCallContent : AcpObject;

/// <summary><c>{"type":"content","content":…}</c>: a content block (text).</summary>
internal sealed record ToolCallContentBlock : ToolCallContent
{
    public required ContentBlock Content { get; init; }
}

/// <summary><c>{"type":"diff","path","oldText","newText"}</c>: a file change (<c>oldText</c> left out for a new file).</summary>
internal sealed record ToolCallDiff : ToolCallContent
{
    public required string Path { get; init; }

    public string? OldText { get; init; }

    public required string NewText { get; init; }
}

/// <summary><c>{"type":"terminal","terminalId"}</c>: a terminal created with <c>terminal/create</c>, shown live by the client.</summary>
internal sealed record ToolCallTerminal : ToolCallContent
{
    public required string TerminalId { get; init; }
}

/// <summary>A file a tool call reads or changes (absolute path, 1-based line).</summary>
internal sealed record ToolCallLocation : AcpObject
{
    public required string Path { get; init; }

    public int? Line { get; init; }
}

internal sealed record UsageUpdate : SessionUpdate
{
    public required long Used { get; init; }

    public required long Size { get; init; }

    public AcpCost? Cost { get; init; }
}

/// <summary>A <c>usage_update</c>'s cumulative session cost.</summary>
internal sealed record AcpCost
{
    public required decimal Amount { get; init; }

    public required string Currency { get; init; }
}

internal sealed record SessionInfoUpdate : SessionUpdate
{
    public string? Title { get; init; }

    public string? UpdatedAt { get; init; }
}

internal sealed record ConfigOptionUpdate : SessionUpdate
{
    public required IReadOnlyList<SessionConfigOption> ConfigOptions { get; init; }
}

/// <summary>A <c>plan</c> update: the whole plan (it replaces the previous one).</summary>
internal sealed record PlanUpdate : SessionUpdate
{
    public required IReadOnlyList<AcpPlanEntry> Entries { get; init; }
}

internal sealed record AcpPlanEntry : AcpObject
{
    public required string Content { get; init; }

    /// <summary><c>high</c>, <c>medium</c> or <c>low</c>.</summary>
    public required string Priority { get; init; }

    /// <summary><c>pending</c>, <c>in_progress</c> or <c>completed</c>.</summary>
    public required string Status { get; init; }
}

// ------------------------------------------------------------------ session/request_permission

internal sealed record RequestPermissionRequest : AcpObject
{
    public required string SessionId { get; init; }

    public required ToolCallFields ToolCall { get; init; }

    public required IReadOnlyList<PermissionOption> Options { get; init; }
}

internal sealed record PermissionOption : AcpObject
{
    public required string OptionId { get; init; }

    public required string Name { get; init; }

    public required string Kind { get; init; }
}

internal sealed record RequestPermissionResponse : AcpObject
{
    public required PermissionOutcome Outcome { get; init; }
}

/// <summary><c>{"outcome":"cancelled"}</c> or <c>{"outcome":"selected","optionId":…}</c>.</summary>
internal sealed record PermissionOutcome : AcpObject
{
    public required string Outcome { get; init; }

    public string? OptionId { get; init; }
}

// ------------------------------------------------------------------ client methods: fs/… and terminal/…

internal sealed record ReadTextFileRequest : AcpObject
{
    public required string SessionId { get; init; }

    public required string Path { get; init; }

    public int? Line { get; init; }

    public int? Limit { get; init; }
}

internal sealed record ReadTextFileResponse : AcpObject
{
    public required string Content { get; init; }
}

internal sealed record WriteTextFileRequest : AcpObject
{
    public required string SessionId { get; init; }

    public required string Path { get; init; }

    public required string Content { get; init; }
}

internal sealed record CreateTerminalRequest : AcpObject
{
    public required string SessionId { get; init; }

    public required string Command { get; init; }

    public IReadOnlyList<string>? Args { get; init; }

    public IReadOnlyList<NameValue>? Env { get; init; }

    public string? Cwd { get; init; }

    public long? OutputByteLimit { get; init; }
}

internal sealed record CreateTerminalResponse : AcpObject
{
    public required string TerminalId { get; init; }
}

/// <summary>The params of <c>terminal/output</c>, <c>wait_for_exit</c>, <c>kill</c> and <c>release</c>.</summary>
internal sealed record TerminalRequest : AcpObject
{
    public required string SessionId { get; init; }

    public required string TerminalId { get; init; }
}

internal sealed record TerminalOutputResponse : AcpObject
{
    public string Output { get; init; } = string.Empty;

    public bool Truncated { get; init; }

    public TerminalExitStatus? ExitStatus { get; init; }
}

/// <summary>The result of <c>terminal/wait_for_exit</c>, and <c>exitStatus</c> of <c>terminal/output</c>.</summary>
internal sealed record TerminalExitStatus : AcpObject
{
    public long? ExitCode { get; init; }

    public string? Signal { get; init; }
}

// ------------------------------------------------------------------ _nexo/… extension methods

internal sealed record EditAndResendParams : AcpObject
{
    public required string SessionId { get; init; }

    public required string MessageId { get; init; }

    public required IReadOnlyList<ContentBlock> Prompt { get; init; }
}

internal sealed record RegenerateParams : AcpObject
{
    public required string SessionId { get; init; }

    public string? MessageId { get; init; }
}

internal sealed record SwitchBranchParams : AcpObject
{
    public required string SessionId { get; init; }

    public required string MessageId { get; init; }
}

internal sealed record ForkParams : AcpObject
{
    public required string SessionId { get; init; }

    public string? MessageId { get; init; }
}

internal sealed record ForkResponse : AcpObject
{
    public required string SessionId { get; init; }
}
