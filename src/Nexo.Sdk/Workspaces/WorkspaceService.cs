namespace Nexo;

/// <summary>Creates, reads, updates and deletes workspaces and their settings.</summary>
public sealed class WorkspaceService
{
    /// <summary>The name of the workspace used when none is named.</summary>
    public const string DefaultWorkspaceName = "default";

    private readonly IWorkspaceRepository _repository;
    private readonly ILlmConnectionRepository _connections;
    private readonly TimeProvider _time;

    internal WorkspaceService(IWorkspaceRepository repository, ILlmConnectionRepository connections, TimeProvider time)
    {
        _repository = repository;
        _connections = connections;
        _time = time;
    }

    /// <summary>Creates a workspace with default settings.</summary>
    /// <param name="input">The name and optional id and root folder.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The stored workspace.</returns>
    /// <exception cref="NexoException">Validation (empty or too long name, bad id) or Conflict (name or id taken).</exception>
    public async Task<Workspace> CreateAsync(NewWorkspace input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        var now = _time.UtcNowMs();
        var workspace = new Workspace
        {
            Id = input.Id is null ? Ids.New() : Validate.Id(input.Id),
            Name = Validate.Name(input.Name),
            RootPath = NormalizeRoot(input.RootPath),
            CreatedAt = now,
            UpdatedAt = now,
        };
        await _repository.CreateAsync(workspace, cancellationToken).ConfigureAwait(false);
        return workspace;
    }

    /// <summary>Lists all workspaces, newest first.</summary>
    /// <param name="cancellationToken">Cancels the operation.</param>
    public Task<IReadOnlyList<Workspace>> ListAsync(CancellationToken cancellationToken = default) => _repository.ListAsync(cancellationToken);

    /// <summary>Reads a workspace.</summary>
    /// <param name="id">The workspace id.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <exception cref="NexoException">NotFound when it does not exist.</exception>
    public async Task<Workspace> GetAsync(string id, CancellationToken cancellationToken = default) =>
        await _repository.GetAsync(Validate.Id(id), cancellationToken).ConfigureAwait(false) ?? throw NexoException.NotFound("workspace", id);

    /// <summary>Reads a workspace, or returns <see langword="null"/> when none has this id (unlike <see cref="GetAsync"/>, which throws).</summary>
    /// <param name="id">The workspace id.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The workspace, or <see langword="null"/>.</returns>
    /// <exception cref="NexoException">Validation when the id is empty or malformed.</exception>
    public Task<Workspace?> FindByIdAsync(string id, CancellationToken cancellationToken = default) =>
        _repository.GetAsync(Validate.Id(id), cancellationToken);

    /// <summary>
    /// Reads the workspace whose root folder is <paramref name="rootPath"/> (made absolute, trailing separator removed),
    /// or returns <see langword="null"/> when none has it; see <see cref="GetOrCreateForFolderAsync"/> to create one.
    /// </summary>
    /// <param name="rootPath">A folder path.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The workspace, or <see langword="null"/>.</returns>
    /// <exception cref="NexoException">Validation when the path is empty or not a valid folder path.</exception>
    public Task<Workspace?> FindByRootPathAsync(string rootPath, CancellationToken cancellationToken = default)
    {
        var root = NormalizeRoot(rootPath) ?? throw NexoException.Validation("rootPath", "The folder path must not be empty.");
        return _repository.GetByRootPathAsync(root, cancellationToken);
    }

    /// <summary>Finds a workspace by id or, failing that, by name (case-insensitive).</summary>
    /// <param name="idOrName">An id or a name.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <exception cref="NexoException">NotFound when neither matches.</exception>
    public async Task<Workspace> FindAsync(string idOrName, CancellationToken cancellationToken = default)
    {
        var key = Validate.Name(idOrName, "workspace");
        return await _repository.GetAsync(key, cancellationToken).ConfigureAwait(false)
            ?? await _repository.GetByNameAsync(key, cancellationToken).ConfigureAwait(false)
            ?? throw NexoException.NotFound("workspace", idOrName);
    }

