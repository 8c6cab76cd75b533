using System.Globalization;
using Npgsql;

namespace Nexo.Storage.PostgreSql;

/// <summary>
/// The one place that opens connections to a PostgreSQL store (one pooled <see cref="NpgsqlDataSource"/>) and migrates
/// its schema: numbered migrations of its own (<c>Migrations/NNN_name.sql</c>), each in one transaction, recorded in
/// <c>nexo_schema_migrations</c>, serialized across instances with a transaction-scoped advisory lock.
/// </summary>
internal sealed class PostgresDatabase : IDisposable
{
    /// <summary>The advisory lock key every Nexo instance takes while migrating (the ASCII of "nexo" and "mgrt").</summary>
    internal const long MigrationLock = 0x6E65786F_6D677274;

    private const string VersionTable = "nexo_schema_migrations";

    private readonly NpgsqlDataSource _source;
    private readonly string _listenerConnectionString;

    public PostgresDatabase(string connectionString)
    {
        NpgsqlConnectionStringBuilder builder;
        try
        {
            builder = new NpgsqlConnectionStringBuilder(connectionString);
        }
        catch (ArgumentException ex)
        {
            throw NexoException.Validation("connectionString", $"The PostgreSQL connection string is not valid: {ex.Message}");
        }

        Location = string.Create(CultureInfo.InvariantCulture, $"postgresql://{builder.Host}:{builder.Port}/{builder.Database ?? builder.Username}");
        _source = NpgsqlDataSource.Create(builder);
        _listenerConnectionString = new NpgsqlConnectionStringBuilder(builder.ConnectionString)
        {
            Pooling = false,
            KeepAlive = 5,
            ApplicationName = "nexo-listener",
        }.ConnectionString;
    }

    /// <summary>Host, port and database, never the password.</summary>
    public string Location { get; }

    /// <summary>The migrations this build knows, in order (version = position + 1).</summary>
    public static IReadOnlyList<(int Version, string Name, string Sql)> Migrations { get; } = LoadMigrations();

    /// <summary>The schema version this build writes.</summary>
    public static int LatestVersion => Migrations.Count;

    public async Task<NpgsqlConnection> OpenAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await _source.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (NpgsqlException ex)
        {
            throw PgErrors.Database($"Cannot open the PostgreSQL database {Location}: {ex.Message}", ex);
        }
    }

    /// <summary>
    /// Opens a connection of its own, outside the pool, for LISTEN (it stays open for the store's lifetime and sends a
    /// keepalive query every 5 s of silence, so a dead connection is noticed and replaced).
    /// </summary>
    public async Task<NpgsqlConnection> OpenListenerAsync(CancellationToken cancellationToken)
    {
        var connection = new NpgsqlConnection(_listenerConnectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public NpgsqlConnection Open()
    {
        try
        {
            return _source.OpenConnection();
        }
        catch (NpgsqlException ex)
        {
            throw PgErrors.Database($"Cannot open the PostgreSQL database {Location}: {ex.Message}", ex);
        }
    }

    /// <summary>Reads the schema version (0 for a database Nexo never wrote to).</summary>
    public int GetSchemaVersion()
    {
        using var connection = Open();
        return ReadVersion(connection, null);
    }

    /// <summary>
    /// Applies every pending migration, each in its own transaction under <see cref="MigrationLock"/>, so two instances
    /// starting at once migrate once. A database written by a newer Nexo is refused before anything is written.
    /// </summary>
    public int Migrate()
    {
        try
        {
            using var connection = Open();
            var current = ReadVersion(connection, null);
            ThrowIfNewer(current);
            foreach (var (version, name, sql) in Migrations)
            {
                if (version <= current)
                {
                    continue;
                }

                using var tx = connection.BeginTransaction();
                Execute(connection, tx, $"SELECT pg_advisory_xact_lock({MigrationLock.ToString(CultureInfo.InvariantCulture)})");
                Execute(connection, tx, $"CREATE TABLE IF NOT EXISTS {VersionTable} (version integer NOT NULL PRIMARY KEY, name text NOT NULL, applied_at bigint NOT NULL)");
                var inside = ReadVersion(connection, tx);
                ThrowIfNewer(inside);
                if (inside >= version)
                {
                    tx.Commit();
                    current = inside;
                    continue;
                }

                try
                {
                    Execute(connection, tx, sql);
                    using var record = new NpgsqlCommand($"INSERT INTO {VersionTable} (version, name, applied_at) VALUES (@version, @name, @now)", connection, tx);
                    record.Parameters.AddWithValue("version", version);
                    record.Parameters.AddWithValue("name", name);
                    record.Parameters.AddWithValue("now", DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
                    record.ExecuteNonQuery();
                    tx.Commit();
                }
                catch (PostgresException ex)
                {
                    tx.Rollback();
                    throw PgErrors.Database($"Migration {version} ({name}) failed on {Location} and was rolled back: {ex.MessageText}", ex);
                }

                current = version;
            }

            return current;
        }
        catch (NpgsqlException ex)
        {
            throw PgErrors.Database($"Cannot migrate the PostgreSQL database {Location}: {ex.Message}", ex);
        }
    }

    public void Dispose() => _source.Dispose();

    private void ThrowIfNewer(int version)
    {
        if (version > LatestVersion)
        {
            throw new NexoException(
                NexoErrorKind.Database,
                $"The database {Location} has schema version {version}, written by a newer Nexo; this version understands up to {LatestVersion}. Upgrade Nexo to open it (the database was not changed).")
            {
                Details = new Dictionary<string, object?> { ["schemaVersion"] = version, ["supportedVersion"] = LatestVersion },
            };
        }
    }

    private static void Execute(NpgsqlConnection connection, NpgsqlTransaction tx, string sql)
    {
        using var command = new NpgsqlCommand(sql, connection, tx);
        command.ExecuteNonQuery();
    }

    private static int ReadVersion(NpgsqlConnection connection, NpgsqlTransaction? tx)
    {
        using var command = new NpgsqlCommand(
            $"SELECT CASE WHEN to_regclass('{VersionTable}') IS NULL THEN 0 ELSE (SELECT coalesce(max(version), 0) FROM {VersionTable}) END",
            connection,
            tx);
        try
        {
            return Convert.ToInt32(command.ExecuteScalar(), CultureInfo.InvariantCulture);
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.UndefinedTable)
        {
            return 0;
        }
    }

    private static List<(int, string, string)> LoadMigrations()
    {
        var assembly = typeof(PostgresDatabase).Assembly;
        const string prefix = "Nexo.Storage.PostgreSql.Migrations.";
        var names = assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(prefix, StringComparison.Ordinal) && n.EndsWith(".sql", StringComparison.Ordinal))
            .OrderBy(n => n, StringComparer.Ordinal)
            .ToList();
        var result = new List<(int, string, string)>();
        for (var i = 0; i < names.Count; i++)
        {
            var file = names[i][prefix.Length..];
            var number = int.Parse(file[..file.IndexOf('_', StringComparison.Ordinal)], CultureInfo.InvariantCulture);
            if (number != i + 1)
            {
                throw new InvalidOperationException($"Migration files must be numbered 1, 2, 3… without gaps; found '{file}' at position {i + 1}.");
            }

            using var stream = assembly.GetManifestResourceStream(names[i])!;
            using var reader = new StreamReader(stream);
            result.Add((number, file, reader.ReadToEnd()));
        }

        return result;
    }
}
