using Dapper;
using Microsoft.Data.Sqlite;
using Nexo.Security;

namespace Nexo.Storage;

internal sealed class SqliteMcpServerRepository(NexoDatabase db, SecretProtector protector) : IMcpServerRepository
{
    private const string Columns = McpServerCodec.Columns;

    // Whether tokens are stored and when the access token expires: never the tokens themselves.
    private const string TokenColumns =
        "EXISTS (SELECT 1 FROM mcp_oauth_tokens t WHERE t.server_id = mcp_servers.id) AS oauth_authorized, (SELECT t.expires_at FROM mcp_oauth_tokens t WHERE t.server_id = mcp_servers.id) AS oauth_expires_at";

    public Task CreateAsync(McpServer server, McpServerSecrets secrets, CancellationToken cancellationToken = default) =>
        Errors.Wrap("create an MCP server connection", async () =>
        {
            await using var c = await db.OpenAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                await c.ExecuteAsync(
                    $"""
                    INSERT INTO mcp_servers ({Columns})
                    VALUES ({McpServerCodec.InsertValues})
                    """,
                    McpServerCodec.Parameters(protector, server, secrets)).ConfigureAwait(false);
            }
            catch (SqliteException ex) when (Errors.IsUniqueViolation(ex))
            {
                throw ex.Message.Contains("name", StringComparison.Ordinal)
                    ? NexoException.Conflict($"An MCP server named '{server.Name}' already exists.")
                    : NexoException.Conflict($"An MCP server with id '{server.Id}' already exists.");
            }

            return 0;
        });

    public Task<McpServer?> GetAsync(string id, CancellationToken cancellationToken = default) => QueryOne("id = @v", id, cancellationToken);

    public Task<McpServer?> GetByNameAsync(string name, CancellationToken cancellationToken = default) => QueryOne("name = @v COLLATE NOCASE", name, cancellationToken);

    public Task<IReadOnlyList<McpServer>> ListAsync(CancellationToken cancellationToken = default) =>
        Errors.Wrap("list MCP servers", async () =>
        {
            await using var c = await db.OpenAsync(cancellationToken).ConfigureAwait(false);
            var rows = await c.QueryAsync<McpServerRow>(
                $"SELECT {Columns}, status_owner, {TokenColumns} FROM mcp_servers ORDER BY created_at ASC, id ASC", new { cancellationToken }).ConfigureAwait(false);
            var owners = new McpServerOwnerLiveness();
            return (IReadOnlyList<McpServer>)rows.Select(r => owners.Apply(r.ToModel(), r.status_owner)).ToList();
        });

    public Task<McpServerSecrets?> GetSecretsAsync(string id, CancellationToken cancellationToken = default) =>
        Errors.Wrap("read MCP server secrets", async () =>
        {
            await using var c = await db.OpenAsync(cancellationToken).ConfigureAwait(false);
            var rows = (await c.QueryAsync<McpServerSecretsRow>(
                McpServerCodec.SelectSecrets, new { id, cancellationToken }).ConfigureAwait(false)).ToList();
            if (rows is not [var r])
            {
                return null;
            }

            return McpServerCodec.Secrets(protector, id, r);
        });

    public Task<bool> UpdateAsync(McpServer server, McpServerSecrets? secrets, bool keepEnv = false, bool keepHeaders = false, bool keepArgs = false, bool keepUrl = false, bool keepOAuth = false, CancellationToken cancellationToken = default) =>
        Errors.Wrap("update an MCP server connection", async () =>
        {
            await using var c = await db.OpenAsync(cancellationToken).ConfigureAwait(false);
            var sql = McpServerCodec.UpdateSql(secrets is not null, keepEnv, keepHeaders, keepArgs, keepUrl, keepOAuth);
            try
            {
                return await c.ExecuteAsync(sql, McpServerCodec.Parameters(protector, server, secrets ?? new McpServerSecrets())).ConfigureAwait(false) > 0;
            }
            catch (SqliteException ex) when (Errors.IsUniqueViolation(ex))
            {
                throw NexoException.Conflict($"An MCP server named '{server.Name}' already exists.");
            }
        });

    public Task<bool> UpdateStatusAsync(string id, McpServerStatus status, string? lastError, IReadOnlyList<McpToolInfo>? tools, CancellationToken cancellationToken = default) =>
        Errors.Wrap("update an MCP server status", async () =>
        {
            await using var c = await db.OpenAsync(cancellationToken).ConfigureAwait(false);
            var sql = McpServerCodec.UpdateStatusSql(withTools: tools is not null);
            var owner = McpServerCodec.StatusOwner(status);
            return await c.ExecuteAsync(
                sql,
                new { id, status = Enums.Name(status), owner, lastError, tools = tools is null ? null : Json.Serialize(tools), now = Time.ToMs(DateTimeOffset.UtcNow) }).ConfigureAwait(false) > 0;
        });

    public Task<bool> DeleteAsync(string id, CancellationToken cancellationToken = default) =>
        Errors.Wrap("delete an MCP server connection", async () =>
        {
            await using var c = await db.OpenAsync(cancellationToken).ConfigureAwait(false);
            return await c.ExecuteAsync("DELETE FROM mcp_servers WHERE id = @id", new { id, cancellationToken }).ConfigureAwait(false) > 0;
        });




    private Task<McpServer?> QueryOne(string where, string v, CancellationToken cancellationToken) =>
        Errors.Wrap("read an MCP server connection", async () =>
        {
            await using var c = await db.OpenAsync(cancellationToken).ConfigureAwait(false);
            var row = await c.QueryFirstOrDefaultAsync<McpServerRow>(
                $"SELECT {Columns}, status_owner, {TokenColumns} FROM mcp_servers WHERE {where} LIMIT 1", new { v }).ConfigureAwait(false);
            return row is null ? null : new McpServerOwnerLiveness().Apply(row.ToModel(), row.status_owner);
        });
}
