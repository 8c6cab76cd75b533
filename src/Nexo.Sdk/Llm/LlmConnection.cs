namespace Nexo;

/// <summary>
/// A configured LLM provider endpoint. Secrets never appear here: <see cref="ApiKeyPreview"/> is masked and
/// header values are masked; the engine reads the real values with <see cref="ILlmConnectionRepository.GetSecretsAsync"/>.
/// </summary>
public sealed record LlmConnection
{
    /// <summary>The connection id.</summary>
    public required string Id { get; init; }

    /// <summary>The display name (unique, case-insensitive).</summary>
    public required string Name { get; init; }

    /// <summary>The wire protocol.</summary>
    public required LlmProviderKind Provider { get; init; }

    /// <summary>The base URL, for example <c>https://api.openai.com/v1</c>.</summary>
    public required string BaseUrl { get; init; }

    /// <summary>Whether an API key is stored.</summary>
    public bool HasApiKey { get; init; }

    /// <summary>The stored API key, masked to its last 4 characters (for example <c>…abcd</c>; <c>****</c> for a key under 12 characters).</summary>
    public string? ApiKeyPreview { get; init; }

    /// <summary>Extra HTTP header names with masked values.</summary>
    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();

    /// <summary>The models known for this connection.</summary>
    public IReadOnlyList<LlmModel> Models { get; init; } = [];

    /// <summary>The model used when neither the message nor the workspace names one.</summary>
    public string? DefaultModel { get; init; }

    /// <summary>Whether the connection may be used.</summary>
    public bool Enabled { get; init; } = true;

    /// <summary>
    /// Whether PDF attachments are sent to the provider as documents (the PDF itself) instead of their extracted text.
    /// Only the <c>anthropic</c> provider accepts them: there a PDF becomes a <c>document</c> block with a base64 source;
    /// other providers always get the text, whatever this says. The extracted text is stored in the message either way.
    /// Default <see langword="false"/>.
    /// </summary>
    public bool NativeDocuments { get; init; }

    /// <summary>When the connection was created (UTC).</summary>
    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>When the connection last changed (UTC).</summary>
    public DateTimeOffset UpdatedAt { get; init; }
}
