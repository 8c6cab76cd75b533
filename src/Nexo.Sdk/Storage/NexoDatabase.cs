using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Nexo.Storage;

/// <summary>
/// The one place that opens connections to the Nexo database: every connection gets foreign keys, a busy
/// timeout and the same synchronous level, so no caller can forget them.
/// </summary>
internal sealed class NexoDatabase
{
    /// <summary>How long a writer waits for another writer (another process too) before failing.</summary>
    public static readonly TimeSpan BusyTimeout = TimeSpan.FromSeconds(15);

    /// <summary>
    /// Foreign keys, the busy timeout, the synchronous level and temporary tables in memory: settings of one native
    /// connection. With temporary storage in files (SQLite's default) every query that needs a temporary table or
    /// index (the search's page of rowids and its automatic index, an <c>IN (…)</c> list) creates and deletes a temp
    /// file: on a busy machine that made a 1.5 ms search take 20–70 ms in most calls (bench/README.md, issue 17).
    /// The temporary data of Nexo's queries is small: the largest is the search's rowid list of one chat or workspace
    /// (≈10 bytes per message).
    /// </summary>
    private static readonly string ConnectionPragmas =
        $"PRAGMA foreign_keys = ON; PRAGMA busy_timeout = {(int)BusyTimeout.TotalMilliseconds}; PRAGMA synchronous = NORMAL; PRAGMA temp_store = MEMORY;";

    /// <summary>
    /// The native connections that already have <see cref="ConnectionPragmas"/>. Pooling hands the same native
    /// connection out again and again, and the settings stay on it, so they are applied once per native connection
    /// instead of on every open.
    /// </summary>
    private static readonly ConditionalWeakTable<sqlite3, object> Prepared = new();

    private readonly string _connectionString;

