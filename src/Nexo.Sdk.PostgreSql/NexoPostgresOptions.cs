using Nexo.Storage.PostgreSql;
using Npgsql;

namespace Nexo;

/// <summary>Chooses a PostgreSQL store for a <see cref="NexoClient"/>: <c>options.UsePostgres("Host=…;Database=…")</c>.</summary>
public static class NexoPostgresOptions
{
    /// <summary>
    /// Makes <see cref="NexoClient.OpenAsync"/> open a PostgreSQL database (15 or newer) instead of the SQLite file: the schema
    /// is created or migrated on open, and any number of instances may share the database. Such a store needs the
    /// encryption key every instance shares (<see cref="NexoOptions.EncryptionKey"/> or <c>NEXO_ENCRYPTION_KEY</c>; it is
    /// never generated), keeps attachments in <see cref="NexoOptions.DataFolder"/>, and has no backups or rekeying of its own.
    /// </summary>
    /// <param name="options">The options.</param>
    /// <param name="connectionString">An Npgsql connection string (<c>Host=db;Database=nexo;Username=nexo;Password=…</c>); a <c>postgres://</c> URI is read with <see cref="NexoStoreLocation.Parse"/>.</param>
    /// <returns>These options.</returns>
    /// <exception cref="NexoException">Validation when the connection string cannot be read.</exception>
    public static NexoOptions UsePostgres(this NexoOptions options, string connectionString)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw NexoException.Validation("connectionString", "The PostgreSQL connection string must not be empty.");
        }

        if (connectionString.TrimStart().StartsWith("postgres", StringComparison.OrdinalIgnoreCase) && connectionString.Contains("://", StringComparison.Ordinal))
        {
            connectionString = NexoStoreLocation.Parse(connectionString).ConnectionString!;
        }

        try
        {
            _ = new NpgsqlConnectionStringBuilder(connectionString);
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException or InvalidCastException or OverflowException)
        {
            throw NexoException.Validation("connectionString", $"The PostgreSQL connection string is not valid: {ex.Message}");
        }

        options.StoreFactory = () => new PostgresStore(connectionString);
        return options;
    }

    /// <summary>
    /// Chooses the store a face was given (<c>--db</c> or <c>NEXO_DB</c>, read by <see cref="NexoStoreLocation.Resolve"/>):
    /// <see cref="NexoOptions.UseSqlite"/> for a file, <see cref="UsePostgres"/> for PostgreSQL.
    /// </summary>
    /// <param name="options">The options.</param>
    /// <param name="location">The store.</param>
    /// <returns>These options.</returns>
    /// <exception cref="NexoException">Validation when a PostgreSQL connection string cannot be read.</exception>
    public static NexoOptions UseStore(this NexoOptions options, NexoStoreLocation location)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(location);
        return location.ConnectionString is { } connectionString
            ? options.UsePostgres(connectionString)
            : options.UseSqlite(location.DatabasePath);
    }
}
