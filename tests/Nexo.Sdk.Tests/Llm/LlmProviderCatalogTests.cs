using System.Text.Json;

namespace Nexo.Sdk.Tests.Llm;

public sealed class LlmProviderCatalogTests
{
    [Theory]
    [InlineData("groq", LlmProviderKind.OpenAICompatible, "https://api.groq.com/openai/v1", "GROQ_API_KEY")]
    [InlineData("deepseek", LlmProviderKind.OpenAICompatible, "https://api.deepseek.com/v1", "DEEPSEEK_API_KEY")]
    [InlineData("openrouter", LlmProviderKind.OpenAICompatible, "https://openrouter.ai/api/v1", "OPENROUTER_API_KEY")]
    [InlineData("google", LlmProviderKind.OpenAICompatible, "https://generativelanguage.googleapis.com/v1beta/openai", "GEMINI_API_KEY")]
    [InlineData("gemini", LlmProviderKind.OpenAICompatible, "https://generativelanguage.googleapis.com/v1beta/openai", "GEMINI_API_KEY")]
    [InlineData("claude", LlmProviderKind.Anthropic, "https://api.anthropic.com", "ANTHROPIC_API_KEY")]
    [InlineData(" GROQ ", LlmProviderKind.OpenAICompatible, "https://api.groq.com/openai/v1", "GROQ_API_KEY")]
    public void Find_EachAlias_RoutesToItsWireKind_WithItsEndpointAndKeyVariable(string name, LlmProviderKind kind, string baseUrl, string keyVariable)
    {
        var provider = LlmProviderCatalog.Find(name);

        Assert.Equal(kind, provider.Kind);
        Assert.Equal(baseUrl, provider.ResolveBaseUrl(null));
        Assert.True(provider.RequiresApiKey);
        Assert.Equal(keyVariable, provider.ApiKeyVariables[0]);
    }

    [Fact]
    public void Find_UnknownName_IsAValidationErrorOnProvider_ListingTheNames()
    {
        var error = Assert.Throws<NexoException>(() => LlmProviderCatalog.Find("mistral-cloud"));

        Assert.Equal(NexoErrorKind.Validation, error.Kind);
        Assert.Equal("provider", error.Details["field"]);
        Assert.Contains("openai-compatible", error.Message, StringComparison.Ordinal);
        Assert.Contains("groq", error.Message, StringComparison.Ordinal);
        Assert.False(LlmProviderCatalog.TryFind(null, out _));
    }

    [Fact]
    public void EveryWireKind_HasOneEntry_NamedAsItsWireName()
    {
        foreach (var kind in Enum.GetValues<LlmProviderKind>())
        {
            var entry = LlmProviderCatalog.Get(kind);
            Assert.Equal(kind, entry.Kind);
            Assert.True(entry.IsWireName);
            Assert.Equal(JsonSerializer.Serialize(kind, NexoJson.Options), $"\"{entry.Name}\"");
            Assert.Same(entry, LlmProviderCatalog.Find(entry.Name));
        }

        Assert.Equal(LlmProviderCatalog.AcceptedNames.Count, LlmProviderCatalog.AcceptedNames.Distinct(StringComparer.OrdinalIgnoreCase).Count());
    }

    [Fact]
    public void OpenAICompatible_NeedsNoKeyAndHasNoDefaultAddress_SoResolvingWithoutAUrlIsAValidationError()
    {
        var provider = LlmProviderCatalog.Get(LlmProviderKind.OpenAICompatible);

        Assert.False(provider.RequiresApiKey);
        Assert.Null(provider.GetDefaultBaseUrl(_ => null));
        Assert.Equal("baseUrl", Assert.Throws<NexoException>(() => provider.ResolveBaseUrl("  ")).Details["field"]);
        Assert.Equal("http://127.0.0.1:1234/v1", provider.ResolveBaseUrl(" http://127.0.0.1:1234/v1 "));
    }

