using Npgsql;
using Nexo.Testing;

namespace Nexo.Storage.Tests;

public sealed class PostgresClusterTests
{
    [Fact]
    public async Task Each_database_it_creates_is_empty_and_separate_from_the_others()
    {
        var first = await PostgresCluster.Shared.CreateDatabaseAsync();
        var second = await PostgresCluster.Shared.CreateDatabaseAsync();
        try
        {
            await using (var c = new NpgsqlConnection(first))
            {
                await c.OpenAsync();
                await using var create = new NpgsqlCommand("CREATE TABLE only_here (x int); INSERT INTO only_here VALUES (1);", c);
                await create.ExecuteNonQueryAsync();
            }

            await using var other = new NpgsqlConnection(second);
            await other.OpenAsync();
            await using var count = new NpgsqlCommand("SELECT count(*) FROM information_schema.tables WHERE table_name = 'only_here'", other);
            Assert.Equal(0L, await count.ExecuteScalarAsync());
            await using var version = new NpgsqlCommand("SHOW server_version_num", other);
            Assert.True(int.Parse((string)(await version.ExecuteScalarAsync())!, System.Globalization.CultureInfo.InvariantCulture) >= 150000);
        }
        finally
        {
            await PostgresCluster.Shared.DropDatabaseAsync(first);
            await PostgresCluster.Shared.DropDatabaseAsync(second);
        }
    }

    [Fact]
    public async Task The_server_answers_on_its_unix_socket_too()
    {
        var builder = new NpgsqlConnectionStringBuilder(PostgresCluster.Shared.AdminConnectionString) { Host = PostgresCluster.Shared.SocketFolder };
        await using var c = new NpgsqlConnection(builder.ConnectionString);
        await c.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT 40 + 2", c);
        Assert.Equal(42, await command.ExecuteScalarAsync());
    }

    [Fact]
    public void A_stopped_cluster_leaves_no_folder_behind()
    {
        var cluster = PostgresCluster.Start();
        var folder = cluster.SocketFolder;
        Assert.True(Directory.Exists(Path.Combine(folder, "data")));
        cluster.Dispose();
        Assert.False(Directory.Exists(folder));
    }
}
