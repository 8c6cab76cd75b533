using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Nexo.Storage;
using Nexo.Transfer;

namespace Nexo;

/// <summary>
/// The source-generated JSON metadata of every type the SDK serialises: the contract's records and events, the JSON
/// columns of the database and the values tool arguments hold. It is the type-info resolver of
/// <see cref="NexoJson.Options"/> and of the storage options, so the native (AOT) <c>nexo</c> needs no reflection;
/// the conventions (names, enums, times, escaping) come from those options, not from this class.
/// Rule (docs/architecture.md#json): never call a <see cref="JsonSerializer"/> overload without a
/// <see cref="System.Text.Json.Serialization.Metadata.JsonTypeInfo"/>; add the type here and use
/// <see cref="NexoJson.Info{T}"/> (or <see cref="Json"/> for columns).
/// </summary>
[JsonSerializable(typeof(object))]
[JsonSerializable(typeof(string))]
[JsonSerializable(typeof(bool))]
[JsonSerializable(typeof(int))]
[JsonSerializable(typeof(long))]
[JsonSerializable(typeof(double))]
[JsonSerializable(typeof(float))]
[JsonSerializable(typeof(decimal))]
[JsonSerializable(typeof(Guid))]
[JsonSerializable(typeof(DateTime))]
[JsonSerializable(typeof(DateTimeOffset))]
[JsonSerializable(typeof(JsonElement))]
[JsonSerializable(typeof(JsonDocument))]
[JsonSerializable(typeof(JsonNode))]
[JsonSerializable(typeof(JsonObject))]
[JsonSerializable(typeof(JsonArray))]
[JsonSerializable(typeof(JsonValue))]
[JsonSerializable(typeof(object[]))]
[JsonSerializable(typeof(string[]))]
[JsonSerializable(typeof(List<object>))]
[JsonSerializable(typeof(IDictionary<string, object>))]
[JsonSerializable(typeof(Dictionary<string, object>))]
[JsonSerializable(typeof(IReadOnlyDictionary<string, object>))]
[JsonSerializable(typeof(List<McpContentItem>))]
[JsonSerializable(typeof(IReadOnlyList<McpContentItem>))]
// Events (NexoJson.SerializeEvent serialises the runtime type).
[JsonSerializable(typeof(AgentLoopIterationEvent))]
[JsonSerializable(typeof(BudgetWarningEvent))]
[JsonSerializable(typeof(ChatUpdatedEvent))]
[JsonSerializable(typeof(ContextCompactedEvent))]
[JsonSerializable(typeof(McpAuthorizationRequiredEvent))]
[JsonSerializable(typeof(McpElicitationRequestEvent))]
[JsonSerializable(typeof(McpResourcesChangedEvent))]
[JsonSerializable(typeof(McpServerStatusChangedEvent))]
[JsonSerializable(typeof(MessageCancelledEvent))]
[JsonSerializable(typeof(MessageChunkEvent))]
[JsonSerializable(typeof(MessageCompleteEvent))]
[JsonSerializable(typeof(MessageErrorEvent))]
[JsonSerializable(typeof(MessageMetadataUpdatedEvent))]
[JsonSerializable(typeof(MessageStartedEvent))]
[JsonSerializable(typeof(PlanUpdatedEvent))]
[JsonSerializable(typeof(ThinkingChunkEvent))]
[JsonSerializable(typeof(ToolCallsDetectedEvent))]
[JsonSerializable(typeof(ToolExecutionCompletedEvent))]
[JsonSerializable(typeof(ToolExecutionErrorEvent))]
[JsonSerializable(typeof(ToolExecutionProgressEvent))]
[JsonSerializable(typeof(ToolExecutionStartedEvent))]
[JsonSerializable(typeof(ToolPermissionRequestEvent))]
// Records of the contract.
[JsonSerializable(typeof(Workspace))]
[JsonSerializable(typeof(WorkspaceSettings))]
[JsonSerializable(typeof(Chat))]
[JsonSerializable(typeof(Message))]
[JsonSerializable(typeof(ChatTransfer.ExportOut))]
[JsonSerializable(typeof(ChatTransfer.ExportIn))]
// JSON columns (Storage.Json).
[JsonSerializable(typeof(IReadOnlyList<PlanEntry>))]
[JsonSerializable(typeof(List<PlanEntry>))]
[JsonSerializable(typeof(IReadOnlyDictionary<string, ToolPermissionRule>))]
[JsonSerializable(typeof(Dictionary<string, ToolPermissionRule>))]
[JsonSerializable(typeof(IReadOnlyDictionary<string, ToolRuleBinding>))]
[JsonSerializable(typeof(Dictionary<string, ToolRuleBinding>))]
[JsonSerializable(typeof(IReadOnlyDictionary<string, IReadOnlyList<string>>))]
[JsonSerializable(typeof(Dictionary<string, List<string>>))]
[JsonSerializable(typeof(IReadOnlyList<string>))]
[JsonSerializable(typeof(List<string>))]
[JsonSerializable(typeof(IReadOnlyDictionary<string, string>))]
[JsonSerializable(typeof(Dictionary<string, string>))]
[JsonSerializable(typeof(IReadOnlyList<ToolCall>))]
[JsonSerializable(typeof(List<ToolCall>))]
[JsonSerializable(typeof(IReadOnlyList<LlmModel>))]
[JsonSerializable(typeof(List<LlmModel>))]
[JsonSerializable(typeof(IReadOnlyList<McpToolInfo>))]
[JsonSerializable(typeof(List<McpToolInfo>))]
[JsonSerializable(typeof(McpOAuthSettings))]
[JsonSerializable(typeof(McpOAuthTokens))]
internal sealed partial class NexoJsonContext : JsonSerializerContext;
