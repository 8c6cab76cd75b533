namespace Nexo.Cli.Setup;

/// <summary>The provider names the CLI accepts and their well-known endpoints.</summary>
internal static class Providers
{
    /// <summary>The names accepted by <c>--provider</c>, as the SDK spells them on the wire.</summary>
    public static readonly string[] Names = ["openai", "openai-compatible", "anthropic", "ollama", "echo"];

    /// <summary>Parses a provider name.</summary>
    /// <exception cref="UsageException">Unknown name.</exception>
    public static LlmProviderKind Parse(string name) => name.Trim().ToLowerInvariant() switch
    {
        "openai" => LlmProviderKind.OpenAI,
        "openai-compatible" or "openai_compatible" => LlmProviderKind.OpenAICompatible,
        "anthropic" => LlmProviderKind.Anthropic,
        "ollama" => LlmProviderKind.Ollama,
        "echo" => LlmProviderKind.Echo,
        _ => throw new UsageException($"Unknown provider '{name}'; use one of: {string.Join(", ", Names)}."),
    };

    /// <summary>The wire name of a provider.</summary>
    public static string Name(LlmProviderKind kind) => kind switch
    {
        LlmProviderKind.OpenAI => "openai",
        LlmProviderKind.OpenAICompatible => "openai-compatible",
        LlmProviderKind.Anthropic => "anthropic",
        LlmProviderKind.Ollama => "ollama",
        LlmProviderKind.Echo => "echo",
        _ => kind.ToString().ToLowerInvariant(),
    };

    /// <summary>The base URL used when <c>--base-url</c> is not given, or <see langword="null"/> when the provider has none.</summary>
    public static string? DefaultBaseUrl(LlmProviderKind kind) => kind switch
    {
        LlmProviderKind.OpenAI => "https://api.openai.com/v1",
        LlmProviderKind.Anthropic => "https://api.anthropic.com",
        LlmProviderKind.Ollama => OllamaBaseUrl,
        LlmProviderKind.Echo => "http://echo.invalid",
        _ => null,
    };

    /// <summary>Whether the provider normally needs an API key (so <c>connection add</c> asks for one at a terminal).</summary>
    public static bool NeedsApiKey(LlmProviderKind kind) => kind is LlmProviderKind.OpenAI or LlmProviderKind.Anthropic or LlmProviderKind.OpenAICompatible;

    /// <summary>The local Ollama server: <c>$OLLAMA_HOST</c> (as Ollama itself reads it), else <c>http://localhost:11434</c>.</summary>
    public static string OllamaBaseUrl
    {
        get
        {
            var host = Environment.GetEnvironmentVariable("OLLAMA_HOST");
            if (string.IsNullOrWhiteSpace(host))
            {
                return "http://localhost:11434";
            }

            host = host.Trim().TrimEnd('/');
            if (!host.StartsWith("http://", StringComparison.OrdinalIgnoreCase) && !host.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
            {
                host = "http://" + host;
            }

            // "0.0.0.0" is where a server listens, not where a client connects.
            return host.Replace("://0.0.0.0", "://localhost", StringComparison.Ordinal);
        }
    }
}
