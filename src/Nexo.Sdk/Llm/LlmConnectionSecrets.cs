namespace Nexo;

/// <summary>The decrypted secrets of an LLM connection. Keep them in memory only.</summary>
public sealed record LlmConnectionSecrets
{
    /// <summary>The API key, or <see langword="null"/> when none is stored.</summary>
    public string? ApiKey { get; init; }

    /// <summary>The extra HTTP headers with their real values.</summary>
    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();

    /// <inheritdoc />
    public override string ToString() => "LlmConnectionSecrets { ***redacted*** }";
}
