using System.Text.Json.Serialization;

namespace Nexo;

/// <summary>The connection state of an MCP server.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<McpServerStatus>))]
public enum McpServerStatus
{
    /// <summary>Not connected.</summary>
    [JsonStringEnumMemberName("disconnected")] Disconnected,
    /// <summary>Connecting.</summary>
    [JsonStringEnumMemberName("connecting")] Connecting,
    /// <summary>Connected and ready.</summary>
    [JsonStringEnumMemberName("connected")] Connected,
    /// <summary>The last attempt failed; see <see cref="McpServer.LastError"/>.</summary>
    [JsonStringEnumMemberName("error")] Error,
}
