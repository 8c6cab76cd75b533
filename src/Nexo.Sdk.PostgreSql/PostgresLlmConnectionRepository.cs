using Dapper;
using Npgsql;
using Nexo.Security;

namespace Nexo.Storage.PostgreSql;

internal sealed class PostgresLlmConnectionRepository(PostgresDatabase db, SecretProtector protector) : ILlmConnectionRepository
{
    private const string Columns =
        "id, name, provider, base_url, api_key_enc, api_key_preview, headers_enc, headers_masked, models, default_model, enabled, native_documents, created_at, updated_at";

    public Task CreateAsync(LlmConnection connection, LlmConnectionSecrets secrets, CancellationToken cancellationToken = default) =>
        PgErrors.Wrap("create an LLM connection", async () =>
        {
            await using var c = await db.OpenAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                await c.ExecuteAsync(new CommandDefinition(
                    $"""
                    INSERT INTO llm_connections ({Columns})
                    VALUES (@id, @name, @provider, @base_url, @api_key_enc, @api_key_preview, @headers_enc, @headers_masked, @models, @default_model, @enabled, @native_documents, @created_at, @updated_at)
                    """,
                    Parameters(connection, secrets),
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
            var row = await c.QuerySingleOrDefaultAsync<(string? api_key_enc, string? headers_enc)?>(new CommandDefinition(
                "SELECT api_key_enc, headers_enc FROM llm_connections WHERE id = @id", new { id }, cancellationToken: cancellationToken)).ConfigureAwait(false);
            if (row is not { } r)
            {
                return null;
            }

            return new LlmConnectionSecrets
            {
                ApiKey = r.api_key_enc is null ? null : protector.Unprotect(r.api_key_enc, Purpose(id, "api_key")),
                Headers = r.headers_enc is null
                    ? new Dictionary<string, string>()
                    : Json.Deserialize(protector.Unprotect(r.headers_enc, Purpose(id, "headers")), new Dictionary<string, string>()),
            };
        });

    public Task<bool> UpdateAsync(LlmConnection connection, LlmConnectionSecrets? secrets, bool keepApiKey = false, bool keepHeaders = false, CancellationToken cancellationToken = default) =>
        PgErrors.Wrap("update an LLM connection", async () =>
        {
            await using var c = await db.OpenAsync(cancellationToken).ConfigureAwait(false);
            // Each secret column is replaced on its own, so replacing one never needs another (or the old value) decrypted.
            var apiKeySet = secrets is null || keepApiKey ? string.Empty : "api_key_enc = @api_key_enc, api_key_preview = @api_key_preview, ";
            var headersSet = secrets is null || keepHeaders ? string.Empty : "headers_enc = @headers_enc, headers_masked = @headers_masked, ";
            var sql = $"UPDATE llm_connections SET name = @name, provider = @provider, base_url = @base_url, {apiKeySet}{headersSet}models = @models, default_model = @default_model, enabled = @enabled, native_documents = @native_documents, updated_at = @updated_at WHERE id = @id";
            try
            {
                return await c.ExecuteAsync(new CommandDefinition(sql, Parameters(connection, secrets ?? new LlmConnectionSecrets()), cancellationToken: cancellationToken)).ConfigureAwait(false) > 0;
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

    private static string Purpose(string id, string field) => $"llm_connections.{field}:{id}";

    private object Parameters(LlmConnection m, LlmConnectionSecrets secrets) => new
    {
        id = m.Id,
        name = m.Name,
        provider = Enums.Name(m.Provider),
        base_url = m.BaseUrl,
        api_key_enc = string.IsNullOrEmpty(secrets.ApiKey) ? null : protector.Protect(secrets.ApiKey, Purpose(m.Id, "api_key")),
        api_key_preview = string.IsNullOrEmpty(secrets.ApiKey) ? null : SecretMasker.Mask(secrets.ApiKey),
        headers_enc = secrets.Headers.Count == 0 ? null : protector.Protect(Json.Serialize(secrets.Headers), Purpose(m.Id, "headers")),
        headers_masked = Json.Serialize(SecretMasker.MaskAll(secrets.Headers)),
        models = Json.Serialize(m.Models),
        default_model = m.DefaultModel,
        enabled = m.Enabled ? 1L : 0L,
        native_documents = m.NativeDocuments ? 1L : 0L,
        created_at = Time.ToMs(m.CreatedAt),
        updated_at = Time.ToMs(m.UpdatedAt),
    };

    private Task<LlmConnection?> QueryOne(string where, string v, CancellationToken cancellationToken) =>
        PgErrors.Wrap("read an LLM connection", async () =>
        {
            await using var c = await db.OpenAsync(cancellationToken).ConfigureAwait(false);
            var row = await c.QueryFirstOrDefaultAsync<LlmConnectionRow>(new CommandDefinition(
                $"SELECT {Columns} FROM llm_connections WHERE {where} LIMIT 1", new { v }, cancellationToken: cancellationToken)).ConfigureAwait(false);
            return row?.ToModel();
        });
}
