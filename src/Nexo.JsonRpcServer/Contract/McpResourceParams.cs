namespace Nexo.JsonRpcServer.Contract;

/// <summary><c>list_mcp_resources</c>: the resources of a server (every page), connecting it when needed.</summary>
public sealed record ListMcpResourcesParams
{
    /// <summary>The server connection.</summary>
    public required string ServerId { get; init; }
}

/// <summary><c>list_mcp_resource_templates</c>: the resource templates of a server, each with the names of its variables (<c>arguments</c>).</summary>
public sealed record ListMcpResourceTemplatesParams
{
    /// <summary>The server connection.</summary>
    public required string ServerId { get; init; }
}

/// <summary>
/// <c>read_mcp_resource</c>: reads a resource of a server (listed or not). With <c>arguments</c>, <c>uri</c> is a URI
/// template whose variables they fill in (RFC 6570) before it is read.
/// </summary>
public sealed record ReadMcpResourceParams
{
    /// <summary>The server connection.</summary>
    public required string ServerId { get; init; }

    /// <summary>The resource URI, or a URI template when <see cref="Arguments"/> is given.</summary>
    public required string Uri { get; init; }

    /// <summary>The values of the template's variables (strings); makes <see cref="Uri"/> a template.</summary>
    public IReadOnlyDictionary<string, string>? Arguments { get; init; }
}

/// <summary><c>subscribe_mcp_resource</c>: subscribes to a resource of a server that supports it; its changes arrive as <c>mcp-resources-changed</c> (kind <c>updated</c>).</summary>
public sealed record SubscribeMcpResourceParams
{
    /// <summary>The server connection.</summary>
    public required string ServerId { get; init; }

    /// <summary>The resource URI.</summary>
    public required string Uri { get; init; }
}

/// <summary><c>unsubscribe_mcp_resource</c>: ends a subscription made with <c>subscribe_mcp_resource</c>.</summary>
public sealed record UnsubscribeMcpResourceParams
{
    /// <summary>The server connection.</summary>
    public required string ServerId { get; init; }

    /// <summary>The resource URI.</summary>
    public required string Uri { get; init; }
}
