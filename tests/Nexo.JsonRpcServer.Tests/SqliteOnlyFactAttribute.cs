namespace Nexo.JsonRpcServer.Tests;

/// <summary>
/// A test that checks something only a SQLite file has (its bytes on disk, a corrupt file): skipped, with
/// <paramref name="reason"/>, when the suite runs on PostgreSQL (<c>NEXO_TEST_STORE=postgres</c>, <see cref="TestStore"/>).
/// </summary>
/// <param name="reason">Why the check has no PostgreSQL equivalent (shown as the skip reason).</param>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class SqliteOnlyFactAttribute(string reason) : FactAttribute
{
    /// <summary>Why the test runs on SQLite only.</summary>
    public string Reason { get; } = reason;

    /// <inheritdoc />
    public override string? Skip
    {
        get => base.Skip ?? (TestStore.IsPostgres ? $"SQLite only: {Reason}" : null);
        set => base.Skip = value;
    }
}
