using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;

namespace Nexo;

/// <summary>Options of the built-in <see cref="LlmClientFactory"/>.</summary>
public sealed record LlmClientFactoryOptions
{
    /// <summary>The retry policy for transient provider failures (the SDKs' own retries are turned off).</summary>
    public LlmRetryOptions Retry { get; init; } = LlmRetryOptions.Default;

    /// <summary>How long one request may take before it is abandoned, streaming included (default 10 minutes).</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// The <c>max_tokens</c> sent to Anthropic when <see cref="ChatOptions.MaxOutputTokens"/> is not set; the Messages API
    /// requires one (default 8192). With thinking on, the thinking budget is added to it.
    /// </summary>
    public int AnthropicDefaultMaxTokens { get; init; } = 8192;

    /// <summary>
    /// How <see cref="ChatOptions.Reasoning"/> reaches Anthropic (default <see cref="AnthropicThinkingMode.Extended"/>:
    /// <c>thinking.type=enabled</c> with a <c>budget_tokens</c> of 1024, 8192, 16384 or 32768 for low, medium, high and
    /// extra-high effort). <see cref="AnthropicThinkingMode.Adaptive"/> suits models that only accept adaptive thinking.
    /// </summary>
    public AnthropicThinkingMode AnthropicThinkingMode { get; init; } = AnthropicThinkingMode.Extended;

    /// <summary>The clock used for retry delays and <c>Retry-After</c> dates; <see cref="TimeProvider.System"/> when <see langword="null"/>.</summary>
    public TimeProvider? TimeProvider { get; init; }

    /// <summary>Logs retries and failures (never API keys or prompts); nothing is logged when <see langword="null"/>.</summary>
    public ILoggerFactory? LoggerFactory { get; init; }
}
