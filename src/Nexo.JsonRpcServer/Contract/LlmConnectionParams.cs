namespace Nexo.JsonRpcServer.Contract;

/// <summary>Parameters of <c>create_llm_connection</c>. The original's <c>modelsJson</c> string is a real array here.</summary>
public sealed record CreateLlmConnectionParams
{
    /// <summary>An id chosen by the caller; the server generates one when omitted.</summary>
    public string? Id { get; init; }

    /// <summary>The display name (unique).</summary>
    public required string Name { get; init; }

    /// <summary>The wire protocol.</summary>
    public required LlmProviderKind Provider { get; init; }

    /// <summary>The base URL (absolute http or https).</summary>
    public required string BaseUrl { get; init; }

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
}

/// <summary>Parameters of <c>get_llm_connections</c> (none).</summary>
public sealed record GetLlmConnectionsParams;

/// <summary>Parameters of <c>update_llm_connection</c>; omitted fields keep their value.</summary>
public sealed record UpdateLlmConnectionParams
{
    /// <summary>The connection.</summary>
    public required string Id { get; init; }

    /// <summary>The new name.</summary>
    public string? Name { get; init; }

    /// <summary>The new wire protocol.</summary>
    public LlmProviderKind? Provider { get; init; }

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
}

/// <summary>Parameters of <c>delete_llm_connection</c>.</summary>
public sealed record DeleteLlmConnectionParams
{
    /// <summary>The connection.</summary>
    public required string Id { get; init; }
}

/// <summary>Parameters of <c>test_llm_connection</c>: lists the models of a provider without storing anything.</summary>
public sealed record TestLlmConnectionParams
{
    /// <summary>The wire protocol.</summary>
    public required LlmProviderKind Provider { get; init; }

    /// <summary>The base URL.</summary>
    public required string BaseUrl { get; init; }

    /// <summary>The API key, if the provider needs one.</summary>
    public string? ApiKey { get; init; }
}

/// <summary>Parameters of <c>get_llm_models</c>.</summary>
public sealed record GetLlmModelsParams
{
    /// <summary>The connection.</summary>
    public required string ConnectionId { get; init; }

    /// <summary>Ask the provider again instead of returning the stored list.</summary>
    public bool? Refresh { get; init; }
}
