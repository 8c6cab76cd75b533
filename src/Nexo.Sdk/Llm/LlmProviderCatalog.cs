using System.Diagnostics.CodeAnalysis;

namespace Nexo;

/// <summary>
/// The providers Nexo knows, declared once: every place that takes a provider name (the SDK, the JSON-RPC host, the
/// CLI, the ACP agent) parses it here, and the client factory, the CLI's first-run detection and the ACP agent's
/// authentication read the defaults (base URL, whether a key is needed, the key's environment variable) from here.
/// <list type="table">
/// <listheader><term>name (aliases)</term><description>stored as · default base URL · API key</description></listheader>
/// <item><term><c>openai</c></term><description><c>openai</c> · <c>https://api.openai.com/v1</c> · required, <c>OPENAI_API_KEY</c></description></item>
/// <item><term><c>openai-compatible</c> (<c>openai_compatible</c>)</term><description><c>openai-compatible</c> · none (give one) · optional (local servers need none)</description></item>
/// <item><term><c>anthropic</c> (<c>claude</c>)</term><description><c>anthropic</c> · <c>https://api.anthropic.com</c> · required, <c>ANTHROPIC_API_KEY</c></description></item>
/// <item><term><c>ollama</c></term><description><c>ollama</c> · <c>$OLLAMA_HOST</c>, else <c>http://127.0.0.1:11434</c> · none</description></item>
/// <item><term><c>echo</c></term><description><c>echo</c> · <c>http://echo.invalid</c> (never contacted) · none</description></item>
/// <item><term><c>groq</c></term><description><c>openai-compatible</c> · <c>https://api.groq.com/openai/v1</c> · required, <c>GROQ_API_KEY</c></description></item>
/// <item><term><c>deepseek</c></term><description><c>openai-compatible</c> · <c>https://api.deepseek.com/v1</c> · required, <c>DEEPSEEK_API_KEY</c></description></item>
/// <item><term><c>openrouter</c></term><description><c>openai-compatible</c> · <c>https://openrouter.ai/api/v1</c> · required, <c>OPENROUTER_API_KEY</c></description></item>
/// <item><term><c>google</c> (<c>gemini</c>)</term><description><c>openai-compatible</c> · <c>https://generativelanguage.googleapis.com/v1beta/openai</c> (Gemini's OpenAI-compatible endpoint) · required, <c>GEMINI_API_KEY</c> or <c>GOOGLE_API_KEY</c></description></item>
/// </list>
/// Names are matched case-insensitively and trimmed.
/// </summary>
public static class LlmProviderCatalog
{
    private static readonly LlmProviderInfo[] Entries =
    [
        new() { Name = "openai", Kind = LlmProviderKind.OpenAI, DefaultBaseUrl = "https://api.openai.com/v1", RequiresApiKey = true, ApiKeyVariables = ["OPENAI_API_KEY"] },
        new() { Name = "openai-compatible", Kind = LlmProviderKind.OpenAICompatible, Aliases = ["openai_compatible", "openaicompatible"] },
        new() { Name = "anthropic", Kind = LlmProviderKind.Anthropic, Aliases = ["claude"], DefaultBaseUrl = "https://api.anthropic.com", RequiresApiKey = true, ApiKeyVariables = ["ANTHROPIC_API_KEY"] },
        new() { Name = "ollama", Kind = LlmProviderKind.Ollama, DefaultBaseUrl = OllamaHost.DefaultBaseUrl, BaseUrlVariable = "OLLAMA_HOST" },
        new() { Name = "echo", Kind = LlmProviderKind.Echo, DefaultBaseUrl = "http://echo.invalid" },
        new() { Name = "groq", Kind = LlmProviderKind.OpenAICompatible, DefaultBaseUrl = "https://api.groq.com/openai/v1", RequiresApiKey = true, ApiKeyVariables = ["GROQ_API_KEY"] },
        new() { Name = "deepseek", Kind = LlmProviderKind.OpenAICompatible, DefaultBaseUrl = "https://api.deepseek.com/v1", RequiresApiKey = true, ApiKeyVariables = ["DEEPSEEK_API_KEY"] },
        new() { Name = "openrouter", Kind = LlmProviderKind.OpenAICompatible, DefaultBaseUrl = "https://openrouter.ai/api/v1", RequiresApiKey = true, ApiKeyVariables = ["OPENROUTER_API_KEY"] },
        new() { Name = "google", Kind = LlmProviderKind.OpenAICompatible, Aliases = ["gemini"], DefaultBaseUrl = "https://generativelanguage.googleapis.com/v1beta/openai", RequiresApiKey = true, ApiKeyVariables = ["GEMINI_API_KEY", "GOOGLE_API_KEY"] },
    ];

