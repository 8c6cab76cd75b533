using System.Security.Cryptography;
using Nexo.Testing;
using Npgsql;

namespace Nexo.JsonRpcServer.Tests;

/// <summary><c>nexo-jsonrpc --db postgres://…</c>: the host serves a PostgreSQL database, and refuses what it cannot open.</summary>
public sealed class PostgresHostTests : IAsyncLifetime
{
    private string _connectionString = null!;

    public async Task InitializeAsync() => _connectionString = await PostgresCluster.Shared.CreateDatabaseAsync();

    public Task DisposeAsync() => PostgresCluster.Shared.DropDatabaseAsync(_connectionString);

    [Fact]
    public async Task A_postgres_uri_is_served_initialize_names_it_and_an_echo_turn_is_stored()
    {
        var key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        var builder = new NpgsqlConnectionStringBuilder(_connectionString);
        var uri = $"postgres://{builder.Username}@127.0.0.1:{builder.Port}/{builder.Database}";
        var folder = Directory.CreateTempSubdirectory("nexo-rpc-pg-").FullName;
        await using (var server = await ServerProcess.StartAsync(environment: new Dictionary<string, string> { ["NEXO_ENCRYPTION_KEY"] = key, ["NEXO_HOME"] = folder }, extraArgs: ["--db", uri]))
        {
            var init = await server.InitializeAsync();
            Assert.Equal($"postgresql://127.0.0.1:{builder.Port}/{builder.Database}", (string?)init["databasePath"]);
            Assert.Equal(folder, (string?)init["dataFolder"]);

            var connection = await server.CallAsync("create_llm_connection", new { name = "offline", provider = "echo", baseUrl = "http://localhost" });
            var workspace = await server.CallAsync("create_workspace", new { name = "pg" });
            await server.CallAsync("save_workspace_settings", new { workspaceId = (string)workspace["id"]!, llmConnectionId = (string)connection["id"]! });
            var chat = await server.CallAsync("create_chat", new { workspaceId = (string)workspace["id"]!, title = "over postgres" });
            var sent = await server.CallAsync("send_message", new { chatId = (string)chat["id"]!, content = "ping through postgres" });

            Assert.Equal("ping through postgres", (string?)sent["assistantMessage"]!["content"]);
        }

        Assert.Empty(Directory.EnumerateFileSystemEntries(folder));
        await using var nexo = await NexoClient.OpenAsync(new NexoOptions { EncryptionKey = Convert.FromBase64String(key), DataFolder = folder }.UsePostgres(_connectionString));
        var stored = Assert.Single((await nexo.Chats.ListAsync((await nexo.Workspaces.FindAsync("pg")).Id)).Items);
        Assert.Equal("over postgres", stored.Title);
        Assert.Equal(2, (await nexo.Messages.ListAsync(stored.Id)).Count);
        Directory.Delete(folder);
    }

    [Theory]
    [InlineData("ftp://x", "Unsupported database 'ftp://")]
    [InlineData("postgres://nexo@127.0.0.1:9/nowhere", "Cannot open the PostgreSQL database postgresql://127.0.0.1:9/nowhere")]
    public async Task A_db_it_cannot_open_exits_with_2_says_why_on_stderr_and_creates_nothing(string db, string message)
    {
        var folder = Directory.CreateTempSubdirectory("nexo-rpc-pg-").FullName;
        var server = await ServerProcess.StartAsync(environment: new Dictionary<string, string> { ["NEXO_ENCRYPTION_KEY"] = Convert.ToBase64String(new byte[32]), ["NEXO_HOME"] = folder }, extraArgs: ["--db", db]);

        var exit = await server.WaitForExitAsync();

        Assert.Equal(2, exit);
        Assert.Contains(message, server.Stderr, StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFileSystemEntries(folder));
        await server.DisposeAsync();
        Directory.Delete(folder);
    }

    [Fact]
    public async Task A_lease_length_that_is_not_a_number_of_seconds_exits_with_2_and_names_the_variable()
    {
        var folder = Directory.CreateTempSubdirectory("nexo-rpc-pg-").FullName;
        var environment = new Dictionary<string, string> { ["NEXO_ENCRYPTION_KEY"] = Convert.ToBase64String(new byte[32]), ["NEXO_HOME"] = folder, ["NEXO_PG_LEASE_SECONDS"] = "soon" };
        var server = await ServerProcess.StartAsync(environment: environment, extraArgs: ["--db", _connectionString]);

        var exit = await server.WaitForExitAsync();

        Assert.Equal(2, exit);
        Assert.Contains("NEXO_PG_LEASE_SECONDS must be a number of seconds from 0.3 to 3600", server.Stderr, StringComparison.Ordinal);
        await server.DisposeAsync();
        Directory.Delete(folder);
    }
}
