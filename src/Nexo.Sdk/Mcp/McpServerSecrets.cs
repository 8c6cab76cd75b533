namespace Nexo;

/// <summary>The decrypted environment, headers and secret parts of the arguments and URL of an MCP server connection. Keep them in memory only.</summary>
public sealed record McpServerSecrets
{
    /// <summary>The environment variables with their real values.</summary>
    public IReadOnlyDictionary<string, string> Env { get; init; } = new Dictionary<string, string>();

    /// <summary>The HTTP headers with their real values.</summary>
    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();

    /// <summary>
    /// The command-line arguments with their secret parts (stored encrypted; <see cref="McpServer.Args"/> shows them
    /// masked), or <see langword="null"/> when the arguments have no secret part and <see cref="McpServer.Args"/> is complete.
    /// </summary>
    public IReadOnlyList<string>? Args { get; init; }

    /// <summary>
    /// The URL with its userinfo and key-like query values (stored encrypted; <see cref="McpServer.Url"/> shows them
    /// masked), or <see langword="null"/> when the URL has no secret part and <see cref="McpServer.Url"/> is complete.
    /// </summary>
    public string? Url { get; init; }

    /// <summary>The OAuth client secret (<see cref="McpOAuthSettings.ClientSecret"/>), or <see langword="null"/>.</summary>
    public string? OAuthClientSecret { get; init; }

    /// <inheritdoc />
    public override string ToString() => "McpServerSecrets { ***redacted*** }";
}
