using System.Text;
using System.Text.Json;
using Dapper;
using Microsoft.Data.Sqlite;

namespace Nexo.Sdk.Tests.Security;

public sealed class SecretStorageTests
{
    // Distinctive values that appear nowhere else, so finding any of them in a file means a leak.
    private const string ApiKey = "sk-live-PLAINTEXT-ApiKey-7f3e91c2d4b8";
    private const string RotatedApiKey = "sk-live-PLAINTEXT-Rotated-0a9b8c7d6e5f";
    private const string LlmHeader = "PLAINTEXT-llm-header-5e6f7a8b9c0d";
    private const string McpEnv = "PLAINTEXT-mcp-env-1a2b3c4d5e6f";
    private const string McpHeader = "PLAINTEXT-mcp-header-9z8y7x6w5v4u";
    private const string McpArgKey = "PLAINTEXT-mcp-arg-key-4d3c2b1a0f9e";
    private const string McpArgToken = "PLAINTEXT-mcp-arg-token-8e7d6c5b4a39";
    private const string McpUrlPassword = "PLAINTEXT-mcp-url-pass-2b3c4d5e6f70";
    private const string McpUrlKey = "PLAINTEXT-mcp-url-key-6a5b4c3d2e1f";
    private const string Control = "control-name-visible-in-file-3c2b1a";

    private static readonly string[] Secrets = [ApiKey, RotatedApiKey, LlmHeader, McpEnv, McpHeader, McpArgKey, McpArgToken, McpUrlPassword, McpUrlKey];

    private static string McpArgs(string key, string token) => $"server.js|--api-key|{key}|--token={token}|--verbose";

    private static string McpUrl(string password, string key) => $"https://me:{password}@mcp.example.com/mcp?api_key={key}&page=2";

    [Fact]
    public async Task Secrets_NeverReachTheDatabaseOrWalFiles_AsUtf8OrUtf16()
    {
        await using var db = new TempDatabase();
        await using (var nexo = await db.OpenAsync())
        {
            await StoreEverySecretAsync(nexo);

            // Each file is read once: the log may be checkpointed and removed at any moment by a closing connection.
            var log = TryReadShared(db.Path_ + "-wal");
            var main = ReadShared(db.Path_);
            AssertNoSecretIn(log ?? [], db.Path_ + "-wal");
            AssertNoSecretIn(main, db.Path_);
            Assert.True((log is not null && Contains(log, Control)) || Contains(main, Control), "the byte search must find a non-secret value that was stored");
        }

        // Closing the last connection checkpoints the log into the main file.
        SqliteConnection.ClearAllPools();
        AssertNoSecretIn(db.Path_);
        if (File.Exists(db.Path_ + "-wal"))
        {
            AssertNoSecretIn(db.Path_ + "-wal");
        }

        Assert.True(Contains(ReadShared(db.Path_), Control), "after the checkpoint the main file holds the stored rows");
        await using var reopened = await db.OpenAsync();
        var connection = Assert.Single(await reopened.Connections.ListAsync());
        Assert.Equal(RotatedApiKey, (await reopened.Connections.GetSecretsAsync(connection.Id)).ApiKey);
    }

