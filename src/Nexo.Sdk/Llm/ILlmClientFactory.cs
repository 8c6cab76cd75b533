using Microsoft.Extensions.AI;

namespace Nexo;

/// <summary>
/// Turns an <see cref="LlmConnection"/> into an <see cref="IChatClient"/> and lists its models. Nexo's built-in
/// factory speaks OpenAI, OpenAI-compatible, Anthropic, Ollama and the offline echo provider; a host can supply
/// its own (set <see cref="NexoOptions.LlmClientFactory"/>) to plug in any <see cref="IChatClient"/>.
/// </summary>
public interface ILlmClientFactory
{
    /// <summary>Creates a chat client for one model of a connection. Nexo caches it per connection and model.</summary>
    /// <param name="connection">The connection.</param>
    /// <param name="secrets">Its decrypted secrets.</param>
    /// <param name="modelId">The model.</param>
    /// <returns>The client.</returns>
    IChatClient CreateClient(LlmConnection connection, LlmConnectionSecrets secrets, string modelId);

    /// <summary>Lists the models the provider offers (from its models endpoint where it has one).</summary>
    /// <param name="connection">The connection.</param>
    /// <param name="secrets">Its decrypted secrets.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The models.</returns>
    /// <exception cref="NexoException"><see cref="NexoErrorKind.Llm"/> when the provider cannot be reached or refuses.</exception>
    Task<IReadOnlyList<LlmModel>> ListModelsAsync(LlmConnection connection, LlmConnectionSecrets secrets, CancellationToken cancellationToken = default);
}
