using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Nexo;

/// <summary>
/// Tells the model about the <c>resource_link</c> blocks of a tool result: the blocks stay in
/// <see cref="McpToolResult.Content"/> (uri, name, mimeType), and the result's text gains a line per link saying how to
/// read it with the built-in <c>read_mcp_resource</c> tool.
/// </summary>
internal static class McpResourceLinks
{
    public static McpToolResult Describe(McpToolResult result, string serverName)
    {
        var links = result.Content.Where(c => c is { Type: "resource_link", Uri: not null }).ToList();
        if (links.Count == 0)
        {
            return result;
        }

        var text = new StringBuilder(result.Text);
        foreach (var link in links)
        {
            if (text.Length > 0)
            {
                text.Append('\n');
            }

            var arguments = new JsonObject { ["server"] = serverName, ["uri"] = link.Uri! }.ToJsonString();
            text.Append("[resource link: ").Append(link.Name ?? link.Uri).Append(" <").Append(link.Uri).Append('>');
            if (link.MimeType is not null)
            {
                text.Append(" (").Append(link.MimeType).Append(')');
            }

            text.Append(" — read it with the ").Append(BuiltinToolNames.ReadMcpResource).Append(" tool: ").Append(arguments).Append(']');
        }

        return result with { Text = text.ToString() };
    }
}
