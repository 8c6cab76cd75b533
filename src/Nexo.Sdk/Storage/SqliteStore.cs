using Dapper;
using Nexo.Security;

namespace Nexo.Storage;

/// <summary>The default store: one SQLite file (<see cref="NexoDatabase"/>) and the SQLite repositories over it.</summary>
internal sealed class SqliteStore(NexoDatabase database) : INexoStore
{
    /// <summary>The database file and its connections (backups, attachments and key housekeeping use it directly).</summary>
    public NexoDatabase Database { get; } = database;

    /// <inheritdoc />
    public string Location => Database.Path;

    /// <inheritdoc />
    public async Task<System.Data.Common.DbConnection> OpenConnectionAsync(CancellationToken cancellationToken) =>
        await Database.OpenAsync(cancellationToken).ConfigureAwait(false);

    /// <inheritdoc />
    public int LatestVersion => NexoDatabase.LatestVersion;

    /// <inheritdoc />
    public IWorkspaceRepository Workspaces { get; } = new SqliteWorkspaceRepository(database);

    /// <inheritdoc />
    public IChatRepository Chats { get; } = new SqliteChatRepository(database);

    /// <inheritdoc />
    public IMessageRepository Messages { get; } = new SqliteMessageRepository(database);

    /// <inheritdoc />
    public IPromptRepository Prompts { get; } = new SqlitePromptRepository(database);

    /// <inheritdoc />
    public IAppSettingRepository AppSettings { get; } = new SqliteAppSettingRepository(database);

    /// <inheritdoc />
    public IUsageRepository Usage { get; } = new SqliteUsageRepository(database);

    /// <inheritdoc />
    public IChatImportWriter ChatImports { get; } = new ChatImportWriter(database);

    /// <inheritdoc />
    public int Migrate() => Database.Migrate();

    /// <inheritdoc />
    public string? ReadKeyCheck() => new SecretStore(Database).ReadKeyCheck();

    /// <inheritdoc />
    public string WriteKeyCheckIfMissing(string value) => new SecretStore(Database).WriteKeyCheckIfMissing(value);

    /// <inheritdoc />
    public IReadOnlyList<(string Stored, string Purpose)> FindCiphertexts() => new SecretStore(Database).FindCiphertexts();

    /// <inheritdoc />
    public Task<IReadOnlyList<string>> MessageIdsOfChatAsync(string chatId, CancellationToken cancellationToken) =>
        Errors.Wrap("list a chat's messages", async () =>
        {
            await using var c = await Database.OpenAsync(cancellationToken).ConfigureAwait(false);
            return (IReadOnlyList<string>)(await c.QueryAsync<string>(
                "SELECT id FROM messages WHERE chat_id = @chatId", new { chatId, cancellationToken }).ConfigureAwait(false)).ToList();
        });

    /// <inheritdoc />
    public Task<IReadOnlyList<string>> MessageIdsOfWorkspaceAsync(string workspaceId, CancellationToken cancellationToken) =>
        Errors.Wrap("list a workspace's messages", async () =>
        {
            await using var c = await Database.OpenAsync(cancellationToken).ConfigureAwait(false);
            return (IReadOnlyList<string>)(await c.QueryAsync<string>(
                "SELECT m.id FROM messages m JOIN chats c ON c.id = m.chat_id WHERE c.workspace_id = @workspaceId",
                new { workspaceId, cancellationToken }).ConfigureAwait(false)).ToList();
        });

    /// <inheritdoc />
    public ILlmConnectionRepository LlmConnections(SecretProtector protector) => new SqliteLlmConnectionRepository(Database, protector);

    /// <inheritdoc />
    public IMcpServerRepository McpServers(SecretProtector protector) => new SqliteMcpServerRepository(Database, protector);

    /// <inheritdoc />
    public IMcpOAuthTokenRepository McpOAuthTokens(SecretProtector protector) => new OAuthTokens(new SqliteMcpOAuthTokenRepository(Database, protector));

    /// <inheritdoc />
    public ITurnClaims CreateTurnClaims(TimeProvider time) => new TurnClaims(Database, time);

    /// <inheritdoc />
    public IEventRelay? EventRelay => null;

    /// <summary>The SQLite token repository behind <see cref="IMcpOAuthTokenRepository"/>.</summary>
    private sealed class OAuthTokens(SqliteMcpOAuthTokenRepository inner) : IMcpOAuthTokenRepository
    {
        public Task<McpOAuthTokens?> GetAsync(string serverId, CancellationToken cancellationToken) => inner.GetAsync(serverId, cancellationToken);

        public Task<bool> SaveAsync(string serverId, McpOAuthTokens tokens, CancellationToken cancellationToken) => inner.SaveAsync(serverId, tokens, cancellationToken);

        public Task<bool> DeleteAsync(string serverId, CancellationToken cancellationToken) => inner.DeleteAsync(serverId, cancellationToken);
    }
}
