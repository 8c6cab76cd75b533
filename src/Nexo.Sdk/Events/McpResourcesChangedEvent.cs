namespace Nexo;

/// <summary>
/// <c>mcp-resources-changed</c>: an MCP server said its resources changed: its list
/// (<c>notifications/resources/list_changed</c>) or a resource subscribed to with
/// <see cref="McpHost.SubscribeResourceAsync"/> (<c>notifications/resources/updated</c>).
/// </summary>
public sealed record McpResourcesChangedEvent : NexoEvent
{
    /// <inheritdoc />
    public override string EventName => NexoEvents.McpResourcesChanged;

    /// <summary>The MCP server connection.</summary>
    public required string ServerId { get; init; }

    /// <summary>What changed: <c>listChanged</c> or <c>updated</c>.</summary>
    public required McpResourcesChangeKind Kind { get; init; }

    /// <summary>The resource that changed, for <see cref="McpResourcesChangeKind.Updated"/>.</summary>
    public string? Uri { get; init; }
}
