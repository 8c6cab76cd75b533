using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Nexo.Testing;
using Npgsql;

namespace Nexo.JsonRpcServer.Tests;

/// <summary>
/// The store the suite's servers run on. By default a SQLite file <c>nexo.db</c> in each test's folder; with the
/// environment variable <c>NEXO_TEST_STORE=postgres</c> a fresh database per folder on the shared throwaway cluster
/// (<see cref="PostgresCluster.Shared"/>; a copy of a template the SDK migrated once), with one encryption key for the
/// whole run and the folder as the data folder (<c>NEXO_HOME</c>: attachments). A folder keeps its database until <see cref="ReleaseAsync"/> drops it (a server
/// started again on the same folder opens the same store, as it reopens the same file on SQLite).
/// </summary>
public static class TestStore
{
    /// <summary>The environment variable that chooses the store: <c>postgres</c>, else SQLite.</summary>
    public const string Variable = "NEXO_TEST_STORE";

    private static readonly ConcurrentDictionary<string, Lazy<Task<string>>> s_databases = new(StringComparer.Ordinal);
    private static readonly Lazy<Task<string>> s_template = new(CreateTemplateAsync);

    /// <summary>Whether this run's servers use PostgreSQL.</summary>
    public static bool IsPostgres { get; } = string.Equals(System.Environment.GetEnvironmentVariable(Variable)?.Trim(), "postgres", StringComparison.OrdinalIgnoreCase);

    /// <summary>The encryption key every PostgreSQL store of this run shares (32 random bytes in base64).</summary>
    public static string EncryptionKey { get; } = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    /// <summary>The <c>--db</c> value for the store of <paramref name="folder"/>: the SQLite file, or the PostgreSQL connection string.</summary>
    public static async Task<string> DbArgumentAsync(string folder) =>
        IsPostgres ? await ConnectionStringAsync(folder) : SqlitePath(folder);

    /// <summary>The environment a host on the store of <paramref name="folder"/> needs (the key and data folder on PostgreSQL; nothing on SQLite).</summary>
    public static IReadOnlyDictionary<string, string> HostEnvironment(string folder) => IsPostgres
        ? new Dictionary<string, string> { ["NEXO_ENCRYPTION_KEY"] = EncryptionKey, ["NEXO_HOME"] = folder }
        : new Dictionary<string, string>();

    /// <summary>What <c>initialize</c> reports as <c>databasePath</c> for the store of <paramref name="folder"/>.</summary>
    public static string DatabasePath(string folder)
    {
        if (!IsPostgres)
        {
            return SqlitePath(folder);
        }

        var builder = new NpgsqlConnectionStringBuilder(ConnectionStringAsync(folder).GetAwaiter().GetResult());
        return $"postgresql://{builder.Host}:{builder.Port}/{builder.Database}";
    }

    /// <summary>SDK options that open the store of <paramref name="folder"/> in the test process (as another instance beside a host).</summary>
    public static async Task<NexoOptions> OptionsAsync(string folder) => IsPostgres
        ? new NexoOptions { EncryptionKey = Convert.FromBase64String(EncryptionKey), DataFolder = folder }.UsePostgres(await ConnectionStringAsync(folder))
        : new NexoOptions { DatabasePath = SqlitePath(folder) };

    /// <summary>
    /// Every byte the store of <paramref name="folder"/> holds, for checks that a secret never reaches it in plain text:
    /// the SQLite file with its WAL and journal, or every value of every row of every PostgreSQL table (text as UTF-8,
    /// <c>bytea</c> raw).
    /// </summary>
    public static async Task<byte[]> ReadStoredBytesAsync(string folder)
    {
        if (!IsPostgres)
        {
            return Directory.GetFiles(folder, "nexo.db*").SelectMany(File.ReadAllBytes).ToArray();
        }

        await using var connection = new NpgsqlConnection(await ConnectionStringAsync(folder));
        await connection.OpenAsync();
        var tables = new List<string>();
        await using (var list = new NpgsqlCommand("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY 1", connection))
        await using (var reader = await list.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                tables.Add(reader.GetString(0));
            }
        }

        using var bytes = new MemoryStream();
        foreach (var table in tables)
        {
            await using var select = new NpgsqlCommand($"SELECT * FROM \"{table}\"", connection);
            await using var reader = await select.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                for (var i = 0; i < reader.FieldCount; i++)
                {
                    var value = reader.IsDBNull(i) ? null : reader.GetValue(i);
                    bytes.Write(value switch
                    {
                        null => [],
                        byte[] raw => raw,
                        _ => Encoding.UTF8.GetBytes(Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty),
                    });
                    bytes.WriteByte(0);
                }
            }
        }

        return bytes.ToArray();
    }

    /// <summary>Drops the PostgreSQL database of <paramref name="folder"/>, if it has one (nothing on SQLite: the folder holds the file).</summary>
    public static async Task ReleaseAsync(string folder)
    {
        if (s_databases.TryRemove(Key(folder), out var database))
        {
            await PostgresCluster.Shared.DropDatabaseAsync(await database.Value);
        }
    }

    private static string SqlitePath(string folder) => Path.Combine(folder, "nexo.db");

    private static Task<string> ConnectionStringAsync(string folder) =>
        s_databases.GetOrAdd(Key(folder), _ => new Lazy<Task<string>>(async () => await PostgresCluster.Shared.CreateDatabaseFromTemplateAsync(await s_template.Value))).Value;

    /// <summary>
    /// The run's template: a database the SDK has opened once (migrated, with the run's key), so that each test's database
    /// is a copy that opens without migrating (PostgreSQL migrations themselves are tested in tests/Nexo.Storage.Tests).
    /// </summary>
    private static async Task<string> CreateTemplateAsync()
    {
        var connectionString = await PostgresCluster.Shared.CreateDatabaseAsync();
        var folder = Directory.CreateTempSubdirectory("nexo-rpc-template-").FullName;
        try
        {
            await using var nexo = await NexoClient.OpenAsync(new NexoOptions { EncryptionKey = Convert.FromBase64String(EncryptionKey), DataFolder = folder }.UsePostgres(connectionString));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }

        return connectionString;
    }

    private static string Key(string folder) => Path.GetFullPath(folder).TrimEnd(Path.DirectorySeparatorChar);
}
