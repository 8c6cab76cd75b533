using System.Text.Json.Serialization;

namespace Nexo;

/// <summary>
/// A key that usage breakdowns are grouped by (<see cref="UsageBreakdownOptions.GroupBy"/>); each key fills the matching
/// member of <see cref="UsageBreakdownRow"/>. On the wire: <c>workspace</c>, <c>chat</c>, <c>connection</c>, <c>model</c>,
/// <c>day</c>, <c>hour</c>.
/// </summary>
[JsonConverter(typeof(JsonStringEnumConverter<UsageGroupBy>))]
public enum UsageGroupBy
{
    /// <summary>By workspace (<see cref="UsageBreakdownRow.WorkspaceId"/>; records made outside a workspace form one row with none).</summary>
    [JsonStringEnumMemberName("workspace")] Workspace,
    /// <summary>By chat (<see cref="UsageBreakdownRow.ChatId"/>; records made outside a chat form one row with none).</summary>
    [JsonStringEnumMemberName("chat")] Chat,
    /// <summary>By LLM connection (<see cref="UsageBreakdownRow.ConnectionId"/>).</summary>
    [JsonStringEnumMemberName("connection")] Connection,
    /// <summary>By model (<see cref="UsageBreakdownRow.Model"/>).</summary>
    [JsonStringEnumMemberName("model")] Model,
    /// <summary>By UTC day (<see cref="UsageBreakdownRow.Day"/>, <c>yyyy-MM-dd</c>), newest first.</summary>
    [JsonStringEnumMemberName("day")] Day,
    /// <summary>By UTC hour (<see cref="UsageBreakdownRow.Hour"/>, <c>yyyy-MM-ddTHH:00Z</c>, with its <see cref="UsageBreakdownRow.Day"/>), newest first.</summary>
    [JsonStringEnumMemberName("hour")] Hour,
}
