namespace Nexo.BuiltinTools;

/// <summary>Nexo's own store on disk, which the built-in tools never read or change.</summary>
/// <param name="Files">The database file and its companions (<c>-wal</c>, <c>-shm</c>, <c>-journal</c>) and the key file.</param>
/// <param name="Folders">The attachments folder.</param>
/// <param name="DataFolder">The folder of the database: protected as a whole when it lies inside a workspace folder (and is not that folder).</param>
internal sealed record StoreFiles(IReadOnlyList<string> Files, IReadOnlyList<string> Folders, string? DataFolder)
{
    /// <summary>Nothing to protect (an engine built without a database, in tests).</summary>
    public static StoreFiles None { get; } = new([], [], null);

    /// <summary>A store kept in a server (PostgreSQL): only its attachments folder is on this machine.</summary>
    public static StoreFiles OfFolder(string attachmentsFolder) => new([], [Path.GetFullPath(attachmentsFolder)], null);

    /// <summary>The store of the database at <paramref name="databasePath"/> with its key file and attachments folder.</summary>
    public static StoreFiles Of(string databasePath, string? keyFilePath, string attachmentsFolder)
    {
        var database = Path.GetFullPath(databasePath);
        List<string> files = [database, database + "-wal", database + "-shm", database + "-journal"];
        if (keyFilePath is not null)
        {
            files.Add(Path.GetFullPath(keyFilePath));
        }

        return new StoreFiles(files, [Path.GetFullPath(attachmentsFolder)], Path.GetDirectoryName(database));
    }
}
