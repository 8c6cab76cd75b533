namespace Nexo.Cli.Tests;

/// <summary>The CLI takes provider names, defaults and key variables from the SDK's <see cref="LlmProviderCatalog"/>.</summary>
public sealed class ProviderCatalogCliTests : IDisposable
{
    private const string Secret = "sk-test-0123456789abcdefSECRET";
    private readonly NexoHome _home = new();

    public ProviderCatalogCliTests() => _home.Environment["MY_TEST_KEY"] = Secret;

    public void Dispose() => _home.Dispose();

    [Fact]
    public async Task ConnectionAdd_WithEachServiceAlias_StoresTheWireKindAndTheServicesEndpoint()
    {
        string[] aliases = ["groq", "deepseek", "openrouter", "google", "claude"];
        foreach (var alias in aliases)
        {
            var add = await _home.RunAsync("connection", "add", "via-" + alias, "--provider", alias, "--api-key-env", "MY_TEST_KEY");
            Assert.Equal(0, add.ExitCode);
        }

        var stored = (await _home.RunAsync("connection", "list", "--json")).Json.EnumerateArray()
            .ToDictionary(c => c.GetProperty("name").GetString()!, c => (c.GetProperty("provider").GetString(), c.GetProperty("baseUrl").GetString()));
        Assert.Equal(("openai-compatible", "https://api.groq.com/openai/v1"), stored["via-groq"]);
        Assert.Equal(("openai-compatible", "https://api.deepseek.com/v1"), stored["via-deepseek"]);
        Assert.Equal(("openai-compatible", "https://openrouter.ai/api/v1"), stored["via-openrouter"]);
        Assert.Equal(("openai-compatible", "https://generativelanguage.googleapis.com/v1beta/openai"), stored["via-google"]);
        Assert.Equal(("anthropic", "https://api.anthropic.com"), stored["via-claude"]);
    }

    [Fact]
    public async Task ConnectionUpdate_ToAServiceAlias_PointsTheConnectionAtItsEndpoint()
    {
        await _home.RunAsync("connection", "add", "mine", "--provider", "openai-compatible", "--base-url", "http://127.0.0.1:9/v1");

        var update = await _home.RunAsync("connection", "update", "mine", "--provider", "deepseek");

        Assert.Equal(0, update.ExitCode);
        var stored = Assert.Single((await _home.RunAsync("connection", "list", "--json")).Json.EnumerateArray());
        Assert.Equal("https://api.deepseek.com/v1", stored.GetProperty("baseUrl").GetString());
    }

    [Fact]
    public async Task ConnectionAdd_OllamaWithoutBaseUrl_ReadsOllamaHostAsOllamaDoes()
    {
        _home.Environment["OLLAMA_HOST"] = "0.0.0.0:11500";

        var add = await _home.RunAsync("connection", "add", "local", "--provider", "ollama");

        Assert.Equal(0, add.ExitCode);
        var stored = Assert.Single((await _home.RunAsync("connection", "list", "--json")).Json.EnumerateArray());
        Assert.Equal("http://127.0.0.1:11500", stored.GetProperty("baseUrl").GetString());
    }

    [Fact]
    public async Task FirstRun_DetectsEveryCatalogueProviderWithAKeyVariable_WithTheCataloguesEndpoint()
    {
        var expected = LlmProviderCatalog.All.Where(p => p.ApiKeyVariables.Count > 0).ToList();
        foreach (var provider in expected)
        {
            _home.Environment[provider.ApiKeyVariables[0]] = "key-for-" + provider.Name;
        }

        var r = await _home.RunAsync("chat", "hello");

        Assert.Equal(3, r.ExitCode);
        Assert.NotEmpty(expected);
        Assert.All(expected, provider => Assert.Contains(
            $"nexo connection add {provider.Name} --provider {LlmProviderCatalog.Get(provider.Kind).Name} --base-url {provider.DefaultBaseUrl} --api-key-env {provider.ApiKeyVariables[0]}",
            r.StdErr,
            StringComparison.Ordinal));
        Assert.DoesNotContain("key-for-", r.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FirstRun_Google_TakesGoogleApiKeyWhenGeminiApiKeyIsUnset()
    {
        _home.Environment["GOOGLE_API_KEY"] = "g-key";

        var r = await _home.RunAsync("chat", "hello");

        Assert.Contains("nexo connection add google --provider openai-compatible --base-url https://generativelanguage.googleapis.com/v1beta/openai --api-key-env GOOGLE_API_KEY", r.StdErr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http-streamable")]
    [InlineData("streamable-http")]
    public async Task McpAdd_TakesTheStreamableHttpSpellings_AsHttp(string transport)
    {
        var add = await _home.RunAsync("mcp", "add", "remote", "--url", "http://127.0.0.1:9/mcp", "--transport", transport);

        Assert.Equal(0, add.ExitCode);
        await using var nexo = await _home.OpenAsync();
        Assert.Equal(McpTransportKind.Http, Assert.Single(await nexo.McpServers.ListAsync()).Transport);
    }
}
