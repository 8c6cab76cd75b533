using ModelContextProtocol.Authentication;
using Nexo.Storage;

namespace Nexo;

/// <summary>
/// The MCP SDK's token cache for one OAuth-protected server, backed by the encrypted <c>mcp_oauth_tokens</c> row: the SDK
/// reads it before every request and writes it after every authorization and refresh. An access token is handed out as
/// expired once less than <see cref="RefreshMargin"/> of its life is left, so the SDK refreshes it (with the stored
/// refresh token) before the server would refuse it.
/// </summary>
internal sealed class McpTokenCache(IMcpOAuthTokenRepository store, string serverId, TimeProvider time) : ITokenCache
{
    /// <summary>How long before its expiry an access token is refreshed.</summary>
    public static readonly TimeSpan RefreshMargin = TimeSpan.FromSeconds(60);

    private McpOAuthTokens? _current;
    private bool _loaded;

    public async ValueTask<TokenContainer?> GetTokensAsync(CancellationToken cancellationToken)
    {
        var tokens = Volatile.Read(ref _current);
        // Read the store the first time, and again when the token is due: another connection may have refreshed it.
        if (!Volatile.Read(ref _loaded) || (tokens?.ExpiresAt is { } due && due - time.GetUtcNow() <= RefreshMargin))
        {
            tokens = await store.GetAsync(serverId, cancellationToken).ConfigureAwait(false);
            Volatile.Write(ref _current, tokens);
            Volatile.Write(ref _loaded, true);
        }

        if (tokens is null)
        {
            return null;
        }

        // The SDK compares ObtainedAt + ExpiresIn with the system clock: give it the remaining life, less the margin.
        int? expiresIn = tokens.ExpiresAt is { } expiresAt
            ? (int)Math.Clamp((expiresAt - time.GetUtcNow() - RefreshMargin).TotalSeconds, 0, int.MaxValue)
            : null;
        return new TokenContainer
        {
            AccessToken = tokens.AccessToken,
            TokenType = tokens.TokenType,
            RefreshToken = tokens.RefreshToken,
            Scope = tokens.Scope,
            ObtainedAt = DateTimeOffset.UtcNow,
            ExpiresIn = expiresIn,
            ClientId = tokens.ClientId,
            ClientSecret = tokens.ClientSecret,
            TokenEndpointAuthMethod = tokens.TokenEndpointAuthMethod,
            AuthorizationServer = tokens.AuthorizationServer,
        };
    }

    public async ValueTask StoreTokensAsync(TokenContainer tokens, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        var previous = Volatile.Read(ref _current);
        var now = time.GetUtcNow();
        var stored = new McpOAuthTokens
        {
            AccessToken = tokens.AccessToken,
            TokenType = tokens.TokenType,
            // A refresh answer without a new refresh token keeps the old one usable (RFC 6749 §6).
            RefreshToken = tokens.RefreshToken ?? previous?.RefreshToken,
            Scope = tokens.Scope,
            ObtainedAt = now,
            ExpiresAt = tokens.ExpiresIn is { } seconds ? now.AddSeconds(seconds) : null,
            ClientId = tokens.ClientId,
            ClientSecret = tokens.ClientSecret,
            TokenEndpointAuthMethod = tokens.TokenEndpointAuthMethod,
            AuthorizationServer = tokens.AuthorizationServer,
        };
        if (!await store.SaveAsync(serverId, stored, cancellationToken).ConfigureAwait(false))
        {
            throw NexoException.NotFound("MCP server", serverId);
        }

        Volatile.Write(ref _current, stored);
        Volatile.Write(ref _loaded, true);
    }

    /// <summary>Forgets the tokens in memory (they were deleted): the next request reads the store again.</summary>
    public void Forget()
    {
        Volatile.Write(ref _current, null);
        Volatile.Write(ref _loaded, false);
    }
}
