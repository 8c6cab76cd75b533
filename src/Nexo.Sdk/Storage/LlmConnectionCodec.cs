using Nexo.Security;

namespace Nexo.Storage;

/// <summary>
/// The store-neutral half of the <c>llm_connections</c> table, shared by the SQLite and PostgreSQL repositories so that
/// only SQL text differs between them: a connection and its secrets as SQL parameters (secrets encrypted, previews
/// masked), the secrets read back, and the <c>UPDATE</c> that replaces each secret column on its own.
/// </summary>
internal static class LlmConnectionCodec
{
    /// <summary>The columns, in the order of <see cref="InsertValues"/>.</summary>
    public const string Columns =
        "id, name, provider, base_url, api_key_enc, api_key_preview, headers_enc, headers_masked, models, default_model, enabled, native_documents, created_at, updated_at";

    /// <summary>The <c>VALUES</c> list of an insert of <see cref="Columns"/>.</summary>
    public const string InsertValues =
        "@id, @name, @provider, @base_url, @api_key_enc, @api_key_preview, @headers_enc, @headers_masked, @models, @default_model, @enabled, @native_documents, @created_at, @updated_at";

    /// <summary>The encryption purpose of one secret column of one connection (binds the ciphertext to its place).</summary>
    public static string Purpose(string id, string field) => $"llm_connections.{field}:{id}";

    /// <summary>
    /// The <c>UPDATE</c> of a connection. Each secret column is replaced on its own, so replacing one never needs
    /// another (or the old value) decrypted; none is touched when <paramref name="secretsGiven"/> is false.
    /// </summary>
    public static string UpdateSql(bool secretsGiven, bool keepApiKey, bool keepHeaders)
    {
        var apiKeySet = !secretsGiven || keepApiKey ? string.Empty : "api_key_enc = @api_key_enc, api_key_preview = @api_key_preview, ";
        var headersSet = !secretsGiven || keepHeaders ? string.Empty : "headers_enc = @headers_enc, headers_masked = @headers_masked, ";
        return $"UPDATE llm_connections SET name = @name, provider = @provider, base_url = @base_url, {apiKeySet}{headersSet}models = @models, default_model = @default_model, enabled = @enabled, native_documents = @native_documents, updated_at = @updated_at WHERE id = @id";
    }

    /// <summary>A connection's columns as SQL parameters, its secrets encrypted with <paramref name="protector"/>.</summary>
    public static LlmConnectionParameters Parameters(SecretProtector protector, LlmConnection m, LlmConnectionSecrets secrets) => new()
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
        enabled = m.Enabled ? 1 : 0,
        native_documents = m.NativeDocuments ? 1 : 0,
        created_at = Time.ToMs(m.CreatedAt),
        updated_at = Time.ToMs(m.UpdatedAt),
    };

    /// <summary>A connection's secrets from its encrypted columns.</summary>
    public static LlmConnectionSecrets Secrets(SecretProtector protector, string id, ConnectionSecretsRow r) => new()
    {
        ApiKey = r.api_key_enc is null ? null : protector.Unprotect(r.api_key_enc, Purpose(id, "api_key")),
        Headers = r.headers_enc is null
            ? new Dictionary<string, string>()
            : Json.Deserialize(protector.Unprotect(r.headers_enc, Purpose(id, "headers")), new Dictionary<string, string>()),
    };
}

#pragma warning disable IDE1006, SA1300 // The parameters mirror the column names.
/// <summary>A connection's columns as SQL parameters (a named type: Dapper.AOT generates its binding).</summary>
internal sealed class LlmConnectionParameters
{
    public required string id { get; init; }

    public required string name { get; init; }

    public required string provider { get; init; }

    public string? base_url { get; init; }

    public string? api_key_enc { get; init; }

    public string? api_key_preview { get; init; }

    public string? headers_enc { get; init; }

    public required string headers_masked { get; init; }

    public required string models { get; init; }

    public string? default_model { get; init; }

    public int enabled { get; init; }

    public int native_documents { get; init; }

    public long created_at { get; init; }

    public long updated_at { get; init; }
}
#pragma warning restore IDE1006, SA1300
