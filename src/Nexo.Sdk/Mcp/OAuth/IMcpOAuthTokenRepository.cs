namespace Nexo;

/// <summary>
/// Stores the OAuth tokens of MCP servers: access token, refresh token, lifetime and dynamically registered client,
/// encrypted like API keys; only the expiry is stored in plain text. Tokens go with their server.
/// </summary>
internal interface IMcpOAuthTokenRepository
{
    /// <summary>The stored tokens of a server, or <see langword="null"/>.</summary>
    /// <param name="serverId">The MCP server.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    Task<McpOAuthTokens?> GetAsync(string serverId, CancellationToken cancellationToken);

    /// <summary>Stores (replaces) the tokens of a server.</summary>
    /// <param name="serverId">The MCP server.</param>
    /// <param name="tokens">The tokens.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns><see langword="false"/> when the server does not exist (any more).</returns>
    Task<bool> SaveAsync(string serverId, McpOAuthTokens tokens, CancellationToken cancellationToken);

    /// <summary>Deletes the tokens of a server.</summary>
    /// <param name="serverId">The MCP server.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>Whether there were any.</returns>
    Task<bool> DeleteAsync(string serverId, CancellationToken cancellationToken);
}
