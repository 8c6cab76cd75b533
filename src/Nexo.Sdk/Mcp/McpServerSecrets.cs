namespace Nexo;

/// <summary>The decrypted environment and headers of an MCP server connection. Keep them in memory only.</summary>
public sealed record McpServerSecrets
{
    /// <summary>The environment variables with their real values.</summary>
    public IReadOnlyDictionary<string, string> Env { get; init; } = new Dictionary<string, string>();

    /// <summary>The HTTP headers with their real values.</summary>
    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();

    /// <inheritdoc />
    public override string ToString() => "McpServerSecrets { ***redacted*** }";
}
