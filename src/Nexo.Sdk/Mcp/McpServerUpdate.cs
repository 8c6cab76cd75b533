namespace Nexo;

/// <summary>A partial update of an <see cref="McpServer"/>; <see langword="null"/> properties keep their stored value.</summary>
public sealed record McpServerUpdate
{
    /// <summary>The new name.</summary>
    public string? Name { get; init; }

    /// <summary>The new transport.</summary>
    public McpTransportKind? Transport { get; init; }

    /// <summary>The new command (empty string clears it).</summary>
    public string? Command { get; init; }

    /// <summary>Replaces the arguments.</summary>
    public IReadOnlyList<string>? Args { get; init; }

    /// <summary>Replaces the environment variables.</summary>
    public IReadOnlyDictionary<string, string>? Env { get; init; }

    /// <summary>Replaces the names of host environment variables the server also receives (<see cref="McpServer.InheritEnv"/>); an empty list passes none.</summary>
    public IReadOnlyList<string>? InheritEnv { get; init; }

    /// <summary>The new working directory (empty string clears it).</summary>
    public string? WorkingDirectory { get; init; }

    /// <summary>The new URL (empty string clears it).</summary>
    public string? Url { get; init; }

    /// <summary>Replaces the headers.</summary>
    public IReadOnlyDictionary<string, string>? Headers { get; init; }

    /// <summary>Replaces the OAuth settings (see <see cref="NewMcpServer.OAuth"/>); stored tokens stay. <see langword="null"/> keeps them.</summary>
    public McpOAuthSettings? OAuth { get; init; }

    /// <summary>Enables or disables the server.</summary>
    public bool? Enabled { get; init; }

    /// <summary>The new timeout in seconds.</summary>
    public int? TimeoutSeconds { get; init; }

    /// <inheritdoc />
    public override string ToString() => $"McpServerUpdate {{ Name = {Name}, Transport = {Transport} }}";
}
