using System.Collections.Concurrent;
using System.Globalization;
using Nexo.Security;
using Npgsql;

namespace Nexo.Storage.PostgreSql;

/// <summary>
/// A PostgreSQL database shared by any number of Nexo instances, and the repositories over it. One store is one
/// instance (<see cref="InstanceId"/>): its turn claims hold leases, and its one listening connection
/// (<see cref="Notifications"/>) receives cancel requests and the other instances' events (<see cref="EventRelay"/>).
/// </summary>
internal sealed class PostgresStore : INexoStore, IDisposable
{
    public PostgresStore(string connectionString)
    {
        Database = new PostgresDatabase(connectionString);
        Workspaces = new PostgresWorkspaceRepository(Database);
        Chats = new PostgresChatRepository(Database);
        Messages = new PostgresMessageRepository(Database);
        Prompts = new PostgresPromptRepository(Database);
        AppSettings = new PostgresAppSettingRepository(Database);
        Usage = new PostgresUsageRepository(Database);
        Notifications = new PostgresNotifications(Database);
        Relay = new PostgresEventRelay(this);
        ChatImports = new PostgresChatImportWriter(Database);
    }

    /// <summary>This instance among those sharing the database (random, new for every store).</summary>
    public string InstanceId { get; } = Guid.NewGuid().ToString("N")[..12];

    /// <summary>What a claim of this instance names as its holder: <c>machine:pid:start/instance</c>.</summary>
    public string Holder => $"{RunOwner.Current}/{InstanceId}";

    /// <summary>The environment variable that sets <see cref="LeaseDuration"/> in seconds (a test and operations knob).</summary>
    public const string LeaseSecondsVariable = "NEXO_PG_LEASE_SECONDS";

    /// <summary>
    /// How long a turn claim holds without renewal (renewed every third of it): 15 s, or <see cref="LeaseSecondsVariable"/>
    /// when it is set; tests shorten it.
    /// </summary>
    public TimeSpan LeaseDuration { get; set; } = LeaseFromEnvironment();

