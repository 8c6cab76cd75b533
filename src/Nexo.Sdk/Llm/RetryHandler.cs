using System.Globalization;
using System.Net;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.Retry;

namespace Nexo;

/// <summary>
/// Runs provider requests through a Polly retry pipeline built from <see cref="LlmRetryOptions"/>. Retried: HTTP 408,
/// 429, 500, 502, 503, 504, and connection-level failures (<see cref="HttpRequestException"/>, <see cref="IOException"/>)
/// before the response headers. The wait honours <c>Retry-After</c> (seconds or an HTTP date) and <c>retry-after-ms</c>,
/// capped at <see cref="LlmRetryOptions.MaxRetryAfter"/>; otherwise it is an exponential backoff with jitter. The
/// pipeline ends when the response headers arrived, so a stream that breaks while its body is read is never replayed.
/// Polly waits on the factory's <see cref="TimeProvider"/>.
/// </summary>
internal sealed partial class RetryHandler : DelegatingHandler
{
    private static readonly ResiliencePropertyKey<HttpRequestMessage> RequestKey = new("Nexo.Llm.Request");

    private readonly ResiliencePipeline<HttpResponseMessage> _pipeline;
    private readonly bool _retries;

    public RetryHandler(LlmRetryOptions options, TimeProvider time, ILogger logger, HttpMessageHandler? innerHandler = null)
        : this(CreatePipeline(options, time, logger), innerHandler)
    {
    }

    /// <summary>A handler over a pipeline made by <see cref="CreatePipeline"/> (pipelines are thread-safe and shared).</summary>
    public RetryHandler(ResiliencePipeline<HttpResponseMessage> pipeline, HttpMessageHandler? innerHandler = null)
    {
        ArgumentNullException.ThrowIfNull(pipeline);
        _pipeline = pipeline;
        _retries = pipeline != ResiliencePipeline<HttpResponseMessage>.Empty;
        if (innerHandler is not null)
        {
            InnerHandler = innerHandler;
        }
    }

    /// <summary>Whether a response status is worth another attempt.</summary>
    public static bool IsTransient(HttpStatusCode status) => (int)status is 408 or 429 or 500 or 502 or 503 or 504;

    /// <summary>The retry pipeline for the options; the empty pipeline when they allow one attempt only.</summary>
    public static ResiliencePipeline<HttpResponseMessage> CreatePipeline(LlmRetryOptions options, TimeProvider time, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(logger);
        var maxAttempts = Math.Max(1, options.MaxAttempts);
        if (maxAttempts == 1)
        {
            return ResiliencePipeline<HttpResponseMessage>.Empty;
        }

        return new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = time }
            .AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                MaxRetryAttempts = maxAttempts - 1,
                ShouldHandle = args => ValueTask.FromResult(
                    !args.Context.CancellationToken.IsCancellationRequested
                    && (args.Outcome.Exception is { } ex ? IsTransientException(ex) : args.Outcome.Result is { } r && IsTransient(r.StatusCode))),

                // Polly's own backoff is replaced: the delay is the provider's Retry-After when it sent one, else
                // exponential backoff with "equal jitter" (half fixed, half random), as LlmRetryOptions documents.
                DelayGenerator = args => ValueTask.FromResult<TimeSpan?>(
                    (args.Outcome.Result is { } response ? RetryAfter(response, options, time) : null) ?? Backoff(options, args.AttemptNumber + 1)),
                OnRetry = args =>
                {
                    args.Context.Properties.TryGetValue(RequestKey, out var request);
                    var next = args.AttemptNumber + 2;
                    if (args.Outcome.Exception is { } exception)
                    {
                        LogConnectionRetry(logger, request?.Method, request?.RequestUri, exception.Message, args.RetryDelay.TotalMilliseconds, next, maxAttempts);
                    }
                    else
                    {
                        LogStatusRetry(logger, request?.Method, request?.RequestUri, (int)args.Outcome.Result!.StatusCode, args.RetryDelay.TotalMilliseconds, next, maxAttempts);
                    }

                    return default;
                },
            })
            .Build();
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (!_retries)
        {
            return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }

        if (request.Content is not null)
        {
            // The SDKs' bodies are not all replayable; a buffered body can be sent again.
            await request.Content.LoadIntoBufferAsync(cancellationToken).ConfigureAwait(false);
        }

        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        try
        {
            context.Properties.Set(RequestKey, request);
            return await _pipeline.ExecuteAsync(
                static async (ctx, state) => await state.Handler.SendOnceAsync(state.Request, ctx.CancellationToken).ConfigureAwait(false),
                context,
                (Handler: this, Request: request)).ConfigureAwait(false);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    private Task<HttpResponseMessage> SendOnceAsync(HttpRequestMessage request, CancellationToken cancellationToken) => base.SendAsync(request, cancellationToken);

    private static bool IsTransientException(Exception ex) => ex switch
    {
        HttpRequestException http => http.HttpRequestError is HttpRequestError.Unknown or HttpRequestError.ConnectionError
            or HttpRequestError.ResponseEnded or HttpRequestError.HttpProtocolError,
        IOException => true,
        _ => false,
    };

    /// <summary>The wait the provider asked for, capped; <see langword="null"/> when it did not ask.</summary>
    private static TimeSpan? RetryAfter(HttpResponseMessage response, LlmRetryOptions options, TimeProvider time)
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
                wait = date - time.GetUtcNow();
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

        return wait > options.MaxRetryAfter ? options.MaxRetryAfter : wait;
    }

    /// <summary>Exponential backoff with "equal jitter": half the delay fixed, half random.</summary>
    private static TimeSpan Backoff(LlmRetryOptions options, int attempt)
    {
        var exponential = options.BaseDelay.TotalMilliseconds * Math.Pow(2, attempt - 1);
        var capped = Math.Min(exponential, options.MaxDelay.TotalMilliseconds);
        var half = capped / 2;
        return TimeSpan.FromMilliseconds(half + (Random.Shared.NextDouble() * half));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "LLM request {Method} {Uri} answered HTTP {Status}; retrying in {DelayMs} ms (attempt {Attempt} of {MaxAttempts}).")]
    private static partial void LogStatusRetry(ILogger logger, HttpMethod? method, Uri? uri, int status, double delayMs, int attempt, int maxAttempts);

    [LoggerMessage(Level = LogLevel.Warning, Message = "LLM request {Method} {Uri} failed before a response ({Error}); retrying in {DelayMs} ms (attempt {Attempt} of {MaxAttempts}).")]
    private static partial void LogConnectionRetry(ILogger logger, HttpMethod? method, Uri? uri, string error, double delayMs, int attempt, int maxAttempts);
}
