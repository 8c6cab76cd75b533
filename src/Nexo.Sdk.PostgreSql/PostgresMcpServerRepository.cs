using Dapper;
using Npgsql;
using Nexo.Security;

namespace Nexo.Storage.PostgreSql;

internal sealed class PostgresMcpServerRepository(PostgresDatabase db, SecretProtector protector) : IMcpServerRepository
{
    private const string Columns = McpServerCodec.Columns;

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
                    VALUES ({McpServerCodec.InsertValues})
                    """,
                    McpServerCodec.Parameters(protector, server, secrets),
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
            var owners = new McpServerOwnerLiveness();
            return (IReadOnlyList<McpServer>)rows.Select(r => owners.Apply(r.ToModel(), r.status_owner)).ToList();
        });

    public Task<McpServerSecrets?> GetSecretsAsync(string id, CancellationToken cancellationToken = default) =>
        PgErrors.Wrap("read MCP server secrets", async () =>
        {
            await using var c = await db.OpenAsync(cancellationToken).ConfigureAwait(false);
            var row = await c.QuerySingleOrDefaultAsync<McpServerSecretsRow>(new CommandDefinition(
                McpServerCodec.SelectSecrets, new { id }, cancellationToken: cancellationToken)).ConfigureAwait(false);
            return row is null ? null : McpServerCodec.Secrets(protector, id, row);
        });

    public Task<bool> UpdateAsync(McpServer server, McpServerSecrets? secrets, bool keepEnv = false, bool keepHeaders = false, bool keepArgs = false, bool keepUrl = false, bool keepOAuth = false, CancellationToken cancellationToken = default) =>
        PgErrors.Wrap("update an MCP server connection", async () =>
        {
            await using var c = await db.OpenAsync(cancellationToken).ConfigureAwait(false);
            var sql = McpServerCodec.UpdateSql(secrets is not null, keepEnv, keepHeaders, keepArgs, keepUrl, keepOAuth);
            try
            {
                return await c.ExecuteAsync(new CommandDefinition(sql, McpServerCodec.Parameters(protector, server, secrets ?? new McpServerSecrets()), cancellationToken: cancellationToken)).ConfigureAwait(false) > 0;
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
            var sql = McpServerCodec.UpdateStatusSql(withTools: tools is not null);
            var owner = McpServerCodec.StatusOwner(status);
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




    private Task<McpServer?> QueryOne(string where, string v, CancellationToken cancellationToken) =>
        PgErrors.Wrap("read an MCP server connection", async () =>
        {
            await using var c = await db.OpenAsync(cancellationToken).ConfigureAwait(false);
            var row = await c.QueryFirstOrDefaultAsync<McpServerRow>(new CommandDefinition(
                $"SELECT {Columns}, status_owner, {TokenColumns} FROM mcp_servers WHERE {where} LIMIT 1", new { v }, cancellationToken: cancellationToken)).ConfigureAwait(false);
            return row is null ? null : new McpServerOwnerLiveness().Apply(row.ToModel(), row.status_owner);
        });
}