    /// <summary>Reads <see cref="LeaseSecondsVariable"/>: a number of seconds from 0.3 to 3600; unset or empty means 15 s.</summary>
    /// <exception cref="NexoException">Validation when the variable is set to anything else.</exception>
    internal static TimeSpan LeaseFromEnvironment()
    {
        var text = Environment.GetEnvironmentVariable(LeaseSecondsVariable);
        if (string.IsNullOrWhiteSpace(text))
        {
            return TimeSpan.FromSeconds(15);
        }

        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) || !(seconds >= 0.3 && seconds <= 3600))
        {
            throw NexoException.Validation(LeaseSecondsVariable, $"{LeaseSecondsVariable} must be a number of seconds from 0.3 to 3600 (the turn lease on PostgreSQL), not '{text}'.");
        }

        return TimeSpan.FromSeconds(seconds);
    }

    /// <summary>The chat engines (turn claims) of this instance that are not disposed.</summary>
    public ConcurrentDictionary<string, byte> LiveEngines { get; } = new(StringComparer.Ordinal);

    /// <summary>The listening connection.</summary>
    public PostgresNotifications Notifications { get; }

    /// <summary>The event relay (<see cref="EventRelay"/>).</summary>
    public PostgresEventRelay Relay { get; }

    /// <inheritdoc />
    public IEventRelay? EventRelay => Relay;

    /// <summary>The database and its connection pool.</summary>
    public PostgresDatabase Database { get; }

    /// <inheritdoc />
    public string Location => Database.Location;

    /// <inheritdoc />
    public async Task<System.Data.Common.DbConnection> OpenConnectionAsync(CancellationToken cancellationToken) =>
        await Database.OpenAsync(cancellationToken).ConfigureAwait(false);

    /// <inheritdoc />
    public int LatestVersion => PostgresDatabase.LatestVersion;

    /// <inheritdoc />
    public IWorkspaceRepository Workspaces { get; }

    /// <inheritdoc />
    public IChatRepository Chats { get; }

    /// <inheritdoc />
    public IMessageRepository Messages { get; }

    /// <inheritdoc />
    public IPromptRepository Prompts { get; }

    /// <inheritdoc />
    public IAppSettingRepository AppSettings { get; }

    /// <inheritdoc />
    public IUsageRepository Usage { get; }

    /// <inheritdoc />
    public IChatImportWriter ChatImports { get; }

    /// <inheritdoc />
    public int Migrate() => Database.Migrate();

    /// <inheritdoc />
    public string? ReadKeyCheck()
    {
        using var c = Database.Open();
        using var command = new NpgsqlCommand("SELECT value FROM app_settings WHERE key = @key", c);
        command.Parameters.AddWithValue("key", KeyCheck.SettingKey);
        return command.ExecuteScalar() as string;
    }

    /// <inheritdoc />
    public string WriteKeyCheckIfMissing(string value)
    {
        using var c = Database.Open();
        using (var insert = new NpgsqlCommand("INSERT INTO app_settings (key, value, updated_at) VALUES (@key, @value, @now) ON CONFLICT (key) DO NOTHING", c))
        {
            insert.Parameters.AddWithValue("key", KeyCheck.SettingKey);
            insert.Parameters.AddWithValue("value", value);
            insert.Parameters.AddWithValue("now", Time.ToMs(DateTimeOffset.UtcNow));
            insert.ExecuteNonQuery();
        }

        using var read = new NpgsqlCommand("SELECT value FROM app_settings WHERE key = @key", c);
        read.Parameters.AddWithValue("key", KeyCheck.SettingKey);
        return (string)read.ExecuteScalar()!;
    }

    /// <inheritdoc />
    public IReadOnlyList<(string Stored, string Purpose)> FindCiphertexts()
    {
        using var c = Database.Open();
        using var command = new NpgsqlCommand(
            """
            SELECT 'llm_connections'::text, id, 'api_key'::text, api_key_enc FROM llm_connections WHERE api_key_enc IS NOT NULL
            UNION ALL SELECT 'llm_connections', id, 'headers', headers_enc FROM llm_connections WHERE headers_enc IS NOT NULL
            UNION ALL SELECT 'mcp_servers', id, 'env', env_enc FROM mcp_servers WHERE env_enc IS NOT NULL
            UNION ALL SELECT 'mcp_servers', id, 'headers', headers_enc FROM mcp_servers WHERE headers_enc IS NOT NULL
            UNION ALL SELECT 'mcp_servers', id, 'oauth_client_secret', oauth_client_secret_enc FROM mcp_servers WHERE oauth_client_secret_enc IS NOT NULL
            UNION ALL SELECT 'mcp_oauth_tokens', server_id, 'tokens', tokens_enc FROM mcp_oauth_tokens
            """,
            c);
        using var reader = command.ExecuteReader();
        var result = new List<(string, string)>();
        while (reader.Read())
        {
            result.Add((reader.GetString(3), $"{reader.GetString(0)}.{reader.GetString(2)}:{reader.GetString(1)}"));
        }

        return result;
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<string>> MessageIdsOfChatAsync(string chatId, CancellationToken cancellationToken) =>
        IdsAsync("list a chat's messages", "SELECT id FROM messages WHERE chat_id = @id", chatId, cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<string>> MessageIdsOfWorkspaceAsync(string workspaceId, CancellationToken cancellationToken) =>
        IdsAsync("list a workspace's messages", "SELECT m.id FROM messages m JOIN chats c ON c.id = m.chat_id WHERE c.workspace_id = @id", workspaceId, cancellationToken);

    /// <inheritdoc />
    public ILlmConnectionRepository LlmConnections(SecretProtector protector) => new PostgresLlmConnectionRepository(Database, protector);

    /// <inheritdoc />
    public IMcpServerRepository McpServers(SecretProtector protector) => new PostgresMcpServerRepository(Database, protector);

    /// <inheritdoc />
    public IMcpOAuthTokenRepository McpOAuthTokens(SecretProtector protector) => new PostgresMcpOAuthTokenRepository(Database, protector);

    /// <inheritdoc />
    public ITurnClaims CreateTurnClaims(TimeProvider time) => new PostgresTurnClaims(this, time);

    /// <summary>Sends what the relay holds, stops listening and closes the connection pool (claims are not released).</summary>
    public void Dispose()
    {
        Relay.Dispose();
        Notifications.Dispose();
        Database.Dispose();
    }

    private Task<IReadOnlyList<string>> IdsAsync(string what, string sql, string id, CancellationToken cancellationToken) =>
        PgErrors.Wrap(what, async () =>
        {
            await using var c = await Database.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using var command = new NpgsqlCommand(sql, c);
            command.Parameters.AddWithValue("id", id);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            var ids = new List<string>();
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                ids.Add(reader.GetString(0));
            }

            return (IReadOnlyList<string>)ids;
        });
}
