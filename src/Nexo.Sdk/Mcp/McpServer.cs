namespace Nexo;

/// <summary>
/// A configured MCP server connection. Environment and header values are masked here (they often carry
/// credentials); the real values are stored encrypted and read with <see cref="IMcpServerRepository.GetSecretsAsync"/>.
/// </summary>
public sealed record McpServer
{
    /// <summary>The connection id.</summary>
    public required string Id { get; init; }

    /// <summary>The display name (unique, case-insensitive).</summary>
    public required string Name { get; init; }

    /// <summary>The transport.</summary>
    public required McpTransportKind Transport { get; init; }

    /// <summary>For stdio: the program to start.</summary>
    public string? Command { get; init; }

    /// <summary>For stdio: the program's arguments.</summary>
    public IReadOnlyList<string> Args { get; init; } = [];

    /// <summary>For stdio: extra environment variables (values masked).</summary>
    public IReadOnlyDictionary<string, string> Env { get; init; } = new Dictionary<string, string>();

    /// <summary>
    /// For stdio: the names of host environment variables the server receives beside the minimal safe set
    /// (<see cref="McpServerEnvironment.SafeVariables"/>) and <see cref="Env"/>. Values are never stored, only names.
    /// </summary>
    public IReadOnlyList<string> InheritEnv { get; init; } = Array.Empty<string>();

    /// <summary>For stdio: the working directory.</summary>
    public string? WorkingDirectory { get; init; }

    /// <summary>For HTTP: the endpoint URL.</summary>
    public string? Url { get; init; }

    /// <summary>For HTTP: extra header names with masked values.</summary>
    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();

    /// <summary>
    /// For HTTP: the OAuth settings when the server is protected by OAuth 2.1 (its client secret masked), or
    /// <see langword="null"/> when it is not.
    /// </summary>
    [System.Text.Json.Serialization.JsonPropertyName("oauth")]
    public McpOAuthSettings? OAuth { get; init; }

    /// <summary>For an OAuth server: whether tokens are stored (the server was authorized and not logged out). Never the tokens themselves.</summary>
    public bool Authorized { get; init; }

    /// <summary>For an OAuth server with tokens: when its access token expires (UTC); it is refreshed shortly before, when the server gave a refresh token.</summary>
    public DateTimeOffset? AuthorizationExpiresAt { get; init; }

    /// <summary>Whether the server may be connected.</summary>
    public bool Enabled { get; init; } = true;

    /// <summary>The timeout of one request (tool call) in seconds (default 60).</summary>
    public int TimeoutSeconds { get; init; } = 60;

    /// <summary>The last known status.</summary>
    public McpServerStatus Status { get; init; } = McpServerStatus.Disconnected;

    /// <summary>The last error, when <see cref="Status"/> is <see cref="McpServerStatus.Error"/>.</summary>
    public string? LastError { get; init; }

    /// <summary>The tools seen at the last successful connection.</summary>
    public IReadOnlyList<McpToolInfo> Tools { get; init; } = [];

    /// <summary>When the connection was created (UTC).</summary>
    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>When the connection last changed (UTC).</summary>
    public DateTimeOffset UpdatedAt { get; init; }
}
