using System.Text.Json.Serialization;

namespace Nexo;

/// <summary>How a workspace fits a chat's history into the model's context window when it no longer fits whole.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ContextStrategy>))]
public enum ContextStrategy
{
    /// <summary>
    /// The oldest turns are compacted into a summary made by the model, stored on the branch as a message marked as a
    /// summary and re-used by later turns (the default).
    /// </summary>
    [JsonStringEnumMemberName("summarize")] Summarize,

    /// <summary>The oldest turns are left out of the request (never the system prompt, never half of a tool call and its result).</summary>
    [JsonStringEnumMemberName("truncate")] Truncate,
}
