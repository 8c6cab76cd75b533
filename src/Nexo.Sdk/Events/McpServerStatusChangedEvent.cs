namespace Nexo;

/// <summary><c>mcp-server-status-changed</c>: an MCP server connection changed state.</summary>
public sealed record McpServerStatusChangedEvent : NexoEvent
{
    /// <inheritdoc />
    public override string EventName => NexoEvents.McpServerStatusChanged;

    /// <summary>The MCP server connection.</summary>
    public required string ServerId { get; init; }

    /// <summary>Its name.</summary>
    public required string Name { get; init; }

    /// <summary>The new status.</summary>
    public required McpServerStatus Status { get; init; }

    /// <summary>The error, when the status is <see cref="McpServerStatus.Error"/>.</summary>
    public string? Error { get; init; }
}
