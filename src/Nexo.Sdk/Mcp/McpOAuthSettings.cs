namespace Nexo;

/// <summary>
/// Marks an HTTP MCP server as protected by OAuth 2.1 (authorization code with PKCE). Nexo discovers the server's
/// protected-resource metadata and its authorization server's metadata, registers itself dynamically when the
/// authorization server offers registration and no <see cref="ClientId"/> is given, and receives the redirect on a
/// loopback listener of its own (<c>http://127.0.0.1:PORT/callback</c>). Tokens are stored encrypted and refreshed before
/// they expire. See <see cref="McpHost.AuthorizeAsync"/> and <see cref="McpHost.LogoutAsync"/>.
/// </summary>
public sealed record McpOAuthSettings
{
    /// <summary>A client id registered beforehand with the authorization server, for servers without dynamic client registration; <see langword="null"/> to register dynamically.</summary>
    public string? ClientId { get; init; }

    /// <summary>
    /// The secret of <see cref="ClientId"/>, for a confidential client; stored encrypted. Listings show it masked
    /// (<c>***</c>); <see cref="McpServerSecrets.OAuthClientSecret"/> holds the real value.
    /// </summary>
    public string? ClientSecret { get; init; }

    /// <summary>The scopes to ask for when the server's metadata names none; empty for the server's own choice.</summary>
    public IReadOnlyList<string> Scopes { get; init; } = [];

    /// <inheritdoc />
    public override string ToString() => $"McpOAuthSettings {{ ClientId = {ClientId}, ClientSecret = {(ClientSecret is null ? "null" : "***")}, Scopes = [{string.Join(", ", Scopes)}] }}";
}
