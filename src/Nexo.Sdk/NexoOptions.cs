using Microsoft.Extensions.Logging;

namespace Nexo;

/// <summary>Options for opening a <see cref="NexoClient"/>.</summary>
public sealed class NexoOptions
{
    /// <summary>The database file; <see cref="NexoPaths.DefaultDatabasePath"/> when <see langword="null"/>.</summary>
    public string? DatabasePath { get; set; }

    /// <summary>
    /// A 256-bit key that encrypts secrets, supplied by the host (for example from an OS keychain). When
    /// <see langword="null"/>, the key is read from (or created in) <see cref="KeyFilePath"/>.
    /// </summary>
    public byte[]? EncryptionKey { get; set; }

    /// <summary>The key file; <c>nexo.key</c> beside the database when <see langword="null"/>. Created readable by its owner only.</summary>
    public string? KeyFilePath { get; set; }

    /// <summary>Logging; nothing is logged when <see langword="null"/>. Secrets and prompts are never logged above Debug.</summary>
    public ILoggerFactory? LoggerFactory { get; set; }

    /// <summary>Creates chat clients for LLM connections; Nexo's built-in providers when <see langword="null"/>.</summary>
    public ILlmClientFactory? LlmClientFactory { get; set; }

    /// <summary>How often a streaming answer's partial content is written to the database (default 250 ms).</summary>
    public TimeSpan StreamFlushInterval { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>How long a turn waits for an answer to a tool permission request before treating it as a deny (default 5 minutes).</summary>
    public TimeSpan ToolPermissionTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>The clock; <see cref="TimeProvider.System"/> when <see langword="null"/>.</summary>
    public TimeProvider? TimeProvider { get; set; }
}
