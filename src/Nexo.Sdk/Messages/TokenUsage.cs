namespace Nexo;

/// <summary>Token counts reported by a provider for one model call or one turn.</summary>
public sealed record TokenUsage
{
    /// <summary>Input (prompt) tokens.</summary>
    public long InputTokens { get; init; }

    /// <summary>Output (completion) tokens, including reasoning tokens where the provider counts them together.</summary>
    public long OutputTokens { get; init; }

    /// <summary>Reasoning tokens, where the provider reports them.</summary>
    public long ReasoningTokens { get; init; }

    /// <summary>Total tokens.</summary>
    public long TotalTokens { get; init; }
}
