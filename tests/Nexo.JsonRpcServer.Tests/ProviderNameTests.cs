namespace Nexo.JsonRpcServer.Tests;

/// <summary>Provider names and MCP server types on the JSON-RPC surface: every catalogue name and alias is accepted.</summary>
public sealed class ProviderNameTests
{
    [Fact]
    public async Task CreateLlmConnection_WithAServiceAlias_StoresTheWireKindAndTheServicesEndpoint()
    {
        await using var server = await ServerProcess.StartInitializedAsync();

        var created = new Dictionary<string, (string Provider, string BaseUrl)>();
        foreach (var alias in new[] { "groq", "deepseek", "openrouter", "google", "claude", "Gemini" })
        {
            var connection = await server.CallAsync("create_llm_connection", new { name = "via-" + alias, provider = alias, apiKey = "sk-test" });
            created[alias] = ((string)connection["provider"]!, (string)connection["baseUrl"]!);
        }

        Assert.Equal(("openai-compatible", "https://api.groq.com/openai/v1"), created["groq"]);
        Assert.Equal(("openai-compatible", "https://api.deepseek.com/v1"), created["deepseek"]);
        Assert.Equal(("openai-compatible", "https://openrouter.ai/api/v1"), created["openrouter"]);
        Assert.Equal(("openai-compatible", "https://generativelanguage.googleapis.com/v1beta/openai"), created["google"]);
        Assert.Equal(("openai-compatible", "https://generativelanguage.googleapis.com/v1beta/openai"), created["Gemini"]);
        Assert.Equal(("anthropic", "https://api.anthropic.com"), created["claude"]);
    }

    [Fact]
    public async Task CreateLlmConnection_WithAnAliasAndABaseUrl_KeepsTheGivenUrl_AndUpdateSwitchesToAServicesEndpoint()
    {
        await using var server = await ServerProcess.StartInitializedAsync();

        var proxied = await server.CallAsync("create_llm_connection", new { name = "proxy", provider = "groq", baseUrl = "http://127.0.0.1:9/v1" });
        var id = (string)proxied["id"]!;
        var renamedOnly = await server.CallAsync("update_llm_connection", new { id, provider = "openai-compatible" });
        var switched = await server.CallAsync("update_llm_connection", new { id, provider = "openrouter" });

        Assert.Equal("http://127.0.0.1:9/v1", (string?)proxied["baseUrl"]);
        Assert.Equal("http://127.0.0.1:9/v1", (string?)renamedOnly["baseUrl"]);
        Assert.Equal("openai-compatible", (string?)switched["provider"]);
        Assert.Equal("https://openrouter.ai/api/v1", (string?)switched["baseUrl"]);
    }

    [Fact]
    public async Task CreateLlmConnection_UnknownProvider_OrOpenAICompatibleWithoutUrl_IsInvalidParamsNamingTheField()
    {
        await using var server = await ServerProcess.StartInitializedAsync();

        var unknown = await server.CallErrorAsync("create_llm_connection", new { name = "x", provider = "mistral-cloud" });
        var noUrl = await server.CallErrorAsync("create_llm_connection", new { name = "y", provider = "openai-compatible" });
        var listed = await server.CallAsync("get_llm_connections");

        Assert.Equal(-32602, (int)unknown["code"]!);
        Assert.Equal("provider", (string?)unknown["data"]!["details"]!["field"]);
        Assert.Contains("groq", (string)unknown["message"]!, StringComparison.Ordinal);
        Assert.Equal(-32602, (int)noUrl["code"]!);
        Assert.Equal("baseUrl", (string?)noUrl["data"]!["details"]!["field"]);
        Assert.Empty(listed.AsArray());
    }

    [Fact]
    public async Task CreateLlmConnection_OllamaWithoutUrl_UsesOllamaHostFromTheServersEnvironment()
    {
        await using var server = await ServerProcess.StartAsync(environment: new Dictionary<string, string> { ["OLLAMA_HOST"] = "0.0.0.0:11500" });
        await server.InitializeAsync();

        var created = await server.CallAsync("create_llm_connection", new { name = "local", provider = "ollama" });
        var echo = await server.CallAsync("create_llm_connection", new { name = "offline", provider = "echo" });

        Assert.Equal("http://127.0.0.1:11500", (string?)created["baseUrl"]);
        Assert.Equal(LlmProviderCatalog.Get(LlmProviderKind.Echo).DefaultBaseUrl, (string?)echo["baseUrl"]);
    }

    [Theory]
    [InlineData("http-streamable")]
    [InlineData("streamable-http")]
    public async Task CreateMcpServerConnection_AcceptsTheStreamableHttpSpellings_AsHttp(string type)
    {
        await using var server = await ServerProcess.StartInitializedAsync();

        var created = await server.CallAsync("create_mcp_server_connection", new { name = "remote", type, url = "http://127.0.0.1:9/mcp" });
        var updated = await server.CallAsync("update_mcp_server_connection", new { id = (string)created["id"]!, type });

        Assert.Equal("http", (string?)created["transport"]);
        Assert.Equal("http", (string?)updated["transport"]);
    }
}
