namespace Nexo;

/// <summary>
/// The names of <see cref="McpTransportKind"/> values, parsed the same way everywhere an MCP server type is accepted
/// (imported MCP configurations, JSON-RPC parameters, the CLI's <c>--transport</c>): the wire names <c>stdio</c>,
/// <c>http</c> and <c>sse</c>, and the spellings other tools use — <c>streamable-http</c>, <c>http-streamable</c>
/// (the original Nexo's name), <c>streamable_http</c>, <c>streamablehttp</c>, <c>streamable</c> and <c>remote</c> for
/// streamable HTTP, <c>local</c> for stdio. Case-insensitive, surrounding blanks ignored.
/// </summary>
public static class McpTransportKinds
{
    private static readonly Dictionary<string, McpTransportKind> ByName = new(StringComparer.OrdinalIgnoreCase)
    {
        ["stdio"] = McpTransportKind.Stdio,
        ["local"] = McpTransportKind.Stdio,
        ["http"] = McpTransportKind.Http,
        ["streamable-http"] = McpTransportKind.Http,
        ["http-streamable"] = McpTransportKind.Http,
        ["streamable_http"] = McpTransportKind.Http,
        ["streamablehttp"] = McpTransportKind.Http,
        ["streamable"] = McpTransportKind.Http,
        ["remote"] = McpTransportKind.Http,
        ["sse"] = McpTransportKind.Sse,
    };

    /// <summary>Every accepted name, wire names first.</summary>
    public static IReadOnlyList<string> AcceptedNames { get; } =
        ["stdio", "http", "sse", "streamable-http", "http-streamable", "streamable_http", "streamablehttp", "streamable", "remote", "local"];

    /// <summary>Parses a transport name.</summary>
    /// <param name="name">The name.</param>
    /// <param name="kind">The transport, when the name is known.</param>
    /// <returns>Whether the name is known.</returns>
    public static bool TryParse(string? name, out McpTransportKind kind)
    {
        kind = default;
        return name is not null && ByName.TryGetValue(name.Trim(), out kind);
    }

    /// <summary>The wire name of a transport (<c>stdio</c>, <c>http</c> or <c>sse</c>).</summary>
    /// <param name="kind">The transport.</param>
    public static string Name(McpTransportKind kind) => Enums.Name(kind);
}
