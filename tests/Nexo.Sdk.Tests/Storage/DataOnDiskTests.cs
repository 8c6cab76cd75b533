using System.Runtime.Versioning;
using Dapper;
using Microsoft.Data.Sqlite;
using Nexo.Sdk.Tests.Chats;

namespace Nexo.Sdk.Tests.Storage;

/// <summary>Item 8 of issue 12: what Nexo writes to disk is owner-only, goes with its chat, and backs up whole.</summary>
[SupportedOSPlatform("linux")]
[SupportedOSPlatform("macos")]
public sealed class DataOnDiskTests
{
    private const UnixFileMode Folder0700 = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    private const UnixFileMode File0600 = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    private static readonly string Png = "data:image/png;base64," + Convert.ToBase64String([0x89, 0x50, 0x4E, 0x47, 1, 2, 3]);

    [Fact]
    public async Task Open_CreatesTheDataFolderDatabaseWalShmAndKey_OwnerOnly()
    {
        await using var db = new TempDatabase();
        var folder = Path.Combine(db.Folder, "data");
        var path = Path.Combine(folder, "nexo.db");

        await using (var nexo = await NexoClient.OpenAsync(new NexoOptions { DatabasePath = path }))
        {
            await nexo.Workspaces.CreateAsync(new NewWorkspace { Name = "w" });

            Assert.Equal(Folder0700, File.GetUnixFileMode(folder));
            Assert.Equal(File0600, File.GetUnixFileMode(path));
            Assert.Equal(File0600, File.GetUnixFileMode(path + "-wal"));
            Assert.Equal(File0600, File.GetUnixFileMode(path + "-shm"));
            Assert.Equal(File0600, File.GetUnixFileMode(Path.Combine(folder, "nexo.key")));
        }

        SqliteConnection.ClearAllPools();
    }

    [Fact]
    public async Task SendMessage_StoresAttachmentFoldersAndFiles_OwnerOnly()
    {
        await using var h = await ChatHarness.CreateAsync();
        var chat = await h.NewChatAsync("t");
        h.Model.Enqueue(Step.Text("seen"));

        var result = await h.Nexo.Chats.SendMessageAsync(new SendMessageRequest { ChatId = chat.Id, Content = "look", Files = [Png] });

        var attachments = Path.Combine(Path.GetDirectoryName(h.DatabasePath)!, "attachments");
        var messageFolder = Path.Combine(attachments, result.UserMessageId);
        Assert.Equal(Folder0700, File.GetUnixFileMode(attachments));
        Assert.Equal(Folder0700, File.GetUnixFileMode(messageFolder));
        Assert.All(Directory.GetFiles(messageFolder), f => Assert.Equal(File0600, File.GetUnixFileMode(f)));
        Assert.Single(Directory.GetFiles(messageFolder));
    }

    [Fact]
    public async Task DeleteChat_DeletesItsAttachmentFiles_AndKeepsOtherChats()
    {
        await using var h = await ChatHarness.CreateAsync();
        var doomed = await h.NewChatAsync("doomed");
        var kept = await h.NewChatAsync("kept");
        h.Model.Enqueue(Step.Text("a"));
        h.Model.Enqueue(Step.Text("b"));
        var gone = await h.Nexo.Chats.SendMessageAsync(new SendMessageRequest { ChatId = doomed.Id, Content = "x", Files = [Png] });
        var stays = await h.Nexo.Chats.SendMessageAsync(new SendMessageRequest { ChatId = kept.Id, Content = "y", Files = [Png] });
        var attachments = Path.Combine(Path.GetDirectoryName(h.DatabasePath)!, "attachments");
        Assert.True(Directory.Exists(Path.Combine(attachments, gone.UserMessageId)));

        await h.Nexo.Chats.DeleteAsync(doomed.Id);

        Assert.False(Directory.Exists(Path.Combine(attachments, gone.UserMessageId)));
        Assert.Single(Directory.GetFiles(Path.Combine(attachments, stays.UserMessageId)));
    }

    [Fact]
    public async Task DeleteWorkspace_DeletesTheAttachmentFilesOfItsChats()
    {
        await using var h = await ChatHarness.CreateAsync();
        var chat = await h.NewChatAsync("doomed");
        h.Model.Enqueue(Step.Text("a"));
        var sent = await h.Nexo.Chats.SendMessageAsync(new SendMessageRequest { ChatId = chat.Id, Content = "x", Files = [Png] });
        var folder = Path.Combine(Path.GetDirectoryName(h.DatabasePath)!, "attachments", sent.UserMessageId);
        Assert.True(Directory.Exists(folder));

        await h.Nexo.Workspaces.DeleteAsync(h.Workspace.Id);

        Assert.False(Directory.Exists(folder));
    }

