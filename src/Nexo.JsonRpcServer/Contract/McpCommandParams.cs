using System.Text.Json;

namespace Nexo.JsonRpcServer.Contract;

/// <summary><c>test_mcp_connection_and_fetch_tools</c>: connects to an unsaved server configuration, lists its tools and disconnects; nothing is stored.</summary>
public sealed record TestMcpConnectionAndFetchToolsParams : McpServerEndpointParams
{
    /// <summary>A name for the server in messages (default <c>test</c>).</summary>
    public string? Name { get; init; }

    /// <summary>The transport.</summary>
    public required McpTransportKind Type { get; init; }

}

/// <summary>
/// <c>connect_mcp_server_and_fetch_tools</c>: connects a saved server by its id (or reuses its live connection), fetches
/// its tools and stores status and tools; or, given an inline configuration (<c>type</c> and the fields of
/// <c>test_mcp_connection_and_fetch_tools</c>) under an id that is not saved, connects it without storing it and keeps it
/// live under that id for <c>call_mcp_tool</c> and <c>disconnect_mcp_client</c>. A saved id wins over inline fields.
/// </summary>
public sealed record ConnectMcpServerAndFetchToolsParams : McpServerEndpointParams
{
    /// <summary>The server connection (a saved one, or the id an inline configuration is kept under).</summary>
    public string? ConnectionId { get; init; }

    /// <summary>The same as <see cref="ConnectionId"/>, for hosts that send the original's <c>id</c>.</summary>
    public string? Id { get; init; }

    /// <summary>Inline: a name for the server in messages and events (default: the id).</summary>
    public string? Name { get; init; }

    /// <summary>Inline: the transport. Its presence makes the other inline fields count.</summary>
    public McpTransportKind? Type { get; init; }

}

/// <summary><c>disconnect_mcp_client</c>: closes a server's live connection (stopping a stdio server's processes) and stores the status <c>disconnected</c>.</summary>
public sealed record DisconnectMcpClientParams
{
    /// <summary>The server connection.</summary>
    public required string ConnectionId { get; init; }
}

/// <summary><c>call_mcp_tool</c>: calls a tool of a server, connecting it when needed. Tool failures are results with <c>isError</c>, not errors.</summary>
public sealed record CallMcpToolParams
{
    /// <summary>The server connection.</summary>
    public required string ConnectionId { get; init; }

    /// <summary>The tool name as the server spells it.</summary>
    public required string ToolName { get; init; }

    /// <summary>The arguments, a JSON object (the original passed it as a JSON string).</summary>
    public JsonElement? Arguments { get; init; }

    /// <summary>
    /// A token the client chooses (LSP style): the tool's progress reports then arrive as <c>$/progress</c>
    /// notifications carrying it, before the response. Without it no progress is sent.
    /// </summary>
    public string? ProgressToken { get; init; }
}

/// <summary><c>get_active_tools_for_workspace</c>: the tools a workspace enables, for display; starts no server.</summary>
public sealed record GetActiveToolsForWorkspaceParams
{
    /// <summary>The workspace.</summary>
    public required string WorkspaceId { get; init; }
}

/// <summary><c>import_mcp_servers</c>: creates MCP server connections from a Claude Desktop / VS Code style configuration; names that exist are skipped.</summary>
public sealed record ImportMcpServersParams
{
    /// <summary>The configuration: a JSON object (for example <c>{"mcpServers": {…}}</c>) or the text of a configuration file.</summary>
    public required JsonElement Config { get; init; }
}
