using System.Globalization;
using Nexo.Testing;
using Npgsql;

namespace Nexo.Benchmarks;

/// <summary>
/// The PostgreSQL server of a <c>--store postgres</c> run: a throwaway cluster (<see cref="PostgresCluster"/>, stopped
/// and deleted at the end) or the server of <c>--connection</c>, in which the benchmark creates and drops databases of
/// its own (named <c>nexo_bench_…</c>; the search database is kept there and reused by later runs).
/// </summary>
internal sealed class PostgresServer : IDisposable
{
    private readonly PostgresCluster? _cluster;
    private readonly NpgsqlConnectionStringBuilder _template;

    private PostgresServer(PostgresCluster? cluster, NpgsqlConnectionStringBuilder template)
    {
        _cluster = cluster;
        _template = template;
    }

    /// <summary>What the run measured against, for the report.</summary>
    public string Description { get; private set; } = string.Empty;

    /// <summary>Whether databases outlive the run (an existing server), so the search database can be reused.</summary>
    public bool Persistent => _cluster is null;

    public static async Task<PostgresServer> StartAsync(string? connection)
    {
        PostgresServer server;
        if (connection is null)
        {
            var cluster = PostgresCluster.Start();
            server = new PostgresServer(cluster, new NpgsqlConnectionStringBuilder(cluster.AdminConnectionString) { MaxPoolSize = 100 });
        }
        else
        {
            var text = connection.Contains("://", StringComparison.Ordinal) ? NexoStoreLocation.Parse(connection).ConnectionString! : connection;
            server = new PostgresServer(null, new NpgsqlConnectionStringBuilder(text));
        }

        await using var c = new NpgsqlConnection(server.ConnectionString(server._template.Database ?? "postgres"));
        await c.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT version(), current_setting('shared_buffers'), current_setting('fsync'), current_setting('synchronous_commit')", c);
        await using var r = await command.ExecuteReaderAsync();
        await r.ReadAsync();
        server.Description = string.Create(CultureInfo.InvariantCulture,
            $"{r.GetString(0).Split(" on ")[0]} ({(connection is null ? "throwaway cluster" : "--connection")}; shared_buffers {r.GetString(1)}, fsync {r.GetString(2)}, synchronous_commit {r.GetString(3)})");
        return server;
    }

    /// <summary>A connection string to database <paramref name="database"/> of this server.</summary>
    public string ConnectionString(string database) => new NpgsqlConnectionStringBuilder(_template.ConnectionString) { Database = database }.ConnectionString;

    public async Task<bool> ExistsAsync(string database)
    {
        await using var c = await OpenAdminAsync();
        await using var command = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = @name", c);
        command.Parameters.AddWithValue("name", database);
        return await command.ExecuteScalarAsync() is not null;
    }

    /// <summary>Drops the database if it exists and creates it empty; returns its connection string.</summary>
    public async Task<string> RecreateAsync(string database)
    {
        await DropAsync(database);
        await using var c = await OpenAdminAsync();
        await using var command = new NpgsqlCommand($"CREATE DATABASE \"{database}\"", c);
        await command.ExecuteNonQueryAsync();
        return ConnectionString(database);
    }

    public async Task DropAsync(string database)
    {
        using (var pooled = new NpgsqlConnection(ConnectionString(database)))
        {
            NpgsqlConnection.ClearPool(pooled);
        }

        await using var c = await OpenAdminAsync();
        await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{database}\" WITH (FORCE)", c);
        await command.ExecuteNonQueryAsync();
    }

    public void Dispose() => _cluster?.Dispose();

    private async Task<NpgsqlConnection> OpenAdminAsync()
    {
        var c = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(ConnectionString(_template.Database ?? "postgres")) { Pooling = false }.ConnectionString);
        await c.OpenAsync();
        return c;
    }
}
