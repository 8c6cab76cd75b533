using Nexo.JsonRpcServer.Contract;
using StreamJsonRpc;

namespace Nexo.JsonRpcServer.Methods;

/// <summary>MCP resource commands: thin calls into <see cref="McpHost"/>.</summary>
/// <param name="nexo">The SDK client.</param>
public sealed class McpResourceMethods(NexoClient nexo)
{
    /// <summary><c>list_mcp_resources</c>.</summary>
    [JsonRpcMethod(NexoCommands.ListMcpResources, UseSingleObjectParameterDeserialization = true)]
    public Task<IReadOnlyList<McpResourceInfo>> ListMcpResourcesAsync(ListMcpResourcesParams p, CancellationToken ct) =>
        nexo.Mcp.ListResourcesAsync(p.ServerId, ct);

    /// <summary><c>list_mcp_resource_templates</c>.</summary>
    [JsonRpcMethod(NexoCommands.ListMcpResourceTemplates, UseSingleObjectParameterDeserialization = true)]
    public Task<IReadOnlyList<McpResourceTemplateInfo>> ListMcpResourceTemplatesAsync(ListMcpResourceTemplatesParams p, CancellationToken ct) =>
        nexo.Mcp.ListResourceTemplatesAsync(p.ServerId, ct);

    /// <summary><c>read_mcp_resource</c>.</summary>
    [JsonRpcMethod(NexoCommands.ReadMcpResource, UseSingleObjectParameterDeserialization = true)]
    public Task<McpResourceReadResult> ReadMcpResourceAsync(ReadMcpResourceParams p, CancellationToken ct) =>
        p.Arguments is { } arguments
            ? nexo.Mcp.ReadResourceTemplateAsync(p.ServerId, p.Uri, arguments, ct)
            : nexo.Mcp.ReadResourceAsync(p.ServerId, p.Uri, ct);

    /// <summary><c>subscribe_mcp_resource</c>.</summary>
    [JsonRpcMethod(NexoCommands.SubscribeMcpResource, UseSingleObjectParameterDeserialization = true)]
    public Task SubscribeMcpResourceAsync(SubscribeMcpResourceParams p, CancellationToken ct) =>
        nexo.Mcp.SubscribeResourceAsync(p.ServerId, p.Uri, ct);

    /// <summary><c>unsubscribe_mcp_resource</c>.</summary>
    [JsonRpcMethod(NexoCommands.UnsubscribeMcpResource, UseSingleObjectParameterDeserialization = true)]
    public Task UnsubscribeMcpResourceAsync(UnsubscribeMcpResourceParams p, CancellationToken ct) =>
        nexo.Mcp.UnsubscribeResourceAsync(p.ServerId, p.Uri, ct);
}