    public NexoDatabase(string path)
    {
        Path = path;
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            Pooling = true,
            DefaultTimeout = (int)BusyTimeout.TotalSeconds,
        }.ToString();
    }

    /// <summary>The database file.</summary>
    public string Path { get; }

    /// <summary>The migrations this build knows, in order (version = position + 1).</summary>
    public static IReadOnlyList<(int Version, string Name, string Sql)> Migrations { get; } = LoadMigrations();

    /// <summary>The schema version this build writes.</summary>
    public static int LatestVersion => Migrations.Count;

    public SqliteConnection Open()
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            connection.Open();
            Prepare(connection);
            return connection;
        }
        catch (SqliteException ex)
        {
            connection.Dispose();
            throw Errors.Database($"Cannot open the database '{Path}': {ex.Message}", ex);
        }
    }

    public async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            Prepare(connection);
            return connection;
        }
        catch (SqliteException ex)
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw Errors.Database($"Cannot open the database '{Path}': {ex.Message}", ex);
        }
    }

    private static void Prepare(SqliteConnection connection)
    {
        var handle = connection.Handle!;
        if (Prepared.TryGetValue(handle, out _))
        {
            return;
        }

        using var pragma = connection.CreateCommand();
        pragma.CommandText = ConnectionPragmas;
        pragma.ExecuteNonQuery();
        Prepared.AddOrUpdate(handle, Prepared);
    }

    /// <summary>Reads the schema version stored in the file (0 for a new file).</summary>
    public int GetSchemaVersion()
    {
        try
        {
            using var connection = Open();
            return ReadVersion(connection, null);
        }
        catch (SqliteException ex)
        {
            throw NotADatabase(ex);
        }
    }

    /// <summary>
    /// Creates the folder and file if needed, switches to WAL and applies every pending migration, each in
    /// its own transaction. A file written by a newer Nexo is refused untouched.
    /// </summary>
    public int Migrate()
    {
        try
        {
            return MigrateCore();
        }
        catch (SqliteException ex)
        {
            // Failures outside a migration step: a file that is not a database, a damaged header, a read-only folder.
            throw NotADatabase(ex);
        }
    }

    private NexoException NotADatabase(SqliteException ex) =>
        Errors.Database($"Cannot open the database '{Path}': {ex.Message} Check that the file is a Nexo database and that it is readable and writable.", ex);

    private int MigrateCore()
    {
        if (Path != ":memory:")
        {
            // The folder and the file are made owner-only before SQLite opens them; SQLite gives the -wal and -shm
            // files the database file's permissions.
            var folder = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(Path));
            if (!string.IsNullOrEmpty(folder))
            {
                OwnerOnly.CreateDirectory(folder);
            }

            OwnerOnly.TryCreateEmptyFile(Path);
        }

        using var connection = Open();
        var current = ReadVersion(connection, null);
        ThrowIfNewer(current);

        using (var wal = connection.CreateCommand())
        {
            wal.CommandText = "PRAGMA journal_mode = WAL;";
            var mode = wal.ExecuteScalar() as string;
            if (!string.Equals(mode, "wal", StringComparison.OrdinalIgnoreCase) && Path != ":memory:")
            {
                throw Errors.Database($"The database '{Path}' cannot use write-ahead logging (journal mode is '{mode}').");
            }
        }

        foreach (var (version, name, sql) in Migrations)
        {
            if (version <= current)
            {
                continue;
            }

            // BEGIN IMMEDIATE takes the write lock first, so two processes opening a new file migrate it once.
            using var tx = connection.BeginTransaction(deferred: false);
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
                using var command = connection.CreateCommand();
                command.Transaction = tx;
                command.CommandText = sql + $"\nPRAGMA user_version = {version};";
                command.ExecuteNonQuery();
                tx.Commit();
            }
            catch (SqliteException ex)
            {
                tx.Rollback();
                throw Errors.Database($"Migration {version} ({name}) failed on '{Path}' and was rolled back: {ex.Message}", ex);
            }

            current = version;
        }

        return current;
    }

    /// <summary>
    /// Copies the whole database, consistently, into <paramref name="destination"/> with SQLite's online backup
    /// (other connections may keep reading and writing meanwhile), then clears the turn claims in the copy: no
    /// process runs a turn in a restored database.
    /// </summary>
    public void Backup(string destination)
    {
        var builder = new SqliteConnectionStringBuilder { DataSource = destination, Mode = SqliteOpenMode.ReadWriteCreate, Pooling = false };
        using var source = Open();
        using var target = new SqliteConnection(builder.ToString());
        try
        {
            target.Open();
            source.BackupDatabase(target);
            using var clear = target.CreateCommand();
            clear.CommandText = "UPDATE chats SET turn_owner = NULL, turn_claimed_at = NULL, cancel_requested_at = NULL WHERE turn_owner IS NOT NULL OR turn_claimed_at IS NOT NULL OR cancel_requested_at IS NOT NULL;";
            clear.ExecuteNonQuery();
        }
        catch (SqliteException ex)
        {
            throw Errors.Database($"Cannot back up '{Path}' to '{destination}': {ex.Message}", ex);
        }
    }

    private void ThrowIfNewer(int version)
    {
        if (version > LatestVersion)
        {
            throw new NexoException(
                NexoErrorKind.Database,
                $"The database '{Path}' has schema version {version}, written by a newer Nexo; this version understands up to {LatestVersion}. Upgrade Nexo to open it (the file was not changed).")
            {
                Details = new Dictionary<string, object?> { ["schemaVersion"] = version, ["supportedVersion"] = LatestVersion },
            };
        }
    }

    private static int ReadVersion(SqliteConnection connection, SqliteTransaction? tx)
    {
        using var command = connection.CreateCommand();
        command.Transaction = tx;
        command.CommandText = "PRAGMA user_version;";
        return Convert.ToInt32(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static List<(int, string, string)> LoadMigrations()
    {
        var assembly = typeof(NexoDatabase).Assembly;
        const string prefix = "Nexo.Storage.Migrations.";
        var names = assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(prefix, StringComparison.Ordinal) && n.EndsWith(".sql", StringComparison.Ordinal))
            .OrderBy(n => n, StringComparer.Ordinal)
            .ToList();
        var result = new List<(int, string, string)>();
        for (var i = 0; i < names.Count; i++)
        {
            var file = names[i][prefix.Length..];
            var number = int.Parse(file[..file.IndexOf('_', StringComparison.Ordinal)], System.Globalization.CultureInfo.InvariantCulture);
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
