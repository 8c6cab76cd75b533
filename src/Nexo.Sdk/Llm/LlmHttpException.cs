using System.Net;

namespace Nexo;

/// <summary>
/// A provider answered with an error status (after retries). Raised inside the HTTP pipeline so that every SDK sees it
/// the same way and <see cref="LlmErrors"/> can report the status together with the provider's own message.
/// </summary>
internal sealed class LlmHttpException : HttpRequestException
{
    public LlmHttpException(HttpStatusCode status, string? reasonPhrase, ProviderErrorBody body, TimeSpan? retryAfter)
        : base(Describe(status, reasonPhrase, body), null, status)
    {
        ReasonPhrase = reasonPhrase;
        Body = body;
        RetryAfter = retryAfter;
    }

    /// <summary>The HTTP status.</summary>
    public HttpStatusCode Status => StatusCode ?? default;

    /// <summary>The reason phrase the server sent, if any.</summary>
    public string? ReasonPhrase { get; }

    /// <summary>The parsed error body.</summary>
    public ProviderErrorBody Body { get; }

    /// <summary>The <c>Retry-After</c> the provider sent, if any.</summary>
    public TimeSpan? RetryAfter { get; }

    private static string Describe(HttpStatusCode status, string? reasonPhrase, ProviderErrorBody body)
    {
        var phrase = string.IsNullOrWhiteSpace(reasonPhrase) ? status.ToString() : reasonPhrase;
        var text = $"HTTP {(int)status} ({phrase})";
        return body.Message is null ? text : $"{text}: {body.Message}";
    }
}