    /// <summary>Returns the workspace named <see cref="DefaultWorkspaceName"/>, creating it on first use.</summary>
    /// <param name="cancellationToken">Cancels the operation.</param>
    public async Task<Workspace> GetOrCreateDefaultAsync(CancellationToken cancellationToken = default)
    {
        var existing = await _repository.GetByNameAsync(DefaultWorkspaceName, cancellationToken).ConfigureAwait(false);
        if (existing is not null)
        {
            return existing;
        }

        try
        {
            return await CreateAsync(new NewWorkspace { Name = DefaultWorkspaceName }, cancellationToken).ConfigureAwait(false);
        }
        catch (NexoException ex) when (ex.Kind == NexoErrorKind.Conflict)
        {
            // Another process created it at the same moment.
            var raced = await _repository.GetByNameAsync(DefaultWorkspaceName, cancellationToken).ConfigureAwait(false);
            if (raced is null)
            {
                throw;
            }

            return raced;
        }
    }

    /// <summary>Returns the workspace whose root folder is <paramref name="rootPath"/>, creating one named after the folder when none exists.</summary>
    /// <param name="rootPath">An absolute folder path.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    public async Task<Workspace> GetOrCreateForFolderAsync(string rootPath, CancellationToken cancellationToken = default)
    {
        var root = NormalizeRoot(rootPath) ?? throw NexoException.Validation("rootPath", "The folder path must not be empty.");
        var existing = await _repository.GetByRootPathAsync(root, cancellationToken).ConfigureAwait(false);
        if (existing is not null)
        {
            return existing;
        }

        var baseName = Path.GetFileName(root.TrimEnd(Path.DirectorySeparatorChar));
        if (string.IsNullOrWhiteSpace(baseName))
        {
            baseName = root;
        }

        for (var attempt = 0; ; attempt++)
        {
            var name = attempt == 0 ? baseName : $"{baseName} ({attempt + 1})";
            try
            {
                return await CreateAsync(new NewWorkspace { Name = name, RootPath = root }, cancellationToken).ConfigureAwait(false);
            }
            catch (NexoException ex) when (ex.Kind == NexoErrorKind.Conflict && attempt < 50)
            {
                var raced = await _repository.GetByRootPathAsync(root, cancellationToken).ConfigureAwait(false);
                if (raced is not null)
                {
                    return raced;
                }
            }
        }
    }

    /// <summary>Renames a workspace or changes its root folder.</summary>
    /// <param name="id">The workspace id.</param>
    /// <param name="update">The changes.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The updated workspace.</returns>
    public async Task<Workspace> UpdateAsync(string id, WorkspaceUpdate update, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(update);
        var current = await GetAsync(id, cancellationToken).ConfigureAwait(false);
        var next = current with
        {
            Name = update.Name is null ? current.Name : Validate.Name(update.Name),
            RootPath = update.RootPath is null ? current.RootPath : NormalizeRoot(update.RootPath),
            UpdatedAt = _time.UtcNowMs(),
        };
        if (!await _repository.UpdateAsync(next, cancellationToken).ConfigureAwait(false))
        {
            throw NexoException.NotFound("workspace", id);
        }

        if (next.RootPath != current.RootPath && FoldersChanged is { } changed)
        {
            await changed().ConfigureAwait(false);
        }

        return next;
    }

    /// <summary>Called after a workspace was deleted or its root folder changed (the MCP host closes folders no workspace has).</summary>
    internal Func<Task>? FoldersChanged { get; set; }

    /// <summary>Where attachment files are stored; set by <see cref="NexoClient"/>.</summary>
    internal Storage.AttachmentStore? Attachments { get; set; }

    /// <summary>Deletes a workspace with its settings, chats, messages and their attachment files.</summary>
    /// <param name="id">The workspace id.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <exception cref="NexoException">NotFound when it does not exist.</exception>
    public async Task DeleteAsync(string id, CancellationToken cancellationToken = default)
    {
        Validate.Id(id);
        var messageIds = Attachments is null ? [] : await Attachments.MessageIdsOfWorkspaceAsync(id, cancellationToken).ConfigureAwait(false);
        if (!await _repository.DeleteAsync(id, cancellationToken).ConfigureAwait(false))
        {
            throw NexoException.NotFound("workspace", id);
        }

        Attachments?.Delete(messageIds);

        if (FoldersChanged is { } changed)
        {
            await changed().ConfigureAwait(false);
        }
    }

