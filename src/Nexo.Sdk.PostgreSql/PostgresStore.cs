using Nexo.Security;

namespace Nexo.Storage.PostgreSql;

/// <summary>A PostgreSQL database shared by any number of Nexo instances, and the repositories over it.</summary>
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
    }

    /// <summary>The database and its connection pool.</summary>
    public PostgresDatabase Database { get; }

    /// <inheritdoc />
    public string Location => Database.Location;

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
    public int Migrate() => Database.Migrate();

    /// <inheritdoc />
    public ILlmConnectionRepository LlmConnections(SecretProtector protector) => new PostgresLlmConnectionRepository(Database, protector);

    /// <inheritdoc />
    public IMcpServerRepository McpServers(SecretProtector protector) => new PostgresMcpServerRepository(Database, protector);

    /// <inheritdoc />
    public IMcpOAuthTokenRepository McpOAuthTokens(SecretProtector protector) => new PostgresMcpOAuthTokenRepository(Database, protector);

    /// <inheritdoc />
    public ITurnClaims CreateTurnClaims(TimeProvider time) => new PostgresTurnClaims(Database, time);

    /// <summary>Closes the connection pool.</summary>
    public void Dispose() => Database.Dispose();
}
