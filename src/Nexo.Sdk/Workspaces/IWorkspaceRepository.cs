namespace Nexo;

/// <summary>Stores workspaces and their settings. Deleting a workspace deletes its chats and messages.</summary>
internal interface IWorkspaceRepository
{
    /// <summary>Inserts a workspace together with its default settings.</summary>
    /// <param name="workspace">The workspace to insert.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <exception cref="NexoException"><see cref="NexoErrorKind.Conflict"/> when the id or name is taken.</exception>
    Task CreateAsync(Workspace workspace, CancellationToken cancellationToken = default);

    /// <summary>Reads a workspace, or <see langword="null"/> when it does not exist.</summary>
    /// <param name="id">The workspace id.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    Task<Workspace?> GetAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>Reads a workspace by name (case-insensitive), or <see langword="null"/>.</summary>
    /// <param name="name">The workspace name.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    Task<Workspace?> GetByNameAsync(string name, CancellationToken cancellationToken = default);

    /// <summary>Reads the workspace whose root folder is <paramref name="rootPath"/>, or <see langword="null"/>.</summary>
    /// <param name="rootPath">An absolute, normalised folder path.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    Task<Workspace?> GetByRootPathAsync(string rootPath, CancellationToken cancellationToken = default);

    /// <summary>Lists all workspaces, newest first.</summary>
    /// <param name="cancellationToken">Cancels the operation.</param>
    Task<IReadOnlyList<Workspace>> ListAsync(CancellationToken cancellationToken = default);

    /// <summary>Writes the name, root path and updated time of an existing workspace.</summary>
    /// <param name="workspace">The new state.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns><see langword="false"/> when the workspace does not exist.</returns>
    Task<bool> UpdateAsync(Workspace workspace, CancellationToken cancellationToken = default);

    /// <summary>Deletes a workspace with its settings, chats and messages.</summary>
    /// <param name="id">The workspace id.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns><see langword="false"/> when the workspace did not exist.</returns>
    Task<bool> DeleteAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>Reads the settings of a workspace (defaults are stored with every workspace).</summary>
    /// <param name="workspaceId">The workspace id.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    Task<WorkspaceSettings?> GetSettingsAsync(string workspaceId, CancellationToken cancellationToken = default);

    /// <summary>Writes the whole settings record of a workspace.</summary>
    /// <param name="settings">The settings.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    Task SaveSettingsAsync(WorkspaceSettings settings, CancellationToken cancellationToken = default);
}
