namespace Nexo.Context;

/// <summary>
/// A model's context window and the part of it kept for the answer.
/// <list type="bullet">
/// <item>The window is the model's <see cref="LlmModel.ContextWindow"/> when the connection knows it (set on the
/// connection's models, or read from a listing that gives it); else the provider's default: OpenAI 128,000; Anthropic
/// 200,000; Ollama 4,096 (Ollama's own default <c>num_ctx</c>: set the model's window when the server is configured
/// larger); any other OpenAI-compatible server 32,768. The offline echo provider has no window.</item>
/// <item>The answer keeps the workspace's <see cref="WorkspaceSettings.MaxTokens"/>, else a quarter of the window up to
/// 4,096 tokens.</item>
/// </list>
/// </summary>
internal static class ContextWindows
{
    public const int OpenAIDefault = 128_000;
    public const int AnthropicDefault = 200_000;
    public const int OllamaDefault = 4_096;
    public const int CompatibleDefault = 32_768;
    public const int MaxReservedOutput = 4_096;

    /// <summary>The smallest window a model may be given (smaller leaves no room for a message and an answer).</summary>
    public const int MinimumWindow = 256;

    /// <summary>The model's window in tokens; <see langword="null"/> for a provider without one (echo).</summary>
    public static int? For(LlmConnection connection, string model)
    {
        if (connection.Models.FirstOrDefault(m => string.Equals(m.Id, model, StringComparison.Ordinal))?.ContextWindow is > 0 and var known)
        {
            return known;
        }

        return connection.Provider switch
        {
            LlmProviderKind.OpenAI => OpenAIDefault,
            LlmProviderKind.Anthropic => AnthropicDefault,
            LlmProviderKind.Ollama => OllamaDefault,
            LlmProviderKind.OpenAICompatible => CompatibleDefault,
            _ => null,
        };
    }

    /// <summary>The tokens kept for the answer out of <paramref name="window"/>.</summary>
    public static int ReservedOutput(int window, int? maxTokens) =>
        Math.Clamp(maxTokens ?? Math.Min(MaxReservedOutput, window / 4), 1, Math.Max(1, window / 2));
}
