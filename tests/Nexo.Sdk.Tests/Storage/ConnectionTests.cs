using Dapper;
using Nexo.Storage;

namespace Nexo.Sdk.Tests.Storage;

public sealed class ConnectionTests
{
    [Fact]
    public async Task EveryConnection_FreshOrPooled_HasForeignKeysBusyTimeoutAndNormalSync()
    {
        await using var db = new TempDatabase();
        var database = new NexoDatabase(db.Path_);
        database.Migrate();

        for (var round = 0; round < 3; round++)
        {
            // Several at once forces new native connections; later rounds reuse them from the pool.
            var open = new[] { database.Open(), await database.OpenAsync(CancellationToken.None), database.Open() };
            foreach (var connection in open)
            {
                Assert.Equal(1, connection.ExecuteScalar<int>("PRAGMA foreign_keys;"));
                Assert.Equal((int)NexoDatabase.BusyTimeout.TotalMilliseconds, connection.ExecuteScalar<int>("PRAGMA busy_timeout;"));
                Assert.Equal(1, connection.ExecuteScalar<int>("PRAGMA synchronous;"));
                Assert.Equal("wal", connection.ExecuteScalar<string>("PRAGMA journal_mode;"));
            }

            foreach (var connection in open)
            {
                await connection.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task EveryConnection_FreshOrPooled_KeepsTemporaryTablesInMemory()
    {
        await using var db = new TempDatabase();
        var database = new NexoDatabase(db.Path_);
        database.Migrate();

        for (var round = 0; round < 2; round++)
        {
            var open = new[] { database.Open(), await database.OpenAsync(CancellationToken.None) };
            foreach (var connection in open)
            {
                // 2 = MEMORY: the search's temporary page and IN lists never create temp files.
                Assert.Equal(2, connection.ExecuteScalar<int>("PRAGMA temp_store;"));
            }

            foreach (var connection in open)
            {
                await connection.DisposeAsync();
            }
        }
    }
}
