using System.Globalization;
using System.Text.Json;
using ModelContextProtocol.Protocol;

namespace Nexo.TestMcpServer;

/// <summary>Generated tools served two per <c>tools/list</c> page, to test that clients follow cursors.</summary>
internal static class PagedTools
{
    private const int PageSize = 2;

    private static readonly JsonElement s_schema = JsonDocument.Parse("""{"type":"object","properties":{}}""").RootElement.Clone();

    public static ListToolsResult List(int count, string? cursor)
    {
        var start = cursor is null ? 0 : int.Parse(cursor, CultureInfo.InvariantCulture);
        var end = Math.Min(count, start + PageSize);
        return new ListToolsResult
        {
            Tools = Enumerable.Range(start, end - start)
                .Select(i => new Tool { Name = $"page_tool_{i}", Description = $"Generated tool {i}.", InputSchema = s_schema })
                .ToList(),
            NextCursor = end < count ? end.ToString(CultureInfo.InvariantCulture) : null,
        };
    }

    public static CallToolResult Call(CallToolRequestParams request) => new()
    {
        Content = [new TextContentBlock { Text = $"called {request.Name}" }],
    };
}
