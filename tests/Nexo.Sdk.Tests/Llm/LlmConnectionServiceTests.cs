namespace Nexo.Sdk.Tests.Llm;

public sealed class LlmConnectionServiceTests
{
    private const string Key = "sk-proj-0123456789abcdefWXYZ";

    [Fact]
    public async Task CreateAsync_StoresTheConnection_WithAMaskedKeyAndMaskedHeaders()
    {
        await using var db = new TempDatabase();
        await using var nexo = await db.OpenAsync();

        var created = await nexo.Connections.CreateAsync(new NewLlmConnection
        {
            Name = " OpenAI ",
            Provider = LlmProviderKind.OpenAI,
            BaseUrl = " https://api.openai.com/v1/ ",
            ApiKey = Key,
            Headers = new Dictionary<string, string> { ["X-Org"] = "org-secret-value" },
            Models = [new LlmModel { Id = "gpt-4.1", SupportsTools = true }, new LlmModel { Id = "o3", SupportsThinking = true }],
            DefaultModel = "gpt-4.1",
            Enabled = false,
        });

        Assert.Equal("OpenAI", created.Name);
        Assert.Equal("https://api.openai.com/v1", created.BaseUrl);
        Assert.True(created.HasApiKey);
        Assert.Equal("…WXYZ", created.ApiKeyPreview);
        Assert.Equal("…alue", created.Headers["X-Org"]);
        Assert.Equal("gpt-4.1", created.DefaultModel);
        Assert.Equal(["gpt-4.1", "o3"], created.Models.Select(m => m.Id));
        Assert.True(created.Models[0].SupportsTools);
        Assert.True(created.Models[1].SupportsThinking);
        Assert.False(created.Enabled);
        Assert.Equal(LlmProviderKind.OpenAI, created.Provider);
    }

