namespace Nexo;

/// <summary>Stores LLM connections; API keys and header values are encrypted before they reach the database.</summary>
internal interface ILlmConnectionRepository
{
    /// <summary>Inserts a connection with its secrets.</summary>
    /// <param name="connection">The connection (its masked fields are recomputed from <paramref name="secrets"/>).</param>
    /// <param name="secrets">The real API key and headers.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    Task CreateAsync(LlmConnection connection, LlmConnectionSecrets secrets, CancellationToken cancellationToken = default);

    /// <summary>Reads a connection (secrets masked), or <see langword="null"/>.</summary>
    /// <param name="id">The connection id.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    Task<LlmConnection?> GetAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>Reads a connection by name (case-insensitive), or <see langword="null"/>.</summary>
    /// <param name="name">The name.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    Task<LlmConnection?> GetByNameAsync(string name, CancellationToken cancellationToken = default);

    /// <summary>Lists all connections, oldest first.</summary>
    /// <param name="cancellationToken">Cancels the operation.</param>
    Task<IReadOnlyList<LlmConnection>> ListAsync(CancellationToken cancellationToken = default);

    /// <summary>Decrypts the secrets of a connection, or returns <see langword="null"/> when it does not exist.</summary>
    /// <param name="id">The connection id.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    Task<LlmConnectionSecrets?> GetSecretsAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>Writes a connection; the secrets are replaced only when <paramref name="secrets"/> is given.</summary>
    /// <param name="connection">The new state.</param>
    /// <param name="secrets">New secrets, or <see langword="null"/> to keep the stored ones.</param>
    /// <param name="keepApiKey">Keeps the stored API key although <paramref name="secrets"/> is given (it is never decrypted).</param>
    /// <param name="keepHeaders">Keeps the stored headers although <paramref name="secrets"/> is given (they are never decrypted).</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns><see langword="false"/> when it does not exist.</returns>
    Task<bool> UpdateAsync(LlmConnection connection, LlmConnectionSecrets? secrets, bool keepApiKey = false, bool keepHeaders = false, CancellationToken cancellationToken = default);

    /// <summary>Deletes a connection.</summary>
    /// <param name="id">The connection id.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns><see langword="false"/> when it did not exist.</returns>
    Task<bool> DeleteAsync(string id, CancellationToken cancellationToken = default);
}
