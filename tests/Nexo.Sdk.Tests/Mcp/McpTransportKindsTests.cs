using System.Text.Json;

namespace Nexo.Sdk.Tests.Mcp;

public sealed class McpTransportKindsTests
{
    [Theory]
    [InlineData("http-streamable", McpTransportKind.Http)]
    [InlineData("streamable-http", McpTransportKind.Http)]
    [InlineData(" Streamable_HTTP ", McpTransportKind.Http)]
    [InlineData("http", McpTransportKind.Http)]
    [InlineData("sse", McpTransportKind.Sse)]
    [InlineData("stdio", McpTransportKind.Stdio)]
    [InlineData("local", McpTransportKind.Stdio)]
    public void TryParse_AcceptsTheWireNamesAndOtherToolsSpellings(string name, McpTransportKind expected)
    {
        Assert.True(McpTransportKinds.TryParse(name, out var kind));
        Assert.Equal(expected, kind);
    }

    [Fact]
    public void TryParse_UnknownOrMissing_IsFalse()
    {
        Assert.False(McpTransportKinds.TryParse("websocket", out _));
        Assert.False(McpTransportKinds.TryParse(null, out _));
        Assert.All(McpTransportKinds.AcceptedNames, n => Assert.True(McpTransportKinds.TryParse(n, out _)));
    }

    [Theory]
    [InlineData("http-streamable")]
    [InlineData("streamable-http")]
    public void ConfigImport_TakesTheStreamableHttpSpellings(string type)
    {
        var servers = McpConfigImport.Parse("""{"mcpServers": {"remote": {"type": """ + JsonSerializer.Serialize(type) + """, "url": "https://example.com/mcp"} } }""");

        Assert.Equal(McpTransportKind.Http, Assert.Single(servers).Transport);
    }

    [Fact]
    public void ContractJson_ReadsTheAliases_AndWritesTheWireName()
    {
        var read = JsonSerializer.Deserialize<McpTransportKind>("\"http-streamable\"", NexoJson.Options);

        Assert.Equal(McpTransportKind.Http, read);
        Assert.Equal("\"http\"", JsonSerializer.Serialize(McpTransportKind.Http, NexoJson.Options));
        Assert.Equal("\"sse\"", JsonSerializer.Serialize(McpTransportKind.Sse, NexoJson.Options));
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<McpTransportKind>("\"websocket\"", NexoJson.Options));
    }
}
