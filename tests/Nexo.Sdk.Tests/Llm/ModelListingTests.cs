using System.Net;
using System.Text;
using Nexo.Testing;

namespace Nexo.Sdk.Tests.Llm;

public sealed class ModelListingTests
{
    public static IEnumerable<object[]> Providers => ProviderFixture.Providers;

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task ListModels_ReturnsTheProvidersModels(LlmProviderKind provider)
    {
        await using var fx = await ProviderFixture.StartAsync(provider);
        fx.Server.Models.Clear();
        fx.Server.Models.AddRange(["model-b", "model-a"]);

        var models = await fx.Factory.ListModelsAsync(fx.Connection(), new LlmConnectionSecrets { ApiKey = "k" });

        Assert.Equal(["model-a", "model-b"], models.Select(m => m.Id).Order());
        var request = Assert.Single(fx.Server.Requests);
        Assert.StartsWith(fx.Server.ModelsPath, request.Path, StringComparison.Ordinal);
        if (provider == LlmProviderKind.Anthropic)
        {
            Assert.Equal("k", request.Header("x-api-key"));
            Assert.Equal("2023-06-01", request.Header("anthropic-version"));
            Assert.Equal("Model B", models.Single(m => m.Id == "model-b").Name);
        }
        else
        {
            Assert.Equal("Bearer k", request.Header("Authorization"));
        }

        Assert.All(models, m => Assert.Null(m.SupportsTools));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task ListModels_ErrorBody_BecomesAClearLlmError(LlmProviderKind provider)
    {
        await using var fx = await ProviderFixture.StartAsync(provider);
        fx.Server.EnqueueModels(FakeResponse.Fail(401, "Invalid API key provided"));

        var error = await Assert.ThrowsAsync<NexoException>(() => fx.Factory.ListModelsAsync(fx.Connection(), new LlmConnectionSecrets { ApiKey = "bad" }));

        Assert.Equal(NexoErrorKind.Llm, error.Kind);
        Assert.Equal(401, error.Details["status"]);
        Assert.Contains("HTTP 401", error.Message, StringComparison.Ordinal);
        Assert.Contains("Invalid API key provided", error.Message, StringComparison.Ordinal);
        Assert.Contains("API key", error.Message, StringComparison.Ordinal);
        Assert.Contains("'fake'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ListModels_IsRetriedOnRateLimit()
    {
        await using var fx = await ProviderFixture.StartAsync(LlmProviderKind.OpenAI);
        fx.Server.EnqueueModels(FakeResponse.Fail(429, "slow down", retryAfter: TimeSpan.FromSeconds(2)));

        var models = await fx.Factory.ListModelsAsync(fx.Connection(), new LlmConnectionSecrets());

        Assert.NotEmpty(models);
        Assert.Equal(2, fx.Server.Requests.Count);
        Assert.Equal([TimeSpan.FromSeconds(2)], fx.Time.Delays);
    }

    [Fact]
    public async Task ListModels_UnreachableServer_IsAnLlmError()
    {
        using var factory = new LlmClientFactory(new LlmClientFactoryOptions { TimeProvider = new ImmediateTimeProvider() });
        var connection = new LlmConnection { Id = "c", Name = "down", Provider = LlmProviderKind.Ollama, BaseUrl = "http://127.0.0.1:1" };

        var error = await Assert.ThrowsAsync<NexoException>(() => factory.ListModelsAsync(connection, new LlmConnectionSecrets()));

        Assert.Equal(NexoErrorKind.Llm, error.Kind);
        Assert.Null(error.Details["status"]);
        Assert.Contains("could not be reached", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ListModels_Echo_ReturnsTheFixedEchoModel()
    {
        using var factory = new LlmClientFactory();
        var connection = new LlmConnection { Id = "c", Name = "offline", Provider = LlmProviderKind.Echo, BaseUrl = "http://localhost" };

        var model = Assert.Single(await factory.ListModelsAsync(connection, new LlmConnectionSecrets()));

        Assert.Equal("echo", model.Id);
        Assert.True(model.SupportsTools);
    }

    [Theory]
    [InlineData("""{"object":"list","data":[{"id":"a","owned_by":"me"},{"id":"b"}]}""")]
    [InlineData("""{"models":[{"model":"a"},{"name":"b"}]}""")]
    [InlineData("""[{"id":"a"},{"name":"b"}]""")]
    [InlineData("""["a","b"]""")]
    public async Task OpenAICompatible_AcceptsTheCommonListShapes(string body)
    {
        using var http = new HttpClient(new StubHandler(HttpStatusCode.OK, body));

        var models = await ModelCatalog.ListAsync(http, LlmProviderKind.OpenAICompatible, "http://x/v1", CancellationToken.None);

        Assert.Equal(["a", "b"], models.Select(m => m.Id));
    }

    [Fact]
    public async Task OpenAICompatible_ReadsTheContextWindow_WhereTheListingStatesIt()
    {
        const string body = """
            {"data":[
              {"id":"openrouter/m","context_length":200000},
              {"id":"groq/m","context_window":131072},
              {"id":"vllm/m","max_model_len":32768},
              {"id":"plain/m"},
              {"id":"odd/m","context_length":"big"}
            ]}
            """;
        using var http = new HttpClient(new StubHandler(HttpStatusCode.OK, body));

        var models = await ModelCatalog.ListAsync(http, LlmProviderKind.OpenAICompatible, "http://x/v1", CancellationToken.None);

        Assert.Equal(
            [("groq/m", 131072), ("odd/m", (int?)null), ("openrouter/m", 200000), ("plain/m", null), ("vllm/m", 32768)],
            models.Select(m => (m.Id, m.ContextWindow)));
    }

    [Fact]
    public async Task Anthropic_FollowsPages()
    {
        var handler = new StubHandler(HttpStatusCode.OK,
            """{"data":[{"id":"m1","display_name":"M1"}],"has_more":true,"last_id":"m1"}""",
            """{"data":[{"id":"m2","display_name":"M2"}],"has_more":false,"last_id":"m2"}""");
        using var http = new HttpClient(handler);

        var models = await ModelCatalog.ListAsync(http, LlmProviderKind.Anthropic, "http://x", CancellationToken.None);

        Assert.Equal(["m1", "m2"], models.Select(m => m.Id));
        Assert.EndsWith("after_id=m1", handler.Requests[1].RequestUri!.Query, StringComparison.Ordinal);
    }

    private sealed class StubHandler(HttpStatusCode status, params string[] bodies) : HttpMessageHandler
    {
        public List<HttpRequestMessage> Requests { get; } = [];

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Requests.Add(request);
            var body = bodies[Math.Min(Requests.Count - 1, bodies.Length - 1)];
            return Task.FromResult(new HttpResponseMessage(status) { Content = new StringContent(body, Encoding.UTF8, "application/json") });
        }
    }
}
