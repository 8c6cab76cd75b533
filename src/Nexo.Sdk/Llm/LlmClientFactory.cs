using System.ClientModel;
using System.ClientModel.Primitives;
using System.Net;
using Anthropic;
using Anthropic.Core;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using OllamaSharp;
using OpenAI;
using Polly;

namespace Nexo;

/// <summary>
/// Nexo's built-in <see cref="ILlmClientFactory"/>: every provider is reached through its maintained client library
/// and handed out as a Microsoft.Extensions.AI <see cref="IChatClient"/>.
/// <list type="table">
/// <item><term><see cref="LlmProviderKind.OpenAI"/>, <see cref="LlmProviderKind.OpenAICompatible"/></term>
/// <description>The OpenAI package's Chat Completions client with the base URL as its endpoint (for example
/// <c>https://api.openai.com/v1</c>, <c>http://localhost:11434/v1</c>, <c>https://openrouter.ai/api/v1</c>). A
/// <c>reasoning_content</c> (DeepSeek, vLLM, llama.cpp…) or <c>reasoning</c> (OpenRouter, Ollama) delta comes out as
/// <see cref="TextReasoningContent"/>.</description></item>
/// <item><term><see cref="LlmProviderKind.Anthropic"/></term>
/// <description>The official Anthropic package's Messages API client (base URL such as <c>https://api.anthropic.com</c>).
/// Thinking blocks come out as <see cref="TextReasoningContent"/>. The Messages API of this SDK has no sampling
/// temperature, so <see cref="ChatOptions.Temperature"/> is not sent.</description></item>
/// <item><term><see cref="LlmProviderKind.Ollama"/></term><description>OllamaSharp's native <c>/api/chat</c> client
/// (base URL such as <c>http://localhost:11434</c>); <c>message.thinking</c> comes out as <see cref="TextReasoningContent"/>.</description></item>
/// <item><term><see cref="LlmProviderKind.Echo"/></term><description>An offline client for host developers and tests: it
/// repeats the last user message word by word, and a line <c>/tool NAME {json}</c> makes it call that tool; after the
/// tool results it answers <c>Tool NAME returned: …</c>. It is never a default.</description></item>
/// </list>
/// <para>
/// Reasoning is asked for with <see cref="ChatOptions.Reasoning"/>: <see cref="ReasoningEffort.Low"/>,
/// <see cref="ReasoningEffort.Medium"/> and <see cref="ReasoningEffort.High"/> become <c>reasoning_effort</c> for OpenAI,
/// a thinking budget of 1024, 8192 or 16384 tokens for Anthropic (see <see cref="LlmClientFactoryOptions.AnthropicThinkingMode"/>)
/// and <c>think</c> for Ollama; <see cref="ReasoningEffort.None"/> turns thinking off.
/// </para>
/// <para>
/// Every request goes through one HTTP pipeline: the connection's credentials (<c>Authorization: Bearer</c>, or
/// <c>x-api-key</c> for Anthropic; nothing at all without a key) and extra headers, then Nexo's retry policy
/// (<see cref="LlmClientFactoryOptions.Retry"/>, run by Polly; the SDKs' own retries are off). Failures surface as the SDKs'
/// exceptions; the model listing reports them as <see cref="NexoException"/> of kind <see cref="NexoErrorKind.Llm"/>.
/// </para>
/// </summary>
public sealed class LlmClientFactory : ILlmClientFactory, IDisposable
{
    private static readonly TimeSpan ListModelsTimeout = TimeSpan.FromMinutes(1);
    private static readonly LlmModel[] EchoModels =
    [
        new() { Id = EchoChatClient.ModelId, Name = "Echo (offline)", OwnedBy = "nexo", SupportsTools = true, SupportsThinking = false, SupportsImages = false },
    ];

    private readonly SocketsHttpHandler _transport;
    private readonly ResiliencePipeline<HttpResponseMessage> _retry;
    private int _disposed;

    /// <summary>Creates a factory with the default options.</summary>
    public LlmClientFactory()
        : this(null)
    {
    }

    /// <summary>Creates a factory.</summary>
    /// <param name="options">The options; defaults when <see langword="null"/>.</param>
    public LlmClientFactory(LlmClientFactoryOptions? options)
    {
        Options = options ?? new LlmClientFactoryOptions();
        if (Options.Retry is null)
        {
            throw new ArgumentException("The retry options must not be null.", nameof(options));
        }

        _retry = RetryHandler.CreatePipeline(
            Options.Retry,
            Options.TimeProvider ?? TimeProvider.System,
            (Options.LoggerFactory ?? NullLoggerFactory.Instance).CreateLogger("Nexo.Llm.Retry"));
        _transport = new SocketsHttpHandler
        {
            AutomaticDecompression = DecompressionMethods.All,
            ConnectTimeout = TimeSpan.FromSeconds(30),
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        };
    }

    /// <summary>The options this factory was created with.</summary>
    public LlmClientFactoryOptions Options { get; }

