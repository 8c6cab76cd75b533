namespace Nexo.JsonRpcServer.Acp;

/// <summary>
/// ACP authentication for Nexo: the agent is authenticated when the workspace's LLM connection is usable, which means
/// it exists and, for providers that need one (<see cref="LlmProviderInfo.RequiresApiKey"/> in the SDK's
/// <see cref="LlmProviderCatalog"/>: OpenAI, Anthropic and the hosted OpenAI-compatible services), has an API key. The
/// one auth method, <c>nexo-env</c>, takes the key from the agent's environment (the <c>env</c> of the editor's agent
/// settings: <c>NEXO_API_KEY</c> or the provider's own variable) and stores it, encrypted, on the connections that lack
/// one; when there is no connection at all and <c>NEXO_PROVIDER</c> is set (any catalogue name or alias), it creates
/// one from <c>NEXO_PROVIDER</c>, <c>NEXO_BASE_URL</c> (default: the provider's) and <c>NEXO_MODEL</c>.
/// </summary>
internal static class AcpAuth
{
    /// <summary>The id of the environment auth method.</summary>
    public const string EnvMethodId = "nexo-env";

    public static AuthMethod EnvMethod { get; } = new()
    {
        Id = EnvMethodId,
        Name = "API key from the environment",
        Description = $"Stores NEXO_API_KEY (or the provider's own: {KeyVariables}) on the LLM connection that needs a key. "
            + "With no connection at all, NEXO_PROVIDER, NEXO_BASE_URL and NEXO_MODEL create one. Or run 'nexo connection add' once.",
    };

    /// <summary>The id of the auth method that authorizes the OAuth-protected MCP servers.</summary>
    public const string McpOAuthMethodId = "nexo-mcp-oauth";

    public static AuthMethod McpOAuthMethod { get; } = new()
    {
        Id = McpOAuthMethodId,
        Name = "Authorize OAuth MCP servers",
        Description = "Starts the OAuth authorization of every enabled MCP server that needs it and answers with the URLs to open in a browser; "
            + "Nexo's loopback listener completes each one when its URL is opened. Authenticate again (or just retry) afterwards. "
            + "Or run 'nexo mcp login SERVER' once.",
    };

    /// <summary>
    /// Runs the <c>nexo-mcp-oauth</c> method: succeeds when every enabled OAuth MCP server is authorized; otherwise starts
    /// their authorizations (the listener keeps waiting in the background) and throws <c>-32000</c> with the URLs.
    /// </summary>
    public static async Task AuthorizeMcpServersAsync(NexoClient nexo, CancellationToken cancellationToken)
    {
        var pending = new List<(string Name, string Url)>();
        foreach (var server in (await nexo.McpServers.ListAsync(cancellationToken).ConfigureAwait(false)).Where(s => s.Enabled && s.OAuth is not null && !s.Authorized))
        {
            if (await nexo.Mcp.BeginAuthorizationAsync(server.Id, cancellationToken).ConfigureAwait(false) is { } url)
            {
                pending.Add((server.Name, url));
            }
        }

        if (pending.Count > 0)
        {
            throw AcpErrors.Create(
                AcpErrors.AuthRequired,
                "Open in a browser to authorize " + string.Join("; ", pending.Select(p => $"the MCP server '{p.Name}': {p.Url}")) + ". Then authenticate again.",
                "mcpAuthorizationRequired",
                new System.Text.Json.Nodes.JsonObject { ["urls"] = new System.Text.Json.Nodes.JsonArray([.. pending.Select(p => (System.Text.Json.Nodes.JsonNode)p.Url)]) });
        }
    }

    /// <summary>The providers' key variables, for messages (<c>OPENAI_API_KEY / ANTHROPIC_API_KEY / …</c>).</summary>
    private static string KeyVariables => string.Join(" / ", LlmProviderCatalog.All.SelectMany(p => p.ApiKeyVariables));

    /// <summary>The catalogue entry of a stored connection (a named service when the connection uses its endpoint).</summary>
    public static LlmProviderInfo Provider(LlmConnection connection) => LlmProviderCatalog.Identify(connection.Provider, connection.BaseUrl);

    /// <summary>Whether a connection refuses requests without an API key.</summary>
    public static bool NeedsKey(LlmConnection connection) => Provider(connection).RequiresApiKey;

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

        if (NeedsKey(r.Connection) && !r.Connection.HasApiKey)
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
        string? Env(string name) => env(name) is { Length: > 0 } v && !string.IsNullOrWhiteSpace(v) ? v.Trim() : null;
        string? ProviderKey(LlmProviderInfo provider) => provider.FindApiKeyVariable(env) is { } variable ? Env(variable) : null;
        var connections = await nexo.Connections.ListAsync(cancellationToken).ConfigureAwait(false);
        var changed = 0;
        foreach (var connection in connections.Where(c => c.Enabled && NeedsKey(c) && !c.HasApiKey))
        {
            var key = ProviderKey(Provider(connection)) ?? Env("NEXO_API_KEY");
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
                $"Nothing to authenticate from the environment: set NEXO_API_KEY (or {KeyVariables}) for a connection that lacks a key, or NEXO_PROVIDER to create one.");
        }

        if (!LlmProviderCatalog.TryFind(providerName, out var provider))
        {
            throw AcpErrors.Invalid("NEXO_PROVIDER", $"'{providerName}' is not a provider; use one of: {string.Join(", ", LlmProviderCatalog.All.Select(p => p.Name))}.");
        }

        var baseUrl = Env("NEXO_BASE_URL") ?? provider.GetDefaultBaseUrl(env)
            ?? throw AcpErrors.Invalid("NEXO_BASE_URL", $"Set NEXO_BASE_URL for an {provider.Name} connection.");
        var apiKey = Env("NEXO_API_KEY") ?? ProviderKey(provider);
        var model = Env("NEXO_MODEL") ?? (provider.Kind == LlmProviderKind.Echo ? "echo" : null);
        await nexo.Connections.CreateAsync(
            new NewLlmConnection
            {
                Name = "acp-" + providerName.ToLowerInvariant(),
                Provider = provider.Kind,
                BaseUrl = baseUrl,
                ApiKey = apiKey,
                DefaultModel = model,
                Models = model is null ? null : [new LlmModel { Id = model }],
            },
            cancellationToken).ConfigureAwait(false);
    }
}
