using System.Collections.Concurrent;
using Nexo.Security;

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
    }

    /// <summary>This instance among those sharing the database (random, new for every store).</summary>
    public string InstanceId { get; } = Guid.NewGuid().ToString("N")[..12];

    /// <summary>What a claim of this instance names as its holder: <c>machine:pid:start/instance</c>.</summary>
    public string Holder => $"{RunOwner.Current}/{InstanceId}";

    /// <summary>How long a turn claim holds without renewal (renewed every third of it); tests shorten it.</summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(15);

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
    public ITurnClaims CreateTurnClaims(TimeProvider time) => new PostgresTurnClaims(this, time);

    /// <summary>Sends what the relay holds, stops listening and closes the connection pool (claims are not released).</summary>
    public void Dispose()
    {
        Relay.Dispose();
        Notifications.Dispose();
        Database.Dispose();
    }
}