    /// <inheritdoc />
    /// <exception cref="NexoException"><see cref="NexoErrorKind.Validation"/> when the base URL or the model id is unusable.</exception>
    public IChatClient CreateClient(LlmConnection connection, LlmConnectionSecrets secrets, string modelId)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(secrets);
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        if (connection.Provider == LlmProviderKind.Echo)
        {
            return new EchoChatClient(modelId);
        }

        if (string.IsNullOrWhiteSpace(modelId))
        {
            throw NexoException.Validation("model", $"No model was given for the LLM connection '{connection.Name}'. Pick one of its models or set a default model.");
        }

        var baseUrl = Validate.HttpUrl(connection.BaseUrl, "baseUrl");
        var http = CreateHttpClient(connection.Provider, secrets, Options.RequestTimeout);
        switch (connection.Provider)
        {
            case LlmProviderKind.OpenAI:
            case LlmProviderKind.OpenAICompatible:
                var openAiOptions = new OpenAIClientOptions
                {
                    Endpoint = new Uri(baseUrl),
                    Transport = new HttpClientPipelineTransport(http),
                    RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
                    NetworkTimeout = Options.RequestTimeout,
                };
                // The SDK insists on a credential; ProviderHeadersHandler replaces whatever header it makes from it, and
                // removes it when the connection has no key, so no empty or placeholder Bearer ever leaves the process.
                var credential = new ApiKeyCredential(string.IsNullOrWhiteSpace(secrets.ApiKey) ? "no-api-key" : secrets.ApiKey);
                return new OpenAIClient(credential, openAiOptions).GetChatClient(modelId).AsIChatClient();

            case LlmProviderKind.Anthropic when ReflectionJsonProviders.IsSupported:
                return CreateAnthropic(http, baseUrl, modelId);

            case LlmProviderKind.Ollama when ReflectionJsonProviders.IsSupported:
                return CreateOllama(http, baseUrl, modelId);

            case LlmProviderKind.Anthropic or LlmProviderKind.Ollama:
                http.Dispose();
                throw ReflectionJsonProviders.NotInThisBuild(connection);

            default:
                throw NexoException.Validation("provider", $"The provider '{connection.Provider}' is not supported.");
        }
    }

    private IChatClient CreateAnthropic(HttpClient http, string baseUrl, string modelId)
    {
        // No credential is given to the SDK: ProviderHeadersHandler sends x-api-key, and an unset credential
        // would make the SDK fall back to ANTHROPIC_API_KEY or local credential files.
        var anthropic = new AnthropicClient(new ClientOptions
        {
            HttpClient = http,
            BaseUrl = baseUrl,
            MaxRetries = 0,
            Timeout = Options.RequestTimeout,
            ApiKey = null,
            AuthToken = null,
        });
        return anthropic.AsIChatClient(modelId, Options.AnthropicDefaultMaxTokens, Options.AnthropicThinkingMode);
    }

    private static OllamaApiClient CreateOllama(HttpClient http, string baseUrl, string modelId)
    {
        http.BaseAddress = new Uri(baseUrl + "/");
        return new OllamaApiClient(http, modelId);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<LlmModel>> ListModelsAsync(LlmConnection connection, LlmConnectionSecrets secrets, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(secrets);
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        if (connection.Provider == LlmProviderKind.Echo)
        {
            return EchoModels;
        }

        var baseUrl = Validate.HttpUrl(connection.BaseUrl, "baseUrl");
        using var http = CreateHttpClient(connection.Provider, secrets, ListModelsTimeout < Options.RequestTimeout ? ListModelsTimeout : Options.RequestTimeout);
        try
        {
            return await ModelCatalog.ListAsync(http, connection.Provider, baseUrl, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            throw Security.SecretRedactor.For(connection, secrets).RedactError(LlmErrors.From(ex, $"connection '{connection.Name}', {ProviderName(connection.Provider)} at {baseUrl}"));
        }
    }

    /// <summary>Closes the pooled connections. Chat clients created by this factory stop working.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _transport.Dispose();
        }
    }

    /// <summary>The name a provider has on the wire (<c>openai-compatible</c>…), from the <see cref="LlmProviderCatalog"/>.</summary>
    internal static string ProviderName(LlmProviderKind provider) =>
        Enum.IsDefined(provider) ? LlmProviderCatalog.Get(provider).Name : provider.ToString();

    /// <summary>
    /// An <see cref="HttpClient"/> over the shared connection pool with the connection's headers, the error body reader
    /// and the retry policy: headers → errors → retries → network.
    /// </summary>
    internal HttpClient CreateHttpClient(LlmProviderKind provider, LlmConnectionSecrets secrets, TimeSpan timeout)
    {
        var retry = new RetryHandler(_retry, _transport);
        var errors = new ProviderErrorHandler(provider, retry);
        var headers = new ProviderHeadersHandler(provider, secrets, errors);
        return new HttpClient(headers, disposeHandler: false) { Timeout = timeout };
    }
}
