namespace Nexo;

/// <summary>The LLM connection and model a turn would use.</summary>
public sealed record ResolvedModel
{
    /// <summary>The connection (secrets masked).</summary>
    public required LlmConnection Connection { get; init; }

    /// <summary>The model id.</summary>
    public required string Model { get; init; }
}
