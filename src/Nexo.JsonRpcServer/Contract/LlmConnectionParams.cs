namespace Nexo.JsonRpcServer.Contract;

/// <summary><c>create_llm_connection</c>: creates an LLM connection. The original's <c>modelsJson</c> string is a real array here; the API key and header values are stored encrypted and never returned.</summary>
public sealed record CreateLlmConnectionParams
{
    /// <summary>An id chosen by the caller; the server generates one when omitted.</summary>
    public string? Id { get; init; }

    /// <summary>The display name (unique).</summary>
    public required string Name { get; init; }

    /// <summary>The provider: <c>openai</c>, <c>openai-compatible</c>, <c>anthropic</c>, <c>ollama</c>, <c>echo</c>, or a service that speaks one of them: <c>groq</c>, <c>deepseek</c>, <c>openrouter</c>, <c>google</c> (<c>gemini</c>), <c>claude</c> (see the SDK's LlmProviderCatalog). A service is stored as its wire protocol.</summary>
    public required string Provider { get; init; }

    /// <summary>The base URL (absolute http or https); the provider's default when omitted (required for <c>openai-compatible</c>).</summary>
    public string? BaseUrl { get; init; }

    /// <summary>The API key; stored encrypted and never returned.</summary>
    public string? ApiKey { get; init; }

    /// <summary>Extra HTTP headers; stored encrypted, returned masked.</summary>
    public IReadOnlyDictionary<string, string>? Headers { get; init; }

    /// <summary>The known models.</summary>
    public IReadOnlyList<LlmModel>? Models { get; init; }

    /// <summary>The default model.</summary>
    public string? DefaultModel { get; init; }

    /// <summary>Whether the connection may be used (default true).</summary>
    public bool? Enabled { get; init; }

    /// <summary>Send PDF attachments to the provider as documents instead of their extracted text (default false). Only <c>anthropic</c> accepts them (as <c>document</c> blocks); other providers get the text anyway.</summary>
    public bool? NativeDocuments { get; init; }
}

/// <summary><c>get_llm_connections</c>: lists every LLM connection (secrets masked), oldest first.</summary>
public sealed record GetLlmConnectionsParams;

/// <summary><c>update_llm_connection</c>: changes an LLM connection; omitted fields keep their value.</summary>
public sealed record UpdateLlmConnectionParams
{
    /// <summary>The connection.</summary>
    public required string Id { get; init; }

    /// <summary>The new name.</summary>
    public string? Name { get; init; }

    /// <summary>The new provider, a name as in <c>create_llm_connection</c>; a service (<c>groq</c>…) without <c>baseUrl</c> also sets its endpoint.</summary>
    public string? Provider { get; init; }

    /// <summary>The new base URL.</summary>
    public string? BaseUrl { get; init; }

    /// <summary>The new API key (empty string removes it).</summary>
    public string? ApiKey { get; init; }

    /// <summary>Replaces the extra HTTP headers.</summary>
    public IReadOnlyDictionary<string, string>? Headers { get; init; }

    /// <summary>Replaces the known models.</summary>
    public IReadOnlyList<LlmModel>? Models { get; init; }

    /// <summary>The new default model (empty string clears it).</summary>
    public string? DefaultModel { get; init; }

    /// <summary>Enables or disables the connection.</summary>
    public bool? Enabled { get; init; }

    /// <summary>Turns sending PDF attachments as documents on or off (honoured by <c>anthropic</c> only).</summary>
    public bool? NativeDocuments { get; init; }
}

/// <summary><c>delete_llm_connection</c>: deletes an LLM connection.</summary>
public sealed record DeleteLlmConnectionParams
{
    /// <summary>The connection.</summary>
    public required string Id { get; init; }
}

/// <summary><c>test_llm_connection</c>: lists the models a provider offers, without storing anything.</summary>
public sealed record TestLlmConnectionParams
{
    /// <summary>The provider, a name as in <c>create_llm_connection</c>.</summary>
    public required string Provider { get; init; }

    /// <summary>The base URL; the provider's default when omitted.</summary>
    public string? BaseUrl { get; init; }

    /// <summary>The API key, if the provider needs one.</summary>
    public string? ApiKey { get; init; }
}

/// <summary><c>get_llm_models</c>: lists a connection's models: the stored list, or with <c>refresh</c> the provider's (then stored).</summary>
public sealed record GetLlmModelsParams
{
    /// <summary>The connection.</summary>
    public required string ConnectionId { get; init; }

    /// <summary>Ask the provider again instead of returning the stored list.</summary>
    public bool? Refresh { get; init; }
}
