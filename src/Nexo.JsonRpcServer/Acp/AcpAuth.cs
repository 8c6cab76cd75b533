namespace Nexo.JsonRpcServer.Acp;

/// <summary>
/// ACP authentication for Nexo: the agent is authenticated when the workspace's LLM connection is usable, which means
/// it exists and, for providers that need one (OpenAI, Anthropic), has an API key. The one auth method,
/// <c>nexo-env</c>, takes the key from the agent's environment (the <c>env</c> of the editor's agent settings) and
/// stores it, encrypted, on the connections that lack one; when there is no connection at all and
/// <c>NEXO_PROVIDER</c> is set, it creates one from <c>NEXO_PROVIDER</c>, <c>NEXO_BASE_URL</c> and <c>NEXO_MODEL</c>.
/// </summary>
internal static class AcpAuth
{
    /// <summary>The id of the environment auth method.</summary>
    public const string EnvMethodId = "nexo-env";

    public static AuthMethod EnvMethod { get; } = new()
    {
        Id = EnvMethodId,
        Name = "API key from the environment",
        Description = "Stores NEXO_API_KEY (or OPENAI_API_KEY / ANTHROPIC_API_KEY) on the LLM connection that needs a key. "
            + "With no connection at all, NEXO_PROVIDER, NEXO_BASE_URL and NEXO_MODEL create one. Or run 'nexo connection add' once.",
    };

    /// <summary>Whether a provider refuses requests without an API key.</summary>
    public static bool NeedsKey(LlmProviderKind provider) => provider is LlmProviderKind.OpenAI or LlmProviderKind.Anthropic;

    /// <summary>Throws <c>-32000</c> (authentication required) when a turn in the workspace could not run for lack of a connection or key.</summary>
    public static async Task EnsureAsync(NexoClient nexo, string workspaceId, CancellationToken cancellationToken)
    {
        var resolved = await AcpModels.ResolveAsync(nexo, workspaceId, cancellationToken).ConfigureAwait(false);
        if (resolved is not { } r)
        {
            throw AcpErrors.Create(
                AcpErrors.AuthRequired,
                "No LLM connection is configured. Add one with 'nexo connection add', or set NEXO_PROVIDER (and NEXO_API_KEY, NEXO_BASE_URL, NEXO_MODEL) in the agent's environment and authenticate with 'nexo-env'.",
                "notConfigured");
        }

        if (NeedsKey(r.Connection.Provider) && !r.Connection.HasApiKey)
        {
            throw AcpErrors.Create(
                AcpErrors.AuthRequired,
                $"The LLM connection '{r.Connection.Name}' has no API key. Set NEXO_API_KEY in the agent's environment and authenticate with 'nexo-env', or run 'nexo connection update {r.Connection.Name} --api-key …'.",
                "authRequired");
        }
    }

    /// <summary>Runs the <c>nexo-env</c> method.</summary>
    /// <exception cref="StreamJsonRpc.LocalRpcException">Invalid params when the environment holds nothing usable.</exception>
    public static async Task AuthenticateAsync(NexoClient nexo, Func<string, string?> env, CancellationToken cancellationToken)
    {
        string? Env(string name) => env(name) is { Length: > 0 } v ? v : null;
        var connections = await nexo.Connections.ListAsync(cancellationToken).ConfigureAwait(false);
        var changed = 0;
        foreach (var connection in connections.Where(c => c.Enabled && NeedsKey(c.Provider) && !c.HasApiKey))
        {
            var key = Env(connection.Provider == LlmProviderKind.Anthropic ? "ANTHROPIC_API_KEY" : "OPENAI_API_KEY") ?? Env("NEXO_API_KEY");
            if (key is not null)
            {
                await nexo.Connections.UpdateAsync(connection.Id, new LlmConnectionUpdate { ApiKey = key }, cancellationToken).ConfigureAwait(false);
                changed++;
            }
        }

        if (changed > 0)
        {
            return;
        }

        if (connections.Any(c => c.Enabled) || Env("NEXO_PROVIDER") is not { } providerName)
        {
            throw AcpErrors.Invalid(
                "methodId",
                "Nothing to authenticate from the environment: set NEXO_API_KEY (or OPENAI_API_KEY / ANTHROPIC_API_KEY) for a connection that lacks a key, or NEXO_PROVIDER to create one.");
        }

        if (!Enum.TryParse<LlmProviderKind>(providerName.Replace("-", string.Empty, StringComparison.Ordinal), ignoreCase: true, out var provider))
        {
            throw AcpErrors.Invalid("NEXO_PROVIDER", $"'{providerName}' is not a provider; use openai, openai-compatible, anthropic, ollama or echo.");
        }

        var baseUrl = Env("NEXO_BASE_URL") ?? provider switch
        {
            LlmProviderKind.OpenAI => "https://api.openai.com/v1",
            LlmProviderKind.Anthropic => "https://api.anthropic.com",
            LlmProviderKind.Ollama => "http://127.0.0.1:11434",
            LlmProviderKind.Echo => "http://127.0.0.1",
            _ => throw AcpErrors.Invalid("NEXO_BASE_URL", "Set NEXO_BASE_URL for an openai-compatible connection."),
        };
        var apiKey = Env("NEXO_API_KEY") ?? Env(provider == LlmProviderKind.Anthropic ? "ANTHROPIC_API_KEY" : "OPENAI_API_KEY");
        var model = Env("NEXO_MODEL") ?? (provider == LlmProviderKind.Echo ? "echo" : null);
        await nexo.Connections.CreateAsync(
            new NewLlmConnection
            {
                Name = "acp-" + providerName.ToLowerInvariant(),
                Provider = provider,
                BaseUrl = baseUrl,
                ApiKey = apiKey,
                DefaultModel = model,
                Models = model is null ? null : [new LlmModel { Id = model }],
            },
            cancellationToken).ConfigureAwait(false);
    }
}
