namespace Nexo;

/// <summary>The input for creating an <see cref="McpServer"/>.</summary>
public sealed record NewMcpServer
{
    /// <summary>An id chosen by the caller; a new one is generated when <see langword="null"/>.</summary>
    public string? Id { get; init; }

    /// <summary>The display name (required, unique).</summary>
    public required string Name { get; init; }

    /// <summary>The transport.</summary>
    public required McpTransportKind Transport { get; init; }

    /// <summary>For stdio: the program to start (required for stdio).</summary>
    public string? Command { get; init; }

    /// <summary>For stdio: the program's arguments.</summary>
    public IReadOnlyList<string>? Args { get; init; }

    /// <summary>For stdio: extra environment variables; stored encrypted.</summary>
    public IReadOnlyDictionary<string, string>? Env { get; init; }

    /// <summary>
    /// For stdio: the names of host environment variables the server also receives. A stdio server starts from a minimal
    /// safe environment (<see cref="McpServerEnvironment.SafeVariables"/>) plus <see cref="Env"/>; any other host variable
    /// (API keys, tokens) reaches it only when named here. Empty by default.
    /// </summary>
    public IReadOnlyList<string>? InheritEnv { get; init; }

    /// <summary>For stdio: the working directory.</summary>
    public string? WorkingDirectory { get; init; }

    /// <summary>For HTTP: the endpoint URL (required for HTTP).</summary>
    public string? Url { get; init; }

    /// <summary>For HTTP: extra headers; stored encrypted.</summary>
    public IReadOnlyDictionary<string, string>? Headers { get; init; }

    /// <summary>For HTTP: marks the server as protected by OAuth 2.1 (see <see cref="McpOAuthSettings"/>); <see langword="null"/> when it is not.</summary>
    public McpOAuthSettings? OAuth { get; init; }

    /// <summary>Whether the server may be connected (default <see langword="true"/>).</summary>
    public bool Enabled { get; init; } = true;

    /// <summary>The timeout of one request in seconds (1 to 3600, default 60).</summary>
    public int TimeoutSeconds { get; init; } = 60;

    /// <inheritdoc />
    public override string ToString() => $"NewMcpServer {{ Name = {Name}, Transport = {Transport}, Command = {Command}, Url = {Url} }}";
}
