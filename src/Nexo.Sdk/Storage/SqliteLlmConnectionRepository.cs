using Dapper;
using Microsoft.Data.Sqlite;
using Nexo.Security;

namespace Nexo.Storage;

internal sealed class SqliteLlmConnectionRepository(NexoDatabase db, SecretProtector protector) : ILlmConnectionRepository
{
    private const string Columns = LlmConnectionCodec.Columns;

    public Task CreateAsync(LlmConnection connection, LlmConnectionSecrets secrets, CancellationToken cancellationToken = default) =>
        Errors.Wrap("create an LLM connection", async () =>
        {
            await using var c = await db.OpenAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                await c.ExecuteAsync(
                    $"""
                    INSERT INTO llm_connections ({Columns})
                    VALUES ({LlmConnectionCodec.InsertValues})
                    """,
                    LlmConnectionCodec.Parameters(protector, connection, secrets)).ConfigureAwait(false);
            }
            catch (SqliteException ex) when (Errors.IsUniqueViolation(ex))
            {
                throw ex.Message.Contains("name", StringComparison.Ordinal)
                    ? NexoException.Conflict($"An LLM connection named '{connection.Name}' already exists.")
                    : NexoException.Conflict($"An LLM connection with id '{connection.Id}' already exists.");
            }

            return 0;
        });

    public Task<LlmConnection?> GetAsync(string id, CancellationToken cancellationToken = default) => QueryOne("id = @v", id, cancellationToken);

    public Task<LlmConnection?> GetByNameAsync(string name, CancellationToken cancellationToken = default) => QueryOne("name = @v COLLATE NOCASE", name, cancellationToken);

    public Task<IReadOnlyList<LlmConnection>> ListAsync(CancellationToken cancellationToken = default) =>
        Errors.Wrap("list LLM connections", async () =>
        {
            await using var c = await db.OpenAsync(cancellationToken).ConfigureAwait(false);
            var rows = await c.QueryAsync<LlmConnectionRow>(
                $"SELECT {Columns} FROM llm_connections ORDER BY created_at ASC, id ASC", new { cancellationToken }).ConfigureAwait(false);
            return (IReadOnlyList<LlmConnection>)rows.Select(r => r.ToModel()).ToList();
        });

    public Task<LlmConnectionSecrets?> GetSecretsAsync(string id, CancellationToken cancellationToken = default) =>
        Errors.Wrap("read LLM connection secrets", async () =>
        {
            await using var c = await db.OpenAsync(cancellationToken).ConfigureAwait(false);
            var rows = (await c.QueryAsync<ConnectionSecretsRow>(
                "SELECT api_key_enc, headers_enc FROM llm_connections WHERE id = @id", new { id, cancellationToken }).ConfigureAwait(false)).ToList();
            if (rows is not [var r])
            {
                return null;
            }

            return LlmConnectionCodec.Secrets(protector, id, r);
        });

    public Task<bool> UpdateAsync(LlmConnection connection, LlmConnectionSecrets? secrets, bool keepApiKey = false, bool keepHeaders = false, CancellationToken cancellationToken = default) =>
        Errors.Wrap("update an LLM connection", async () =>
        {
            await using var c = await db.OpenAsync(cancellationToken).ConfigureAwait(false);
            var sql = LlmConnectionCodec.UpdateSql(secrets is not null, keepApiKey, keepHeaders);
            try
            {
                return await c.ExecuteAsync(sql, LlmConnectionCodec.Parameters(protector, connection, secrets ?? new LlmConnectionSecrets())).ConfigureAwait(false) > 0;
            }
            catch (SqliteException ex) when (Errors.IsUniqueViolation(ex))
            {
                throw NexoException.Conflict($"An LLM connection named '{connection.Name}' already exists.");
            }
        });

    public Task<bool> DeleteAsync(string id, CancellationToken cancellationToken = default) =>
        Errors.Wrap("delete an LLM connection", async () =>
        {
            await using var c = await db.OpenAsync(cancellationToken).ConfigureAwait(false);
            return await c.ExecuteAsync("DELETE FROM llm_connections WHERE id = @id", new { id, cancellationToken }).ConfigureAwait(false) > 0;
        });



    private Task<LlmConnection?> QueryOne(string where, string v, CancellationToken cancellationToken) =>
        Errors.Wrap("read an LLM connection", async () =>
        {
            await using var c = await db.OpenAsync(cancellationToken).ConfigureAwait(false);
            var row = await c.QueryFirstOrDefaultAsync<LlmConnectionRow>(
                $"SELECT {Columns} FROM llm_connections WHERE {where} LIMIT 1", new { v }).ConfigureAwait(false);
            return row?.ToModel();
        });
}