    /// <summary>Reads the settings of a workspace.</summary>
    /// <param name="workspaceId">The workspace id.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <exception cref="NexoException">NotFound when the workspace does not exist.</exception>
    public async Task<WorkspaceSettings> GetSettingsAsync(string workspaceId, CancellationToken cancellationToken = default)
    {
        var settings = await _repository.GetSettingsAsync(Validate.Id(workspaceId, "workspaceId"), cancellationToken).ConfigureAwait(false);
        if (settings is not null)
        {
            return settings;
        }

        var workspace = await GetAsync(workspaceId, cancellationToken).ConfigureAwait(false);
        return new WorkspaceSettings { WorkspaceId = workspace.Id, CreatedAt = workspace.CreatedAt, UpdatedAt = workspace.CreatedAt };
    }

    /// <summary>Changes some settings of a workspace, keeping the others.</summary>
    /// <param name="workspaceId">The workspace id.</param>
    /// <param name="patch">The changes.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The stored settings.</returns>
    /// <exception cref="NexoException">Validation for out-of-range values or an unknown connection; NotFound for an unknown workspace.</exception>
    public async Task<WorkspaceSettings> UpdateSettingsAsync(string workspaceId, WorkspaceSettingsPatch patch, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(patch);
        var current = await GetSettingsAsync(workspaceId, cancellationToken).ConfigureAwait(false);
        string? connectionId = current.LlmConnectionId;
        if (patch.LlmConnectionId is not null)
        {
            connectionId = Validate.Optional(patch.LlmConnectionId);
            if (connectionId is not null && await _connections.GetAsync(connectionId, cancellationToken).ConfigureAwait(false) is null)
            {
                throw NexoException.Validation("llmConnectionId", $"The LLM connection '{connectionId}' does not exist.");
            }
        }

        var next = current with
        {
            SystemMessage = patch.SystemMessage is null ? current.SystemMessage : (patch.SystemMessage.Length == 0 ? null : patch.SystemMessage),
            LlmConnectionId = connectionId,
            DefaultModel = patch.DefaultModel is null ? current.DefaultModel : Validate.Optional(patch.DefaultModel),
            Temperature = patch.ClearTemperature ? null : patch.Temperature is { } t ? Validate.Range(t, 0, 2, "temperature") : current.Temperature,
            MaxTokens = patch.ClearMaxTokens ? null : patch.MaxTokens is { } m ? Validate.Range(m, 1, 10_000_000, "maxTokens") : current.MaxTokens,
            StreamEnabled = patch.StreamEnabled ?? current.StreamEnabled,
            MaxAgentIterations = patch.MaxAgentIterations is { } i ? Validate.Range(i, 1, 100, "maxAgentIterations") : current.MaxAgentIterations,
            ToolPermissionMode = patch.ToolPermissionMode ?? current.ToolPermissionMode,
            ToolPermissions = patch.ToolPermissions is null ? current.ToolPermissions : ValidateToolKeys(patch.ToolPermissions),
            McpToolIds = patch.McpToolIds is null ? current.McpToolIds : ValidateToolMap(patch.McpToolIds),
            DisabledTools = patch.DisabledTools is null ? current.DisabledTools : ValidateToolNames(patch.DisabledTools),
            MonthlyBudgetUsd = patch.ClearMonthlyBudget ? null : patch.MonthlyBudgetUsd is { } budget ? CheckBudget(budget) : current.MonthlyBudgetUsd,
            ContextStrategy = patch.ContextStrategy is { } strategy ? CheckStrategy(strategy) : current.ContextStrategy,
            BuiltinTools = patch.BuiltinTools is null ? current.BuiltinTools : CheckBuiltinTools(patch.BuiltinTools),
            UpdatedAt = _time.UtcNowMs(),
        };
        if (patch.ToolPermissions is not null)
        {
            next = next with { ToolRuleBindings = BindRules(current, next) };
        }

        await _repository.SaveSettingsAsync(next, cancellationToken).ConfigureAwait(false);
        return next;
    }

