namespace Nexo;

/// <summary>Stores MCP server connections; environment and header values are encrypted before they reach the database.</summary>
internal interface IMcpServerRepository
{
    /// <summary>Inserts a server connection with its secrets.</summary>
    /// <param name="server">The server (its masked fields are recomputed from <paramref name="secrets"/>).</param>
    /// <param name="secrets">The real environment and headers.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    Task CreateAsync(McpServer server, McpServerSecrets secrets, CancellationToken cancellationToken = default);

    /// <summary>Reads a server connection (secrets masked), or <see langword="null"/>.</summary>
    /// <param name="id">The id.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    Task<McpServer?> GetAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>Reads a server connection by name (case-insensitive), or <see langword="null"/>.</summary>
    /// <param name="name">The name.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    Task<McpServer?> GetByNameAsync(string name, CancellationToken cancellationToken = default);

    /// <summary>Lists all server connections, oldest first.</summary>
    /// <param name="cancellationToken">Cancels the operation.</param>
    Task<IReadOnlyList<McpServer>> ListAsync(CancellationToken cancellationToken = default);

    /// <summary>Decrypts the secrets of a server connection, or <see langword="null"/> when it does not exist.</summary>
    /// <param name="id">The id.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    Task<McpServerSecrets?> GetSecretsAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>Writes a server connection; the secrets are replaced only when <paramref name="secrets"/> is given.</summary>
    /// <param name="server">The new state.</param>
    /// <param name="secrets">New secrets, or <see langword="null"/> to keep the stored ones.</param>
    /// <param name="keepEnv">Keeps the stored environment although <paramref name="secrets"/> is given (it is never decrypted).</param>
    /// <param name="keepHeaders">Keeps the stored headers although <paramref name="secrets"/> is given (they are never decrypted).</param>
    /// <param name="keepArgs">Keeps the stored (sealed) arguments: <paramref name="server"/> holds them as listed, their secret parts masked.</param>
    /// <param name="keepUrl">Keeps the stored (sealed) URL: <paramref name="server"/> holds it as listed, its secret parts masked.</param>
    /// <param name="keepOAuth">Keeps the stored OAuth settings and client secret (never decrypted).</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns><see langword="false"/> when it does not exist.</returns>
    Task<bool> UpdateAsync(McpServer server, McpServerSecrets? secrets, bool keepEnv = false, bool keepHeaders = false, bool keepArgs = false, bool keepUrl = false, bool keepOAuth = false, CancellationToken cancellationToken = default);

    /// <summary>Writes the status, last error and tool cache of a server connection.</summary>
    /// <param name="id">The id.</param>
    /// <param name="status">The status.</param>
    /// <param name="lastError">The last error, or <see langword="null"/>.</param>
    /// <param name="tools">The tools, or <see langword="null"/> to keep the cached list.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns><see langword="false"/> when it does not exist.</returns>
    Task<bool> UpdateStatusAsync(string id, McpServerStatus status, string? lastError, IReadOnlyList<McpToolInfo>? tools, CancellationToken cancellationToken = default);

    /// <summary>Deletes a server connection.</summary>
    /// <param name="id">The id.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns><see langword="false"/> when it did not exist.</returns>
    Task<bool> DeleteAsync(string id, CancellationToken cancellationToken = default);
}
