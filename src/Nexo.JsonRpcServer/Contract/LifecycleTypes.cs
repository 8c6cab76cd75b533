using System.Text.Json;

namespace Nexo.JsonRpcServer.Contract;

/// <summary>
/// Parameters of the <c>$/progress</c> notification (server → client, LSP's shape): a progress report of the request
/// that was given <see cref="Token"/> as its <c>progressToken</c> (today: <c>call_mcp_tool</c>). Every report is sent
/// before that request's response.
/// </summary>
public sealed record ProgressParams
{
    /// <summary>The <c>progressToken</c> the client chose for the request.</summary>
    public required string Token { get; init; }

    /// <summary>The report: progress so far (it only grows), the total when known, a message when the tool sends one.</summary>
    public required McpToolProgress Value { get; init; }
}

/// <summary>Who is on the other end of the connection.</summary>
public sealed record ClientInfo
{
    /// <summary>The client's name, for example <c>vscode-nexo</c>.</summary>
    public required string Name { get; init; }

    /// <summary>The client's version.</summary>
    public string? Version { get; init; }
}

/// <summary>Parameters of <c>initialize</c>, the first request of every connection (LSP style).</summary>
public sealed record InitializeParams
{
    /// <summary>The process id of the client, when it has one.</summary>
    public int? ProcessId { get; init; }

    /// <summary>The client's name and version.</summary>
    public ClientInfo? ClientInfo { get; init; }

    /// <summary>The client's locale, for example <c>en-US</c>.</summary>
    public string? Locale { get; init; }

    /// <summary>
    /// The client's capabilities; unknown properties are ignored. Nexo reads <c>mcpElicitation</c>, the MCP elicitation
    /// requests the client can show to its user and answer with <c>respond_mcp_elicitation</c>:
    /// <c>{"mcpElicitation": {"form": true, "url": true}}</c> (each <c>true</c> or left out). Only when the client sets one do
    /// MCP servers see that Nexo can ask the user for input (and send <c>mcp-elicitation-request</c>).
    /// </summary>
    public JsonElement? Capabilities { get; init; }
}

/// <summary>The server's name and version.</summary>
public sealed record ServerInfo
{
    /// <summary>The server's name (<c>nexo-jsonrpc</c>).</summary>
    public required string Name { get; init; }

    /// <summary>The server's version.</summary>
    public required string Version { get; init; }
}

/// <summary>What the server supports.</summary>
public sealed record ServerCapabilities
{
    /// <summary>Every command (JSON-RPC method) the server serves, in contract order.</summary>
    public required IReadOnlyList<string> Commands { get; init; }

    /// <summary>Every event (JSON-RPC notification) the server sends, in contract order.</summary>
    public required IReadOnlyList<string> Events { get; init; }

    /// <summary>Whether <c>$/cancelRequest</c> cancels running requests (always true).</summary>
    public bool CancelRequest { get; init; } = true;
}

/// <summary>The result of <c>initialize</c>.</summary>
public sealed record InitializeResult
{
    /// <summary>The protocol version; bumped only for breaking changes.</summary>
    public required int ProtocolVersion { get; init; }

    /// <summary>The server's name and version.</summary>
    public required ServerInfo ServerInfo { get; init; }

    /// <summary>The commands and events the server supports.</summary>
    public required ServerCapabilities Capabilities { get; init; }

    /// <summary>The folder that holds the database and the key file.</summary>
    public required string DataFolder { get; init; }

    /// <summary>The database file.</summary>
    public required string DatabasePath { get; init; }
}

/// <summary>Parameters of <c>initialized</c>, <c>shutdown</c> and <c>exit</c> (none).</summary>
public sealed record EmptyParams;