    [Fact]
    public async Task BackupAsync_IncludesTheAttachments_SoTheCopyReplaysThem()
    {
        await using var h = await ChatHarness.CreateAsync();
        var chat = await h.NewChatAsync("t");
        h.Model.Enqueue(Step.Text("seen"));
        var sent = await h.Nexo.Chats.SendMessageAsync(new SendMessageRequest { ChatId = chat.Id, Content = "look", Files = [Png] });
        var backupFolder = Path.Combine(Path.GetDirectoryName(h.DatabasePath)!, "backup");

        await h.Nexo.BackupAsync(Path.Combine(backupFolder, "copy.db"));

        var source = Path.Combine(Path.GetDirectoryName(h.DatabasePath)!, "attachments", sent.UserMessageId);
        var copied = Path.Combine(backupFolder, "attachments", sent.UserMessageId);
        var file = Assert.Single(Directory.GetFiles(source));
        Assert.Equal(await File.ReadAllBytesAsync(file), await File.ReadAllBytesAsync(Path.Combine(copied, Path.GetFileName(file))));
    }

    [Fact]
    public async Task BackupAsync_WritesTheCopyAndItsFolders_OwnerOnly()
    {
        await using var h = await ChatHarness.CreateAsync();
        var chat = await h.NewChatAsync("t");
        h.Model.Enqueue(Step.Text("seen"));
        var sent = await h.Nexo.Chats.SendMessageAsync(new SendMessageRequest { ChatId = chat.Id, Content = "look", Files = [Png] });
        var backupFolder = Path.Combine(Path.GetDirectoryName(h.DatabasePath)!, "backup");
        var target = Path.Combine(backupFolder, "copy.db");

        await h.Nexo.BackupAsync(target);

        Assert.Equal(Folder0700, File.GetUnixFileMode(backupFolder));
        Assert.Equal(File0600, File.GetUnixFileMode(target));
        Assert.Equal(File0600, File.GetUnixFileMode(Path.Combine(backupFolder, "nexo.key")));
        Assert.Equal(Folder0700, File.GetUnixFileMode(Path.Combine(backupFolder, "attachments")));
        Assert.Equal(Folder0700, File.GetUnixFileMode(Path.Combine(backupFolder, "attachments", sent.UserMessageId)));
        Assert.All(Directory.GetFiles(Path.Combine(backupFolder, "attachments", sent.UserMessageId)), f => Assert.Equal(File0600, File.GetUnixFileMode(f)));
    }

    [Fact]
    public async Task BackupAsync_WritesATempFileInTheDestinationFolder_AndRenamesItIntoPlace()
    {
        await using var db = new TempDatabase();
        await using var nexo = await db.OpenAsync();
        await nexo.Workspaces.CreateAsync(new NewWorkspace { Name = "kept" });
        var backupFolder = Path.Combine(db.Folder, "backup");
        Directory.CreateDirectory(backupFolder);
        var target = Path.Combine(backupFolder, "copy.db");
        await File.WriteAllTextAsync(target, "the previous backup");
        var renames = new System.Collections.Concurrent.ConcurrentQueue<RenamedEventArgs>();
        using var watcher = new FileSystemWatcher(backupFolder) { IncludeSubdirectories = false, EnableRaisingEvents = true };
        watcher.Renamed += (_, e) => renames.Enqueue(e);

        await nexo.BackupAsync(target, overwrite: true);

        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (renames.IsEmpty && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }

        var rename = Assert.Single(renames);
        Assert.Equal(target, rename.FullPath);
        Assert.Equal(backupFolder, Path.GetDirectoryName(rename.OldFullPath));
        Assert.EndsWith(".tmp", rename.OldName, StringComparison.Ordinal);
        Assert.Equal(["copy.db", "nexo.key"], Directory.GetFiles(backupFolder).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task BackupAsync_ClearsTurnClaimsInTheCopy_AndLeavesTheSourceAlone()
    {
        await using var db = new TempDatabase();
        await using var nexo = await db.OpenAsync();
        var ws = await nexo.Workspaces.CreateAsync(new NewWorkspace { Name = "w" });
        var chat = await nexo.Chats.CreateAsync(new NewChat { WorkspaceId = ws.Id });
        await using (var raw = db.OpenRaw())
        {
            await raw.ExecuteAsync("UPDATE chats SET turn_owner = 'other-process', turn_claimed_at = 1, cancel_requested_at = 2 WHERE id = @id", new { id = chat.Id });
        }

        var target = Path.Combine(db.Folder, "backup", "copy.db");
        await nexo.BackupAsync(target);

        await using (var copy = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = target, Pooling = false }.ToString()))
        {
            copy.Open();
            var row = await copy.QuerySingleAsync<(string? Owner, long? Claimed, long? Cancel)>("SELECT turn_owner, turn_claimed_at, cancel_requested_at FROM chats WHERE id = @id", new { id = chat.Id });
            Assert.Equal((null, null, null), row);
        }

        await using (var raw = db.OpenRaw())
        {
            Assert.Equal("other-process", await raw.ExecuteScalarAsync<string>("SELECT turn_owner FROM chats WHERE id = @id", new { id = chat.Id }));
        }
    }
}
