using System.Text.Json.Serialization;

namespace Nexo;

/// <summary>The user's decision about an MCP elicitation request (the MCP <c>action</c>).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<McpElicitationAction>))]
public enum McpElicitationAction
{
    /// <summary>The user answered: in form mode with <see cref="McpElicitationResponse.Content"/>; in URL mode they agreed to open the URL.</summary>
    [JsonStringEnumMemberName("accept")] Accept,

    /// <summary>The user explicitly refused.</summary>
    [JsonStringEnumMemberName("decline")] Decline,

    /// <summary>The user dismissed the question without choosing (also what a timeout or a cancelled tool call sends).</summary>
    [JsonStringEnumMemberName("cancel")] Cancel,
}
