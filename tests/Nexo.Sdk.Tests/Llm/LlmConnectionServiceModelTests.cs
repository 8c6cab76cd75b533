using Nexo.Testing;

namespace Nexo.Sdk.Tests.Llm;

public sealed class LlmConnectionServiceModelTests
{
    [Fact]
    public async Task TestAsync_ListsModelsWithoutStoringAnything()
    {
        await using var db = new TempDatabase();
        await using var nexo = await db.OpenAsync();
        await using var server = await FakeOllamaServer.StartAsync();

        var models = await nexo.Connections.TestAsync(LlmProviderKind.Ollama, server.BaseUrl + "/", apiKey: null);

        Assert.Equal(["llama3.2:latest", "qwen3:8b"], models.Select(m => m.Id));
        Assert.Empty(await nexo.Connections.ListAsync());
        Assert.Null(Assert.Single(server.Requests).Header("Authorization"));
    }

    [Fact]
    public async Task TestAsync_InvalidUrl_IsAValidationError()
    {
        await using var db = new TempDatabase();
        await using var nexo = await db.OpenAsync();

        var error = await Assert.ThrowsAsync<NexoException>(() => nexo.Connections.TestAsync(LlmProviderKind.OpenAI, "not a url", "k"));

        Assert.Equal(NexoErrorKind.Validation, error.Kind);
        Assert.Equal("baseUrl", error.Details["field"]);
    }

    [Fact]
    public async Task TestAsync_ProviderRefuses_IsAnLlmErrorWithTheStatus()
    {
        await using var db = new TempDatabase();
        await using var nexo = await db.OpenAsync();
        await using var server = await FakeAnthropicServer.StartAsync();
        server.EnqueueModels(FakeResponse.Fail(403, "Your key cannot list models"));

        var error = await Assert.ThrowsAsync<NexoException>(() => nexo.Connections.TestAsync(LlmProviderKind.Anthropic, server.BaseUrl, "sk-ant"));

        Assert.Equal(NexoErrorKind.Llm, error.Kind);
        Assert.Equal(403, error.Details["status"]);
        Assert.Contains("Your key cannot list models", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ListModelsAsync_RefreshStoresTheList_AndKeepsKnownCapabilities()
    {
        await using var db = new TempDatabase();
        await using var nexo = await db.OpenAsync();
        await using var server = await FakeOpenAIServer.StartAsync();
        var connection = await nexo.Connections.CreateAsync(new NewLlmConnection
        {
            Name = "local",
            Provider = LlmProviderKind.OpenAICompatible,
            BaseUrl = server.BaseUrl,
            ApiKey = "sk-1",
            Models = [new LlmModel { Id = "gpt-4o", SupportsTools = true }, new LlmModel { Id = "old-model" }],
        });

        var cached = await nexo.Connections.ListModelsAsync(connection.Id);
        Assert.Empty(server.Requests);
        Assert.Equal(["gpt-4o", "old-model"], cached.Select(m => m.Id));

        var fresh = await nexo.Connections.ListModelsAsync(connection.Id, refresh: true);

        Assert.Equal(["gpt-4o", "gpt-4o-mini"], fresh.Select(m => m.Id));
        Assert.True(fresh[0].SupportsTools);
        Assert.Equal(fresh, (await nexo.Connections.GetAsync(connection.Id)).Models);
        Assert.Equal("Bearer sk-1", Assert.Single(server.Requests).Header("Authorization"));
    }

    [Fact]
    public async Task NexoClient_UsesTheBuiltInFactory_OrTheHostsOwn()
    {
        await using var db = new TempDatabase();
        await using (var nexo = await db.OpenAsync())
        {
            Assert.IsType<LlmClientFactory>(nexo.LlmClientFactory);
        }

        using var custom = new LlmClientFactory();
        var options = db.Options;
        options.LlmClientFactory = custom;
        await using var withCustom = await NexoClient.OpenAsync(options);

        Assert.Same(custom, withCustom.LlmClientFactory);
    }
}
