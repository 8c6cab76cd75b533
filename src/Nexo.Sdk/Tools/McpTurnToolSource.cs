using System.Text.Json;
using System.Text.Json.Nodes;

namespace Nexo.Tools;

/// <summary>The agent loop's tools from the workspace's enabled MCP servers.</summary>
internal sealed class McpTurnToolSource(McpHost host) : ITurnToolSource
{
    public async Task<IReadOnlyList<TurnTool>> GetToolsAsync(string workspaceId, CancellationToken cancellationToken)
    {
        var tools = await host.GetWorkspaceToolsAsync(workspaceId, cancellationToken).ConfigureAwait(false);
        return tools.Select(t => new TurnTool(t.ModelName, t.ToolId, t.ServerId, t.ServerName, t.ToolName, t.Description ?? t.Title, t.InputSchema, t.RootUri)).ToList();
    }

    public async Task<TurnToolResult> InvokeAsync(TurnTool tool, JsonElement? arguments, Action<double, double?, string?> progress, CancellationToken cancellationToken)
    {
        var result = await host.CallToolAsync(
            tool.ServerId,
            tool.RootUri,
            tool.ToolName,
            arguments,
            new SyncProgress(p => progress(p.Progress, p.Total, p.Message)),
            cancellationToken).ConfigureAwait(false);

        // Structured content and non-text blocks (images, resources) are kept with the tool message.
        var extra = new JsonObject { ["durationMs"] = result.DurationMs };
        if (result.StructuredContent is { } structured)
        {
            extra["structuredContent"] = JsonNode.Parse(structured.GetRawText());
        }

        var blocks = result.Content.Where(c => c.Type != "text").ToList();
        if (blocks.Count > 0)
        {
            extra["content"] = JsonSerializer.SerializeToNode(blocks, NexoJson.Options);
        }

        var text = result.Text.Length > 0 || blocks.Count == 0
            ? result.Text
            : string.Join("\n", blocks.Select(b => $"[{b.Type}{(b.MimeType is null ? string.Empty : " " + b.MimeType)}{(b.Uri is null ? string.Empty : " " + b.Uri)}]"));
        return new TurnToolResult(result.IsError, text, JsonDocument.Parse(extra.ToJsonString()).RootElement.Clone());
    }

    /// <summary>Reports progress on the caller's thread, in order (the host already delivers reports one at a time).</summary>
    private sealed class SyncProgress(Action<McpToolProgress> report) : IProgress<McpToolProgress>
    {
        public void Report(McpToolProgress value) => report(value);
    }
}
