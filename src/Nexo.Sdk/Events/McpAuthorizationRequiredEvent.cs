namespace Nexo;

/// <summary>
/// <c>mcp-authorization-required</c>: an OAuth-protected MCP server needs the user to authorize Nexo. Open
/// <see cref="Url"/> in a browser: the authorization server redirects to Nexo's loopback listener, which completes the
/// authorization and stores the tokens (encrypted). Carries no token.
/// </summary>
public sealed record McpAuthorizationRequiredEvent : NexoEvent
{
    /// <inheritdoc />
    public override string EventName => NexoEvents.McpAuthorizationRequired;

    /// <summary>The MCP server connection.</summary>
    public required string ServerId { get; init; }

    /// <summary>Its name.</summary>
    public required string Name { get; init; }

    /// <summary>The authorization URL to open in a browser.</summary>
    public required string Url { get; init; }
}