    /// <summary>
    /// What the rules of <paramref name="next"/> were made for. A rule that is unchanged keeps its binding (a remembered
    /// rule keeps its fingerprint when a client writes the whole map back); a new or changed rule has no fingerprint, and
    /// a new or changed bare-name rule is bound to the one MCP server of the workspace that enables a tool of that name
    /// (none when no server or several do: then it allows only tools that are not MCP tools).
    /// </summary>
    private static Dictionary<string, ToolRuleBinding> BindRules(WorkspaceSettings current, WorkspaceSettings next)
    {
        var bindings = new Dictionary<string, ToolRuleBinding>(StringComparer.Ordinal);
        foreach (var (key, rule) in next.ToolPermissions)
        {
            if (current.ToolPermissions.TryGetValue(key, out var old) && old == rule && current.ToolRuleBindings.TryGetValue(key, out var kept))
            {
                bindings[key] = kept;
            }
            else if (next.McpToolIds.Where(kv => kv.Value.Contains(key, StringComparer.Ordinal)).Select(kv => kv.Key).Take(2).ToList() is [var server])
            {
                bindings[key] = new ToolRuleBinding(server, null);
            }
        }

        return bindings;
    }

    private static decimal CheckBudget(decimal budget) =>
        budget <= 0
            ? throw NexoException.Validation("monthlyBudgetUsd", "The monthly budget must be more than 0 USD (clear it to have none).")
            : Costs.CheckPrice(budget, "monthlyBudgetUsd");

    private static List<string> CheckBuiltinTools(IReadOnlyList<string> names)
    {
        foreach (var name in names)
        {
            if (!BuiltinToolNames.All.Contains(name, StringComparer.Ordinal))
            {
                throw NexoException.Validation("builtinTools", $"'{name}' is not a built-in tool. The built-in tools are: {string.Join(", ", BuiltinToolNames.All)}.");
            }
        }

        return BuiltinToolNames.All.Where(names.Contains).ToList();
    }

    private static ContextStrategy CheckStrategy(ContextStrategy strategy) =>
        Enum.IsDefined(strategy)
            ? strategy
            : throw NexoException.Validation("contextStrategy", "The context strategy must be 'summarize' or 'truncate'.");

    private static Dictionary<string, ToolPermissionRule> ValidateToolKeys(IReadOnlyDictionary<string, ToolPermissionRule> rules)
    {
        foreach (var key in rules.Keys)
        {
            if (string.IsNullOrWhiteSpace(key))
            {
                throw NexoException.Validation("toolPermissionConfig", "A tool permission rule has an empty tool name.");
            }
        }

        return rules.ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal);
    }

    private static List<string> ValidateToolNames(IReadOnlyList<string> names)
    {
        if (names.Any(string.IsNullOrWhiteSpace))
        {
            throw NexoException.Validation("disabledTools", "A disabled tool has an empty name.");
        }

        return names.Select(n => n.Trim()).Distinct(StringComparer.Ordinal).ToList();
    }

    private static Dictionary<string, IReadOnlyList<string>> ValidateToolMap(IReadOnlyDictionary<string, IReadOnlyList<string>> map)
    {
        var result = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var (serverId, tools) in map)
        {
            Validate.Id(serverId, "mcpToolIds");
            result[serverId] = (tools ?? []).Where(t => !string.IsNullOrWhiteSpace(t)).Distinct(StringComparer.Ordinal).ToList();
        }

        return result;
    }

    private static string? NormalizeRoot(string? path)
    {
        if (string.IsNullOrWhiteSpace(path))
        {
            return null;
        }

        try
        {
            var full = Path.GetFullPath(path.Trim());
            return full.Length > 1 ? full.TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar) : full;
        }
        catch (Exception ex) when (ex is ArgumentException or NotSupportedException or PathTooLongException)
        {
            throw NexoException.Validation("rootPath", $"'{path}' is not a valid folder path.");
        }
    }
}
