using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Nexo.Cli.Output;

/// <summary>
/// The source-generated JSON metadata of everything <c>nexo --json</c> writes (the SDK's records and the CLI's own
/// output shapes), so the native (AOT) <c>nexo</c> needs no reflection. It is the only resolver of
/// <see cref="JsonOutput"/>'s options, in the JIT build too: a type missing here fails the command's tests. Names,
/// enums and times follow <see cref="NexoJson.Options"/>, whose settings the output options copy.
/// </summary>
[JsonSerializable(typeof(string))]
[JsonSerializable(typeof(JsonElement))]
[JsonSerializable(typeof(JsonDocument))]
[JsonSerializable(typeof(JsonNode))]
[JsonSerializable(typeof(List<JsonNode>))]
[JsonSerializable(typeof(IReadOnlyList<string>))]
[JsonSerializable(typeof(List<string>))]
[JsonSerializable(typeof(Chat))]
[JsonSerializable(typeof(IReadOnlyList<Chat>))]
[JsonSerializable(typeof(IReadOnlyList<MessageSearchHit>))]
[JsonSerializable(typeof(Workspace))]
[JsonSerializable(typeof(IReadOnlyList<Workspace>))]
[JsonSerializable(typeof(ModelPrice))]
[JsonSerializable(typeof(IReadOnlyList<ModelPrice>))]
[JsonSerializable(typeof(Prompt))]
[JsonSerializable(typeof(IReadOnlyList<Prompt>))]
[JsonSerializable(typeof(LlmConnection))]
[JsonSerializable(typeof(IReadOnlyList<LlmModel>))]
[JsonSerializable(typeof(McpServer))]
[JsonSerializable(typeof(IReadOnlyList<McpServer>))]
[JsonSerializable(typeof(IReadOnlyList<McpToolInfo>))]
[JsonSerializable(typeof(McpToolResult))]
[JsonSerializable(typeof(ChatWithMessages))]
[JsonSerializable(typeof(ChatCancelOutput))]
[JsonSerializable(typeof(WorkspaceWithSettings))]
[JsonSerializable(typeof(UsageReport))]
[JsonSerializable(typeof(RenderedPromptOutput))]
[JsonSerializable(typeof(ConnectionTestOutput))]
[JsonSerializable(typeof(DbPathOutput))]
[JsonSerializable(typeof(DbMigrateOutput))]
[JsonSerializable(typeof(DbBackupOutput))]
[JsonSerializable(typeof(DbRekeyOutput))]
[JsonSerializable(typeof(DbCopyOutput))]
[JsonSerializable(typeof(McpResourcesOutput))]
[JsonSerializable(typeof(McpResourceReadResult))]
[JsonSerializable(typeof(McpLogoutResult))]
internal sealed partial class CliJsonContext : JsonSerializerContext;

/// <summary><c>chats show --json</c>: the chat and its messages.</summary>
internal sealed record ChatWithMessages(Chat Chat, IReadOnlyList<Message> Messages);

/// <summary><c>chats cancel --json</c>.</summary>
internal sealed record ChatCancelOutput(string ChatId, bool Cancelled);

/// <summary><c>workspace show --json</c> and <c>workspace update --json</c>.</summary>
internal sealed record WorkspaceWithSettings(Workspace Workspace, WorkspaceSettings Settings);

/// <summary><c>usage --json</c>.</summary>
internal sealed record UsageReport(UsageSummary Summary, IReadOnlyList<UsageBreakdownRow> Breakdown);

/// <summary><c>prompt render --json</c>.</summary>
internal sealed record RenderedPromptOutput(string Text);

/// <summary><c>connection test --json</c>.</summary>
internal sealed record ConnectionTestOutput(bool Ok, IReadOnlyList<LlmModel> Models);

/// <summary><c>db path --json</c>.</summary>
internal sealed record DbPathOutput(string Path, bool Exists);

/// <summary><c>db migrate --json</c>.</summary>
internal sealed record DbMigrateOutput(string Path, int SchemaVersion, bool Created);

/// <summary><c>db backup --json</c>.</summary>
internal sealed record DbBackupOutput(string Path, long Bytes);

/// <summary><c>db copy --json</c>: the two stores and each table's rows and checksum.</summary>
internal sealed record DbCopyOutput(string From, string To, IReadOnlyList<StoreCopyTable> Tables);

/// <summary><c>db rekey --json</c>.</summary>
internal sealed record DbRekeyOutput(string Path, string? KeyFile, string? ReplacedKeyFile, int ClearedConnections, int ClearedMcpServers);

/// <summary><c>mcp resources SERVER --json</c>: the server's resources and resource templates.</summary>
internal sealed record McpResourcesOutput(IReadOnlyList<McpResourceInfo> Resources, IReadOnlyList<McpResourceTemplateInfo> Templates);
