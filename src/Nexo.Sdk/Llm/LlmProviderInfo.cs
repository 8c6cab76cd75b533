namespace Nexo;

/// <summary>
/// One provider of the <see cref="LlmProviderCatalog"/>: a name Nexo accepts wherever a provider is named, the wire
/// protocol it is stored and spoken as, and what a connection to it needs (a base URL, an API key and where the
/// environment keeps them). A hosted OpenAI-compatible service such as <c>groq</c> is its own entry of kind
/// <see cref="LlmProviderKind.OpenAICompatible"/> with its own endpoint and key variable.
/// </summary>
public sealed record LlmProviderInfo
{
    /// <summary>The name, lower case (<c>openai</c>, <c>openai-compatible</c>, <c>groq</c>…).</summary>
    public required string Name { get; init; }

    /// <summary>The wire protocol a connection to this provider speaks and is stored as.</summary>
    public required LlmProviderKind Kind { get; init; }

    /// <summary>Other accepted spellings of <see cref="Name"/> (for example <c>claude</c> for <c>anthropic</c>).</summary>
    public IReadOnlyList<string> Aliases { get; init; } = [];

    /// <summary>
    /// The base URL used when none is given, or <see langword="null"/> when the provider has none (a generic
    /// OpenAI-compatible endpoint). See <see cref="GetDefaultBaseUrl"/> for the one read from the environment.
    /// </summary>
    public string? DefaultBaseUrl { get; init; }

    /// <summary>Whether the provider refuses requests without an API key.</summary>
    public bool RequiresApiKey { get; init; }

    /// <summary>The environment variables that conventionally hold this provider's API key, in the order they are read.</summary>
    public IReadOnlyList<string> ApiKeyVariables { get; init; } = [];

    /// <summary>
    /// The environment variable that moves the provider's address (<c>OLLAMA_HOST</c> for Ollama, read as Ollama
    /// itself reads it), or <see langword="null"/>.
    /// </summary>
    public string? BaseUrlVariable { get; init; }

    /// <summary>Whether this entry is the wire protocol itself rather than a named service that speaks it.</summary>
    public bool IsWireName => string.Equals(Name, LlmProviderCatalog.Get(Kind).Name, StringComparison.Ordinal);

    /// <summary>
    /// The base URL to use when none is given: from <see cref="BaseUrlVariable"/> when it is set, else
    /// <see cref="DefaultBaseUrl"/>.
    /// </summary>
    /// <param name="environment">Reads an environment variable; the process environment when <see langword="null"/>.</param>
    /// <returns>The base URL without a trailing slash, or <see langword="null"/> when the provider has none.</returns>
    public string? GetDefaultBaseUrl(Func<string, string?>? environment = null)
    {
        if (BaseUrlVariable is not null && (environment ?? Environment.GetEnvironmentVariable)(BaseUrlVariable) is { } value
            && OllamaHost.Parse(value) is { } fromEnvironment)
        {
            return fromEnvironment;
        }

        return DefaultBaseUrl;
    }

    /// <summary>The given base URL, or the provider's default one (<see cref="GetDefaultBaseUrl"/>) when none is given.</summary>
    /// <param name="baseUrl">The base URL given by the caller; blank counts as none.</param>
    /// <param name="environment">Reads an environment variable; the process environment when <see langword="null"/>.</param>
    /// <returns>The base URL to store.</returns>
    /// <exception cref="NexoException"><see cref="NexoErrorKind.Validation"/> when none is given and the provider has no default.</exception>
    public string ResolveBaseUrl(string? baseUrl, Func<string, string?>? environment = null) =>
        !string.IsNullOrWhiteSpace(baseUrl) ? baseUrl.Trim()
        : GetDefaultBaseUrl(environment) ?? throw NexoException.Validation("baseUrl", $"The provider '{Name}' has no default address; give a base URL.");

    /// <summary>The first of <see cref="ApiKeyVariables"/> that is set and not blank.</summary>
    /// <param name="environment">Reads an environment variable; the process environment when <see langword="null"/>.</param>
    /// <returns>The variable's name, or <see langword="null"/> when none is set.</returns>
    public string? FindApiKeyVariable(Func<string, string?>? environment = null)
    {
        var read = environment ?? Environment.GetEnvironmentVariable;
        return ApiKeyVariables.FirstOrDefault(variable => !string.IsNullOrWhiteSpace(read(variable)));
    }

    /// <inheritdoc />
    public override string ToString() => IsWireName ? Name : $"{Name} ({LlmProviderCatalog.Get(Kind).Name})";
}
