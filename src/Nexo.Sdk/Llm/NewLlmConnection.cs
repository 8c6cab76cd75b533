namespace Nexo;

/// <summary>The input for creating an <see cref="LlmConnection"/>.</summary>
public sealed record NewLlmConnection
{
    /// <summary>An id chosen by the caller; a new one is generated when <see langword="null"/>.</summary>
    public string? Id { get; init; }

    /// <summary>The display name (required, unique).</summary>
    public required string Name { get; init; }

    /// <summary>The wire protocol.</summary>
    public required LlmProviderKind Provider { get; init; }

    /// <summary>The base URL (absolute http or https).</summary>
    public required string BaseUrl { get; init; }

    /// <summary>The API key; stored encrypted.</summary>
    public string? ApiKey { get; init; }

    /// <summary>Extra HTTP headers; stored encrypted.</summary>
    public IReadOnlyDictionary<string, string>? Headers { get; init; }

    /// <summary>The known models.</summary>
    public IReadOnlyList<LlmModel>? Models { get; init; }

    /// <summary>The default model.</summary>
    public string? DefaultModel { get; init; }

    /// <summary>Whether the connection may be used (default <see langword="true"/>).</summary>
    public bool Enabled { get; init; } = true;

    /// <summary>
    /// Whether PDF attachments are sent as documents instead of their extracted text (honoured by Anthropic only; see
    /// <see cref="LlmConnection.NativeDocuments"/>). Default <see langword="false"/>.
    /// </summary>
    public bool NativeDocuments { get; init; }

    /// <inheritdoc />
    public override string ToString() => $"NewLlmConnection {{ Name = {Name}, Provider = {Provider}, BaseUrl = {BaseUrl} }}";
}
