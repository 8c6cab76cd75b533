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
        Assert.Equal(await File.ReadAllTextAsync(Path.Combine(db.Folder, "nexo.key")), await File.ReadAllTextAsync(Path.Combine(db.Folder, "copy", "nexo.key")));
        await using (var copy = await NexoClient.OpenAsync(new NexoOptions { DatabasePath = target }))
        {
            Assert.Equal("kept", Assert.Single(await copy.Workspaces.ListAsync()).Name);
        }

        var ex = await Assert.ThrowsAsync<NexoException>(() => nexo.BackupAsync(target));
        Assert.Equal(NexoErrorKind.Validation, ex.Kind);
        Assert.Equal(target, await nexo.BackupAsync(target, overwrite: true));
    }

    [Fact]
    public async Task BackupAsync_CarriesTheKey_SoSecretsStayReadable_AndRefusesAFolderWithAnotherKey()
    {
        await using var db = new TempDatabase();
        await using var nexo = await db.OpenAsync();
        var connection = await nexo.Connections.CreateAsync(new NewLlmConnection { Name = "c", Provider = LlmProviderKind.OpenAI, BaseUrl = "https://api.openai.com/v1", ApiKey = "sk-kept-secret" });
        var target = Path.Combine(db.Folder, "b1", "backup.db");
        var foreign = Path.Combine(db.Folder, "b2");
        Directory.CreateDirectory(foreign);
        await File.WriteAllTextAsync(Path.Combine(foreign, "nexo.key"), Convert.ToBase64String(new byte[32]));

        await nexo.BackupAsync(target);
        var ex = await Assert.ThrowsAsync<NexoException>(() => nexo.BackupAsync(Path.Combine(foreign, "backup.db")));

        await using (var copy = await NexoClient.OpenAsync(new NexoOptions { DatabasePath = target }))
        {
            Assert.Equal("sk-kept-secret", (await copy.Connections.GetSecretsAsync(connection.Id)).ApiKey);
        }

        Assert.Equal(NexoErrorKind.Validation, ex.Kind);
        Assert.False(File.Exists(Path.Combine(foreign, "backup.db")));
    }
}
