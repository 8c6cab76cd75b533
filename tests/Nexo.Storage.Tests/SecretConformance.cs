using System.Security.Cryptography;
using Nexo.Security;

namespace Nexo.Storage.Tests;

/// <summary>Secrets of LLM connections, MCP servers and OAuth tokens: encrypted at rest on every store, readable only with the key.</summary>
public abstract class SecretConformance(StoreKind kind) : StoreTest(kind)
{
    private const string ApiKey = "sk-live-0123456789abcdef";

    [Fact]
    public async Task An_api_key_is_stored_encrypted_listed_masked_and_read_back_with_the_key_only()
    {
        var now = DateTimeOffset.UtcNow;
        var connections = Store.LlmConnections(Protector);
        await connections.CreateAsync(
            new LlmConnection { Id = "c1", Name = "OpenAI", Provider = LlmProviderKind.OpenAI, BaseUrl = "https://api.example", CreatedAt = now, UpdatedAt = now },
            new LlmConnectionSecrets { ApiKey = ApiKey, Headers = new Dictionary<string, string> { ["X-Team"] = "secret-team-header" } });

        var listed = await connections.GetByNameAsync("openai");
        Assert.True(listed!.HasApiKey);
        Assert.DoesNotContain(ApiKey, listed.ApiKeyPreview ?? string.Empty, StringComparison.Ordinal);
        var raw = await QueryRawAsync<string>("SELECT api_key_enc || headers_enc FROM llm_connections WHERE id = 'c1'");
        Assert.DoesNotContain(ApiKey, raw!, StringComparison.Ordinal);
        Assert.DoesNotContain("secret-team-header", raw!, StringComparison.Ordinal);

        var secrets = await connections.GetSecretsAsync("c1");
        Assert.Equal(ApiKey, secrets!.ApiKey);
        Assert.Equal("secret-team-header", secrets.Headers["X-Team"]);
        var otherKey = Store.LlmConnections(new SecretProtector(RandomNumberGenerator.GetBytes(32)));
        Assert.Equal(NexoErrorKind.Security, (await Assert.ThrowsAsync<NexoException>(() => otherKey.GetSecretsAsync("c1"))).Kind);
    }

    [Fact]
    public async Task Updating_a_connection_without_secrets_keeps_the_stored_key()
    {
        var now = DateTimeOffset.UtcNow;
        var connections = Store.LlmConnections(Protector);
        var connection = new LlmConnection { Id = "c2", Name = "Local", Provider = LlmProviderKind.OpenAI, BaseUrl = "http://127.0.0.1:11434", CreatedAt = now, UpdatedAt = now };
        await connections.CreateAsync(connection, new LlmConnectionSecrets { ApiKey = ApiKey });

        Assert.True(await connections.UpdateAsync(connection with { Name = "Renamed" }, null));

        Assert.Equal("Renamed", (await connections.GetAsync("c2"))!.Name);
        Assert.Equal(ApiKey, (await connections.GetSecretsAsync("c2"))!.ApiKey);
        var duplicate = await Assert.ThrowsAsync<NexoException>(() => connections.CreateAsync(connection with { Id = "c3", Name = "RENAMED" }, new LlmConnectionSecrets()));
        Assert.Equal(NexoErrorKind.Conflict, duplicate.Kind);
    }

    [Fact]
    public async Task MCP_server_env_values_and_oauth_tokens_are_encrypted_and_go_with_their_server()
    {
        var now = DateTimeOffset.UtcNow;
        var servers = Store.McpServers(Protector);
        var tokens = Store.McpOAuthTokens(Protector);
        await servers.CreateAsync(
            new McpServer { Id = "s1", Name = "files", Transport = McpTransportKind.Stdio, Command = "node", Args = ["server.js"], CreatedAt = now, UpdatedAt = now },
            new McpServerSecrets { Env = new Dictionary<string, string> { ["TOKEN"] = "env-secret-value" } });
        Assert.True(await tokens.SaveAsync("s1", new McpOAuthTokens { AccessToken = "at-secret-0123", ObtainedAt = now }, CancellationToken.None));

        Assert.DoesNotContain("env-secret-value", await QueryRawAsync<string>("SELECT env_enc FROM mcp_servers WHERE id = 's1'") ?? string.Empty, StringComparison.Ordinal);
        Assert.DoesNotContain("at-secret-0123", await QueryRawAsync<string>("SELECT tokens_enc FROM mcp_oauth_tokens WHERE server_id = 's1'") ?? string.Empty, StringComparison.Ordinal);
        Assert.Equal("env-secret-value", (await servers.GetSecretsAsync("s1"))!.Env["TOKEN"]);
        Assert.Equal("at-secret-0123", (await tokens.GetAsync("s1", CancellationToken.None))!.AccessToken);
        Assert.True((await servers.GetByNameAsync("FILES"))!.Authorized);

        Assert.True(await servers.DeleteAsync("s1"));
        Assert.Null(await tokens.GetAsync("s1", CancellationToken.None));
        Assert.False(await tokens.SaveAsync("s1", new McpOAuthTokens { AccessToken = "late", ObtainedAt = now }, CancellationToken.None));
    }

    [Fact]
    public async Task A_connected_status_stored_by_this_process_reads_back_as_stored()
    {
        var now = DateTimeOffset.UtcNow;
        var servers = Store.McpServers(Protector);
        await servers.CreateAsync(new McpServer { Id = "s2", Name = "web", Transport = McpTransportKind.Http, Url = "http://127.0.0.1:1/mcp", CreatedAt = now, UpdatedAt = now }, new McpServerSecrets());

        Assert.True(await servers.UpdateStatusAsync("s2", McpServerStatus.Connected, null, [new McpToolInfo { Name = "echo" }]));

        var read = await servers.GetAsync("s2");
        Assert.Equal(McpServerStatus.Connected, read!.Status);
        Assert.Equal("echo", Assert.Single(read.Tools).Name);
    }
}

public sealed class SqliteSecretTests() : SecretConformance(StoreKind.Sqlite);

public sealed class PostgresSecretTests() : SecretConformance(StoreKind.Postgres);
