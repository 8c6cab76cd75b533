using System.Text.Json.Nodes;
using Nexo.JsonRpcServer.Acp;

namespace Nexo.JsonRpcServer.Tests.Acp;

/// <summary>The ACP agent's authentication reads the SDK's provider catalogue: which providers need a key, where the key and the address live.</summary>
public sealed class AcpProviderAuthTests
{
    public static TheoryData<string> CatalogueNames() => [.. LlmProviderCatalog.All.Select(p => p.Name)];

    [Theory]
    [MemberData(nameof(CatalogueNames))]
    public void NeedsKey_AgreesWithTheCatalogue_ForAConnectionAtEachProvidersDefaultAddress(string name)
    {
        var provider = LlmProviderCatalog.Find(name);
        var connection = new LlmConnection { Id = "c", Name = "c", Provider = provider.Kind, BaseUrl = provider.GetDefaultBaseUrl(_ => null) ?? "http://127.0.0.1:1234/v1" };

        Assert.Equal(provider.RequiresApiKey, AcpAuth.NeedsKey(connection));
        Assert.Equal(provider.Name, AcpAuth.Provider(connection).Name);
    }

    [Fact]
    public void EnvMethod_NamesEveryKeyVariableOfTheCatalogue()
    {
        Assert.All(LlmProviderCatalog.All.SelectMany(p => p.ApiKeyVariables), variable =>
            Assert.Contains(variable, AcpAuth.EnvMethod.Description, StringComparison.Ordinal));
    }

    [Fact]
    public async Task EnvAuthentication_NexoProviderAlias_CreatesTheConnectionAtTheServicesEndpoint_WithTheServicesKey()
    {
        var env = new Dictionary<string, string> { ["NEXO_PROVIDER"] = "groq", ["GROQ_API_KEY"] = "gsk-test-1234", ["NEXO_MODEL"] = "llama-3.3-70b-versatile" };
        await using var h = await AcpHarness.CreateAsync(environment: name => env.GetValueOrDefault(name));
        await h.Nexo.Connections.DeleteAsync(h.Connection.Id);
        await h.Client.RequestAsync("initialize", AcpTestClient.Initialize());

        await h.Client.RequestAsync("authenticate", new JsonObject { ["methodId"] = "nexo-env" });

        var created = Assert.Single(await h.Nexo.Connections.ListAsync());
        Assert.Equal("acp-groq", created.Name);
        Assert.Equal(LlmProviderKind.OpenAICompatible, created.Provider);
        Assert.Equal("https://api.groq.com/openai/v1", created.BaseUrl);
        Assert.Equal("gsk-test-1234", (await h.Nexo.Connections.GetSecretsAsync(created.Id)).ApiKey);
        Assert.Equal("llama-3.3-70b-versatile", created.DefaultModel);
    }

    [Fact]
    public async Task EnvAuthentication_NexoProviderOllama_UsesOllamaHostFromTheAgentsEnvironment()
    {
        var env = new Dictionary<string, string> { ["NEXO_PROVIDER"] = "ollama", ["OLLAMA_HOST"] = "gpu-box:11500" };
        await using var h = await AcpHarness.CreateAsync(environment: name => env.GetValueOrDefault(name));
        await h.Nexo.Connections.DeleteAsync(h.Connection.Id);
        await h.Client.RequestAsync("initialize", AcpTestClient.Initialize());

        await h.Client.RequestAsync("authenticate", new JsonObject { ["methodId"] = "nexo-env" });

        var created = Assert.Single(await h.Nexo.Connections.ListAsync());
        Assert.Equal(LlmProviderKind.Ollama, created.Provider);
        Assert.Equal("http://gpu-box:11500", created.BaseUrl);
    }

    [Fact]
    public async Task HostedServiceConnectionWithoutKey_NeedsAuthentication_AndTakesTheServicesOwnVariable()
    {
        var env = new Dictionary<string, string> { ["OPENROUTER_API_KEY"] = "sk-or-test-1234" };
        await using var h = await AcpHarness.CreateAsync(environment: name => env.GetValueOrDefault(name));
        var openrouter = await h.Nexo.Connections.CreateAsync(new NewLlmConnection { Name = "or", Provider = LlmProviderKind.OpenAICompatible, BaseUrl = "https://openrouter.ai/api/v1/", DefaultModel = "m" });
        var workspace = await h.Nexo.Workspaces.GetOrCreateForFolderAsync(h.Project);
        await h.Nexo.Workspaces.UpdateSettingsAsync(workspace.Id, new WorkspaceSettingsPatch { LlmConnectionId = openrouter.Id });
        await h.Client.RequestAsync("initialize", AcpTestClient.Initialize());
        var newSession = new JsonObject { ["cwd"] = h.Project, ["mcpServers"] = new JsonArray() };

        var error = await Assert.ThrowsAsync<AcpError>(() => h.Client.RequestAsync("session/new", newSession));
        await h.Client.RequestAsync("authenticate", new JsonObject { ["methodId"] = "nexo-env" });
        await h.Client.RequestAsync("session/new", newSession);

        Assert.Equal(-32000, error.Code);
        Assert.Equal("authRequired", (string)error.ErrorData!["kind"]!);
        Assert.Equal("sk-or-test-1234", (await h.Nexo.Connections.GetSecretsAsync(openrouter.Id)).ApiKey);
        Assert.Null((await h.Nexo.Connections.GetSecretsAsync(h.Connection.Id)).ApiKey);
    }
}
