using System.Text.Json.Serialization;

namespace Nexo;

/// <summary>What changed in an <see cref="McpResourcesChangedEvent"/>.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<McpResourcesChangeKind>))]
public enum McpResourcesChangeKind
{
    /// <summary>The server's list of resources changed (<c>notifications/resources/list_changed</c>).</summary>
    [JsonStringEnumMemberName("listChanged")] ListChanged,

    /// <summary>A subscribed resource changed (<c>notifications/resources/updated</c>); its URI is in the event.</summary>
    [JsonStringEnumMemberName("updated")] Updated,
}
