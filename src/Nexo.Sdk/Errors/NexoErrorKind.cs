namespace Nexo;

/// <summary>The machine-readable kind of a <see cref="NexoException"/>. Hosts map each kind to a stable error code.</summary>
public enum NexoErrorKind
{
    /// <summary>An unexpected failure inside Nexo.</summary>
    Internal,
    /// <summary>An entity (workspace, chat, message, connection…) does not exist.</summary>
    NotFound,
    /// <summary>An input is invalid: empty names, bad URLs, out-of-range numbers, malformed JSON.</summary>
    Validation,
    /// <summary>The operation conflicts with the current state (a duplicate name, a chat that is already streaming).</summary>
    Conflict,
    /// <summary>The database failed or cannot be used (locked, corrupt, written by a newer version).</summary>
    Database,
    /// <summary>An LLM provider failed or answered with an error.</summary>
    Llm,
    /// <summary>An MCP server failed or answered with an error.</summary>
    Mcp,
    /// <summary>The operation was cancelled.</summary>
    Cancelled,
    /// <summary>A tool call or operation was not permitted.</summary>
    PermissionDenied,
    /// <summary>Something required is not configured yet (for example no LLM connection).</summary>
    NotConfigured,
    /// <summary>A secret could not be encrypted or decrypted (missing or wrong key file).</summary>
    Security,
}
