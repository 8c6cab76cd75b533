namespace Nexo.Storage;

/// <summary>
/// The attachments folder (beside a SQLite database; in the data folder for PostgreSQL): one owner-only sub-folder per user message
/// (<c>attachments/&lt;messageId&gt;/</c>) holding the image files stored with it. Deleting chats and workspaces
/// removes their messages' folders; backups copy the whole folder.
/// </summary>
internal sealed class AttachmentStore(string folder, INexoStore store)
{
    /// <summary>The name of the folder beside the database.</summary>
    public const string FolderName = "attachments";

    /// <summary>The attachments folder of the open store.</summary>
    public string Folder { get; } = Path.GetFullPath(folder);

    /// <summary>The folder of one user message's attachments.</summary>
    public string FolderOf(string messageId) => Path.Combine(Folder, messageId);

    /// <summary>The ids of the messages of a chat, read before it is deleted.</summary>
    public Task<IReadOnlyList<string>> MessageIdsOfChatAsync(string chatId, CancellationToken cancellationToken) =>
        store.MessageIdsOfChatAsync(chatId, cancellationToken);

    /// <summary>The ids of the messages of every chat of a workspace, read before they are deleted.</summary>
    public Task<IReadOnlyList<string>> MessageIdsOfWorkspaceAsync(string workspaceId, CancellationToken cancellationToken) =>
        store.MessageIdsOfWorkspaceAsync(workspaceId, cancellationToken);

    /// <summary>Deletes the attachment folders of <paramref name="messageIds"/> (missing folders are skipped).</summary>
    public void Delete(IEnumerable<string> messageIds)
    {
        foreach (var id in messageIds)
        {
            // Ids come from the database, but a name that is not a plain folder name never leaves the attachments folder.
            if (id.Length == 0 || id != Path.GetFileName(id) || id is "." or "..")
            {
                continue;
            }

            var folder = FolderOf(id);
            try
            {
                if (Directory.Exists(folder))
                {
                    Directory.Delete(folder, recursive: true);
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // A file held open elsewhere; the rows are gone already and the folder is left for the next delete.
            }
        }
    }

    /// <summary>Copies every attachment into <paramref name="destination"/> (owner-only), keeping files already there.</summary>
    public void CopyTo(string destination)
    {
        if (!Directory.Exists(Folder) || string.Equals(Path.GetFullPath(destination), Path.GetFullPath(Folder), StringComparison.Ordinal))
        {
            return;
        }

        OwnerOnly.CreateDirectory(destination);
        foreach (var messageFolder in Directory.EnumerateDirectories(Folder))
        {
            var target = Path.Combine(destination, Path.GetFileName(messageFolder));
            OwnerOnly.CreateDirectory(target);
            foreach (var file in Directory.EnumerateFiles(messageFolder))
            {
                var copy = Path.Combine(target, Path.GetFileName(file));
                if (!File.Exists(copy))
                {
                    OwnerOnly.CopyFile(file, copy);
                }
            }
        }
    }
}
