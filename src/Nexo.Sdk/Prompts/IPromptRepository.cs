namespace Nexo;

/// <summary>Stores prompt templates.</summary>
internal interface IPromptRepository
{
    /// <summary>Inserts a prompt.</summary>
    /// <param name="prompt">The prompt.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    Task CreateAsync(Prompt prompt, CancellationToken cancellationToken = default);

    /// <summary>Reads a prompt, or <see langword="null"/>.</summary>
    /// <param name="id">The id.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    Task<Prompt?> GetAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>Reads a prompt by name (case-insensitive), or <see langword="null"/>.</summary>
    /// <param name="name">The name.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    Task<Prompt?> GetByNameAsync(string name, CancellationToken cancellationToken = default);

    /// <summary>Lists prompts, most recently updated first.</summary>
    /// <param name="cancellationToken">Cancels the operation.</param>
    Task<IReadOnlyList<Prompt>> ListAsync(CancellationToken cancellationToken = default);

    /// <summary>Writes an existing prompt.</summary>
    /// <param name="prompt">The new state.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns><see langword="false"/> when it does not exist.</returns>
    Task<bool> UpdateAsync(Prompt prompt, CancellationToken cancellationToken = default);

    /// <summary>Deletes a prompt.</summary>
    /// <param name="id">The id.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns><see langword="false"/> when it did not exist.</returns>
    Task<bool> DeleteAsync(string id, CancellationToken cancellationToken = default);
}