    [Theory]
    [InlineData(null, "http://127.0.0.1:11434")]
    [InlineData("", "http://127.0.0.1:11434")]
    [InlineData("0.0.0.0", "http://127.0.0.1:11434")]
    [InlineData("0.0.0.0:11500", "http://127.0.0.1:11500")]
    [InlineData("gpu-box", "http://gpu-box:11434")]
    [InlineData("gpu-box:8080", "http://gpu-box:8080")]
    [InlineData("http://gpu-box", "http://gpu-box:80")]
    [InlineData("https://ollama.example.com", "https://ollama.example.com:443")]
    [InlineData("http://127.0.0.1:9/", "http://127.0.0.1:9")]
    [InlineData("\"127.0.0.1:11435\"", "http://127.0.0.1:11435")]
    [InlineData("[::1]:11500", "http://[::1]:11500")]
    [InlineData("gpu-box:notaport", "http://gpu-box:11434")]
    public void Ollama_DefaultAddress_ReadsOllamaHostAsOllamaDoes(string? ollamaHost, string expected)
    {
        var provider = LlmProviderCatalog.Get(LlmProviderKind.Ollama);

        Assert.Equal("OLLAMA_HOST", provider.BaseUrlVariable);
        Assert.Equal(expected, provider.GetDefaultBaseUrl(name => name == "OLLAMA_HOST" ? ollamaHost : null));
    }

    [Fact]
    public void Google_FindsGeminiApiKeyFirst_ThenGoogleApiKey()
    {
        var google = LlmProviderCatalog.Find("google");

        Assert.Equal("GOOGLE_API_KEY", google.FindApiKeyVariable(n => n == "GOOGLE_API_KEY" ? "g" : null));
        Assert.Equal("GEMINI_API_KEY", google.FindApiKeyVariable(n => n is "GOOGLE_API_KEY" or "GEMINI_API_KEY" ? "k" : null));
        Assert.Null(google.FindApiKeyVariable(n => n == "GEMINI_API_KEY" ? "  " : null));
    }

    [Theory]
    [InlineData(LlmProviderKind.OpenAICompatible, "https://api.groq.com/openai/v1/", "groq")]
    [InlineData(LlmProviderKind.OpenAICompatible, "https://OPENROUTER.ai/api/v1", "openrouter")]
    [InlineData(LlmProviderKind.OpenAICompatible, "http://127.0.0.1:1234/v1", "openai-compatible")]
    [InlineData(LlmProviderKind.OpenAI, "https://api.groq.com/openai/v1", "openai")]
    [InlineData(LlmProviderKind.Anthropic, "https://api.anthropic.com", "anthropic")]
    public void Identify_AConnectionAtAServicesEndpoint_IsThatService(LlmProviderKind kind, string baseUrl, string expected)
    {
        Assert.Equal(expected, LlmProviderCatalog.Identify(kind, baseUrl).Name);
    }

    [Fact]
    public void ClientFactory_NamesProvidersAsTheCatalogueDoes()
    {
        Assert.All(Enum.GetValues<LlmProviderKind>(), kind => Assert.Equal(LlmProviderCatalog.Get(kind).Name, LlmClientFactory.ProviderName(kind)));
    }

    [Fact]
    public async Task Connection_CreatedThroughAnAlias_IsStoredAsTheWireKindAtTheServicesEndpoint()
    {
        await using var db = new TempDatabase();
        await using var nexo = await db.OpenAsync();
        var groq = LlmProviderCatalog.Find("groq");

        var created = await nexo.Connections.CreateAsync(new NewLlmConnection { Name = "g", Provider = groq.Kind, BaseUrl = groq.ResolveBaseUrl(null), ApiKey = "gsk" });

        var stored = await nexo.Connections.GetAsync(created.Id);
        Assert.Equal(LlmProviderKind.OpenAICompatible, stored.Provider);
        Assert.Equal("https://api.groq.com/openai/v1", stored.BaseUrl);
        Assert.Equal("groq", LlmProviderCatalog.Identify(stored.Provider, stored.BaseUrl).Name);
    }
}
