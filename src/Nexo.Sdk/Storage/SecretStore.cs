using Dapper;

namespace Nexo.Storage;

/// <summary>
/// Store-wide secret housekeeping, done synchronously while the database is opened: the key check in
/// <c>app_settings</c>, finding one stored ciphertext to test a key against, and clearing every secret when the
/// store starts over with a new key.
/// </summary>
internal sealed class SecretStore(NexoDatabase db)
{
    /// <summary>The stored key check, or <see langword="null"/> when the store has none yet.</summary>
    public string? ReadKeyCheck()
    {
        using var c = db.Open();
        return c.QuerySingleOrDefault<string?>("SELECT value FROM app_settings WHERE key = @key", new { key = Security.KeyCheck.SettingKey });
    }

    /// <summary>Writes the key check unless one is there already; returns the check that is stored afterwards.</summary>
    public string WriteKeyCheckIfMissing(string value)
    {
        using var c = db.Open();
        c.Execute(
            "INSERT INTO app_settings (key, value, updated_at) VALUES (@key, @value, @now) ON CONFLICT (key) DO NOTHING",
            new { key = Security.KeyCheck.SettingKey, value, now = Time.ToMs(DateTimeOffset.UtcNow) });
        return c.QuerySingle<string>("SELECT value FROM app_settings WHERE key = @key", new { key = Security.KeyCheck.SettingKey });
    }

    /// <summary>
    /// Every stored ciphertext with the purpose it was encrypted for (see the repositories' <c>Purpose</c>); empty when
    /// the store holds no secret.
    /// </summary>
    public IReadOnlyList<(string Stored, string Purpose)> FindCiphertexts()
    {
        using var c = db.Open();
        var rows = c.Query<CiphertextRow>(
            """
            SELECT 'llm_connections' AS tbl, id, 'api_key' AS field, api_key_enc AS value FROM llm_connections WHERE api_key_enc IS NOT NULL
            UNION ALL SELECT 'llm_connections', id, 'headers', headers_enc FROM llm_connections WHERE headers_enc IS NOT NULL
            UNION ALL SELECT 'mcp_servers', id, 'env', env_enc FROM mcp_servers WHERE env_enc IS NOT NULL
            UNION ALL SELECT 'mcp_servers', id, 'headers', headers_enc FROM mcp_servers WHERE headers_enc IS NOT NULL
            UNION ALL SELECT 'mcp_servers', id, 'oauth_client_secret', oauth_client_secret_enc FROM mcp_servers WHERE oauth_client_secret_enc IS NOT NULL
            UNION ALL SELECT 'mcp_oauth_tokens', server_id, 'tokens', tokens_enc FROM mcp_oauth_tokens
            """);
        return rows.Select(r => (r.value, $"{r.tbl}.{r.field}:{r.id}")).ToList();
    }

    /// <summary>
    /// Clears every secret (API keys and headers of LLM connections, env and header values and the sealed parts of the
    /// args and URL of MCP servers) and puts
    /// <paramref name="newKeyCheck"/> in place of the key check, in one transaction. Rows themselves stay.
    /// </summary>
    /// <returns>How many connections and MCP servers had secrets.</returns>
    public (int Connections, int McpServers) ClearSecrets(string newKeyCheck)
    {
        using var c = db.Open();
        using var tx = c.BeginTransaction();
        var now = Time.ToMs(DateTimeOffset.UtcNow);
        var connections = c.Execute(
            "UPDATE llm_connections SET api_key_enc = NULL, api_key_preview = NULL, headers_enc = NULL, headers_masked = '{}', updated_at = @now WHERE api_key_enc IS NOT NULL OR headers_enc IS NOT NULL",
            new { now },
            tx);
        // Sealed parts of args and URLs cannot be decrypted any more either: they become the mask.
        var sealedRows = new List<SealedArgsRow>(c.Query<SealedArgsRow>(
            "SELECT id, args, url FROM mcp_servers WHERE instr(args, '{nexo-secret:') > 0 OR instr(coalesce(url, ''), '{nexo-secret:') > 0",
            transaction: tx));
        foreach (var (id, args, url) in sealedRows.Select(r => (r.id, r.args, r.url)))
        {
            c.Execute(
                "UPDATE mcp_servers SET args = @args, url = @url, updated_at = @now WHERE id = @id",
                new { id, args = Json.Serialize(Json.Deserialize<List<string>>(args, []).Select(Security.SecretArgs.Display).ToList()), url = url is null ? null : Security.SecretArgs.Display(url), now },
                tx);
        }

        var withSecrets = c.Query<string>(
                "SELECT id FROM mcp_servers WHERE env_enc IS NOT NULL OR headers_enc IS NOT NULL OR oauth_client_secret_enc IS NOT NULL UNION SELECT server_id FROM mcp_oauth_tokens",
                transaction: tx)
            .Concat(sealedRows.Select(r => r.id))
            .Distinct(StringComparer.Ordinal)
            .Count();
        c.Execute(
            "UPDATE mcp_servers SET env_enc = NULL, env_masked = '{}', headers_enc = NULL, headers_masked = '{}', oauth_client_secret_enc = NULL, updated_at = @now WHERE env_enc IS NOT NULL OR headers_enc IS NOT NULL OR oauth_client_secret_enc IS NOT NULL",
            new { now },
            tx);
        // OAuth tokens cannot be decrypted any more: the servers ask for authorization again.
        c.Execute("DELETE FROM mcp_oauth_tokens", transaction: tx);
        var servers = withSecrets;
        c.Execute(
            "INSERT INTO app_settings (key, value, updated_at) VALUES (@key, @value, @now) ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at",
            new { key = Security.KeyCheck.SettingKey, value = newKeyCheck, now },
            tx);
        tx.Commit();
        return (connections, servers);
    }
}
