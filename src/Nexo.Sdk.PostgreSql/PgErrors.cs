using Npgsql;

namespace Nexo.Storage.PostgreSql;

/// <summary>Maps PostgreSQL failures to <see cref="NexoException"/>, as <c>Errors</c> does for SQLite.</summary>
internal static class PgErrors
{
    public static NexoException Database(string message, Exception? inner = null) =>
        new(NexoErrorKind.Database, message, inner);

    public static bool IsUniqueViolation(PostgresException ex) => ex.SqlState == PostgresErrorCodes.UniqueViolation;

    public static bool IsForeignKeyViolation(PostgresException ex) => ex.SqlState == PostgresErrorCodes.ForeignKeyViolation;

    /// <summary>Runs a storage operation and turns PostgreSQL errors (other than the constraint violations the body maps itself) into typed errors.</summary>
    public static async Task<T> Wrap<T>(string what, Func<Task<T>> body)
    {
        try
        {
            return await body().ConfigureAwait(false);
        }
        catch (PostgresException ex) when (ex.SqlState is PostgresErrorCodes.SerializationFailure or PostgresErrorCodes.DeadlockDetected or PostgresErrorCodes.LockNotAvailable)
        {
            throw new NexoException(NexoErrorKind.Database, $"The database is busy (another instance holds a conflicting lock) while trying to {what}. Try again.", ex);
        }
        catch (PostgresException ex) when (!IsUniqueViolation(ex) && !IsForeignKeyViolation(ex))
        {
            throw Database($"Database error while trying to {what}: {ex.MessageText}", ex);
        }
        catch (NpgsqlException ex) when (ex is not PostgresException)
        {
            throw Database($"Database error while trying to {what}: {ex.Message}", ex);
        }
    }
}
