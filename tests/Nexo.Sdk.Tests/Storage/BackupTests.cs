namespace Nexo.Sdk.Tests.Storage;

public sealed class BackupTests
{
    [Fact]
    public async Task BackupAsync_WritesAReadableCopy_AndRefusesToOverwrite()
    {
        await using var db = new TempDatabase();
        await using var nexo = await db.OpenAsync();
        await nexo.Workspaces.CreateAsync(new NewWorkspace { Name = "kept" });
        var target = Path.Combine(db.Folder, "copy", "backup.db");

        var written = await nexo.BackupAsync(target);

        Assert.Equal(target, written);
        await using (var copy = await NexoClient.OpenAsync(new NexoOptions { DatabasePath = target, KeyFilePath = Path.Combine(db.Folder, "nexo.key") }))
        {
            Assert.Equal("kept", Assert.Single(await copy.Workspaces.ListAsync()).Name);
        }

        var ex = await Assert.ThrowsAsync<NexoException>(() => nexo.BackupAsync(target));
        Assert.Equal(NexoErrorKind.Validation, ex.Kind);
        Assert.Equal(target, await nexo.BackupAsync(target, overwrite: true));
    }
}
