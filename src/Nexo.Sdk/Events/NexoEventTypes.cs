using System.Text.Json;

namespace Nexo.Events;

/// <summary>
/// Every event type by its contract name (<see cref="NexoEvents"/>), to read back a payload written by
/// <see cref="NexoJson.SerializeEvent"/> (events relayed between instances); source-generated metadata only.
/// </summary>
internal static class NexoEventTypes
{
    private static readonly Dictionary<string, Type> s_byName = new(StringComparer.Ordinal)
    {
        [NexoEvents.MessageStarted] = typeof(MessageStartedEvent),
        [NexoEvents.MessageChunk] = typeof(MessageChunkEvent),
        [NexoEvents.ThinkingChunk] = typeof(ThinkingChunkEvent),
        [NexoEvents.MessageComplete] = typeof(MessageCompleteEvent),
        [NexoEvents.MessageError] = typeof(MessageErrorEvent),
        [NexoEvents.MessageCancelled] = typeof(MessageCancelledEvent),
        [NexoEvents.MessageMetadataUpdated] = typeof(MessageMetadataUpdatedEvent),
        [NexoEvents.ToolCallsDetected] = typeof(ToolCallsDetectedEvent),
        [NexoEvents.ToolPermissionRequest] = typeof(ToolPermissionRequestEvent),
        [NexoEvents.ToolExecutionStarted] = typeof(ToolExecutionStartedEvent),
        [NexoEvents.ToolExecutionProgress] = typeof(ToolExecutionProgressEvent),
        [NexoEvents.ToolExecutionCompleted] = typeof(ToolExecutionCompletedEvent),
        [NexoEvents.ToolExecutionError] = typeof(ToolExecutionErrorEvent),
        [NexoEvents.AgentLoopIteration] = typeof(AgentLoopIterationEvent),
        [NexoEvents.ChatUpdated] = typeof(ChatUpdatedEvent),
        [NexoEvents.McpServerStatusChanged] = typeof(McpServerStatusChangedEvent),
        [NexoEvents.BudgetWarning] = typeof(BudgetWarningEvent),
        [NexoEvents.ContextCompacted] = typeof(ContextCompactedEvent),
        [NexoEvents.PlanUpdated] = typeof(PlanUpdatedEvent),
        [NexoEvents.McpResourcesChanged] = typeof(McpResourcesChangedEvent),
        [NexoEvents.McpElicitationRequest] = typeof(McpElicitationRequestEvent),
        [NexoEvents.McpAuthorizationRequired] = typeof(McpAuthorizationRequiredEvent),
    };

    /// <summary>The type of the event named <paramref name="name"/>, or <see langword="null"/>.</summary>
    public static Type? Find(string name) => s_byName.GetValueOrDefault(name);

    /// <summary>Reads an event payload; <see langword="null"/> for an unknown name (a newer instance's event).</summary>
    /// <param name="name">The event name.</param>
    /// <param name="payload">The payload JSON.</param>
    /// <exception cref="JsonException">The payload does not fit the event.</exception>
    public static NexoEvent? Deserialize(string name, string payload) =>
        Find(name) is { } type ? (NexoEvent?)JsonSerializer.Deserialize(payload, NexoJson.Options.GetTypeInfo(type)) : null;
}
