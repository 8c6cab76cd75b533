using System.Text.Json.Serialization;

namespace Nexo;

/// <summary>A per-tool permission rule stored in a workspace's settings.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ToolPermissionRule>))]
public enum ToolPermissionRule
{
    /// <summary>Ask each time (same as having no rule in <see cref="ToolPermissionMode.Ask"/> mode).</summary>
    [JsonStringEnumMemberName("ask")] Ask,
    /// <summary>Always run the tool without asking.</summary>
    [JsonStringEnumMemberName("always_allow")] AlwaysAllow,
    /// <summary>Never run the tool.</summary>
    [JsonStringEnumMemberName("always_deny")] AlwaysDeny,
}
