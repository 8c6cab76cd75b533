using Microsoft.Extensions.AI;

namespace Nexo;

/// <summary>Used until the built-in provider factory is wired: every call explains that no factory is available.</summary>
internal sealed class UnconfiguredLlmClientFactory : ILlmClientFactory
{
    public IChatClient CreateClient(LlmConnection connection, LlmConnectionSecrets secrets, string modelId) =>
        throw new NexoException(NexoErrorKind.NotConfigured, "No LLM client factory is configured; set NexoOptions.LlmClientFactory.");

    public Task<IReadOnlyList<LlmModel>> ListModelsAsync(LlmConnection connection, LlmConnectionSecrets secrets, CancellationToken cancellationToken = default) =>
        throw new NexoException(NexoErrorKind.NotConfigured, "No LLM client factory is configured; set NexoOptions.LlmClientFactory.");
}