    private static readonly Dictionary<string, LlmProviderInfo> ByName = Entries
        .SelectMany(e => e.Aliases.Prepend(e.Name).Select(name => KeyValuePair.Create(name, e)))
        .ToDictionary(StringComparer.OrdinalIgnoreCase);

    private static readonly Dictionary<LlmProviderKind, LlmProviderInfo> ByKind = Entries
        .GroupBy(e => e.Kind)
        .ToDictionary(g => g.Key, g => g.First());

    /// <summary>Every provider: the five wire protocols first, then the named services that speak one of them.</summary>
    public static IReadOnlyList<LlmProviderInfo> All { get; } = Entries;

    /// <summary>Every name and alias accepted by <see cref="Find"/>, lower case.</summary>
    public static IReadOnlyList<string> AcceptedNames { get; } = [.. Entries.SelectMany(e => e.Aliases.Prepend(e.Name))];

    /// <summary>The entry of a wire protocol itself (its <see cref="LlmProviderInfo.Name"/> is the wire name, such as <c>openai-compatible</c>).</summary>
    /// <param name="kind">The wire protocol.</param>
    /// <exception cref="ArgumentOutOfRangeException">Not a defined <see cref="LlmProviderKind"/>.</exception>
    public static LlmProviderInfo Get(LlmProviderKind kind) =>
        ByKind.TryGetValue(kind, out var entry) ? entry : throw new ArgumentOutOfRangeException(nameof(kind), kind, "Not a known LLM provider kind.");

    /// <summary>Finds a provider by name or alias.</summary>
    /// <param name="name">The name (case-insensitive; surrounding blanks ignored).</param>
    /// <param name="provider">The provider, when found.</param>
    /// <returns>Whether the name is known.</returns>
    public static bool TryFind(string? name, [NotNullWhen(true)] out LlmProviderInfo? provider)
    {
        provider = null;
        return name is not null && ByName.TryGetValue(name.Trim(), out provider);
    }

    /// <summary>Finds a provider by name or alias.</summary>
    /// <param name="name">The name (case-insensitive; surrounding blanks ignored).</param>
    /// <returns>The provider.</returns>
    /// <exception cref="NexoException"><see cref="NexoErrorKind.Validation"/> (field <c>provider</c>) when the name is unknown; the message lists the names.</exception>
    public static LlmProviderInfo Find(string? name) =>
        TryFind(name, out var provider)
            ? provider
            : throw NexoException.Validation("provider", $"Unknown provider '{name}'; use one of: {string.Join(", ", Entries.Select(e => e.Name))}.");

    /// <summary>
    /// The provider a stored connection talks to: the named service whose default base URL the connection uses (a
    /// <c>openai-compatible</c> connection at <c>https://api.groq.com/openai/v1</c> is <c>groq</c>), else the entry
    /// of its wire protocol. This tells whether the connection needs a key and which variable holds it.
    /// </summary>
    /// <param name="kind">The connection's wire protocol.</param>
    /// <param name="baseUrl">The connection's base URL.</param>
    /// <returns>The provider.</returns>
    public static LlmProviderInfo Identify(LlmProviderKind kind, string? baseUrl)
    {
        var url = baseUrl?.Trim().TrimEnd('/');
        return Entries.FirstOrDefault(e => e.Kind == kind && !e.IsWireName && e.DefaultBaseUrl is not null
                && string.Equals(e.DefaultBaseUrl, url, StringComparison.OrdinalIgnoreCase))
            ?? Get(kind);
    }
}
