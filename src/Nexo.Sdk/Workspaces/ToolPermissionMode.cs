using System.Text.Json.Serialization;

namespace Nexo;

/// <summary>How a workspace decides whether a tool call may run.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ToolPermissionMode>))]
public enum ToolPermissionMode
{
    /// <summary>Ask the user for every tool that has no per-tool rule (the default).</summary>
    [JsonStringEnumMemberName("ask")] Ask,
    /// <summary>Run every tool that has no per-tool <see cref="ToolPermissionRule.AlwaysDeny"/> rule.</summary>
    [JsonStringEnumMemberName("allow_all")] AllowAll,
}
