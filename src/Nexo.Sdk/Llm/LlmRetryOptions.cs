namespace Nexo;

/// <summary>
/// How Nexo retries a provider request that failed before any of its answer arrived: HTTP 408, 429, 500, 502, 503
/// and 504, and connection failures before the response headers. A response whose headers arrived with a success
/// status is never replayed, so a stream that breaks half-way is reported, not repeated.
/// </summary>
public sealed record LlmRetryOptions
{
    /// <summary>The most attempts per request, the first one included (default 3; 1 turns retries off).</summary>
    public int MaxAttempts { get; init; } = 3;

    /// <summary>The delay before the first retry when the provider sends no <c>Retry-After</c>; it doubles per retry (default 1 s).</summary>
    public TimeSpan BaseDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest computed backoff delay (default 30 s).</summary>
    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The longest wait Nexo accepts from a <c>Retry-After</c> header; longer values are cut to this (default 60 s).</summary>
    public TimeSpan MaxRetryAfter { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>The default policy.</summary>
    public static LlmRetryOptions Default { get; } = new();

    /// <summary>A policy that never retries.</summary>
    public static LlmRetryOptions None { get; } = new() { MaxAttempts = 1 };
}
