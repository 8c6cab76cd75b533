using System.Security.Cryptography;
using Dapper;

namespace Nexo.Sdk.Tests.Security;

/// <summary>Issue 12, item 4: a lost, wrong or damaged key never silently becomes a new key.</summary>
public sealed class KeyLossTests
{
    private const string ApiKey = "sk-keyloss-0123456789abcdef";
    private const string McpToken = "mcp-token-0123456789abcdef";

    [Fact]
    public async Task Open_WhenTheKeyFileIsDeletedAndTheStoreHoldsSecrets_RefusesNamingTheFileAndTheRecovery_AndMakesNoNewKey()
    {
        await using var db = new TempDatabase();
        await SeedAsync(db);
        File.Delete(db.KeyFilePath);

        var ex = await NexoAssert.ThrowsAsync(NexoErrorKind.Security, () => db.OpenAsync());

        Assert.Contains(db.KeyFilePath, ex.Message, StringComparison.Ordinal);
        Assert.Contains("nexo db rekey --forget-secrets", ex.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(db.KeyFilePath));
    }

    [Fact]
    public async Task Open_WhenTheKeyFileIsDeletedFromAStoreWithAKeyCheckButNoSecrets_Refuses()
    {
        await using var db = new TempDatabase();
        await using (var nexo = await db.OpenAsync())
        {
            await nexo.Workspaces.CreateAsync(new NewWorkspace { Name = "w" });
        }

        File.Delete(db.KeyFilePath);

        await NexoAssert.ThrowsAsync(NexoErrorKind.Security, () => db.OpenAsync());
        Assert.False(File.Exists(db.KeyFilePath));
    }

    [Fact]
    public async Task Open_WithAnotherKeyFile_RefusesAsAMismatch()
    {
        await using var db = new TempDatabase();
        await SeedAsync(db);
        await File.WriteAllTextAsync(db.KeyFilePath, Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));

        var ex = await NexoAssert.ThrowsAsync(NexoErrorKind.Security, () => db.OpenAsync());

