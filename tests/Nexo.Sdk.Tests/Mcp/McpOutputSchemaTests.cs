using System.Text.Json;

namespace Nexo.Sdk.Tests.Mcp;

/// <summary>
/// A tool's <c>outputSchema</c> (the C# test server's <c>weather</c>, <c>bad_weather</c>, <c>unstructured_weather</c>):
/// listed, stored with the server's tool list, offered with the workspace tool, and held against every direct call's
/// structured content.
/// </summary>
[Collection(CSharpServerCollection.Name)]
public sealed class McpOutputSchemaTests(CSharpServerFixture fixture)
{
    private McpHost Mcp => fixture.Nexo.Mcp;

    [Fact]
    public async Task OutputSchema_IsListed_StoredWithTheToolList_AndOfferedWithTheWorkspaceTool()
    {
        var server = await fixture.AddServerAsync("schema-" + Guid.NewGuid().ToString("N")[..8]);

        var tools = await Mcp.ConnectAsync(server.Id);

        var weather = tools.Single(t => t.Name == "weather").OutputSchema!.Value;
        Assert.Equal("number", weather.GetProperty("properties").GetProperty("temperatureC").GetProperty("type").GetString());
        Assert.Null(tools.Single(t => t.Name == "echo").OutputSchema);
        var stored = (await fixture.Nexo.McpServers.GetAsync(server.Id)).Tools.Single(t => t.Name == "weather");
        Assert.Equal(weather.GetRawText(), stored.OutputSchema!.Value.GetRawText());
        var ws = await fixture.AddWorkspaceAsync(new Dictionary<string, IReadOnlyList<string>> { [server.Id] = ["weather", "echo"] });
        var offered = await Mcp.GetWorkspaceToolsAsync(ws.Id);
        Assert.Equal(weather.GetRawText(), offered.Single(t => t.ToolName == "weather").ReturnJsonSchema!.Value.GetRawText());
        var active = await Mcp.GetActiveToolsAsync(ws.Id);
        Assert.NotNull(active.Single(t => t.Name == "weather").OutputSchema);
        Assert.Null(active.Single(t => t.Name == "echo").OutputSchema);
    }

    [Fact]
    public async Task CallToolAsync_StructuredContentMatchingTheSchema_IsKept()
    {
        var result = await Mcp.CallToolAsync(fixture.Server.Id, "weather", Json("""{"city": "Oslo"}"""));

        Assert.False(result.IsError);
        Assert.Null(result.OutputSchemaError);
        Assert.Equal("sunny", result.StructuredContent!.Value.GetProperty("sky").GetString());
    }

    [Fact]
    public async Task CallToolAsync_StructuredContentBreakingTheSchema_IsAnErrorNamingThePath_WithTheTextKept()
    {
        var result = await Mcp.CallToolAsync(fixture.Server.Id, "bad_weather", Json("""{"city": "Oslo"}"""));

        Assert.True(result.IsError);
        Assert.Equal("$.temperatureC", result.OutputSchemaPath);
        Assert.StartsWith("at $.temperatureC: ", result.OutputSchemaError, StringComparison.Ordinal);
        Assert.StartsWith("The result of the tool 'bad_weather' does not match its output schema: at $.temperatureC: ", result.Text, StringComparison.Ordinal);
        Assert.EndsWith("The tool's text was:\nOslo: warm", result.Text, StringComparison.Ordinal);
        Assert.Equal("warm", result.StructuredContent!.Value.GetProperty("temperatureC").GetString());
    }

    [Fact]
    public async Task CallToolAsync_NoStructuredContentFromAToolWithASchema_IsAnError_WithTheTextKept()
    {
        var result = await Mcp.CallToolAsync(fixture.Server.Id, "unstructured_weather", Json("""{"city": "Oslo"}"""));

        Assert.True(result.IsError);
        Assert.Equal("$", result.OutputSchemaPath);
        Assert.Equal(
            "The result of the tool 'unstructured_weather' does not match its output schema: the tool declares an output schema but returned no structured content (structuredContent).\nThe tool's text was:\nOslo: 21.5 C, sunny",
            result.Text);
    }

    [Fact]
    public async Task CallToolAsync_ToolError_KeepsItsText()
    {
        var result = await Mcp.CallToolAsync(fixture.Server.Id, "fail", Json("""{"message": "disk full on /var"}"""));

        Assert.True(result.IsError);
        Assert.Equal("disk full on /var", result.Text);
        Assert.Null(result.OutputSchemaError);
    }

    private static JsonElement Json(string json) => JsonDocument.Parse(json).RootElement.Clone();
}