    [Fact]
    public async Task GetSecretsAsync_ReturnsTheRealKeyAndHeaders()
    {
        await using var db = new TempDatabase();
        await using var nexo = await db.OpenAsync();
        var created = await nexo.Connections.CreateAsync(new NewLlmConnection
        {
            Name = "c",
            Provider = LlmProviderKind.Anthropic,
            BaseUrl = "https://api.anthropic.com",
            ApiKey = Key,
            Headers = new Dictionary<string, string> { ["anthropic-beta"] = "tools-2026", ["X-Trace"] = "on" },
        });

        var secrets = await nexo.Connections.GetSecretsAsync(created.Id);

        Assert.Equal(Key, secrets.ApiKey);
        Assert.Equal("tools-2026", secrets.Headers["anthropic-beta"]);
        Assert.Equal("on", secrets.Headers["X-Trace"]);
        Assert.DoesNotContain(Key, secrets.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateAsync_WithoutKeyOrHeaders_StoresNoSecrets()
    {
        await using var db = new TempDatabase();
        await using var nexo = await db.OpenAsync();

        var created = await nexo.Connections.CreateAsync(new NewLlmConnection { Name = "local", Provider = LlmProviderKind.Ollama, BaseUrl = "http://127.0.0.1:11434", ApiKey = "  " });
        var secrets = await nexo.Connections.GetSecretsAsync(created.Id);

        Assert.False(created.HasApiKey);
        Assert.Null(created.ApiKeyPreview);
        Assert.Empty(created.Headers);
        Assert.Null(secrets.ApiKey);
        Assert.Empty(secrets.Headers);
    }

    [Fact]
    public async Task ListAndFind_ReturnConnectionsOldestFirst_AndFindByNameIgnoringCase()
    {
        await using var db = new TempDatabase();
        var clock = new ManualTimeProvider();
        await using var nexo = await db.OpenAsync(clock);
        var first = await nexo.Connections.CreateAsync(new NewLlmConnection { Name = "First", Provider = LlmProviderKind.Echo, BaseUrl = "http://localhost:1" });
        clock.Advance();
        var second = await nexo.Connections.CreateAsync(new NewLlmConnection { Name = "Second", Provider = LlmProviderKind.Echo, BaseUrl = "http://localhost:2" });

        Assert.Equal([first.Id, second.Id], (await nexo.Connections.ListAsync()).Select(c => c.Id));
        Assert.Equal(second.Id, (await nexo.Connections.FindAsync("SECOND")).Id);
        Assert.Equal(first.Id, (await nexo.Connections.FindAsync(first.Id)).Id);
        var read = await nexo.Connections.GetAsync(first.Id);
        Assert.Equal(first, read with { Headers = first.Headers, Models = first.Models });
    }

    [Fact]
    public async Task UpdateAsync_WithoutSecrets_KeepsTheStoredSecrets()
    {
        await using var db = new TempDatabase();
        var clock = new ManualTimeProvider();
        await using var nexo = await db.OpenAsync(clock);
        var created = await nexo.Connections.CreateAsync(new NewLlmConnection
        {
            Name = "c",
            Provider = LlmProviderKind.OpenAI,
            BaseUrl = "https://a.example",
            ApiKey = Key,
            Headers = new Dictionary<string, string> { ["X-A"] = "header-value-1" },
        });
        clock.Advance();

        var updated = await nexo.Connections.UpdateAsync(created.Id, new LlmConnectionUpdate
        {
            Name = "renamed",
            Provider = LlmProviderKind.OpenAICompatible,
            BaseUrl = "https://b.example/",
            Models = [new LlmModel { Id = "m" }],
            DefaultModel = "m",
            Enabled = false,
        });

        Assert.Equal(("renamed", LlmProviderKind.OpenAICompatible, "https://b.example", "m", false), (updated.Name, updated.Provider, updated.BaseUrl, updated.DefaultModel, updated.Enabled));
        Assert.Equal(clock.Now, updated.UpdatedAt);
        Assert.Equal(created.CreatedAt, updated.CreatedAt);
        Assert.Equal(created.ApiKeyPreview, updated.ApiKeyPreview);
        var secrets = await nexo.Connections.GetSecretsAsync(created.Id);
        Assert.Equal(Key, secrets.ApiKey);
        Assert.Equal("header-value-1", secrets.Headers["X-A"]);
    }

    [Fact]
    public async Task UpdateAsync_WithANewKey_ReplacesTheKeyAndKeepsHeaders_AndAnEmptyKeyRemovesIt()
    {
        await using var db = new TempDatabase();
        await using var nexo = await db.OpenAsync();
        var created = await nexo.Connections.CreateAsync(new NewLlmConnection
        {
            Name = "c",
            Provider = LlmProviderKind.OpenAI,
            BaseUrl = "https://a.example",
            ApiKey = Key,
            Headers = new Dictionary<string, string> { ["X-A"] = "header-value-1" },
        });

        var rotated = await nexo.Connections.UpdateAsync(created.Id, new LlmConnectionUpdate { ApiKey = "sk-rotated-key-000000009876" });
        Assert.Equal("…9876", rotated.ApiKeyPreview);
        Assert.Equal("sk-rotated-key-000000009876", (await nexo.Connections.GetSecretsAsync(created.Id)).ApiKey);
        Assert.Equal("header-value-1", (await nexo.Connections.GetSecretsAsync(created.Id)).Headers["X-A"]);

        var newHeaders = await nexo.Connections.UpdateAsync(created.Id, new LlmConnectionUpdate { Headers = new Dictionary<string, string> { ["X-B"] = "b" } });
        Assert.Equal(["X-B"], newHeaders.Headers.Keys);
        Assert.Equal("sk-rotated-key-000000009876", (await nexo.Connections.GetSecretsAsync(created.Id)).ApiKey);

        var removed = await nexo.Connections.UpdateAsync(created.Id, new LlmConnectionUpdate { ApiKey = "" });
        Assert.False(removed.HasApiKey);
        Assert.Null(removed.ApiKeyPreview);
        Assert.Null((await nexo.Connections.GetSecretsAsync(created.Id)).ApiKey);
        Assert.Equal("b", (await nexo.Connections.GetSecretsAsync(created.Id)).Headers["X-B"]);
    }

    [Fact]
    public async Task NativeDocuments_IsOffByDefault_SetOnCreate_ChangedByUpdate_AndKeptWhenAnUpdateOmitsIt()
    {
        await using var db = new TempDatabase();
        await using var nexo = await db.OpenAsync();
        var plain = await nexo.Connections.CreateAsync(new NewLlmConnection { Name = "plain", Provider = LlmProviderKind.Anthropic, BaseUrl = "https://a.example" });
        var native = await nexo.Connections.CreateAsync(new NewLlmConnection { Name = "native", Provider = LlmProviderKind.Anthropic, BaseUrl = "https://a.example", NativeDocuments = true });

        Assert.False(plain.NativeDocuments);
        Assert.True(native.NativeDocuments);
        Assert.Equal([false, true], (await nexo.Connections.ListAsync()).Select(c => c.NativeDocuments));

        var renamed = await nexo.Connections.UpdateAsync(native.Id, new LlmConnectionUpdate { Name = "renamed" });
        Assert.True(renamed.NativeDocuments);
        var off = await nexo.Connections.UpdateAsync(native.Id, new LlmConnectionUpdate { NativeDocuments = false });
        Assert.False(off.NativeDocuments);
        var on = await nexo.Connections.UpdateAsync(plain.Id, new LlmConnectionUpdate { NativeDocuments = true });
        Assert.True((await nexo.Connections.GetAsync(on.Id)).NativeDocuments);
    }

    [Fact]
    public async Task DeleteAsync_RemovesTheConnection()
    {
        await using var db = new TempDatabase();
        await using var nexo = await db.OpenAsync();
        var created = await nexo.Connections.CreateAsync(new NewLlmConnection { Name = "c", Provider = LlmProviderKind.Echo, BaseUrl = "http://localhost:1" });

        await nexo.Connections.DeleteAsync(created.Id);

        Assert.Empty(await nexo.Connections.ListAsync());
        await NexoAssert.NotFoundAsync("LLM connection", () => nexo.Connections.GetAsync(created.Id));
        await NexoAssert.NotFoundAsync("LLM connection", () => nexo.Connections.DeleteAsync(created.Id));
        await NexoAssert.NotFoundAsync("LLM connection", () => nexo.Connections.GetSecretsAsync(created.Id));
    }

    [Fact]
    public async Task DeletingAConnection_ClearsItFromWorkspaceSettings()
    {
        await using var db = new TempDatabase();
        await using var nexo = await db.OpenAsync();
        var ws = await nexo.Workspaces.CreateAsync(new NewWorkspace { Name = "w" });
        var connection = await nexo.Connections.CreateAsync(new NewLlmConnection { Name = "c", Provider = LlmProviderKind.Echo, BaseUrl = "http://localhost:1" });
        await nexo.Workspaces.UpdateSettingsAsync(ws.Id, new WorkspaceSettingsPatch { LlmConnectionId = connection.Id, DefaultModel = "kept" });

        await nexo.Connections.DeleteAsync(connection.Id);

        var settings = await nexo.Workspaces.GetSettingsAsync(ws.Id);
        Assert.Null(settings.LlmConnectionId);
        Assert.Equal("kept", settings.DefaultModel);
    }
}
