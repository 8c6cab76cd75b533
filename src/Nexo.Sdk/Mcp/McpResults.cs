using System.Text;
using System.Text.Json;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;

namespace Nexo;

/// <summary>Maps the MCP client's result types to Nexo's plain records.</summary>
internal static class McpResults
{
    public static McpToolResult FromCallResult(CallToolResult result, long durationMs)
    {
        var items = new List<McpContentItem>(result.Content.Count);
        var text = new StringBuilder();
        foreach (var block in result.Content)
        {
            var item = block switch
            {
                TextContentBlock t => new McpContentItem { Type = "text", Text = t.Text },
                ImageContentBlock i => new McpContentItem { Type = "image", MimeType = i.MimeType, Data = Base64(i.Data) },
                AudioContentBlock a => new McpContentItem { Type = "audio", MimeType = a.MimeType, Data = Base64(a.Data) },
                EmbeddedResourceBlock { Resource: TextResourceContents r } => new McpContentItem { Type = "resource", Uri = r.Uri, MimeType = r.MimeType, Text = r.Text },
                EmbeddedResourceBlock { Resource: BlobResourceContents r } => new McpContentItem { Type = "resource", Uri = r.Uri, MimeType = r.MimeType, Data = Base64(r.Blob) },
                ResourceLinkBlock l => new McpContentItem { Type = "resource_link", Uri = l.Uri, Name = l.Name, MimeType = l.MimeType, Text = l.Description },
                _ => new McpContentItem { Type = block.Type },
            };
            items.Add(item);
            if (item is { Type: "text" or "resource", Text: { } part })
            {
                if (text.Length > 0)
                {
                    text.Append('\n');
                }

                text.Append(part);
            }
        }

        JsonElement? structured = result.StructuredContent is { } s ? s.Clone() : null;
        var isError = result.IsError == true;
        var joined = text.ToString();
        if (joined.Length == 0)
        {
            // Give the model something to read: the structured result, or a plain word for an empty failure.
            joined = structured?.GetRawText() ?? (isError ? "The tool reported an error without a message." : string.Empty);
        }

        return new McpToolResult { IsError = isError, Text = joined, StructuredContent = structured, Content = items, DurationMs = durationMs };
    }

    public static McpToolResult Error(string message, long durationMs) => new()
    {
        IsError = true,
        Text = message,
        Content = [new McpContentItem { Type = "text", Text = message }],
        DurationMs = durationMs,
    };

    public static McpToolInfo ToolInfo(Tool tool) => new()
    {
        Name = tool.Name,
        Title = tool.Title,
        Description = tool.Description,
        InputSchema = tool.InputSchema.ValueKind == JsonValueKind.Undefined ? null : tool.InputSchema.Clone(),
        OutputSchema = tool.OutputSchema is { ValueKind: not JsonValueKind.Undefined and not JsonValueKind.Null } output ? output.Clone() : null,
        ReadOnlyHint = tool.Annotations?.ReadOnlyHint,
    };

    public static McpResourceInfo ResourceInfo(Resource resource) => new()
    {
        Uri = resource.Uri,
        Name = resource.Name,
        Title = resource.Title,
        Description = resource.Description,
        MimeType = resource.MimeType,
    };

    public static McpPromptInfo PromptInfo(ModelContextProtocol.Protocol.Prompt prompt) => new()
    {
        Name = prompt.Name,
        Title = prompt.Title,
        Description = prompt.Description,
        Arguments = (prompt.Arguments ?? [])
            .Select(a => new McpPromptArgumentInfo { Name = a.Name, Description = a.Description, Required = a.Required == true })
            .ToList(),
    };

    public static McpToolProgress Progress(ProgressNotificationValue value) => new()
    {
        Progress = value.Progress,
        Total = value.Total,
        Message = value.Message,
    };

    // The SDK keeps binary payloads as base64 text in UTF-8 bytes.
    private static string Base64(ReadOnlyMemory<byte> utf8Base64) => Encoding.UTF8.GetString(utf8Base64.Span);
}
