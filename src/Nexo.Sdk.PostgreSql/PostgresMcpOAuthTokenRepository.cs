using Dapper;
using Nexo.Security;

namespace Nexo.Storage.PostgreSql;

/// <summary>
/// The OAuth tokens of MCP servers (<c>mcp_oauth_tokens</c>): the access token, refresh token, lifetime and the
/// dynamically registered client of a server are one JSON value encrypted like API keys (purpose
/// <c>mcp_oauth_tokens.tokens:SERVER</c>); only the expiry is stored in plain text. Rows go with their server.
/// </summary>
internal sealed class PostgresMcpOAuthTokenRepository(PostgresDatabase db, SecretProtector protector) : IMcpOAuthTokenRepository
{
    public static string Purpose(string serverId) => $"mcp_oauth_tokens.tokens:{serverId}";

    /// <summary>The stored tokens of a server, or <see langword="null"/>.</summary>
    public Task<McpOAuthTokens?> GetAsync(string serverId, CancellationToken cancellationToken) =>
        PgErrors.Wrap("read MCP OAuth tokens", async () =>
        {
            await using var c = await db.OpenAsync(cancellationToken).ConfigureAwait(false);
            var stored = await c.QuerySingleOrDefaultAsync<string?>(new CommandDefinition(
                "SELECT tokens_enc FROM mcp_oauth_tokens WHERE server_id = @serverId", new { serverId }, cancellationToken: cancellationToken)).ConfigureAwait(false);
            return stored is null ? null : Json.Deserialize<McpOAuthTokens?>(protector.Unprotect(stored, Purpose(serverId)), null);
        });

    /// <summary>Stores (replaces) the tokens of a server. Returns <see langword="false"/> when the server does not exist (any more).</summary>
    public Task<bool> SaveAsync(string serverId, McpOAuthTokens tokens, CancellationToken cancellationToken) =>
        PgErrors.Wrap("store MCP OAuth tokens", async () =>
        {
            await using var c = await db.OpenAsync(cancellationToken).ConfigureAwait(false);
            return await c.ExecuteAsync(new CommandDefinition(
                """
                INSERT INTO mcp_oauth_tokens (server_id, tokens_enc, expires_at, updated_at)
                SELECT @serverId::text, @tokens, @expires::bigint, @now WHERE EXISTS (SELECT 1 FROM mcp_servers WHERE id = @serverId)
                ON CONFLICT (server_id) DO UPDATE SET tokens_enc = excluded.tokens_enc, expires_at = excluded.expires_at, updated_at = excluded.updated_at
                """,
                new
                {
                    serverId,
                    tokens = protector.Protect(Json.Serialize(tokens), Purpose(serverId)),
                    expires = tokens.ExpiresAt is { } at ? Time.ToMs(at) : (long?)null,
                    now = Time.ToMs(DateTimeOffset.UtcNow),
                },
                cancellationToken: cancellationToken)).ConfigureAwait(false) > 0;
        });

    /// <summary>Deletes the tokens of a server; returns whether there were any.</summary>
    public Task<bool> DeleteAsync(string serverId, CancellationToken cancellationToken) =>
        PgErrors.Wrap("delete MCP OAuth tokens", async () =>
        {
            await using var c = await db.OpenAsync(cancellationToken).ConfigureAwait(false);
            return await c.ExecuteAsync(new CommandDefinition(
                "DELETE FROM mcp_oauth_tokens WHERE server_id = @serverId", new { serverId }, cancellationToken: cancellationToken)).ConfigureAwait(false) > 0;
        });
}
