namespace Nexo;

/// <summary>What <see cref="NexoClient.RekeyAsync"/> did: where the new key is and which rows lost their secrets.</summary>
public sealed record RekeyResult
{
    /// <summary>The full path of the database.</summary>
    public required string DatabasePath { get; init; }

    /// <summary>The key file now holding the new key; <see langword="null"/> when the host supplied the key (<see cref="NexoOptions.EncryptionKey"/>).</summary>
    public string? KeyFilePath { get; init; }

    /// <summary>Where the previous key file was moved, or <see langword="null"/> when there was none.</summary>
    public string? ReplacedKeyFilePath { get; init; }

    /// <summary>How many LLM connections had their API key and headers cleared.</summary>
    public int ClearedConnections { get; init; }

    /// <summary>How many MCP servers had their environment and header values cleared.</summary>
    public int ClearedMcpServers { get; init; }
}
