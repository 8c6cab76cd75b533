using System.Security.Cryptography;
using Nexo.Testing;

namespace Nexo.Cli.Tests;

/// <summary>
/// <c>nexo db copy</c>: a SQLite home moved to PostgreSQL and back, each side on its own key; a target that holds data,
/// and bad locations and keys, are refused with nothing written.
/// </summary>
public sealed class DbCopyTests
{
    private static readonly string PgKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    [Fact]
    public async Task A_sqlite_home_copied_to_postgres_and_back_keeps_its_chats_and_api_key()
    {
        var connectionString = await PostgresCluster.Shared.CreateDatabaseAsync();
        try
        {
            using var home = new NexoHome();
            home.Environment["PG_KEY"] = PgKey;
            home.Environment["OFFLINE_API_KEY"] = "sk-copy-secret-123456";
            Assert.Equal(0, (await home.RunAsync("connection", "add", "offline", "--provider", "openai-compatible", "--base-url", "http://127.0.0.1:9/v1", "--api-key-env", "OFFLINE_API_KEY")).ExitCode);
            Assert.Equal(0, (await home.RunAsync("chat", "--connection", "echo", "--new", "a platypus question")).ExitCode);
            var sqlite = Path.Combine(home.Folder, "nexo.db");

            var copy = await home.RunAsync("db", "copy", "--from", sqlite, "--to", connectionString, "--to-key-env", "PG_KEY", "--json");

            Assert.True(copy.ExitCode == 0, copy.ToString());
            var tables = copy.Json.GetProperty("tables").EnumerateArray().ToDictionary(t => t.GetProperty("name").GetString()!, t => t.GetProperty("rows").GetInt64());
            Assert.Equal(2, tables["messages"]);
            Assert.Equal(2, tables["llm_connections"]);

            // The copy on PostgreSQL works on the key every instance shares.
            home.Environment["NEXO_ENCRYPTION_KEY"] = PgKey;
            var search = await home.RunAsync("--db", connectionString, "chats", "search", "platypus", "--json");
            Assert.True(search.ExitCode == 0, search.ToString());
            Assert.NotEmpty(search.Json.EnumerateArray());
            var answer = await home.RunAsync("--db", connectionString, "chat", "--connection", "echo", "and on postgres");
            Assert.True(answer.ExitCode == 0, answer.ToString());
            Assert.Equal("and on postgres\n", answer.StdOut);

            // And back into a new SQLite file with its own new key file.
            home.Environment.Remove("NEXO_ENCRYPTION_KEY");
            var back = Path.Combine(home.Folder, "back", "nexo.db");
            var again = await home.RunAsync("db", "copy", "--from", connectionString, "--from-key-env", "PG_KEY", "--to", back);
            Assert.True(again.ExitCode == 0, again.ToString());
            Assert.True(File.Exists(Path.Combine(home.Folder, "back", "nexo.key")));
            var list = await home.RunAsync("--db", back, "chats", "list", "--json");
            Assert.Equal("and on postgres", Assert.Single(list.Json.EnumerateArray()).GetProperty("lastMessage").GetString());
            // Opening checks the key against the stored secrets: the API key was encrypted again with the new key file.
            var connections = await home.RunAsync("--db", back, "connection", "list", "--json");
            Assert.True(connections.ExitCode == 0, connections.ToString());
            Assert.True(connections.Json.EnumerateArray().Single(c => c.GetProperty("name").GetString() == "offline").GetProperty("hasApiKey").GetBoolean());
        }
        finally
        {
            await PostgresCluster.Shared.DropDatabaseAsync(connectionString);
        }
    }

    [Fact]
    public async Task Copying_into_a_store_that_holds_data_is_a_conflict_and_changes_nothing()
    {
        using var home = new NexoHome();
        Assert.Equal(0, (await home.RunAsync("chat", "--connection", "echo", "--new", "source chat")).ExitCode);
        var other = Path.Combine(home.Folder, "other", "nexo.db");
        Assert.Equal(0, (await home.RunAsync("--db", other, "chat", "--connection", "echo", "--new", "target chat")).ExitCode);
        var before = await home.RunAsync("--db", other, "chats", "list", "--json");

        var copy = await home.RunAsync("db", "copy", "--from", Path.Combine(home.Folder, "nexo.db"), "--to", other);

        Assert.Equal(1, copy.ExitCode);
        Assert.Contains("error[Conflict]", copy.StdErr, StringComparison.Ordinal);
        Assert.Contains("already holds data", copy.StdErr, StringComparison.Ordinal);
        Assert.Equal(before.StdOut, (await home.RunAsync("--db", other, "chats", "list", "--json")).StdOut);
    }

    [Fact]
    public async Task An_unsupported_location_or_a_missing_key_variable_is_a_usage_error()
    {
        using var home = new NexoHome();

        var scheme = await home.RunAsync("db", "copy", "--from", Path.Combine(home.Folder, "nexo.db"), "--to", "ftp://x/y");
        var key = await home.RunAsync("db", "copy", "--from", Path.Combine(home.Folder, "nexo.db"), "--to", Path.Combine(home.Folder, "b.db"), "--to-key-env", "NEXO_TEST_NO_SUCH_VARIABLE");

        Assert.Equal(2, scheme.ExitCode);
        Assert.StartsWith("error[Usage]: --to:", scheme.StdErr, StringComparison.Ordinal);
        Assert.Equal(2, key.ExitCode);
        Assert.Contains("NEXO_TEST_NO_SUCH_VARIABLE is not set", key.StdErr, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(home.Folder, "b.db")));
    }
}
