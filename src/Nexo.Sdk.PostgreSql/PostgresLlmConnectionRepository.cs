using Dapper;
using Npgsql;
using Nexo.Security;

namespace Nexo.Storage.PostgreSql;

internal sealed class PostgresLlmConnectionRepository(PostgresDatabase db, SecretProtector protector) : ILlmConnectionRepository
{
    private const string Columns = LlmConnectionCodec.Columns;

    public Task CreateAsync(LlmConnection connection, LlmConnectionSecrets secrets, CancellationToken cancellationToken = default) =>
        PgErrors.Wrap("create an LLM connection", async () =>
        {
            await using var c = await db.OpenAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                await c.ExecuteAsync(new CommandDefinition(
                    $"""
                    INSERT INTO llm_connections ({Columns})
                    VALUES ({LlmConnectionCodec.InsertValues})
                    """,
                    LlmConnectionCodec.Parameters(protector, connection, secrets),
                    cancellationToken: cancellationToken)).ConfigureAwait(false);
            }
            catch (PostgresException ex) when (PgErrors.IsUniqueViolation(ex))
            {
                throw ex.ConstraintName?.EndsWith("_name", StringComparison.Ordinal) == true
                    ? NexoException.Conflict($"An LLM connection named '{connection.Name}' already exists.")
                    : NexoException.Conflict($"An LLM connection with id '{connection.Id}' already exists.");
            }

            return 0;
        });

    public Task<LlmConnection?> GetAsync(string id, CancellationToken cancellationToken = default) => QueryOne("id = @v", id, cancellationToken);

    public Task<LlmConnection?> GetByNameAsync(string name, CancellationToken cancellationToken = default) => QueryOne("lower(name) = lower(@v)", name, cancellationToken);

    public Task<IReadOnlyList<LlmConnection>> ListAsync(CancellationToken cancellationToken = default) =>
        PgErrors.Wrap("list LLM connections", async () =>
        {
            await using var c = await db.OpenAsync(cancellationToken).ConfigureAwait(false);
            var rows = await c.QueryAsync<LlmConnectionRow>(new CommandDefinition(
                $"SELECT {Columns} FROM llm_connections ORDER BY created_at ASC, id ASC", cancellationToken: cancellationToken)).ConfigureAwait(false);
            return (IReadOnlyList<LlmConnection>)rows.Select(r => r.ToModel()).ToList();
        });

    public Task<LlmConnectionSecrets?> GetSecretsAsync(string id, CancellationToken cancellationToken = default) =>
        PgErrors.Wrap("read LLM connection secrets", async () =>
        {
            await using var c = await db.OpenAsync(cancellationToken).ConfigureAwait(false);
            var row = await c.QuerySingleOrDefaultAsync<ConnectionSecretsRow>(new CommandDefinition(
                "SELECT api_key_enc, headers_enc FROM llm_connections WHERE id = @id", new { id }, cancellationToken: cancellationToken)).ConfigureAwait(false);
            return row is null ? null : LlmConnectionCodec.Secrets(protector, id, row);
        });

    public Task<bool> UpdateAsync(LlmConnection connection, LlmConnectionSecrets? secrets, bool keepApiKey = false, bool keepHeaders = false, CancellationToken cancellationToken = default) =>
        PgErrors.Wrap("update an LLM connection", async () =>
        {
            await using var c = await db.OpenAsync(cancellationToken).ConfigureAwait(false);
            var sql = LlmConnectionCodec.UpdateSql(secrets is not null, keepApiKey, keepHeaders);
            try
            {
                return await c.ExecuteAsync(new CommandDefinition(sql, LlmConnectionCodec.Parameters(protector, connection, secrets ?? new LlmConnectionSecrets()), cancellationToken: cancellationToken)).ConfigureAwait(false) > 0;
            }
            catch (PostgresException ex) when (PgErrors.IsUniqueViolation(ex))
            {
                throw NexoException.Conflict($"An LLM connection named '{connection.Name}' already exists.");
            }
        });

    public Task<bool> DeleteAsync(string id, CancellationToken cancellationToken = default) =>
        PgErrors.Wrap("delete an LLM connection", async () =>
        {
            await using var c = await db.OpenAsync(cancellationToken).ConfigureAwait(false);
            return await c.ExecuteAsync(new CommandDefinition("DELETE FROM llm_connections WHERE id = @id", new { id }, cancellationToken: cancellationToken)).ConfigureAwait(false) > 0;
        });



    private Task<LlmConnection?> QueryOne(string where, string v, CancellationToken cancellationToken) =>
        PgErrors.Wrap("read an LLM connection", async () =>
        {
            await using var c = await db.OpenAsync(cancellationToken).ConfigureAwait(false);
            var row = await c.QueryFirstOrDefaultAsync<LlmConnectionRow>(new CommandDefinition(
                $"SELECT {Columns} FROM llm_connections WHERE {where} LIMIT 1", new { v }, cancellationToken: cancellationToken)).ConfigureAwait(false);
            return row?.ToModel();
        });
}
