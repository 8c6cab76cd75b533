namespace Nexo;

/// <summary>Manages MCP server connections. Environment and header values are encrypted at rest and masked in listings.</summary>
public sealed class McpServerService
{
    private readonly IMcpServerRepository _repository;
    private readonly TimeProvider _time;

    internal McpServerService(IMcpServerRepository repository, TimeProvider time)
    {
        _repository = repository;
        _time = time;
    }

    /// <summary>Creates a server connection.</summary>
    /// <param name="input">The server.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The stored server, secrets masked.</returns>
    /// <exception cref="NexoException">Validation (missing command for stdio, bad URL for HTTP, bad timeout) or Conflict.</exception>
    public async Task<McpServer> CreateAsync(NewMcpServer input, CancellationToken cancellationToken = default)
    {
        var (server, secrets) = Prepare(input);
        await _repository.CreateAsync(server, secrets, cancellationToken).ConfigureAwait(false);
        return await GetAsync(server.Id, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Validates a new server (as <see cref="CreateAsync"/> does) and builds its record and secrets without storing them.</summary>
    internal (McpServer Server, McpServerSecrets Secrets) Prepare(NewMcpServer input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var now = _time.UtcNowMs();
        var server = new McpServer
        {
            Id = input.Id is null ? Ids.New() : Validate.Id(input.Id),
            Name = Validate.Name(input.Name),
            Transport = input.Transport,
            Command = Validate.Optional(input.Command),
            Args = (input.Args ?? []).ToList(),
            InheritEnv = ValidateEnvNames(input.InheritEnv),
            WorkingDirectory = Validate.Optional(input.WorkingDirectory),
            Url = Validate.Optional(input.Url),
            Enabled = input.Enabled,
            TimeoutSeconds = Validate.Range(input.TimeoutSeconds, 1, 3600, "timeoutSeconds"),
            OAuth = ValidateOAuth(input.OAuth),
            CreatedAt = now,
            UpdatedAt = now,
        };
        var secrets = new McpServerSecrets
        {
            Env = ValidateEnv(input.Env),
            Headers = Validate.Headers(input.Headers, "headers"),
            OAuthClientSecret = server.OAuth is null ? null : Validate.Optional(input.OAuth!.ClientSecret),
        };
        return (CheckTransport(server), secrets);
    }

    /// <summary>
    /// The status of a server in this process's <see cref="McpHost"/>, when it holds (or tries to hold) a connection; set by
    /// <see cref="NexoClient"/>.
    /// </summary>
    internal Func<string, (McpServerStatus Status, string? Error)?>? LocalStatus { get; set; }

    /// <summary>
    /// Lists all server connections (secrets masked), oldest first. <see cref="McpServer.Status"/> is this process's own
    /// status of a server it uses; otherwise the status last stored by a process that is still running
    /// (<c>disconnected</c> when the process that connected it has stopped).
    /// </summary>
    /// <param name="cancellationToken">Cancels the operation.</param>
    public async Task<IReadOnlyList<McpServer>> ListAsync(CancellationToken cancellationToken = default) =>
        (await _repository.ListAsync(cancellationToken).ConfigureAwait(false)).Select(WithLocalStatus).ToList();

    /// <summary>Reads a server connection (secrets masked), with its status as <see cref="ListAsync"/> describes it.</summary>
    /// <param name="id">The id.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <exception cref="NexoException">NotFound when it does not exist.</exception>
    public async Task<McpServer> GetAsync(string id, CancellationToken cancellationToken = default) =>
        WithLocalStatus(await _repository.GetAsync(Validate.Id(id), cancellationToken).ConfigureAwait(false) ?? throw NexoException.NotFound("MCP server", id));

    /// <summary>
    /// Reads a server connection (secrets masked, status as <see cref="ListAsync"/> describes it), or returns
    /// <see langword="null"/> when none has this id (unlike <see cref="GetAsync"/>, which throws).
    /// </summary>
    /// <param name="id">The id.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The server, or <see langword="null"/>.</returns>
    /// <exception cref="NexoException">Validation when the id is empty or malformed.</exception>
    public async Task<McpServer?> FindByIdAsync(string id, CancellationToken cancellationToken = default) =>
        await _repository.GetAsync(Validate.Id(id), cancellationToken).ConfigureAwait(false) is { } server ? WithLocalStatus(server) : null;

    /// <summary>Finds a server connection by id or, failing that, by name.</summary>
    /// <param name="idOrName">An id or a name.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    public async Task<McpServer> FindAsync(string idOrName, CancellationToken cancellationToken = default)
    {
        var key = Validate.Name(idOrName, "server");
        return WithLocalStatus(await _repository.GetAsync(key, cancellationToken).ConfigureAwait(false)
            ?? await _repository.GetByNameAsync(key, cancellationToken).ConfigureAwait(false)
            ?? throw NexoException.NotFound("MCP server", idOrName));
    }

    /// <summary>Changes a server connection.</summary>
    /// <param name="id">The id.</param>
    /// <param name="update">The changes.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The updated server, secrets masked.</returns>
    public async Task<McpServer> UpdateAsync(string id, McpServerUpdate update, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(update);
        var current = await GetAsync(id, cancellationToken).ConfigureAwait(false);
        // The stored secrets are never read here: a new value replaces the old one without decrypting it.
        McpServerSecrets? secrets = null;
        if (update.Env is not null || update.Headers is not null || update.OAuth is not null)
        {
            secrets = new McpServerSecrets
            {
                Env = update.Env is null ? new Dictionary<string, string>() : ValidateEnv(update.Env),
                Headers = update.Headers is null ? new Dictionary<string, string>() : Validate.Headers(update.Headers, "headers"),
                OAuthClientSecret = update.OAuth is null ? null : Validate.Optional(update.OAuth.ClientSecret),
            };
        }

        var next = CheckTransport(current with
        {
            Name = update.Name is null ? current.Name : Validate.Name(update.Name),
            Transport = update.Transport ?? current.Transport,
            Command = update.Command is null ? current.Command : Validate.Optional(update.Command),
            Args = update.Args is null ? current.Args : update.Args.ToList(),
            InheritEnv = update.InheritEnv is null ? current.InheritEnv : ValidateEnvNames(update.InheritEnv),
            WorkingDirectory = update.WorkingDirectory is null ? current.WorkingDirectory : Validate.Optional(update.WorkingDirectory),
            Url = update.Url is null ? current.Url : Validate.Optional(update.Url),
            Enabled = update.Enabled ?? current.Enabled,
            TimeoutSeconds = update.TimeoutSeconds is { } t ? Validate.Range(t, 1, 3600, "timeoutSeconds") : current.TimeoutSeconds,
            OAuth = update.OAuth is null ? current.OAuth : ValidateOAuth(update.OAuth),
            UpdatedAt = _time.UtcNowMs(),
        });
        if (!await _repository.UpdateAsync(next, secrets, keepEnv: update.Env is null, keepHeaders: update.Headers is null, keepArgs: update.Args is null, keepUrl: update.Url is null, keepOAuth: update.OAuth is null, cancellationToken).ConfigureAwait(false))
        {
            throw NexoException.NotFound("MCP server", id);
        }

        return await GetAsync(current.Id, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Stores the status, last error and (optionally) the tool list of a server connection.</summary>
    /// <param name="id">The id.</param>
    /// <param name="status">The status.</param>
    /// <param name="lastError">The last error, if any.</param>
    /// <param name="tools">The tools, or <see langword="null"/> to keep the cached list.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    public async Task UpdateStatusAsync(string id, McpServerStatus status, string? lastError = null, IReadOnlyList<McpToolInfo>? tools = null, CancellationToken cancellationToken = default)
    {
        if (!await _repository.UpdateStatusAsync(Validate.Id(id), status, lastError, tools, cancellationToken).ConfigureAwait(false))
        {
            throw NexoException.NotFound("MCP server", id);
        }
    }

    /// <summary>Deletes a server connection.</summary>
    /// <param name="id">The id.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <exception cref="NexoException">NotFound when it does not exist.</exception>
    public async Task DeleteAsync(string id, CancellationToken cancellationToken = default)
    {
        if (Deleting is { } deleting && await _repository.GetAsync(Validate.Id(id), cancellationToken).ConfigureAwait(false) is not null)
        {
            // A live connection to the server (and its process) goes first, so nothing keeps running unseen.
            await deleting(id, cancellationToken).ConfigureAwait(false);
        }

        if (!await _repository.DeleteAsync(Validate.Id(id), cancellationToken).ConfigureAwait(false))
        {
            throw NexoException.NotFound("MCP server", id);
        }
    }

    /// <summary>Decrypts the environment and headers of a server connection. Keep them in memory only.</summary>
    /// <param name="id">The id.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    public async Task<McpServerSecrets> GetSecretsAsync(string id, CancellationToken cancellationToken = default) =>
        await _repository.GetSecretsAsync(Validate.Id(id), cancellationToken).ConfigureAwait(false) ?? throw NexoException.NotFound("MCP server", id);

    /// <summary>Called before a server connection is deleted (the MCP host disconnects it).</summary>
    internal Func<string, CancellationToken, Task>? Deleting { get; set; }

    private static McpServer CheckTransport(McpServer server)
    {
        if (server.Transport == McpTransportKind.Stdio)
        {
            if (server.Command is null)
            {
                throw NexoException.Validation("command", "A stdio MCP server needs a command to start.");
            }

            if (server.OAuth is not null)
            {
                throw NexoException.Validation("oauth", "OAuth is for HTTP MCP servers; a stdio server takes its credentials from its environment.");
            }

            return server;
        }

        return server with { Url = Validate.HttpUrl(server.Url, "url") };
    }

    /// <summary>Checks OAuth settings: a client secret needs its client id; scopes are single words, duplicates dropped.</summary>
    internal static McpOAuthSettings? ValidateOAuth(McpOAuthSettings? oauth)
    {
        if (oauth is null)
        {
            return null;
        }

        var clientId = Validate.Optional(oauth.ClientId);
        if (clientId is null && Validate.Optional(oauth.ClientSecret) is not null)
        {
            throw NexoException.Validation("oauth.clientSecret", "An OAuth client secret needs its client id (oauth.clientId).");
        }

        var scopes = new List<string>();
        foreach (var scope in oauth.Scopes ?? [])
        {
            if (string.IsNullOrWhiteSpace(scope) || scope.Any(c => char.IsWhiteSpace(c) || char.IsControl(c) || c is '"' or '\\'))
            {
                throw NexoException.Validation("oauth.scopes", $"'{scope}' is not an OAuth scope: a scope is one word without spaces or quotes.");
            }

            if (!scopes.Contains(scope, StringComparer.Ordinal))
            {
                scopes.Add(scope);
            }
        }

        return new McpOAuthSettings { ClientId = clientId, Scopes = scopes };
    }

    /// <summary>Checks the names of <see cref="McpServer.InheritEnv"/>: each a valid variable name, duplicates dropped, in the given order.</summary>
    internal static List<string> ValidateEnvNames(IReadOnlyList<string>? names)
    {
        var result = new List<string>();
        foreach (var name in names ?? [])
        {
            if (!IsValidEnvName(name))
            {
                throw NexoException.Validation("inheritEnv", $"'{name}' is not a valid environment variable name.");
            }

            if (!result.Contains(name, StringComparer.Ordinal))
            {
                result.Add(name);
            }
        }

        return result;
    }

    private static bool IsValidEnvName(string? name) =>
        !string.IsNullOrWhiteSpace(name) && !name.Contains('=', StringComparison.Ordinal) && !name.Any(char.IsControl);

    private static Dictionary<string, string> ValidateEnv(IReadOnlyDictionary<string, string>? env)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in env ?? new Dictionary<string, string>())
        {
            if (string.IsNullOrWhiteSpace(name) || name.Contains('=', StringComparison.Ordinal) || name.Any(char.IsControl))
            {
                throw NexoException.Validation("env", $"'{name}' is not a valid environment variable name.");
            }

            result[name] = value ?? string.Empty;
        }

        return result;
    }

    private McpServer WithLocalStatus(McpServer server) =>
        LocalStatus?.Invoke(server.Id) is { } local && (local.Status != server.Status || local.Error != server.LastError)
            ? server with { Status = local.Status, LastError = local.Error }
            : server;
}
