namespace Nexo.JsonRpcServer.Acp;

/// <summary>
/// The <c>model</c> config option of a session: every model of every enabled LLM connection, grouped by connection
/// when there are several. A value is <c>CONNECTION_ID:MODEL_ID</c>; choosing one stores it as the workspace's
/// connection and default model, so every face (CLI, JSON-RPC host, other sessions) uses it from then on.
/// </summary>
internal static class AcpModels
{
    /// <summary>The config option id.</summary>
    public const string ConfigId = "model";

    /// <summary>The connection and model a turn in the workspace would use (as the chat engine resolves them), or <see langword="null"/>.</summary>
    public static async Task<(LlmConnection Connection, string? Model)?> ResolveAsync(NexoClient nexo, string workspaceId, CancellationToken cancellationToken)
    {
        try
        {
            var resolved = await nexo.Chats.ResolveModelAsync(workspaceId, cancellationToken: cancellationToken).ConfigureAwait(false);
            return (resolved.Connection, resolved.Model);
        }
        catch (NexoException ex) when (ex.Kind is NexoErrorKind.NotConfigured or NexoErrorKind.Validation)
        {
            // No usable connection (or a model-less one): the session offers no model until one is configured.
            return null;
        }
    }

    /// <summary>The session's config options; empty when no LLM connection is enabled.</summary>
    public static async Task<IReadOnlyList<SessionConfigOption>> BuildAsync(NexoClient nexo, string workspaceId, CancellationToken cancellationToken)
    {
        var connections = (await nexo.Connections.ListAsync(cancellationToken).ConfigureAwait(false)).Where(c => c.Enabled).ToList();
        if (connections.Count == 0)
        {
            return [];
        }

        var current = await ResolveAsync(nexo, workspaceId, cancellationToken).ConfigureAwait(false);
        var currentValue = current is { Model: { } model } c ? Value(c.Connection.Id, model) : null;
        var groups = new List<SessionConfigSelectGroup>();
        foreach (var connection in connections)
        {
            var options = connection.Models
                .Select(m => new SessionConfigSelectOption { Value = Value(connection.Id, m.Id), Name = m.Name ?? m.Id })
                .ToList();
            var extra = new[] { connection.DefaultModel, current?.Connection.Id == connection.Id ? current?.Model : null };
            foreach (var modelId in extra)
            {
                if (modelId is not null && options.All(o => o.Value != Value(connection.Id, modelId)))
                {
                    options.Add(new SessionConfigSelectOption { Value = Value(connection.Id, modelId), Name = modelId });
                }
            }

            if (options.Count > 0)
            {
                groups.Add(new SessionConfigSelectGroup { Group = connection.Id, Name = connection.Name, Options = options });
            }
        }

        if (groups.Count == 0)
        {
            return [];
        }

        currentValue ??= groups[0].Options[0].Value;
        IReadOnlyList<object> values = groups.Count == 1 ? groups[0].Options.Cast<object>().ToList() : groups.Cast<object>().ToList();
        return
        [
            new SessionConfigOption
            {
                Id = ConfigId,
                Name = "Model",
                Description = "The LLM connection and model of this workspace's chats.",
                Category = "model",
                CurrentValue = currentValue,
                Options = values,
            },
        ];
    }

    /// <summary>Stores a chosen value as the workspace's connection and default model.</summary>
    /// <exception cref="StreamJsonRpc.LocalRpcException">Invalid params for a malformed value or an unknown or disabled connection.</exception>
    public static async Task SelectAsync(NexoClient nexo, string workspaceId, string value, CancellationToken cancellationToken)
    {
        var colon = value.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0 || colon == value.Length - 1)
        {
            throw AcpErrors.Invalid("value", $"'{value}' is not a model value; use one of the values listed in the 'model' config option.");
        }

        var connectionId = value[..colon];
        var model = value[(colon + 1)..];
        var connection = (await nexo.Connections.ListAsync(cancellationToken).ConfigureAwait(false)).FirstOrDefault(c => c.Id == connectionId);
        if (connection is not { Enabled: true })
        {
            throw AcpErrors.Invalid("value", $"The LLM connection '{connectionId}' does not exist or is disabled.");
        }

        await nexo.Workspaces.UpdateSettingsAsync(workspaceId, new WorkspaceSettingsPatch { LlmConnectionId = connection.Id, DefaultModel = model }, cancellationToken).ConfigureAwait(false);
    }

    private static string Value(string connectionId, string model) => connectionId + ":" + model;
}