        Assert.Contains(db.KeyFilePath, ex.Message, StringComparison.Ordinal);
        Assert.Contains("does not match", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Open_WithAWrongHostSuppliedKey_Refuses()
    {
        await using var db = new TempDatabase();
        await using (var nexo = await db.OpenAsync(o => o.EncryptionKey = RandomNumberGenerator.GetBytes(32)))
        {
            await nexo.Workspaces.CreateAsync(new NewWorkspace { Name = "w" });
        }

        var ex = await NexoAssert.ThrowsAsync(NexoErrorKind.Security, () => db.OpenAsync(o => o.EncryptionKey = RandomNumberGenerator.GetBytes(32)));
        Assert.Contains("EncryptionKey", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    public async Task Open_WithAnEmptyOrTruncatedKeyFile_IsASecurityErrorNamingTheFile_AndKeepsTheFile(string content)
    {
        await using var db = new TempDatabase();
        await SeedAsync(db);
        var full = await File.ReadAllTextAsync(db.KeyFilePath);
        await File.WriteAllTextAsync(db.KeyFilePath, content.Length == 0 ? content : full[..28]);
        File.SetLastWriteTimeUtc(db.KeyFilePath, DateTime.UtcNow.AddMinutes(-1));

        var ex = await NexoAssert.ThrowsAsync(NexoErrorKind.Security, () => db.OpenAsync());

        Assert.Contains(db.KeyFilePath, ex.Message, StringComparison.Ordinal);
        Assert.Contains("nexo db rekey", ex.Message, StringComparison.Ordinal);
        Assert.Equal(content.Length == 0 ? string.Empty : full[..28], await File.ReadAllTextAsync(db.KeyFilePath));
    }

    [Fact]
    public async Task Open_AStoreWithoutAKeyCheck_WritesOneWhenTheKeyDecryptsItsSecrets()
    {
        await using var db = new TempDatabase();
        await SeedAsync(db);
        await using (var raw = db.OpenRaw())
        {
            raw.Execute("DELETE FROM app_settings WHERE key = 'nexo.internal.keyCheck'");
        }

        await using (var nexo = await db.OpenAsync())
        {
            Assert.Equal(ApiKey, (await nexo.Connections.GetSecretsAsync((await nexo.Connections.ListAsync())[0].Id)).ApiKey);
            Assert.DoesNotContain(await nexo.Settings.ListAsync(), s => s.Key.StartsWith("nexo.internal", StringComparison.Ordinal));
        }

        await using (var raw = db.OpenRaw())
        {
            Assert.StartsWith("v1:", raw.QuerySingle<string>("SELECT value FROM app_settings WHERE key = 'nexo.internal.keyCheck'"), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Open_AStoreWithoutAKeyCheck_RefusesAKeyThatDoesNotDecryptItsSecrets()
    {
        await using var db = new TempDatabase();
        await SeedAsync(db);
        await using (var raw = db.OpenRaw())
        {
            raw.Execute("DELETE FROM app_settings WHERE key = 'nexo.internal.keyCheck'");
        }

        File.Delete(db.KeyFilePath);

        await NexoAssert.ThrowsAsync(NexoErrorKind.Security, () => db.OpenAsync());
        await NexoAssert.ThrowsAsync(NexoErrorKind.Security, () => db.OpenAsync(o => o.EncryptionKey = RandomNumberGenerator.GetBytes(32)));
    }

    [Fact]
    public async Task TheKeyCheck_IsNotReachableThroughThePublicSettingsApi()
    {
        await using var db = new TempDatabase();
        await using var nexo = await db.OpenAsync();

        Assert.Empty(await nexo.Settings.ListAsync());
        await NexoAssert.ThrowsAsync(NexoErrorKind.Validation, () => nexo.Settings.SetAsync("nexo.internal.keyCheck", "v1:forged"));
        await NexoAssert.ThrowsAsync(NexoErrorKind.Validation, () => nexo.Settings.DeleteAsync("nexo.internal.keyCheck"));
    }

    [Fact]
    public async Task Rekey_AfterTheKeyFileIsLost_KeepsChatsWorkspacesAndConnections_AndDropsTheSecrets()
    {
        await using var db = new TempDatabase();
        var (workspaceId, chatId, connectionId, serverId) = await SeedAsync(db);
        File.Delete(db.KeyFilePath);
        await NexoAssert.ThrowsAsync(NexoErrorKind.Security, () => db.OpenAsync());

        var result = await NexoClient.RekeyAsync(db.Options);

        Assert.Equal(db.KeyFilePath, result.KeyFilePath);
        Assert.Null(result.ReplacedKeyFilePath);
        Assert.Equal(1, result.ClearedConnections);
        Assert.Equal(1, result.ClearedMcpServers);
        await using (var nexo = await db.OpenAsync())
        {
            Assert.Equal("w", (await nexo.Workspaces.GetAsync(workspaceId)).Name);
            Assert.Equal(chatId, (await nexo.Chats.GetAsync(chatId)).Id);
            var connection = await nexo.Connections.GetAsync(connectionId);
            Assert.False(connection.HasApiKey);
            Assert.Null((await nexo.Connections.GetSecretsAsync(connectionId)).ApiKey);
            Assert.Empty((await nexo.McpServers.GetSecretsAsync(serverId)).Env);
            Assert.Empty((await nexo.McpServers.GetAsync(serverId)).Env);

            // The new key works: a secret entered again is stored and read back.
            await nexo.Connections.UpdateAsync(connectionId, new LlmConnectionUpdate { ApiKey = "sk-entered-again-0123456789" });
            Assert.Equal("sk-entered-again-0123456789", (await nexo.Connections.GetSecretsAsync(connectionId)).ApiKey);
        }

        var raw = await File.ReadAllBytesAsync(db.Path_);
        Assert.DoesNotContain("sk-keyloss", System.Text.Encoding.UTF8.GetString(raw), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rekey_ForgettingSecrets_DeletesMcpOAuthTokensAndClientSecrets()
    {
        await using var db = new TempDatabase();
        string serverId;
        await using (var nexo = await db.OpenAsync())
        {
            serverId = (await nexo.McpServers.CreateAsync(new NewMcpServer
            {
                Name = "oauth-only",
                Transport = McpTransportKind.Http,
                Url = "https://mcp.example.com/mcp",
                OAuth = new McpOAuthSettings { ClientId = "client", ClientSecret = "client-secret-0123456789" },
            })).Id;
            await nexo.McpOAuthTokenRepository.SaveAsync(serverId, new McpOAuthTokens { AccessToken = "at-0123456789", ObtainedAt = DateTimeOffset.UtcNow }, CancellationToken.None);
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        File.Delete(db.KeyFilePath);
        var result = await NexoClient.RekeyAsync(db.Options);

        Assert.Equal(1, result.ClearedMcpServers);
        await using (var nexo = await db.OpenAsync())
        {
            var server = await nexo.McpServers.GetAsync(serverId);
            Assert.Equal(("client", null, false), (server.OAuth!.ClientId, server.OAuth.ClientSecret, server.Authorized));
            Assert.Null((await nexo.McpServers.GetSecretsAsync(serverId)).OAuthClientSecret);
            Assert.Null(await nexo.McpOAuthTokenRepository.GetAsync(serverId, CancellationToken.None));
        }
    }

    [Fact]
    public async Task Rekey_ForgettingSecrets_MasksTheSealedPartsOfMcpArgsAndUrls()
    {
        await using var db = new TempDatabase();
        string serverId;
        await using (var nexo = await db.OpenAsync())
        {
            serverId = (await nexo.McpServers.CreateAsync(new NewMcpServer
            {
                Name = "args-only",
                Transport = McpTransportKind.Stdio,
                Command = "node",
                Args = ["server.js", "--api-key", "sk-argsecret-0123456789"],
            })).Id;
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        File.Delete(db.KeyFilePath);
        var result = await NexoClient.RekeyAsync(db.Options);

        Assert.Equal(1, result.ClearedMcpServers);
        await using (var nexo = await db.OpenAsync())
        {
            Assert.Equal(["server.js", "--api-key", "***"], (await nexo.McpServers.GetAsync(serverId)).Args);
            Assert.Null((await nexo.McpServers.GetSecretsAsync(serverId)).Args);
        }

        await using var raw = db.OpenRaw();
        using var read = raw.CreateCommand();
        read.CommandText = "SELECT args FROM mcp_servers";
        Assert.Equal("""["server.js","--api-key","***"]""", (string)read.ExecuteScalar()!);
    }

    [Fact]
    public async Task Rekey_WithAWrongKeyFile_MovesItAside_AndTheStoreOpensAgain()
    {
        await using var db = new TempDatabase();
        await SeedAsync(db);
        var wrong = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        await File.WriteAllTextAsync(db.KeyFilePath, wrong);
        await NexoAssert.ThrowsAsync(NexoErrorKind.Security, () => db.OpenAsync());

        var result = await NexoClient.RekeyAsync(db.Options);

        Assert.NotNull(result.ReplacedKeyFilePath);
        Assert.Equal(wrong, await File.ReadAllTextAsync(result.ReplacedKeyFilePath!));
        Assert.NotEqual(wrong, (await File.ReadAllTextAsync(db.KeyFilePath)).Trim());
        await using var nexo = await db.OpenAsync();
        Assert.Single(await nexo.Connections.ListAsync());
    }

    [Fact]
    public async Task UpdatingAConnectionsApiKey_WhenTheStoredCiphertextIsBroken_Works()
    {
        await using var db = new TempDatabase();
        var (_, _, connectionId, _) = await SeedAsync(db);
        await using var nexo = await db.OpenAsync();
        await using (var raw = db.OpenRaw())
        {
            raw.Execute("UPDATE llm_connections SET api_key_enc = 'v1:AAAA', headers_enc = 'v1:AAAA' WHERE id = @id", new { id = connectionId });
        }

        await nexo.Connections.UpdateAsync(connectionId, new LlmConnectionUpdate { ApiKey = "sk-replaced-0123456789" });
        await nexo.Connections.UpdateAsync(connectionId, new LlmConnectionUpdate { Headers = new Dictionary<string, string> { ["X-New"] = "header-value-123456" } });

        var secrets = await nexo.Connections.GetSecretsAsync(connectionId);
        Assert.Equal("sk-replaced-0123456789", secrets.ApiKey);
        Assert.Equal("header-value-123456", secrets.Headers["X-New"]);
    }

    [Fact]
    public async Task UpdatingAnMcpServersEnv_WhenTheStoredCiphertextIsBroken_Works()
    {
        await using var db = new TempDatabase();
        var (_, _, _, serverId) = await SeedAsync(db);
        await using var nexo = await db.OpenAsync();
        await using (var raw = db.OpenRaw())
        {
            raw.Execute("UPDATE mcp_servers SET env_enc = 'v1:AAAA', headers_enc = 'v1:AAAA' WHERE id = @id", new { id = serverId });
        }

        await nexo.McpServers.UpdateAsync(serverId, new McpServerUpdate { Env = new Dictionary<string, string> { ["TOKEN"] = "new-token-0123456789" } });
        await nexo.McpServers.UpdateAsync(serverId, new McpServerUpdate { Headers = new Dictionary<string, string>() });

        var secrets = await nexo.McpServers.GetSecretsAsync(serverId);
        Assert.Equal("new-token-0123456789", secrets.Env["TOKEN"]);
        Assert.Empty(secrets.Headers);
    }

    private static async Task<(string Workspace, string Chat, string Connection, string Server)> SeedAsync(TempDatabase db)
    {
        await using var nexo = await db.OpenAsync();
        var workspace = await nexo.Workspaces.CreateAsync(new NewWorkspace { Name = "w" });
        var chat = await nexo.Chats.CreateAsync(new NewChat { WorkspaceId = workspace.Id, Title = "kept" });
        var connection = await nexo.Connections.CreateAsync(new NewLlmConnection
        {
            Name = "c",
            Provider = LlmProviderKind.OpenAI,
            BaseUrl = "https://api.example.com/v1",
            ApiKey = ApiKey,
            Headers = new Dictionary<string, string> { ["X-Secret"] = "llm-header-0123456789" },
        });
        var server = await nexo.McpServers.CreateAsync(new NewMcpServer
        {
            Name = "s",
            Transport = McpTransportKind.Stdio,
            Command = "node",
            Env = new Dictionary<string, string> { ["TOKEN"] = McpToken },
        });
        return (workspace.Id, chat.Id, connection.Id, server.Id);
    }
}
