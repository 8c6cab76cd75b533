using Microsoft.Data.Sqlite;

namespace Nexo.Sdk.Tests;

/// <summary>A real SQLite file in its own temp folder, deleted afterwards.</summary>
public sealed class TempDatabase : IAsyncDisposable
{
    public TempDatabase()
    {
        Folder = Path.Combine(Path.GetTempPath(), "nexo-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Folder);
        Path_ = System.IO.Path.Combine(Folder, "nexo.db");
    }

    public string Folder { get; }

    public string Path_ { get; }

    /// <summary>The key file a client creates by default (beside the database).</summary>
    public string KeyFilePath => System.IO.Path.Combine(Folder, "nexo.key");

    public NexoOptions Options => new() { DatabasePath = Path_ };

    public Task<NexoClient> OpenAsync() => NexoClient.OpenAsync(Options);

    /// <summary>Opens a client whose clock is <paramref name="time"/>.</summary>
    public Task<NexoClient> OpenAsync(TimeProvider time) => NexoClient.OpenAsync(new NexoOptions { DatabasePath = Path_, TimeProvider = time });

    /// <summary>Opens a client with options changed by <paramref name="configure"/>.</summary>
    public Task<NexoClient> OpenAsync(Action<NexoOptions> configure)
    {
        var options = Options;
        configure(options);
        return NexoClient.OpenAsync(options);
    }

    /// <summary>A plain connection to the same file, outside the SDK (no pooling, so it really closes).</summary>
    public SqliteConnection OpenRaw()
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = Path_, Pooling = false, ForeignKeys = true }.ToString());
        connection.Open();
        return connection;
    }

    public ValueTask DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
        }

        return ValueTask.CompletedTask;
    }
}
