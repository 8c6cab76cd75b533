using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.AI;

namespace Nexo.Tools;

/// <summary>
/// The outcome of one tool call as the model is told and the tool message stores it, whatever the tool's kind: the text,
/// whether it failed, and extra data kept in the message's metadata under <c>result</c>.
/// </summary>
internal sealed record ToolOutcome(bool IsError, string Text, JsonElement? Metadata)
{
    /// <summary>The tool's structured result when it has one that matches its output schema (or it declares none).</summary>
    public JsonElement? StructuredContent { get; init; }

    /// <summary>The images and audio clips the tool returned, for the model.</summary>
    public IReadOnlyList<Chats.ToolMediaItem> Media { get; init; } = [];

    /// <summary>
    /// Maps what a function returned: an <see cref="McpToolResult"/> keeps its error flag, structured content and non-text
    /// blocks; a string is the text; <see cref="TextContent"/> its text; a <see cref="JsonElement"/> string its value;
    /// anything else is serialised to compact JSON with the function's serializer options.
    /// </summary>
    public static ToolOutcome FromResult(AIFunction function, object? result, long durationMs) => result switch
    {
        McpToolResult mcp => FromMcp(mcp),
        _ => new ToolOutcome(false, TextOf(function, result), Duration(durationMs)),
    };

    public static ToolOutcome Error(string text, long? durationMs = null) => new(true, text, durationMs is { } ms ? Duration(ms) : null);

    private static string TextOf(AIFunction function, object? result) => result switch
    {
        null => string.Empty,
        string s => s,
        TextContent t => t.Text,
        JsonElement { ValueKind: JsonValueKind.String } e => e.GetString() ?? string.Empty,
        JsonElement e => e.GetRawText(),
        _ => NexoJson.ToNode(result, function.JsonSerializerOptions)?.ToJsonString() ?? "null", // compact: fewer tokens
    };

    private static JsonElement Duration(long durationMs) =>
        NexoJson.ToElement(new JsonObject { ["durationMs"] = durationMs });

    private static ToolOutcome FromMcp(McpToolResult result)
    {
        // Structured content and non-text blocks (images, resources) are kept with the tool message; the images' and
        // audio clips' bytes move to files when the message is stored (Chats.ToolMedia.StoreAsync).
        var extra = new JsonObject { ["durationMs"] = result.DurationMs };
        if (result.StructuredContent is { } structured)
        {
            extra["structuredContent"] = JsonNode.Parse(structured.GetRawText());
        }

        if (result.OutputSchemaError is { } schemaError)
        {
            extra["outputSchemaError"] = schemaError;
            extra["outputSchemaPath"] = result.OutputSchemaPath;
        }

        var blocks = result.Content.Where(c => c.Type != "text").ToList();
        if (blocks.Count > 0)
        {
            extra["content"] = JsonSerializer.SerializeToNode(blocks, NexoJson.Info<List<McpContentItem>>());
        }

        // The text says where each image and clip was, so a model that cannot see them still knows they were there.
        var text = result.Text.Length > 0 || blocks.Count == 0
            ? result.Text
            : string.Join("\n", blocks.Select(Chats.ToolMedia.Placeholder));
        var media = blocks.Where(b => b.Type is "image" or "audio").ToList();
        if (result.Text.Length > 0 && media.Count > 0)
        {
            text += "\n" + string.Join("\n", media.Select(Chats.ToolMedia.Placeholder));
        }

        return new ToolOutcome(result.IsError, text, NexoJson.ToElement(extra))
        {
            StructuredContent = result.OutputSchemaError is null ? result.StructuredContent : null,
            Media = Chats.ToolMedia.FromMcp(result),
        };
    }
}
