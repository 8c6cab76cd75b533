using System.Text.Json.Serialization;

namespace Nexo;

/// <summary>The wire protocol an LLM connection speaks.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<LlmProviderKind>))]
public enum LlmProviderKind
{
    /// <summary>OpenAI's API.</summary>
    [JsonStringEnumMemberName("openai")] OpenAI,
    /// <summary>Any OpenAI-compatible Chat Completions endpoint (Ollama, LM Studio, vLLM, OpenRouter, Groq, DeepSeek…).</summary>
    [JsonStringEnumMemberName("openai-compatible")] OpenAICompatible,
    /// <summary>Anthropic's Messages API.</summary>
    [JsonStringEnumMemberName("anthropic")] Anthropic,
    /// <summary>Ollama's native API.</summary>
    [JsonStringEnumMemberName("ollama")] Ollama,
    /// <summary>An offline provider for host developers and tests: it repeats the input. Never a default.</summary>
    [JsonStringEnumMemberName("echo")] Echo,
}
