using Nexo.JsonRpcServer.Contract;
using StreamJsonRpc;

namespace Nexo.JsonRpcServer.Methods;

/// <summary>LLM connection commands: thin calls into <see cref="LlmConnectionService"/>.</summary>
/// <param name="nexo">The SDK client.</param>
public sealed class LlmConnectionMethods(NexoClient nexo)
{
    /// <summary><c>create_llm_connection</c>: the provider may be any catalogue name or alias; without a base URL it gets the provider's.</summary>
    [JsonRpcMethod(NexoCommands.CreateLlmConnection, UseSingleObjectParameterDeserialization = true)]
    public Task<LlmConnection> CreateLlmConnectionAsync(CreateLlmConnectionParams p, CancellationToken ct)
    {
        var provider = LlmProviderCatalog.Find(p.Provider);
        return nexo.Connections.CreateAsync(
            new NewLlmConnection
            {
                Id = p.Id,
                Name = p.Name,
                Provider = provider.Kind,
                BaseUrl = provider.ResolveBaseUrl(p.BaseUrl),
                ApiKey = p.ApiKey,
                Headers = p.Headers,
                Models = p.Models,
                DefaultModel = p.DefaultModel,
                Enabled = p.Enabled ?? true,
                NativeDocuments = p.NativeDocuments ?? false,
            },
            ct);
    }

    /// <summary><c>get_llm_connections</c>.</summary>
    [JsonRpcMethod(NexoCommands.GetLlmConnections, UseSingleObjectParameterDeserialization = true)]
    public Task<IReadOnlyList<LlmConnection>> GetLlmConnectionsAsync(GetLlmConnectionsParams? p = null, CancellationToken ct = default) =>
        nexo.Connections.ListAsync(ct);

    /// <summary><c>update_llm_connection</c>: switching to a named service (<c>groq</c>…) without a base URL also sets its endpoint.</summary>
    [JsonRpcMethod(NexoCommands.UpdateLlmConnection, UseSingleObjectParameterDeserialization = true)]
    public Task<LlmConnection> UpdateLlmConnectionAsync(UpdateLlmConnectionParams p, CancellationToken ct)
    {
        var provider = p.Provider is null ? null : LlmProviderCatalog.Find(p.Provider);
        return nexo.Connections.UpdateAsync(
            p.Id,
            new LlmConnectionUpdate
            {
                Name = p.Name,
                Provider = provider?.Kind,
                BaseUrl = p.BaseUrl ?? (provider is { IsWireName: false } ? provider.DefaultBaseUrl : null),
                ApiKey = p.ApiKey,
                Headers = p.Headers,
                Models = p.Models,
                DefaultModel = p.DefaultModel,
                Enabled = p.Enabled,
                NativeDocuments = p.NativeDocuments,
            },
            ct);
    }

    /// <summary><c>delete_llm_connection</c>.</summary>
    [JsonRpcMethod(NexoCommands.DeleteLlmConnection, UseSingleObjectParameterDeserialization = true)]
    public Task DeleteLlmConnectionAsync(DeleteLlmConnectionParams p, CancellationToken ct) =>
        nexo.Connections.DeleteAsync(p.Id, ct);

    /// <summary><c>test_llm_connection</c>: the provider's models, without storing anything.</summary>
    [JsonRpcMethod(NexoCommands.TestLlmConnection, UseSingleObjectParameterDeserialization = true)]
    public Task<IReadOnlyList<LlmModel>> TestLlmConnectionAsync(TestLlmConnectionParams p, CancellationToken ct)
    {
        var provider = LlmProviderCatalog.Find(p.Provider);
        return nexo.Connections.TestAsync(provider.Kind, provider.ResolveBaseUrl(p.BaseUrl), p.ApiKey, ct);
    }

    /// <summary><c>get_llm_models</c>: the stored models, or with <c>refresh</c> the provider's (then stored).</summary>
    [JsonRpcMethod(NexoCommands.GetLlmModels, UseSingleObjectParameterDeserialization = true)]
    public Task<IReadOnlyList<LlmModel>> GetLlmModelsAsync(GetLlmModelsParams p, CancellationToken ct) =>
        nexo.Connections.ListModelsAsync(p.ConnectionId, p.Refresh ?? false, ct);
}
