using System.Text.Json.Serialization;

namespace Nexo;

/// <summary>The mode of one MCP elicitation request.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<McpElicitationMode>))]
public enum McpElicitationMode
{
    /// <summary>The server asks for the fields of <see cref="McpElicitationRequestEvent.RequestedSchema"/>.</summary>
    [JsonStringEnumMemberName("form")] Form,

    /// <summary>The server asks the user to open <see cref="McpElicitationRequestEvent.Url"/>.</summary>
    [JsonStringEnumMemberName("url")] Url,
}
