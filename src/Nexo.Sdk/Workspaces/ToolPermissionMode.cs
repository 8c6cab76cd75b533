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
    /// <summary>
    /// Run the tools that only read (<see cref="BuiltinToolNames.ReadOnly"/>, and MCP tools that declare
    /// <c>readOnlyHint</c>) without asking; ask for every other tool that has no per-tool rule.
    /// </summary>
    [JsonStringEnumMemberName("allow_reads")] AllowReads,
}
