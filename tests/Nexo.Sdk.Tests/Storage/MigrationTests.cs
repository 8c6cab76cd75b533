using System.Security.Cryptography;
using Dapper;
using Microsoft.Data.Sqlite;
using Nexo.Storage;

namespace Nexo.Sdk.Tests.Storage;

public sealed class MigrationTests
{
    private static readonly string[] Tables =
        ["app_settings", "chats", "llm_connections", "mcp_oauth_tokens", "mcp_servers", "messages", "messages_fts", "model_prices", "prompts", "usage_records", "workspace_settings", "workspaces"];

    [Fact]
    public void Migrations_AreNumberedFromOneWithoutGaps()
    {
        Assert.NotEmpty(NexoDatabase.Migrations);
        Assert.Equal(Enumerable.Range(1, NexoDatabase.Migrations.Count), NexoDatabase.Migrations.Select(m => m.Version));
        Assert.Equal(NexoDatabase.Migrations.Count, NexoDatabase.LatestVersion);
        Assert.All(NexoDatabase.Migrations, m => Assert.False(string.IsNullOrWhiteSpace(m.Sql)));
    }

    [Fact]
    public async Task Open_OnANewFile_CreatesTheFolderAndMigratesToTheLatestVersionInWalMode()
    {
        await using var db = new TempDatabase();
        var path = Path.Combine(db.Folder, "nested", "deeper", "nexo.db");

        await using var nexo = await NexoClient.OpenAsync(new NexoOptions { DatabasePath = path });

        Assert.Equal(NexoDatabase.LatestVersion, nexo.SchemaVersion);
        Assert.Equal(Path.GetFullPath(path), nexo.DatabasePath);
        await using var raw = new SqliteConnection($"Data Source={path};Pooling=False");
        raw.Open();
        Assert.Equal(NexoDatabase.LatestVersion, raw.ExecuteScalar<int>("PRAGMA user_version"));
        Assert.Equal("wal", raw.ExecuteScalar<string>("PRAGMA journal_mode"));
        Assert.Equal(Tables, raw.Query<string>("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'messages_fts_%' AND name NOT LIKE 'sqlite_%' ORDER BY name"));
        Assert.Equal("ok", raw.ExecuteScalar<string>("PRAGMA integrity_check"));
    }

    [Fact]
    public async Task Open_OnAnEmptyExistingFile_MigratesIt()
    {
        await using var db = new TempDatabase();
        await File.WriteAllBytesAsync(db.Path_, []);

        await using var nexo = await db.OpenAsync();

        Assert.Equal(NexoDatabase.LatestVersion, nexo.SchemaVersion);
        var ws = await nexo.Workspaces.CreateAsync(new NewWorkspace { Name = "works" });
        Assert.Equal(ws, await nexo.Workspaces.GetAsync(ws.Id));
    }

    [Fact]
    public async Task Open_OnACurrentDatabase_KeepsItsDataAndVersion()
    {
        await using var db = new TempDatabase();
        string id;
        await using (var first = await db.OpenAsync())
        {
            id = (await first.Workspaces.CreateAsync(new NewWorkspace { Name = "keep" })).Id;
        }

        await using var second = await db.OpenAsync();

        Assert.Equal(NexoDatabase.LatestVersion, second.SchemaVersion);
        Assert.Equal("keep", (await second.Workspaces.GetAsync(id)).Name);
        Assert.Equal(NexoDatabase.LatestVersion, new NexoDatabase(db.Path_).Migrate());
    }

    [Fact]
    public async Task Open_OnADatabaseFromANewerNexo_RefusesIt_AndLeavesTheFileUnchanged()
    {
        await using var db = new TempDatabase();
        var newer = NexoDatabase.LatestVersion + 1;
        await using (var raw = db.OpenRaw())
        {
            raw.Execute($"CREATE TABLE future (x TEXT); INSERT INTO future VALUES ('from the future'); PRAGMA user_version = {newer};");
        }

        var before = Hash(db.Path_);
        var filesBefore = Directory.GetFiles(db.Folder).Order().ToList();

        var ex = await NexoAssert.ThrowsAsync(NexoErrorKind.Database, () => db.OpenAsync());
        SqliteConnection.ClearAllPools();

        Assert.Equal(newer, ex.Details["schemaVersion"]);
        Assert.Equal(NexoDatabase.LatestVersion, ex.Details["supportedVersion"]);
        Assert.Contains("newer", ex.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(before, Hash(db.Path_));
        Assert.Equal(filesBefore, Directory.GetFiles(db.Folder).Order());
    }

    [Fact]
    public async Task Open_OnAFileThatIsNotADatabase_IsADatabaseError()
    {
        await using var db = new TempDatabase();
        await File.WriteAllTextAsync(db.Path_, new string('x', 4096));

        await NexoAssert.ThrowsAsync(NexoErrorKind.Database, () => db.OpenAsync());
    }

    [Fact]
    public async Task Migrate_WhenAStepFails_RollsItBackAndReportsADatabaseError()
    {
        await using var db = new TempDatabase();
        await using (var raw = db.OpenRaw())
        {
            // A table the first migration also creates: its CREATE TABLE fails half-way through the script.
            raw.Execute("CREATE TABLE prompts (x TEXT)");
        }

        var ex = await NexoAssert.ThrowsAsync(NexoErrorKind.Database, () => db.OpenAsync());
        SqliteConnection.ClearAllPools();

        Assert.Contains("rolled back", ex.Message, StringComparison.Ordinal);
        await using var check = db.OpenRaw();
        Assert.Equal(0, check.ExecuteScalar<int>("PRAGMA user_version"));
        Assert.Equal(["prompts"], check.Query<string>("SELECT name FROM sqlite_master WHERE type = 'table'"));
    }

    [Fact]
    public async Task Open_ByManyClientsAtOnceOnANewFile_MigratesOnce_AndAllShareOneKey()
    {
        await using var db = new TempDatabase();
        const int clients = 6;
        using var start = new Barrier(clients);

        var opened = await Task.WhenAll(Enumerable.Range(0, clients).Select(_ => Task.Factory.StartNew(
            () =>
            {
                start.SignalAndWait();
                return NexoClient.Open(db.Options);
            },
            CancellationToken.None,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default)));

        try
        {
            Assert.All(opened, c => Assert.Equal(NexoDatabase.LatestVersion, c.SchemaVersion));
            var connection = await opened[0].Connections.CreateAsync(new NewLlmConnection { Name = "c", Provider = LlmProviderKind.OpenAI, BaseUrl = "https://x.example", ApiKey = "sk-shared-key-12345678" });
            foreach (var client in opened)
            {
                Assert.Equal("sk-shared-key-12345678", (await client.Connections.GetSecretsAsync(connection.Id)).ApiKey);
            }

            await using var raw = db.OpenRaw();
            Assert.Equal(NexoDatabase.LatestVersion, raw.ExecuteScalar<int>("PRAGMA user_version"));
            Assert.Equal(1, raw.ExecuteScalar<int>("SELECT count(*) FROM sqlite_master WHERE name = 'workspaces'"));
        }
        finally
        {
            foreach (var client in opened)
            {
                await client.DisposeAsync();
            }
        }
    }

    private static string Hash(string path) => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(path)));
}
