using Dapper;
using Npgsql;
using Nexo.Security;

namespace Nexo.Storage.PostgreSql;

internal sealed class PostgresMcpServerRepository(PostgresDatabase db, SecretProtector protector) : IMcpServerRepository
{
    private const string Columns =
        "id, name, transport, command, args, env_enc, env_masked, inherit_env, working_directory, url, headers_enc, headers_masked, enabled, timeout_seconds, status, last_error, tools, created_at, updated_at, oauth, oauth_client_secret_enc";

    // Whether tokens are stored and when the access token expires: never the tokens themselves.
    private const string TokenColumns =
        "(EXISTS (SELECT 1 FROM mcp_oauth_tokens t WHERE t.server_id = mcp_servers.id))::int::int8 AS oauth_authorized, (SELECT t.expires_at FROM mcp_oauth_tokens t WHERE t.server_id = mcp_servers.id) AS oauth_expires_at";

    public Task CreateAsync(McpServer server, McpServerSecrets secrets, CancellationToken cancellationToken = default) =>
        PgErrors.Wrap("create an MCP server connection", async () =>
        {
            await using var c = await db.OpenAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                await c.ExecuteAsync(new CommandDefinition(
                    $"""
                    INSERT INTO mcp_servers ({Columns})
                    VALUES (@id, @name, @transport, @command, @args, @env_enc, @env_masked, @inherit_env, @working_directory, @url, @headers_enc, @headers_masked, @enabled, @timeout_seconds, @status, @last_error, @tools, @created_at, @updated_at, @oauth, @oauth_client_secret_enc)
                    """,
                    Parameters(server, secrets),
                    cancellationToken: cancellationToken)).ConfigureAwait(false);
            }
            catch (PostgresException ex) when (PgErrors.IsUniqueViolation(ex))
            {
                throw ex.ConstraintName?.EndsWith("_name", StringComparison.Ordinal) == true
                    ? NexoException.Conflict($"An MCP server named '{server.Name}' already exists.")
                    : NexoException.Conflict($"An MCP server with id '{server.Id}' already exists.");
            }

            return 0;
        });

    public Task<McpServer?> GetAsync(string id, CancellationToken cancellationToken = default) => QueryOne("id = @v", id, cancellationToken);

    public Task<McpServer?> GetByNameAsync(string name, CancellationToken cancellationToken = default) => QueryOne("lower(name) = lower(@v)", name, cancellationToken);

    public Task<IReadOnlyList<McpServer>> ListAsync(CancellationToken cancellationToken = default) =>
        PgErrors.Wrap("list MCP servers", async () =>
        {
            await using var c = await db.OpenAsync(cancellationToken).ConfigureAwait(false);
            var rows = await c.QueryAsync<McpServerRow>(new CommandDefinition(
                $"SELECT {Columns}, status_owner, {TokenColumns} FROM mcp_servers ORDER BY created_at ASC, id ASC", cancellationToken: cancellationToken)).ConfigureAwait(false);
            var owners = new OwnerLiveness();
            return (IReadOnlyList<McpServer>)rows.Select(r => owners.Apply(r.ToModel(), r.status_owner)).ToList();
        });

    public Task<McpServerSecrets?> GetSecretsAsync(string id, CancellationToken cancellationToken = default) =>
        PgErrors.Wrap("read MCP server secrets", async () =>
        {
            await using var c = await db.OpenAsync(cancellationToken).ConfigureAwait(false);
            var row = await c.QuerySingleOrDefaultAsync<(string? env_enc, string? headers_enc, string args, string? url, string? oauth_client_secret_enc)?>(new CommandDefinition(
                "SELECT env_enc, headers_enc, args, url, oauth_client_secret_enc FROM mcp_servers WHERE id = @id", new { id }, cancellationToken: cancellationToken)).ConfigureAwait(false);
            if (row is not { } r)
            {
                return null;
            }

            return new McpServerSecrets
            {
                Env = r.env_enc is null ? new Dictionary<string, string>() : Json.Deserialize(protector.Unprotect(r.env_enc, Purpose(id, "env")), new Dictionary<string, string>()),
                Headers = r.headers_enc is null ? new Dictionary<string, string>() : Json.Deserialize(protector.Unprotect(r.headers_enc, Purpose(id, "headers")), new Dictionary<string, string>()),
                Args = SecretArgs.IsSealed(r.args)
                    ? Json.Deserialize<List<string>>(r.args, []).Select(a => SecretArgs.Open(a, v => protector.Unprotect(v, Purpose(id, "args")))).ToList()
                    : null,
                Url = SecretArgs.IsSealed(r.url) ? SecretArgs.Open(r.url!, v => protector.Unprotect(v, Purpose(id, "url"))) : null,
                OAuthClientSecret = r.oauth_client_secret_enc is null ? null : protector.Unprotect(r.oauth_client_secret_enc, Purpose(id, "oauth_client_secret")),
            };
        });

    public Task<bool> UpdateAsync(McpServer server, McpServerSecrets? secrets, bool keepEnv = false, bool keepHeaders = false, bool keepArgs = false, bool keepUrl = false, bool keepOAuth = false, CancellationToken cancellationToken = default) =>
        PgErrors.Wrap("update an MCP server connection", async () =>
        {
            await using var c = await db.OpenAsync(cancellationToken).ConfigureAwait(false);
            // Each secret column is replaced on its own, so replacing one never needs another (or the old value) decrypted.
            var envSet = secrets is null || keepEnv ? string.Empty : "env_enc = @env_enc, env_masked = @env_masked, ";
            var headersSet = secrets is null || keepHeaders ? string.Empty : "headers_enc = @headers_enc, headers_masked = @headers_masked, ";
            var oauthSet = keepOAuth ? string.Empty : "oauth = @oauth, oauth_client_secret_enc = @oauth_client_secret_enc, ";
            var secretSet = envSet + headersSet + oauthSet;
            // The listed args and URL show their secret parts masked: unchanged ones keep their stored (sealed) text.
            var argsSet = keepArgs ? string.Empty : "args = @args, ";
            var urlSet = keepUrl ? string.Empty : "url = @url, ";
            var sql = $"UPDATE mcp_servers SET name = @name, transport = @transport, command = @command, {argsSet}{secretSet}inherit_env = @inherit_env, working_directory = @working_directory, {urlSet}enabled = @enabled, timeout_seconds = @timeout_seconds, updated_at = @updated_at WHERE id = @id";
            try
            {
                return await c.ExecuteAsync(new CommandDefinition(sql, Parameters(server, secrets ?? new McpServerSecrets()), cancellationToken: cancellationToken)).ConfigureAwait(false) > 0;
            }
            catch (PostgresException ex) when (PgErrors.IsUniqueViolation(ex))
            {
                throw NexoException.Conflict($"An MCP server named '{server.Name}' already exists.");
            }
        });

    public Task<bool> UpdateStatusAsync(string id, McpServerStatus status, string? lastError, IReadOnlyList<McpToolInfo>? tools, CancellationToken cancellationToken = default) =>
        PgErrors.Wrap("update an MCP server status", async () =>
        {
            await using var c = await db.OpenAsync(cancellationToken).ConfigureAwait(false);
            var sql = tools is null
                ? "UPDATE mcp_servers SET status = @status, status_owner = @owner, last_error = @lastError, updated_at = @now WHERE id = @id"
                : "UPDATE mcp_servers SET status = @status, status_owner = @owner, last_error = @lastError, tools = @tools, updated_at = @now WHERE id = @id";
            var owner = status is McpServerStatus.Connecting or McpServerStatus.Connected ? RunOwner.Current : null;
            return await c.ExecuteAsync(new CommandDefinition(
                sql,
                new { id, status = Enums.Name(status), owner, lastError, tools = tools is null ? null : Json.Serialize(tools), now = Time.ToMs(DateTimeOffset.UtcNow) },
                cancellationToken: cancellationToken)).ConfigureAwait(false) > 0;
        });

    public Task<bool> DeleteAsync(string id, CancellationToken cancellationToken = default) =>
        PgErrors.Wrap("delete an MCP server connection", async () =>
        {
            await using var c = await db.OpenAsync(cancellationToken).ConfigureAwait(false);
            return await c.ExecuteAsync(new CommandDefinition("DELETE FROM mcp_servers WHERE id = @id", new { id }, cancellationToken: cancellationToken)).ConfigureAwait(false) > 0;
        });

    /// <summary>
    /// Reads a stored <c>connecting</c>/<c>connected</c> status as <c>disconnected</c> when the process that stored it has
    /// stopped (or is unknown), since that process can no longer hold the connection. Each owner is checked once per read.
    /// </summary>
    private sealed class OwnerLiveness
    {
        private readonly Dictionary<string, bool> _stopped = new(StringComparer.Ordinal);

        public McpServer Apply(McpServer server, string? owner)
        {
            if (server.Status is not (McpServerStatus.Connecting or McpServerStatus.Connected) || owner == RunOwner.Current)
            {
                return server;
            }

            var stopped = owner is null || (_stopped.TryGetValue(owner, out var known) ? known : _stopped[owner] = RunOwner.IsDeadLocalProcess(owner));
            return stopped ? server with { Status = McpServerStatus.Disconnected, LastError = null } : server;
        }
    }

    private static string Purpose(string id, string field) => $"mcp_servers.{field}:{id}";

    private object Parameters(McpServer m, McpServerSecrets secrets) => new
    {
        id = m.Id,
        name = m.Name,
        transport = Enums.Name(m.Transport),
        command = m.Command,
        // Secret parts of the command line and URL (--api-key VALUE, token=…, URL userinfo and key-like query values) are stored encrypted.
        args = Json.Serialize(SecretArgs.Seal(m.Args, v => protector.Protect(v, Purpose(m.Id, "args")))),
        env_enc = secrets.Env.Count == 0 ? null : protector.Protect(Json.Serialize(secrets.Env), Purpose(m.Id, "env")),
        env_masked = Json.Serialize(SecretMasker.MaskAll(secrets.Env)),
        inherit_env = Json.Serialize(m.InheritEnv),
        working_directory = m.WorkingDirectory,
        url = SecretArgs.Seal(m.Url, v => protector.Protect(v, Purpose(m.Id, "url"))),
        headers_enc = secrets.Headers.Count == 0 ? null : protector.Protect(Json.Serialize(secrets.Headers), Purpose(m.Id, "headers")),
        headers_masked = Json.Serialize(SecretMasker.MaskAll(secrets.Headers)),
        enabled = m.Enabled ? 1L : 0L,
        timeout_seconds = (long)m.TimeoutSeconds,
        status = Enums.Name(m.Status),
        last_error = m.LastError,
        tools = Json.Serialize(m.Tools),
        created_at = Time.ToMs(m.CreatedAt),
        updated_at = Time.ToMs(m.UpdatedAt),
        // The client id and scopes are settings; the client secret is stored encrypted like API keys.
        oauth = m.OAuth is null ? null : Json.Serialize(m.OAuth with { ClientSecret = null }),
        oauth_client_secret_enc = m.OAuth is null || secrets.OAuthClientSecret is not { Length: > 0 } clientSecret
            ? null
            : protector.Protect(clientSecret, Purpose(m.Id, "oauth_client_secret")),
    };

    private Task<McpServer?> QueryOne(string where, string v, CancellationToken cancellationToken) =>
        PgErrors.Wrap("read an MCP server connection", async () =>
        {
            await using var c = await db.OpenAsync(cancellationToken).ConfigureAwait(false);
            var row = await c.QueryFirstOrDefaultAsync<McpServerRow>(new CommandDefinition(
                $"SELECT {Columns}, status_owner, {TokenColumns} FROM mcp_servers WHERE {where} LIMIT 1", new { v }, cancellationToken: cancellationToken)).ConfigureAwait(false);
            return row is null ? null : new OwnerLiveness().Apply(row.ToModel(), row.status_owner);
        });
}
