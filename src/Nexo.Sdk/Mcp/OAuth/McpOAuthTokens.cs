namespace Nexo;

/// <summary>
/// What is stored (encrypted) for an OAuth-protected MCP server: the tokens, their lifetime and the client they were
/// issued to (a dynamically registered one included), so a refresh works after a restart without registering again.
/// Lives in memory and, encrypted, in <c>mcp_oauth_tokens</c> only.
/// </summary>
internal sealed record McpOAuthTokens
{
    public required string AccessToken { get; init; }

    public string TokenType { get; init; } = "Bearer";

    public string? RefreshToken { get; init; }

    public string? Scope { get; init; }

    /// <summary>When the access token was obtained (UTC).</summary>
    public required DateTimeOffset ObtainedAt { get; init; }

    /// <summary>When the access token expires (UTC), or <see langword="null"/> when the server did not say.</summary>
    public DateTimeOffset? ExpiresAt { get; init; }

    public string? ClientId { get; init; }

    public string? ClientSecret { get; init; }

    public string? TokenEndpointAuthMethod { get; init; }

    /// <summary>The issuer of the authorization server that issued the tokens (its metadata names the revocation endpoint).</summary>
    public string? AuthorizationServer { get; init; }

    /// <inheritdoc />
    public override string ToString() => $"McpOAuthTokens {{ ***redacted***, ExpiresAt = {ExpiresAt:O} }}";
}