    [Fact]
    public async Task Listings_ShowOnlyMaskedPreviews()
    {
        await using var db = new TempDatabase();
        await using var nexo = await db.OpenAsync();
        await StoreEverySecretAsync(nexo);

        var connections = await nexo.Connections.ListAsync();
        var servers = await nexo.McpServers.ListAsync();
        var connection = Assert.Single(connections);

        Assert.Equal("…6e5f", connection.ApiKeyPreview);
        Assert.Equal("…9c0d", connection.Headers["X-Llm-Secret"]);
        var stdio = servers.Single(s => s.Transport == McpTransportKind.Stdio);
        var http = servers.Single(s => s.Transport == McpTransportKind.Http);
        Assert.Equal("…5e6f", stdio.Env["SECRET_TOKEN"]);
        Assert.Equal("…5v4u", http.Headers["Authorization"]);
        Assert.Equal(McpArgs("***", "***"), string.Join('|', stdio.Args));
        Assert.Equal("https://***@mcp.example.com/mcp?api_key=***&page=2", http.Url);

        var shown = JsonSerializer.Serialize(new object[]
        {
            connections,
            servers,
            await nexo.Connections.GetAsync(connection.Id),
            await nexo.Connections.FindAsync(connection.Name),
            await nexo.McpServers.GetAsync(stdio.Id),
            await nexo.McpServers.FindAsync(http.Name),
        });
        Assert.All(Secrets, s => Assert.DoesNotContain(s, shown, StringComparison.Ordinal));
        Assert.Contains(Control, shown, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Logs_NeverContainSecrets()
    {
        await using var db = new TempDatabase();
        var logs = new CapturingLoggerFactory();
        await using var nexo = await db.OpenAsync(o => o.LoggerFactory = logs);

        await StoreEverySecretAsync(nexo);
        var id = (await nexo.Connections.ListAsync())[0].Id;
        await nexo.Connections.GetSecretsAsync(id);

        Assert.NotEmpty(logs.Lines);
        Assert.All(logs.Lines, line => Assert.All(Secrets, s => Assert.DoesNotContain(s, line, StringComparison.Ordinal)));
    }

    [Fact]
    public async Task GetSecretsAsync_RoundTripsEverySecret()
    {
        await using var db = new TempDatabase();
        await using var nexo = await db.OpenAsync();
        await StoreEverySecretAsync(nexo);

        var connection = (await nexo.Connections.ListAsync())[0];
        var servers = await nexo.McpServers.ListAsync();
        var llm = await nexo.Connections.GetSecretsAsync(connection.Id);
        var stdio = await nexo.McpServers.GetSecretsAsync(servers.Single(s => s.Transport == McpTransportKind.Stdio).Id);
        var http = await nexo.McpServers.GetSecretsAsync(servers.Single(s => s.Transport == McpTransportKind.Http).Id);

        Assert.Equal(RotatedApiKey, llm.ApiKey);
        Assert.Equal(LlmHeader, llm.Headers["X-Llm-Secret"]);
        Assert.Equal(McpEnv, stdio.Env["SECRET_TOKEN"]);
        Assert.Equal(McpHeader, http.Headers["Authorization"]);
        Assert.Equal(McpArgs(McpArgKey, McpArgToken), string.Join('|', stdio.Args!));
        Assert.Equal(McpUrl(McpUrlPassword, McpUrlKey), http.Url);
    }

    [Fact]
    public async Task AnotherKeyFile_CannotDecrypt_AndSaysSo()
    {
        await using var db = new TempDatabase();
        string connectionId, serverId;
        await using (var nexo = await db.OpenAsync())
        {
            await StoreEverySecretAsync(nexo);
            connectionId = (await nexo.Connections.ListAsync())[0].Id;
            // By name: the two servers can be created in the same millisecond, and then their listed order is by id.
            serverId = (await nexo.McpServers.ListAsync()).Single(s => s.Name == "stdio-server").Id;
        }

        // Another key is refused when the store is opened (issue 12, item 4), before any secret is read with it.
        var ex = await NexoAssert.ThrowsAsync(NexoErrorKind.Security, () => db.OpenAsync(o => o.KeyFilePath = Path.Combine(db.Folder, "other.key")));
        Assert.Contains("key", ex.Message, StringComparison.OrdinalIgnoreCase);
        Assert.False(File.Exists(Path.Combine(db.Folder, "other.key")));

        // With the right key everything still decrypts.
        await using var right = await db.OpenAsync();
        Assert.NotNull((await right.Connections.GetSecretsAsync(connectionId)).ApiKey);
        Assert.NotEmpty((await right.McpServers.GetSecretsAsync(serverId)).Env);
    }

    [Fact]
    public async Task AnEncryptedValueCopiedToAnotherRow_DoesNotDecrypt()
    {
        await using var db = new TempDatabase();
        await using var nexo = await db.OpenAsync();
        var a = await nexo.Connections.CreateAsync(new NewLlmConnection { Name = "a", Provider = LlmProviderKind.OpenAI, BaseUrl = "https://a.example", ApiKey = "sk-aaaaaaaaaaaaaaaa" });
        var b = await nexo.Connections.CreateAsync(new NewLlmConnection { Name = "b", Provider = LlmProviderKind.OpenAI, BaseUrl = "https://b.example", ApiKey = "sk-bbbbbbbbbbbbbbbb" });

        await using (var raw = db.OpenRaw())
        {
            raw.Execute("UPDATE llm_connections SET api_key_enc = (SELECT api_key_enc FROM llm_connections WHERE id = @a) WHERE id = @b", new { a = a.Id, b = b.Id });
        }

        await NexoAssert.ThrowsAsync(NexoErrorKind.Security, () => nexo.Connections.GetSecretsAsync(b.Id));
        Assert.Equal("sk-aaaaaaaaaaaaaaaa", (await nexo.Connections.GetSecretsAsync(a.Id)).ApiKey);
    }

    [Theory]
    [InlineData("v1:not base64 at all")]
    [InlineData("v1:AAAA")]
    [InlineData("plain-text-without-prefix")]
    public async Task ADamagedStoredSecret_IsASecurityError(string stored)
    {
        await using var db = new TempDatabase();
        await using var nexo = await db.OpenAsync();
        var a = await nexo.Connections.CreateAsync(new NewLlmConnection { Name = "a", Provider = LlmProviderKind.OpenAI, BaseUrl = "https://a.example", ApiKey = "sk-aaaaaaaaaaaaaaaa" });

        await using (var raw = db.OpenRaw())
        {
            raw.Execute("UPDATE llm_connections SET api_key_enc = @stored WHERE id = @id", new { stored, id = a.Id });
        }

        await NexoAssert.ThrowsAsync(NexoErrorKind.Security, () => nexo.Connections.GetSecretsAsync(a.Id));
    }

    [Fact]
    public async Task AFlippedCiphertextByte_IsDetected()
    {
        await using var db = new TempDatabase();
        await using var nexo = await db.OpenAsync();
        var a = await nexo.Connections.CreateAsync(new NewLlmConnection { Name = "a", Provider = LlmProviderKind.OpenAI, BaseUrl = "https://a.example", ApiKey = "sk-aaaaaaaaaaaaaaaa" });
        await using var raw = db.OpenRaw();
        var stored = raw.ExecuteScalar<string>("SELECT api_key_enc FROM llm_connections WHERE id = @id", new { id = a.Id })!;
        var bytes = Convert.FromBase64String(stored["v1:".Length..]);
        bytes[^1] ^= 0x01;
        raw.Execute("UPDATE llm_connections SET api_key_enc = @v WHERE id = @id", new { v = "v1:" + Convert.ToBase64String(bytes), id = a.Id });

        await NexoAssert.ThrowsAsync(NexoErrorKind.Security, () => nexo.Connections.GetSecretsAsync(a.Id));
    }

    private static async Task StoreEverySecretAsync(NexoClient nexo)
    {
        var connection = await nexo.Connections.CreateAsync(new NewLlmConnection
        {
            Name = Control,
            Provider = LlmProviderKind.OpenAI,
            BaseUrl = "https://api.example.com/v1",
            ApiKey = ApiKey,
            Headers = new Dictionary<string, string> { ["X-Llm-Secret"] = LlmHeader },
        });
        await nexo.Connections.UpdateAsync(connection.Id, new LlmConnectionUpdate { ApiKey = RotatedApiKey });
        await nexo.McpServers.CreateAsync(new NewMcpServer
        {
            Name = "stdio-server",
            Transport = McpTransportKind.Stdio,
            Command = "node",
            Args = McpArgs(McpArgKey, McpArgToken).Split('|'),
            Env = new Dictionary<string, string> { ["SECRET_TOKEN"] = McpEnv },
        });
        await nexo.McpServers.CreateAsync(new NewMcpServer
        {
            Name = "http-server",
            Transport = McpTransportKind.Http,
            Url = McpUrl(McpUrlPassword, McpUrlKey),
            Headers = new Dictionary<string, string> { ["Authorization"] = McpHeader },
        });
    }

    private static void AssertNoSecretIn(string path)
    {
        var bytes = ReadShared(path);
        Assert.NotEmpty(bytes);
        AssertNoSecretIn(bytes, path);
    }

    private static void AssertNoSecretIn(byte[] bytes, string path)
    {
        foreach (var secret in Secrets)
        {
            Assert.False(Contains(bytes, secret), $"'{secret}' was found in {Path.GetFileName(path)}");
            Assert.False(Contains(bytes, secret[^16..]), $"the end of '{secret}' was found in {Path.GetFileName(path)}");
        }
    }

    private static bool Contains(byte[] bytes, string text) =>
        bytes.AsSpan().IndexOf(Encoding.UTF8.GetBytes(text)) >= 0
        || bytes.AsSpan().IndexOf(Encoding.Unicode.GetBytes(text)) >= 0
        || bytes.AsSpan().IndexOf(Encoding.BigEndianUnicode.GetBytes(text)) >= 0;

    private static byte[]? TryReadShared(string path)
    {
        try
        {
            return ReadShared(path);
        }
        catch (FileNotFoundException)
        {
            return null;
        }
    }

    private static byte[] ReadShared(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
