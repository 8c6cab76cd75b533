using Microsoft.Extensions.AI;
using Nexo.Testing;

namespace Nexo.Sdk.Tests.Llm;

/// <summary>A fake server of one provider plus a factory whose retries never sleep.</summary>
internal sealed class ProviderFixture : IAsyncDisposable
{
    private ProviderFixture(LlmProviderKind provider, FakeProviderServer server, LlmRetryOptions? retry)
    {
        Provider = provider;
        Server = server;
        Factory = new LlmClientFactory(new LlmClientFactoryOptions { TimeProvider = Time, Retry = retry ?? LlmRetryOptions.Default });
    }

    public LlmProviderKind Provider { get; }

    public FakeProviderServer Server { get; }

    public ImmediateTimeProvider Time { get; } = new();

    public LlmClientFactory Factory { get; }

    public string Model => Provider switch
    {
        LlmProviderKind.Anthropic => "claude-sonnet-4-5",
        LlmProviderKind.Ollama => "llama3.2",
        _ => "gpt-4o-mini",
    };

    public static IEnumerable<object[]> Providers =>
    [
        [LlmProviderKind.OpenAICompatible],
        [LlmProviderKind.Anthropic],
        [LlmProviderKind.Ollama],
    ];

    public static async Task<ProviderFixture> StartAsync(LlmProviderKind provider, LlmRetryOptions? retry = null)
    {
        FakeProviderServer server = provider switch
        {
            LlmProviderKind.OpenAI or LlmProviderKind.OpenAICompatible => await FakeOpenAIServer.StartAsync(),
            LlmProviderKind.Anthropic => await FakeAnthropicServer.StartAsync(),
            LlmProviderKind.Ollama => await FakeOllamaServer.StartAsync(),
            _ => throw new ArgumentOutOfRangeException(nameof(provider)),
        };
        return new ProviderFixture(provider, server, retry);
    }

    public LlmConnection Connection(string? baseUrl = null) => new()
    {
        Id = "conn-1",
        Name = "fake",
        Provider = Provider,
        BaseUrl = baseUrl ?? Server.BaseUrl,
    };

    public IChatClient Client(string? apiKey = "test-key", IReadOnlyDictionary<string, string>? headers = null) =>
        Factory.CreateClient(Connection(), new LlmConnectionSecrets { ApiKey = apiKey, Headers = headers ?? new Dictionary<string, string>() }, Model);

    public async Task<List<ChatResponseUpdate>> StreamAsync(string prompt = "Hello", ChatOptions? options = null, IChatClient? client = null)
    {
        var updates = new List<ChatResponseUpdate>();
        await foreach (var update in (client ?? Client()).GetStreamingResponseAsync(prompt, options))
        {
            updates.Add(update);
        }

        return updates;
    }

    public async ValueTask DisposeAsync()
    {
        Factory.Dispose();
        await Server.DisposeAsync();
    }
}
