using System.Security.Cryptography;
using Dapper;
using Nexo.Security;
using Nexo.Storage.PostgreSql;
using Nexo.Testing;
using Npgsql;

namespace Nexo.Storage.Tests;

/// <summary>
/// The base of every conformance test class: each test gets a new, migrated store of <see cref="Kind"/> (a SQLite file
/// in a temp folder, or a fresh database of the run's <see cref="PostgresCluster"/>). A conformance class is abstract and
/// holds the tests once; two small subclasses, one per store, run them.
/// </summary>
public abstract class StoreTest(StoreKind kind) : IAsyncLifetime
{
    private string? _folder;
    private string? _connectionString;

    public StoreKind Kind { get; } = kind;

    internal INexoStore Store { get; private set; } = null!;

    internal SecretProtector Protector { get; } = new(RandomNumberGenerator.GetBytes(32));

    /// <summary>The PostgreSQL database's connection string (null on SQLite).</summary>
    internal string? ConnectionString => _connectionString;

    public async Task InitializeAsync()
    {
        Store = await OpenAsync();
        Store.Migrate();
    }

    public async Task DisposeAsync()
    {
        (Store as IDisposable)?.Dispose();
        if (_connectionString is not null)
        {
            await PostgresCluster.Shared.DropDatabaseAsync(_connectionString);
        }

        if (_folder is not null)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(_folder, recursive: true);
        }
    }

    /// <summary>Replaces the store with one over a new, empty database that is not migrated yet.</summary>
    internal async Task ResetToEmptyAsync()
    {
        await DisposeAsync();
        _folder = null;
        _connectionString = null;
        Store = await OpenAsync();
    }

    /// <summary>A second store over the same database (another process or instance), not yet migrated.</summary>
    internal INexoStore OpenAnother() => Kind == StoreKind.Sqlite
        ? new SqliteStore(new NexoDatabase(Path.Combine(_folder!, "nexo.db")))
        : new PostgresStore(_connectionString!);

    /// <summary>Runs a statement on the store's database directly (what another tool or a newer Nexo could write).</summary>
    internal async Task ExecuteRawAsync(string sql)
    {
        if (Kind == StoreKind.Sqlite)
        {
            await using var c = await ((SqliteStore)Store).Database.OpenAsync(CancellationToken.None);
            await c.ExecuteAsync(sql);
        }
        else
        {
            await using var c = new NpgsqlConnection(_connectionString);
            await c.ExecuteAsync(sql);
        }
    }

    /// <summary>Reads one value from the store's database directly.</summary>
    internal async Task<T?> QueryRawAsync<T>(string sql, object? args = null)
    {
        if (Kind == StoreKind.Sqlite)
        {
            await using var c = await ((SqliteStore)Store).Database.OpenAsync(CancellationToken.None);
            return await c.QuerySingleOrDefaultAsync<T>(sql, args);
        }

        await using var pg = new NpgsqlConnection(_connectionString);
        return await pg.QuerySingleOrDefaultAsync<T>(sql, args);
    }

    /// <summary>Makes the stored schema version look written by a newer Nexo.</summary>
    internal Task WriteSchemaVersionAsync(int version) => ExecuteRawAsync(Kind == StoreKind.Sqlite
        ? $"PRAGMA user_version = {version}"
        : $"INSERT INTO nexo_schema_migrations (version, name, applied_at) VALUES ({version}, 'from_the_future.sql', 0)");

    internal async Task<Workspace> NewWorkspaceAsync(string? name = null)
    {
        var now = DateTimeOffset.UtcNow;
        var workspace = new Workspace { Id = Guid.NewGuid().ToString("N"), Name = name ?? "ws-" + Guid.NewGuid().ToString("N")[..8], CreatedAt = now, UpdatedAt = now };
        await Store.Workspaces.CreateAsync(workspace);
        return workspace;
    }

    internal async Task<Chat> NewChatAsync(string workspaceId, string title = "chat", DateTimeOffset? updatedAt = null, bool pinned = false)
    {
        var at = updatedAt ?? DateTimeOffset.UtcNow;
        var chat = new Chat { Id = Guid.NewGuid().ToString("N"), WorkspaceId = workspaceId, Title = title, Pinned = pinned, CreatedAt = at, UpdatedAt = at };
        await Store.Chats.CreateAsync(chat);
        return chat;
    }

    internal Task<Message> AddMessageAsync(string chatId, string content, MessageRole role = MessageRole.User, string? parentId = null, MessageStatus status = MessageStatus.Complete, System.Text.Json.JsonElement? metadata = null)
    {
        var now = DateTimeOffset.UtcNow;
        return Store.Messages.CreateAsync(new Message
        {
            Id = Guid.NewGuid().ToString("N"),
            ChatId = chatId,
            ParentId = parentId,
            Role = role,
            Content = content,
            Status = status,
            Metadata = metadata,
            CreatedAt = now,
            UpdatedAt = now,
        });
    }

    private async Task<INexoStore> OpenAsync()
    {
        if (Kind == StoreKind.Sqlite)
        {
            _folder = Directory.CreateTempSubdirectory("nexo-store-").FullName;
            return new SqliteStore(new NexoDatabase(Path.Combine(_folder, "nexo.db")));
        }

        _connectionString = await PostgresCluster.Shared.CreateDatabaseAsync();
        return new PostgresStore(_connectionString);
    }
}
