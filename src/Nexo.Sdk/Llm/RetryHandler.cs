using System.Globalization;
using System.Net;
using Microsoft.Extensions.Logging;

namespace Nexo;

/// <summary>
/// Retries provider requests that fail before any answer arrived: HTTP 408, 429, 500, 502, 503, 504, and
/// connection-level failures (<see cref="HttpRequestException"/>, <see cref="IOException"/>) before the response
/// headers. Honours <c>Retry-After</c> (seconds or an HTTP date) and <c>retry-after-ms</c>, capped at
/// <see cref="LlmRetryOptions.MaxRetryAfter"/>; otherwise waits with exponential backoff and jitter. A response that
/// arrived with a success status is returned as it is, so a stream that breaks later is never replayed.
/// </summary>
internal sealed partial class RetryHandler : DelegatingHandler
{
    private readonly LlmRetryOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    public RetryHandler(LlmRetryOptions options, TimeProvider time, ILogger logger, HttpMessageHandler? innerHandler = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _time = time;
        _logger = logger;
        if (innerHandler is not null)
        {
            InnerHandler = innerHandler;
        }
    }

    /// <summary>Whether a response status is worth another attempt.</summary>
    public static bool IsTransient(HttpStatusCode status) => (int)status is 408 or 429 or 500 or 502 or 503 or 504;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var maxAttempts = Math.Max(1, _options.MaxAttempts);
        if (maxAttempts > 1 && request.Content is not null)
        {
            // The SDKs' bodies are not all replayable; a buffered body can be sent again.
            await request.Content.LoadIntoBufferAsync(cancellationToken).ConfigureAwait(false);
        }

        for (var attempt = 1; ; attempt++)
        {
            HttpResponseMessage response;
            try
            {
                response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (attempt < maxAttempts && !cancellationToken.IsCancellationRequested && IsTransientException(ex))
            {
                var backoff = Backoff(attempt);
                LogConnectionRetry(_logger, request.Method, request.RequestUri, ex.Message, backoff.TotalMilliseconds, attempt + 1, maxAttempts);
                await Task.Delay(backoff, _time, cancellationToken).ConfigureAwait(false);
                continue;
            }

            if (attempt >= maxAttempts || !IsTransient(response.StatusCode))
            {
                return response;
            }

            var delay = RetryAfter(response) ?? Backoff(attempt);
            LogStatusRetry(_logger, request.Method, request.RequestUri, (int)response.StatusCode, delay.TotalMilliseconds, attempt + 1, maxAttempts);
            response.Dispose();
            await Task.Delay(delay, _time, cancellationToken).ConfigureAwait(false);
        }
    }

    private static bool IsTransientException(Exception ex) => ex switch
    {
        HttpRequestException http => http.HttpRequestError is HttpRequestError.Unknown or HttpRequestError.ConnectionError
            or HttpRequestError.ResponseEnded or HttpRequestError.HttpProtocolError,
        IOException => true,
        _ => false,
    };

    /// <summary>The wait the provider asked for, capped; <see langword="null"/> when it did not ask.</summary>
    private TimeSpan? RetryAfter(HttpResponseMessage response)
    {
        TimeSpan? wait = null;
        if (response.Headers.TryGetValues("retry-after-ms", out var msValues)
            && double.TryParse(msValues.FirstOrDefault(), NumberStyles.Float, CultureInfo.InvariantCulture, out var ms) && ms >= 0)
        {
            wait = TimeSpan.FromMilliseconds(ms);
        }
        else if (response.Headers.RetryAfter is { } retryAfter)
        {
            if (retryAfter.Delta is { } delta)
            {
                wait = delta;
            }
            else if (retryAfter.Date is { } date)
            {
                wait = date - _time.GetUtcNow();
            }
        }

        if (wait is null)
        {
            return null;
        }

        if (wait < TimeSpan.Zero)
        {
            return TimeSpan.Zero;
        }

        return wait > _options.MaxRetryAfter ? _options.MaxRetryAfter : wait;
    }

    /// <summary>Exponential backoff with "equal jitter": half the delay fixed, half random.</summary>
    private TimeSpan Backoff(int attempt)
    {
        var exponential = _options.BaseDelay.TotalMilliseconds * Math.Pow(2, attempt - 1);
        var capped = Math.Min(exponential, _options.MaxDelay.TotalMilliseconds);
        var half = capped / 2;
        return TimeSpan.FromMilliseconds(half + (Random.Shared.NextDouble() * half));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "LLM request {Method} {Uri} answered HTTP {Status}; retrying in {DelayMs} ms (attempt {Attempt} of {MaxAttempts}).")]
    private static partial void LogStatusRetry(ILogger logger, HttpMethod method, Uri? uri, int status, double delayMs, int attempt, int maxAttempts);

    [LoggerMessage(Level = LogLevel.Warning, Message = "LLM request {Method} {Uri} failed before a response ({Error}); retrying in {DelayMs} ms (attempt {Attempt} of {MaxAttempts}).")]
    private static partial void LogConnectionRetry(ILogger logger, HttpMethod method, Uri? uri, string error, double delayMs, int attempt, int maxAttempts);
}
