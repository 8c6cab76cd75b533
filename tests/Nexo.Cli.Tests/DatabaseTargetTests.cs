using System.Security.Cryptography;
using Nexo.Testing;
using Npgsql;

namespace Nexo.Cli.Tests;

/// <summary>
/// <c>nexo --db</c> and <c>NEXO_DB</c> on PostgreSQL and SQLite, and <c>NEXO_ENCRYPTION_KEY</c>: a URI opens PostgreSQL,
/// other schemes and unreachable servers are clear errors that leave nothing on disk.
/// </summary>
public sealed class DatabaseTargetTests
{
    private static readonly string Key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    [Fact]
    public async Task Chat_with_db_postgres_uri_answers_with_echo_and_chats_list_through_NEXO_DB_sees_it()
    {
        var connectionString = await PostgresCluster.Shared.CreateDatabaseAsync();
        try
        {
            var builder = new NpgsqlConnectionStringBuilder(connectionString);
            var uri = $"postgres://{builder.Username}@127.0.0.1:{builder.Port}/{builder.Database}";
            using var home = new NexoHome();
            home.Environment["NEXO_ENCRYPTION_KEY"] = Key;

            var chat = await home.RunAsync("--db", uri, "chat", "--connection", "echo", "Hello, PostgreSQL");
            home.Environment["NEXO_DB"] = connectionString;
            var list = await home.RunAsync("chats", "list", "--json");

            Assert.True(chat.ExitCode == 0, chat.ToString());
            Assert.Equal("Hello, PostgreSQL\n", chat.StdOut);
            Assert.True(list.ExitCode == 0, list.ToString());
            var listed = Assert.Single(list.Json.EnumerateArray());
            Assert.Equal("Hello, PostgreSQL", listed.GetProperty("lastMessage").GetString());
            Assert.Empty(Directory.EnumerateFileSystemEntries(home.Folder));
        }
        finally
        {
            await PostgresCluster.Shared.DropDatabaseAsync(connectionString);
        }
    }

    [Fact]
    public async Task Db_with_an_unsupported_scheme_is_a_usage_error_and_creates_nothing()
    {
        using var home = new NexoHome();

        var result = await home.RunAsync("--db", "ftp://x", "chats", "list");

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("error[Usage]: --db: Unsupported database 'ftp://", result.StdErr, StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFileSystemEntries(home.Folder));
        Assert.False(Directory.Exists("ftp:"));
    }

    [Fact]
    public async Task Db_postgres_with_an_unreachable_server_is_a_database_error_and_creates_nothing()
    {
        using var home = new NexoHome();
        home.Environment["NEXO_ENCRYPTION_KEY"] = Key;

        var result = await home.RunAsync("--db", "postgres://nexo:hunter2@127.0.0.1:9/nowhere", "chats", "list");

        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith("error[Database]", result.StdErr, StringComparison.Ordinal);
        Assert.Contains("postgresql://127.0.0.1:9/nowhere", result.StdErr, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", result.StdErr, StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFileSystemEntries(home.Folder));
        Assert.False(Directory.Exists("postgres:"));
    }

    [Fact]
    public async Task Db_postgres_without_an_encryption_key_is_refused_naming_NEXO_ENCRYPTION_KEY()
    {
        using var home = new NexoHome();

        var result = await home.RunAsync("--db", "postgres://nexo@127.0.0.1:9/nowhere", "chats", "list");

        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith("error[Security]", result.StdErr, StringComparison.Ordinal);
        Assert.Contains("NEXO_ENCRYPTION_KEY", result.StdErr, StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFileSystemEntries(home.Folder));
    }

    [Fact]
    public async Task NEXO_ENCRYPTION_KEY_replaces_the_key_file_of_a_sqlite_database()
    {
        using var home = new NexoHome();
        home.Environment["NEXO_ENCRYPTION_KEY"] = Key;

        var added = await home.RunWithInputAsync("sk-env-key-0123456789\n", "connection", "add", "openai", "--provider", "openai", "--api-key-stdin");
        home.Environment["NEXO_ENCRYPTION_KEY"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        var otherKey = await home.RunAsync("connection", "list");

        Assert.True(added.ExitCode == 0, added.ToString());
        Assert.True(File.Exists(home.DatabasePath));
        Assert.False(File.Exists(Path.Combine(home.Folder, "nexo.key")));
        Assert.Equal(1, otherKey.ExitCode);
        Assert.StartsWith("error[Security]", otherKey.StdErr, StringComparison.Ordinal);
        Assert.Contains("does not match", otherKey.StdErr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("not base64!")]
    [InlineData("AAAA")]
    public async Task A_bad_NEXO_ENCRYPTION_KEY_is_a_validation_error(string value)
    {
        using var home = new NexoHome();
        home.Environment["NEXO_ENCRYPTION_KEY"] = value;

        var result = await home.RunAsync("chats", "list");

        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith("error[Validation]", result.StdErr, StringComparison.Ordinal);
        Assert.Contains("NEXO_ENCRYPTION_KEY", result.StdErr, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(home.Folder, "nexo.key")));
    }
}
