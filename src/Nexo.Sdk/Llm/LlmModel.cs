namespace Nexo;

/// <summary>A model offered by an LLM connection.</summary>
public sealed record LlmModel
{
    /// <summary>The model id as the provider spells it.</summary>
    public required string Id { get; init; }

    /// <summary>A display name (defaults to the id).</summary>
    public string? Name { get; init; }

    /// <summary>Who owns the model, when the provider says.</summary>
    public string? OwnedBy { get; init; }

    /// <summary>Whether the model accepts tools, when known.</summary>
    public bool? SupportsTools { get; init; }

    /// <summary>Whether the model can reason ("think"), when known.</summary>
    public bool? SupportsThinking { get; init; }

    /// <summary>Whether the model accepts images, when known.</summary>
    public bool? SupportsImages { get; init; }

    /// <summary>
    /// The model's context window in tokens, when known: read from model listings that give it (OpenRouter
    /// <c>context_length</c>, Groq <c>context_window</c>, vLLM <c>max_model_len</c>), or set on the connection's models.
    /// ACP editors show it as the size of the context meter.
    /// </summary>
    public int? ContextWindow { get; init; }
}
