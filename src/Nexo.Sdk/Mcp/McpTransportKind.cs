using System.Text.Json.Serialization;

namespace Nexo;

/// <summary>How Nexo talks to an MCP server.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<McpTransportKind>))]
public enum McpTransportKind
{
    /// <summary>A child process spoken to over stdin/stdout.</summary>
    [JsonStringEnumMemberName("stdio")] Stdio,
    /// <summary>Streamable HTTP, falling back to HTTP+SSE for older servers.</summary>
    [JsonStringEnumMemberName("http")] Http,
    /// <summary>The legacy HTTP+SSE transport only.</summary>
    [JsonStringEnumMemberName("sse")] Sse,
}
