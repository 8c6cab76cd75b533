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

    public NexoOptions Options => new() { DatabasePath = Path_ };

    public Task<NexoClient> OpenAsync() => NexoClient.OpenAsync(Options);

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
