using Microsoft.Data.Sqlite;

namespace Nexo.Storage;

/// <summary>Maps SQLite failures to <see cref="NexoException"/>.</summary>
internal static class Errors
{
    private const int SqliteConstraint = 19;

    public static NexoException Database(string message, Exception? inner = null) =>
        new(NexoErrorKind.Database, message, inner);

    public static bool IsUniqueViolation(SqliteException ex) =>
        ex.SqliteErrorCode == SqliteConstraint && ex.Message.Contains("UNIQUE", StringComparison.OrdinalIgnoreCase);

    public static bool IsForeignKeyViolation(SqliteException ex) =>
        ex.SqliteErrorCode == SqliteConstraint && ex.Message.Contains("FOREIGN KEY", StringComparison.OrdinalIgnoreCase);

    /// <summary>Runs a storage operation and turns SQLite errors into typed errors.</summary>
    public static async Task<T> Wrap<T>(string what, Func<Task<T>> body)
    {
        try
        {
            return await body().ConfigureAwait(false);
        }
        catch (SqliteException ex) when (ex.SqliteErrorCode is 5 or 6)
        {
            throw new NexoException(NexoErrorKind.Database, $"The database is busy (another process holds a write lock) while trying to {what}. Try again.", ex);
        }
        catch (SqliteException ex) when (!IsUniqueViolation(ex) && !IsForeignKeyViolation(ex))
        {
            throw Database($"Database error while trying to {what}: {ex.Message}", ex);
        }
    }
}
