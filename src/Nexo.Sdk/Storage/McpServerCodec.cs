using Nexo.Security;

namespace Nexo.Storage;

/// <summary>
/// The store-neutral half of the <c>mcp_servers</c> table, shared by the SQLite and PostgreSQL repositories so that only
/// SQL text differs between them: a server and its secrets as SQL parameters (secret parts of the command line and URL
/// sealed, env and headers encrypted, masked copies for listings), the secrets read back, and the <c>UPDATE</c> that
/// replaces each secret column on its own.
/// </summary>
internal static class McpServerCodec
{
    /// <summary>The columns, in the order of <see cref="InsertValues"/>.</summary>
    public const string Columns =
        "id, name, transport, command, args, env_enc, env_masked, inherit_env, working_directory, url, headers_enc, headers_masked, enabled, timeout_seconds, status, last_error, tools, created_at, updated_at, oauth, oauth_client_secret_enc";

    /// <summary>The <c>VALUES</c> list of an insert of <see cref="Columns"/>.</summary>
    public const string InsertValues =
        "@id, @name, @transport, @command, @args, @env_enc, @env_masked, @inherit_env, @working_directory, @url, @headers_enc, @headers_masked, @enabled, @timeout_seconds, @status, @last_error, @tools, @created_at, @updated_at, @oauth, @oauth_client_secret_enc";

    /// <summary>The encrypted and sealed columns <see cref="Secrets"/> reads.</summary>
    public const string SelectSecrets = "SELECT env_enc, headers_enc, args, url, oauth_client_secret_enc FROM mcp_servers WHERE id = @id";

    /// <summary>The encryption purpose of one secret column of one server (binds the ciphertext to its place).</summary>
    public static string Purpose(string id, string field) => $"mcp_servers.{field}:{id}";

    /// <summary>
    /// The <c>UPDATE</c> of a server. Each secret column is replaced on its own, so replacing one never needs another
    /// (or the old value) decrypted; env and headers are not touched when <paramref name="secretsGiven"/> is false.
    /// The listed args and URL show their secret parts masked: unchanged ones keep their stored (sealed) text.
    /// </summary>
    public static string UpdateSql(bool secretsGiven, bool keepEnv, bool keepHeaders, bool keepArgs, bool keepUrl, bool keepOAuth)
    {
        var envSet = !secretsGiven || keepEnv ? string.Empty : "env_enc = @env_enc, env_masked = @env_masked, ";
        var headersSet = !secretsGiven || keepHeaders ? string.Empty : "headers_enc = @headers_enc, headers_masked = @headers_masked, ";
        var oauthSet = keepOAuth ? string.Empty : "oauth = @oauth, oauth_client_secret_enc = @oauth_client_secret_enc, ";
        var secretSet = envSet + headersSet + oauthSet;
        var argsSet = keepArgs ? string.Empty : "args = @args, ";
        var urlSet = keepUrl ? string.Empty : "url = @url, ";
        return $"UPDATE mcp_servers SET name = @name, transport = @transport, command = @command, {argsSet}{secretSet}inherit_env = @inherit_env, working_directory = @working_directory, {urlSet}enabled = @enabled, timeout_seconds = @timeout_seconds, updated_at = @updated_at WHERE id = @id";
    }

    /// <summary>The status <c>UPDATE</c> (with the tool list when <paramref name="withTools"/>).</summary>
    public static string UpdateStatusSql(bool withTools) => withTools
        ? "UPDATE mcp_servers SET status = @status, status_owner = @owner, last_error = @lastError, tools = @tools, updated_at = @now WHERE id = @id"
        : "UPDATE mcp_servers SET status = @status, status_owner = @owner, last_error = @lastError, updated_at = @now WHERE id = @id";

    /// <summary>Who holds a status: this process while it is connecting or connected, else nobody.</summary>
    public static string? StatusOwner(McpServerStatus status) =>
        status is McpServerStatus.Connecting or McpServerStatus.Connected ? RunOwner.Current : null;

    /// <summary>A server's columns as SQL parameters, its secrets sealed or encrypted with <paramref name="protector"/>.</summary>
    public static McpServerParameters Parameters(SecretProtector protector, McpServer m, McpServerSecrets secrets) => new()
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
        enabled = m.Enabled ? 1 : 0,
        timeout_seconds = m.TimeoutSeconds,
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

    /// <summary>A server's secrets from its encrypted and sealed columns.</summary>
    public static McpServerSecrets Secrets(SecretProtector protector, string id, McpServerSecretsRow r) => new()
    {
        Env = r.env_enc is null ? new Dictionary<string, string>() : Json.Deserialize(protector.Unprotect(r.env_enc, Purpose(id, "env")), new Dictionary<string, string>()),
        Headers = r.headers_enc is null ? new Dictionary<string, string>() : Json.Deserialize(protector.Unprotect(r.headers_enc, Purpose(id, "headers")), new Dictionary<string, string>()),
        Args = SecretArgs.IsSealed(r.args)
            ? Json.Deserialize<List<string>>(r.args, []).Select(a => SecretArgs.Open(a, v => protector.Unprotect(v, Purpose(id, "args")))).ToList()
            : null,
        Url = SecretArgs.IsSealed(r.url) ? SecretArgs.Open(r.url!, v => protector.Unprotect(v, Purpose(id, "url"))) : null,
        OAuthClientSecret = r.oauth_client_secret_enc is null ? null : protector.Unprotect(r.oauth_client_secret_enc, Purpose(id, "oauth_client_secret")),
    };
}

/// <summary>
/// Reads a stored <c>connecting</c>/<c>connected</c> status as <c>disconnected</c> when the process that stored it has
/// stopped (or is unknown), since that process can no longer hold the connection. Each owner is checked once per read.
/// </summary>
internal sealed class McpServerOwnerLiveness
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

#pragma warning disable IDE1006, SA1300 // The parameters mirror the column names.
/// <summary>A server's columns as SQL parameters (a named type: Dapper.AOT generates its binding).</summary>
internal sealed class McpServerParameters
{
    public required string id { get; init; }

    public required string name { get; init; }

    public required string transport { get; init; }

    public string? command { get; init; }

    public required string args { get; init; }

    public string? env_enc { get; init; }

    public required string env_masked { get; init; }

    public required string inherit_env { get; init; }

    public string? working_directory { get; init; }

    public string? url { get; init; }

    public string? headers_enc { get; init; }

    public required string headers_masked { get; init; }

    public int enabled { get; init; }

    public int timeout_seconds { get; init; }

    public required string status { get; init; }

    public string? last_error { get; init; }

    public required string tools { get; init; }

    public long created_at { get; init; }

    public long updated_at { get; init; }

    public string? oauth { get; init; }

    public string? oauth_client_secret_enc { get; init; }
}
#pragma warning restore IDE1006, SA1300
