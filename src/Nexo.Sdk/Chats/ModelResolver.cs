using System.Collections.Concurrent;
using Microsoft.Extensions.AI;

namespace Nexo.Chats;

/// <summary>
/// Which connection and model a turn uses, and the chat client for them: the one rule shared by turns,
/// <see cref="ChatService.ResolveModelAsync"/> and every face. Clients are cached per connection version and model, and
/// built through <see cref="NexoOptions.ConfigureChatClient"/> (by the client factory the engine is given).
/// </summary>
internal sealed class ModelResolver(EngineDependencies d) : IDisposable
{
    private readonly ConcurrentDictionary<string, IChatClient> _clients = new(StringComparer.Ordinal);

    public async Task<ResolvedModel> ResolveForWorkspaceAsync(string workspaceId, string? connectionId, string? model, CancellationToken cancellationToken)
    {
        var settings = await d.Workspaces.GetSettingsAsync(workspaceId, cancellationToken).ConfigureAwait(false)
            ?? new WorkspaceSettings { WorkspaceId = workspaceId };
        return await ResolveAsync(connectionId, model, settings, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The connection (given by id or name, else the workspace's, else the default, else the only enabled one) and the model.</summary>
    /// <exception cref="NexoException">NotFound for an unknown connection; Validation for a disabled one; NotConfigured when nothing is set up.</exception>
    public async Task<ResolvedModel> ResolveAsync(string? connectionId, string? selectedModel, WorkspaceSettings settings, CancellationToken cancellationToken)
    {
        LlmConnection? connection;
        var id = Validate.Optional(connectionId) ?? settings.LlmConnectionId;
        if (id is not null)
        {
            connection = await d.Connections.GetAsync(id, cancellationToken).ConfigureAwait(false)
                ?? await d.Connections.GetByNameAsync(id, cancellationToken).ConfigureAwait(false)
                ?? throw NexoException.NotFound("LLM connection", id);
        }
        else
        {
            var defaultId = (await d.AppSettings.GetAsync(NexoSettingKeys.DefaultConnectionId, cancellationToken).ConfigureAwait(false))?.Value;
            connection = defaultId is null ? null : await d.Connections.GetAsync(defaultId, cancellationToken).ConfigureAwait(false);
            if (connection is null)
            {
                var all = (await d.Connections.ListAsync(cancellationToken).ConfigureAwait(false)).Where(c => c.Enabled).ToList();
                connection = all.Count == 1 ? all[0] : null;
            }

            if (connection is null)
            {
                throw new NexoException(
                    NexoErrorKind.NotConfigured,
                    $"No LLM connection is configured for workspace '{settings.WorkspaceId}'. Add one with 'nexo connection add' (or create_llm_connection) and select it in the workspace settings.");
            }
        }

        if (!connection.Enabled)
        {
            throw NexoException.Validation("llmConnectionId", $"The LLM connection '{connection.Name}' is disabled. Enable it or choose another one.");
        }

        var model = Validate.Optional(selectedModel) ?? settings.DefaultModel ?? connection.DefaultModel ?? connection.Models.FirstOrDefault()?.Id
            ?? (connection.Provider == LlmProviderKind.Echo ? "echo" : null);
        if (model is null)
        {
            throw new NexoException(
                NexoErrorKind.NotConfigured,
                $"No model is selected: pass a model, set the workspace's default model, or set a default model on the connection '{connection.Name}'.");
        }

        return new ResolvedModel { Connection = connection, Model = model };
    }

    /// <summary>The chat client for a connection and model, created once per connection version and model.</summary>
    public async Task<IChatClient> GetClientAsync(LlmConnection connection, string model, CancellationToken cancellationToken)
    {
        var key = $"{connection.Id}\n{connection.UpdatedAt.UtcTicks}\n{model}";
        if (_clients.TryGetValue(key, out var cached))
        {
            return cached;
        }

        var secrets = await d.Connections.GetSecretsAsync(connection.Id, cancellationToken).ConfigureAwait(false) ?? new LlmConnectionSecrets();
        var provider = new RedactingChatClient(d.ClientFactory().CreateClient(connection, secrets, model), Security.SecretRedactor.For(connection, secrets));
        var created = ChatClientPipeline.Build(provider, d.ConfigureChatClient, d.Services, d.LoggerFactory);
        return _clients.GetOrAdd(key, created);
    }

    public void Dispose()
    {
        foreach (var client in _clients.Values)
        {
            client.Dispose();
        }

        _clients.Clear();
    }
}
