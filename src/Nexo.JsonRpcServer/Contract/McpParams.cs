namespace Nexo.JsonRpcServer.Contract;

/// <summary>
/// The endpoint fields of an MCP server configuration, shared by <c>create_mcp_server_connection</c>,
/// <c>test_mcp_connection_and_fetch_tools</c> and an inline <c>connect_mcp_server_and_fetch_tools</c>.
/// </summary>
public abstract record McpServerEndpointParams
{
    /// <summary>For HTTP: the endpoint URL.</summary>
    public string? Url { get; init; }

    /// <summary>For stdio: the program to start.</summary>
    public string? Command { get; init; }

    /// <summary>For stdio: the program's arguments.</summary>
    public IReadOnlyList<string>? Args { get; init; }

    /// <summary>For stdio: extra environment variables (a saved connection stores them encrypted and returns them masked).</summary>
    public IReadOnlyDictionary<string, string>? EnvVars { get; init; }

    /// <summary>For stdio: the names of host environment variables the server also receives beside the minimal safe set and <c>envVars</c> (none by default).</summary>
    public IReadOnlyList<string>? InheritEnv { get; init; }

    /// <summary>For stdio: the working directory.</summary>
    public string? WorkingDirectory { get; init; }

    /// <summary>For HTTP: extra headers (a saved connection stores them encrypted and returns them masked).</summary>
    public IReadOnlyDictionary<string, string>? Headers { get; init; }

    /// <summary>The timeout of one request in seconds (1 to 3600, default 60).</summary>
    public int? TimeoutSeconds { get; init; }

    /// <summary>
    /// For HTTP: marks the server as protected by OAuth 2.1 (<c>{}</c> for dynamic client registration, or
    /// <c>{"clientId", "clientSecret", "scopes"}</c>); only for saved connections. The secret is stored encrypted and listed masked.
    /// </summary>
    [System.Text.Json.Serialization.JsonPropertyName("oauth")]
    public McpOAuthSettings? OAuth { get; init; }

    /// <summary>The SDK's configuration of a server with these endpoint fields.</summary>
    internal NewMcpServer ToNewMcpServer(string? id, string name, McpTransportKind type, bool enabled = true) => new()
    {
        Id = id,
        Name = name,
        Transport = type,
        Url = Url,
        Command = Command,
        Args = Args,
        Env = EnvVars,
        InheritEnv = InheritEnv,
        WorkingDirectory = WorkingDirectory,
        Headers = Headers,
        OAuth = OAuth,
        Enabled = enabled,
        TimeoutSeconds = TimeoutSeconds ?? 60,
    };
}

/// <summary><c>create_mcp_server_connection</c>: creates an MCP server connection. The original's <c>headers</c> and <c>envVars</c> JSON strings are real objects here; for stdio servers Nexo has <c>command</c>, <c>args</c> and <c>workingDirectory</c> instead of a command line in <c>url</c>.</summary>
public sealed record CreateMcpServerConnectionParams : McpServerEndpointParams
{
    /// <summary>An id chosen by the caller; the server generates one when omitted.</summary>
    public string? Id { get; init; }

    /// <summary>The display name (unique).</summary>
    public required string Name { get; init; }

    /// <summary>The transport.</summary>
    public required McpTransportKind Type { get; init; }

    /// <summary>Whether the server may be connected (default true).</summary>
    public bool? Enabled { get; init; }
}

/// <summary><c>get_mcp_server_connections</c>: lists every MCP server connection (secrets masked), oldest first.</summary>
public sealed record GetMcpServerConnectionsParams;

/// <summary><c>update_mcp_server_connection</c>: changes an MCP server connection; omitted fields keep their value.</summary>
public sealed record UpdateMcpServerConnectionParams
{
    /// <summary>The server connection.</summary>
    public required string Id { get; init; }

    /// <summary>The new name.</summary>
    public string? Name { get; init; }

    /// <summary>The new transport.</summary>
    public McpTransportKind? Type { get; init; }

    /// <summary>The new URL (empty string clears it).</summary>
    public string? Url { get; init; }

    /// <summary>The new command (empty string clears it).</summary>
    public string? Command { get; init; }

    /// <summary>Replaces the arguments.</summary>
    public IReadOnlyList<string>? Args { get; init; }

    /// <summary>Replaces the environment variables.</summary>
    public IReadOnlyDictionary<string, string>? EnvVars { get; init; }

    /// <summary>Replaces the names of host environment variables the server also receives (an empty list passes none).</summary>
    public IReadOnlyList<string>? InheritEnv { get; init; }

    /// <summary>The new working directory (empty string clears it).</summary>
    public string? WorkingDirectory { get; init; }

    /// <summary>Replaces the headers.</summary>
    public IReadOnlyDictionary<string, string>? Headers { get; init; }

    /// <summary>Enables or disables the server.</summary>
    public bool? Enabled { get; init; }

    /// <summary>The new timeout in seconds.</summary>
    public int? TimeoutSeconds { get; init; }

    /// <summary>Replaces the OAuth settings (stored tokens stay).</summary>
    [System.Text.Json.Serialization.JsonPropertyName("oauth")]
    public McpOAuthSettings? OAuth { get; init; }
}

/// <summary>
/// <c>authorize_mcp_server</c>: makes sure an OAuth-protected MCP server is authorized. Without stored tokens the host sends
/// <c>mcp-authorization-required {serverId, name, url}</c>, waits for the browser's redirect to its loopback listener (up
/// to 5 minutes), stores the tokens encrypted and answers the server (<c>authorized: true</c>); with valid tokens it answers at once.
/// </summary>
public sealed record AuthorizeMcpServerParams
{
    /// <summary>The server connection.</summary>
    public required string ServerId { get; init; }
}

/// <summary>
/// <c>logout_mcp_server</c>: closes an OAuth-protected MCP server's connections, revokes its tokens at the authorization
/// server (when it has a revocation endpoint) and deletes them; the next use asks for authorization again.
/// </summary>
public sealed record LogoutMcpServerParams
{
    /// <summary>The server connection.</summary>
    public required string ServerId { get; init; }
}

/// <summary><c>delete_mcp_server_connection</c>: deletes an MCP server connection.</summary>
public sealed record DeleteMcpServerConnectionParams
{
    /// <summary>The server connection.</summary>
    public required string Id { get; init; }
}

/// <summary><c>update_mcp_server_status</c>: stores the status, error and tool list of an MCP server connection. The original's <c>toolsJson</c> string is a real array here.</summary>
public sealed record UpdateMcpServerStatusParams
{
    /// <summary>The server connection.</summary>
    public required string Id { get; init; }

    /// <summary>The status.</summary>
    public required McpServerStatus Status { get; init; }

    /// <summary>The tools; the stored list is kept when omitted.</summary>
    public IReadOnlyList<McpToolInfo>? Tools { get; init; }

    /// <summary>The error, for status <c>error</c>.</summary>
    public string? ErrorMessage { get; init; }
}
