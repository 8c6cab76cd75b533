namespace Nexo.Storage.Tests;

/// <summary>The store a conformance test runs on.</summary>
public enum StoreKind
{
    Sqlite,
    Postgres,
}
