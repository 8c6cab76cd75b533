using System.Net.Http.Headers;

namespace Nexo;

/// <summary>
/// Puts a connection's credentials and extra headers on every request, whatever SDK made it, so authentication is
/// decided in one place: <c>Authorization: Bearer</c> for OpenAI, OpenAI-compatible and Ollama endpoints,
/// <c>x-api-key</c> plus <c>anthropic-version</c> for Anthropic (as its API reference documents). Without an API key no
/// credential header is sent at all — never an empty <c>Bearer</c>, and never a key an SDK found in an environment
/// variable. Extra headers are applied last, so a host can still send its own <c>Authorization</c> to a gateway.
/// </summary>
internal sealed class ProviderHeadersHandler : DelegatingHandler
{
    /// <summary>The Messages API version sent when the request has none.</summary>
    public const string AnthropicVersion = "2023-06-01";

    private readonly LlmProviderKind _provider;
    private readonly string? _apiKey;
    private readonly IReadOnlyDictionary<string, string> _headers;

    public ProviderHeadersHandler(LlmProviderKind provider, LlmConnectionSecrets secrets, HttpMessageHandler innerHandler)
        : base(innerHandler)
    {
        _provider = provider;
        _apiKey = string.IsNullOrWhiteSpace(secrets.ApiKey) ? null : secrets.ApiKey.Trim();
        _headers = secrets.Headers;
    }

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Apply(request);
        return base.SendAsync(request, cancellationToken);
    }

    private void Apply(HttpRequestMessage request)
    {
        var headers = request.Headers;
        headers.Authorization = null;
        headers.Remove("x-api-key");
        if (_provider == LlmProviderKind.Anthropic)
        {
            if (_apiKey is not null)
            {
                headers.TryAddWithoutValidation("x-api-key", _apiKey);
            }

            if (!headers.Contains("anthropic-version"))
            {
                headers.TryAddWithoutValidation("anthropic-version", AnthropicVersion);
            }
        }
        else if (_apiKey is not null)
        {
            headers.Authorization = new AuthenticationHeaderValue("Bearer", _apiKey);
        }

        foreach (var (name, value) in _headers)
        {
            headers.Remove(name);
            if (!headers.TryAddWithoutValidation(name, value) && request.Content is not null)
            {
                request.Content.Headers.Remove(name);
                request.Content.Headers.TryAddWithoutValidation(name, value);
            }
        }
    }
}
