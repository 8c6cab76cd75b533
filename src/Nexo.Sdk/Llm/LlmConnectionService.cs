namespace Nexo;

/// <summary>Manages LLM connections. API keys are encrypted at rest and never returned; listings show a masked preview.</summary>
public sealed class LlmConnectionService
{
    private readonly ILlmConnectionRepository _repository;
    private readonly IAppSettingRepository _settings;
    private readonly ILlmClientFactory _factory;
    private readonly TimeProvider _time;

    internal LlmConnectionService(ILlmConnectionRepository repository, IAppSettingRepository settings, ILlmClientFactory factory, TimeProvider time)
    {
        _repository = repository;
        _settings = settings;
        _factory = factory;
        _time = time;
    }

    /// <summary>Creates a connection.</summary>
    /// <param name="input">The connection.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The stored connection, secrets masked.</returns>
    /// <exception cref="NexoException">Validation (name, URL, headers, default model) or Conflict (name or id taken).</exception>
    public async Task<LlmConnection> CreateAsync(NewLlmConnection input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        var now = _time.UtcNowMs();
        var secrets = new LlmConnectionSecrets { ApiKey = Validate.Optional(input.ApiKey), Headers = Validate.Headers(input.Headers, "headers") };
        var connection = new LlmConnection
        {
            Id = input.Id is null ? Ids.New() : Validate.Id(input.Id),
            Name = Validate.Name(input.Name),
            Provider = input.Provider,
            BaseUrl = Validate.HttpUrl(input.BaseUrl, "baseUrl"),
            Models = ValidateModels(input.Models),
            DefaultModel = Validate.Optional(input.DefaultModel),
            Enabled = input.Enabled,
            NativeDocuments = input.NativeDocuments,
            CreatedAt = now,
            UpdatedAt = now,
        };
        await _repository.CreateAsync(connection, secrets, cancellationToken).ConfigureAwait(false);
        if (await ReadDefaultAsync(cancellationToken).ConfigureAwait(false) is null)
        {
            await _settings.SetAsync(NexoSettingKeys.DefaultConnectionId, connection.Id, cancellationToken).ConfigureAwait(false);
        }

        return await GetAsync(connection.Id, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Returns the default connection, as a turn resolves it: the one named by the app setting
    /// <see cref="NexoSettingKeys.DefaultConnectionId"/>, else the only enabled connection; <see langword="null"/> when
    /// neither exists. The first connection created becomes the default; deleting the default passes the role to the
    /// oldest remaining enabled connection.
    /// </summary>
    /// <param name="cancellationToken">Cancels the operation.</param>
    public async Task<LlmConnection?> GetDefaultAsync(CancellationToken cancellationToken = default)
    {
        var stored = await ReadDefaultAsync(cancellationToken).ConfigureAwait(false);
        if (stored is not null)
        {
            return stored;
        }

        var enabled = (await _repository.ListAsync(cancellationToken).ConfigureAwait(false)).Where(c => c.Enabled).ToList();
        return enabled.Count == 1 ? enabled[0] : null;
    }

    /// <summary>Makes a connection the default one (the app setting <see cref="NexoSettingKeys.DefaultConnectionId"/>).</summary>
    /// <param name="idOrName">The connection's id or name.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The connection.</returns>
    /// <exception cref="NexoException">NotFound when no connection has that id or name.</exception>
    public async Task<LlmConnection> SetDefaultAsync(string idOrName, CancellationToken cancellationToken = default)
    {
        var connection = await FindAsync(idOrName, cancellationToken).ConfigureAwait(false);
        await _settings.SetAsync(NexoSettingKeys.DefaultConnectionId, connection.Id, cancellationToken).ConfigureAwait(false);
        return connection;
    }

    /// <summary>Lists all connections (secrets masked), oldest first.</summary>
    /// <param name="cancellationToken">Cancels the operation.</param>
    public Task<IReadOnlyList<LlmConnection>> ListAsync(CancellationToken cancellationToken = default) => _repository.ListAsync(cancellationToken);

    /// <summary>Reads a connection (secrets masked).</summary>
    /// <param name="id">The connection id.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <exception cref="NexoException">NotFound when it does not exist.</exception>
    public async Task<LlmConnection> GetAsync(string id, CancellationToken cancellationToken = default) =>
        await _repository.GetAsync(Validate.Id(id), cancellationToken).ConfigureAwait(false) ?? throw NexoException.NotFound("LLM connection", id);

    /// <summary>Finds a connection by id or, failing that, by name.</summary>
    /// <param name="idOrName">An id or a name.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <exception cref="NexoException">NotFound when neither matches.</exception>
    public async Task<LlmConnection> FindAsync(string idOrName, CancellationToken cancellationToken = default)
    {
        var key = Validate.Name(idOrName, "connection");
        return await _repository.GetAsync(key, cancellationToken).ConfigureAwait(false)
            ?? await _repository.GetByNameAsync(key, cancellationToken).ConfigureAwait(false)
            ?? throw NexoException.NotFound("LLM connection", idOrName);
    }

    /// <summary>Changes a connection. A new API key or new headers replace the stored ones.</summary>
    /// <param name="id">The connection id.</param>
    /// <param name="update">The changes.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The updated connection, secrets masked.</returns>
    public async Task<LlmConnection> UpdateAsync(string id, LlmConnectionUpdate update, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(update);
        var current = await GetAsync(id, cancellationToken).ConfigureAwait(false);
        // The stored secrets are never read here: a new value replaces the old one without decrypting it.
        LlmConnectionSecrets? secrets = null;
        if (update.ApiKey is not null || update.Headers is not null)
        {
            secrets = new LlmConnectionSecrets
            {
                ApiKey = update.ApiKey is null ? null : Validate.Optional(update.ApiKey),
                Headers = update.Headers is null ? new Dictionary<string, string>() : Validate.Headers(update.Headers, "headers"),
            };
        }

        var next = current with
        {
            Name = update.Name is null ? current.Name : Validate.Name(update.Name),
            Provider = update.Provider ?? current.Provider,
            BaseUrl = update.BaseUrl is null ? current.BaseUrl : Validate.HttpUrl(update.BaseUrl, "baseUrl"),
            Models = update.Models is null ? current.Models : ValidateModels(update.Models),
            DefaultModel = update.DefaultModel is null ? current.DefaultModel : Validate.Optional(update.DefaultModel),
            Enabled = update.Enabled ?? current.Enabled,
            NativeDocuments = update.NativeDocuments ?? current.NativeDocuments,
            UpdatedAt = _time.UtcNowMs(),
        };
        if (!await _repository.UpdateAsync(next, secrets, keepApiKey: update.ApiKey is null, keepHeaders: update.Headers is null, cancellationToken).ConfigureAwait(false))
        {
            throw NexoException.NotFound("LLM connection", id);
        }

        return await GetAsync(current.Id, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Deletes a connection. Workspaces that used it fall back to no connection.</summary>
    /// <param name="id">The connection id.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <exception cref="NexoException">NotFound when it does not exist.</exception>
    public async Task DeleteAsync(string id, CancellationToken cancellationToken = default)
    {
        if (!await _repository.DeleteAsync(Validate.Id(id), cancellationToken).ConfigureAwait(false))
        {
            throw NexoException.NotFound("LLM connection", id);
        }

        if ((await _settings.GetAsync(NexoSettingKeys.DefaultConnectionId, cancellationToken).ConfigureAwait(false))?.Value == id)
        {
            var next = (await _repository.ListAsync(cancellationToken).ConfigureAwait(false)).FirstOrDefault(c => c.Enabled);
            if (next is null)
            {
                await _settings.DeleteAsync(NexoSettingKeys.DefaultConnectionId, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await _settings.SetAsync(NexoSettingKeys.DefaultConnectionId, next.Id, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Decrypts the secrets of a connection, for building a provider client. Keep them in memory only.</summary>
    /// <param name="id">The connection id.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <exception cref="NexoException">NotFound when it does not exist; Security when the key file does not match.</exception>
    public async Task<LlmConnectionSecrets> GetSecretsAsync(string id, CancellationToken cancellationToken = default) =>
        await _repository.GetSecretsAsync(Validate.Id(id), cancellationToken).ConfigureAwait(false) ?? throw NexoException.NotFound("LLM connection", id);

    private async Task<LlmConnection?> ReadDefaultAsync(CancellationToken cancellationToken)
    {
        var id = (await _settings.GetAsync(NexoSettingKeys.DefaultConnectionId, cancellationToken).ConfigureAwait(false))?.Value;
        return string.IsNullOrWhiteSpace(id) ? null : await _repository.GetAsync(id, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Tries a provider endpoint without storing anything: asks it for its models (from its models endpoint, or the
    /// fixed <c>echo</c> model of the echo provider).
    /// </summary>
    /// <param name="provider">The wire protocol.</param>
    /// <param name="baseUrl">The base URL, for example <c>https://api.openai.com/v1</c> or <c>http://localhost:11434</c>.</param>
    /// <param name="apiKey">The API key, or <see langword="null"/> for none.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The models the provider offers.</returns>
    /// <exception cref="NexoException">Validation when the URL is not an absolute http(s) URL; Llm when the provider cannot be reached or refuses (with <c>Details["status"]</c>).</exception>
    public Task<IReadOnlyList<LlmModel>> TestAsync(LlmProviderKind provider, string baseUrl, string? apiKey, CancellationToken cancellationToken = default)
    {
        var connection = new LlmConnection
        {
            Id = "test",
            Name = "test",
            Provider = provider,
            BaseUrl = Validate.HttpUrl(baseUrl, "baseUrl"),
            HasApiKey = !string.IsNullOrWhiteSpace(apiKey),
        };
        return _factory.ListModelsAsync(connection, new LlmConnectionSecrets { ApiKey = Validate.Optional(apiKey) }, cancellationToken);
    }

    /// <summary>
    /// Lists the models of a connection: the stored list, or, with <paramref name="refresh"/>, the provider's current
    /// list, which then replaces the stored one (capability flags set on a stored model of the same id are kept).
    /// </summary>
    /// <param name="connectionId">The connection id.</param>
    /// <param name="refresh">Whether to ask the provider (and store the answer).</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The models.</returns>
    /// <exception cref="NexoException">NotFound when the connection does not exist; Llm when the provider cannot be reached or refuses.</exception>
    public async Task<IReadOnlyList<LlmModel>> ListModelsAsync(string connectionId, bool refresh = false, CancellationToken cancellationToken = default)
    {
        var connection = await GetAsync(connectionId, cancellationToken).ConfigureAwait(false);
        if (!refresh)
        {
            return connection.Models;
        }

        var secrets = await GetSecretsAsync(connection.Id, cancellationToken).ConfigureAwait(false);
        var fetched = await _factory.ListModelsAsync(connection, secrets, cancellationToken).ConfigureAwait(false);
        var stored = connection.Models.GroupBy(m => m.Id, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var merged = fetched
            .Where(m => m is not null && !string.IsNullOrWhiteSpace(m.Id))
            .Select(m => stored.TryGetValue(m.Id, out var known)
                ? m with
                {
                    SupportsTools = m.SupportsTools ?? known.SupportsTools,
                    SupportsThinking = m.SupportsThinking ?? known.SupportsThinking,
                    SupportsImages = m.SupportsImages ?? known.SupportsImages,
                }
                : m)
            .ToList();
        var next = connection with { Models = merged, UpdatedAt = _time.UtcNowMs() };
        if (!await _repository.UpdateAsync(next, null, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            throw NexoException.NotFound("LLM connection", connectionId);
        }

        return merged;
    }

    private static List<LlmModel> ValidateModels(IReadOnlyList<LlmModel>? models)
    {
        var list = new List<LlmModel>();
        foreach (var model in models ?? [])
        {
            if (model is null || string.IsNullOrWhiteSpace(model.Id))
            {
                throw NexoException.Validation("models", "Every model needs a non-empty id.");
            }

            if (model.ContextWindow is < Context.ContextWindows.MinimumWindow)
            {
                throw NexoException.Validation(
                    "models",
                    $"The context window of model '{model.Id}' must be at least {Context.ContextWindows.MinimumWindow} tokens (leave it out to use the provider's default).");
            }

            list.Add(model);
        }

        return list;
    }
}
