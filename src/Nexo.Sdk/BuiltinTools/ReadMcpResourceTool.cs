namespace Nexo.BuiltinTools;

/// <summary>
/// <c>read_mcp_resource {uri?, server?}</c>: without <c>uri</c>, lists the resources and resource templates of the
/// workspace's MCP servers (or of one); with it, reads that resource, whether the server lists it or not (a resource
/// link from a tool result, a URI made from a template). Text comes back inside a <c>&lt;resource&gt;</c> tag; binary
/// content is described. Only reads, so <see cref="ToolPermissionMode.AllowReads"/> runs it without asking. Needs no folder.
/// </summary>
internal sealed class ReadMcpResourceTool(BuiltinToolContext context) : BuiltinTool(context, BuiltinToolNames.ReadMcpResource, Text, Schema)
{
    private const string Text =
        "Lists and reads the resources of this workspace's MCP servers (documents, data, files they expose). "
        + "Call it without 'uri' to list the resources and URI templates (of every server, or of 'server'); call it with a 'uri' "
        + "(a listed one, a template with its {variables} filled in, or a resource link a tool returned) to read that resource.";

    private const string Schema = """
        {
          "type": "object",
          "properties": {
            "uri": { "type": "string", "description": "The resource to read. Leave it out to list the resources." },
            "server": { "type": "string", "description": "The MCP server's name (or id). Needed to read when several servers could have the URI." }
          },
          "additionalProperties": false
        }
        """;

    protected override Task<ToolCallPreview> PreviewCoreAsync(BuiltinToolArguments arguments, CancellationToken cancellationToken) =>
        Task.FromResult(new ToolCallPreview { Kind = BuiltinToolNames.KindOf(Name), Path = arguments.String("uri", allowEmpty: false) });

    protected override Task<string> RunAsync(BuiltinToolArguments arguments, CancellationToken cancellationToken)
    {
        var resources = Context.Resources ?? throw arguments.Error("uri", "MCP resources are not available in this turn.");
        var server = arguments.String("server", allowEmpty: false);
        var uri = arguments.String("uri", allowEmpty: false);
        return uri is null
            ? resources.ListAsync(Name, server, cancellationToken)
            : resources.ReadAsync(Name, server, uri, cancellationToken);
    }
}
