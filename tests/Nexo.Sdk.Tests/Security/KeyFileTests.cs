using System.Runtime.Versioning;
using System.Security.Cryptography;
using Nexo.Security;

namespace Nexo.Sdk.Tests.Security;

public sealed class KeyFileTests
{
    [Fact]
    [SupportedOSPlatform("linux")]
    [SupportedOSPlatform("macos")]
    public async Task TheKeyFile_IsCreatedBesideTheDatabase_ReadableByItsOwnerOnly()
    {
        await using var db = new TempDatabase();

        await using var nexo = await db.OpenAsync();

        Assert.True(File.Exists(db.KeyFilePath));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(db.KeyFilePath));
        Assert.Equal(32, Convert.FromBase64String(File.ReadAllText(db.KeyFilePath).Trim()).Length);
    }

    [Fact]
    public async Task TheKeyFile_IsReusedOnReopen()
    {
        await using var db = new TempDatabase();
        string id;
        await using (var first = await db.OpenAsync())
        {
            id = (await first.Connections.CreateAsync(new NewLlmConnection { Name = "c", Provider = LlmProviderKind.OpenAI, BaseUrl = "https://x.example", ApiKey = "sk-reopen-1234567890" })).Id;
        }

        var keyBefore = File.ReadAllText(db.KeyFilePath);
        await using var second = await db.OpenAsync();

        Assert.Equal(keyBefore, File.ReadAllText(db.KeyFilePath));
        Assert.Equal("sk-reopen-1234567890", (await second.Connections.GetSecretsAsync(id)).ApiKey);
    }

    [Fact]
    public async Task KeyFilePath_PutsTheKeyWhereTheHostSays()
    {
        await using var db = new TempDatabase();
        var keyPath = Path.Combine(db.Folder, "keys", "custom.key");

        await using var nexo = await db.OpenAsync(o => o.KeyFilePath = keyPath);

        Assert.True(File.Exists(keyPath));
        Assert.False(File.Exists(db.KeyFilePath));
    }

    [Fact]
    public async Task AHostSuppliedKey_IsUsed_AndNoKeyFileIsCreated()
    {
        await using var db = new TempDatabase();
        var key = RandomNumberGenerator.GetBytes(32);
        string id;
        await using (var nexo = await db.OpenAsync(o => o.EncryptionKey = key))
        {
            id = (await nexo.Connections.CreateAsync(new NewLlmConnection { Name = "c", Provider = LlmProviderKind.OpenAI, BaseUrl = "https://x.example", ApiKey = "sk-host-key-1234567890" })).Id;
            Assert.Equal("sk-host-key-1234567890", (await nexo.Connections.GetSecretsAsync(id)).ApiKey);
        }

        Assert.Empty(Directory.GetFiles(db.Folder, "*.key"));
        await using (var again = await db.OpenAsync(o => o.EncryptionKey = (byte[])key.Clone()))
        {
            Assert.Equal("sk-host-key-1234567890", (await again.Connections.GetSecretsAsync(id)).ApiKey);
        }

        // Without the host's key the store is refused at open (issue 12, item 4), instead of opening with a new key file.
        await NexoAssert.ThrowsAsync(NexoErrorKind.Security, () => db.OpenAsync());
        Assert.Empty(Directory.GetFiles(db.Folder, "*.key"));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(16)]
    [InlineData(31)]
    [InlineData(64)]
    public async Task AHostSuppliedKeyOfTheWrongLength_IsASecurityError(int length)
    {
        await using var db = new TempDatabase();

        await NexoAssert.ThrowsAsync(NexoErrorKind.Security, () => db.OpenAsync(o => o.EncryptionKey = new byte[length]));
    }

    [Theory]
    [InlineData("not base64 !!")]
    [InlineData("AAAA")]
    [InlineData("")]
    public async Task ADamagedKeyFile_IsASecurityError(string content)
    {
        await using var db = new TempDatabase();
        await File.WriteAllTextAsync(db.KeyFilePath, content);

        // Written a minute ago: an empty file this old was left by a crash, not by a process creating it now.
        File.SetLastWriteTimeUtc(db.KeyFilePath, DateTime.UtcNow.AddMinutes(-1));

        await NexoAssert.ThrowsAsync(NexoErrorKind.Security, () => db.OpenAsync());
    }

    [Fact]
    public async Task LoadOrCreate_CalledAtOnceFromManyThreads_ReturnsOneKey()
    {
        await using var db = new TempDatabase();
        for (var round = 0; round < 20; round++)
        {
            var path = Path.Combine(db.Folder, $"race-{round}.key");
            const int threads = 8;
            using var start = new Barrier(threads);

            // Dedicated threads: a barrier of blocked pool threads would wait for the pool to grow.
            var keys = await Task.WhenAll(Enumerable.Range(0, threads).Select(_ => Task.Factory.StartNew(
                () =>
                {
                    start.SignalAndWait();
                    return Convert.ToBase64String(KeyFile.LoadOrCreate(path));
                },
                CancellationToken.None,
                TaskCreationOptions.LongRunning,
                TaskScheduler.Default)));

            Assert.Single(keys.Distinct());
            Assert.Equal(keys[0], File.ReadAllText(path).Trim());
        }
    }
}
