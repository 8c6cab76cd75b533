using System.Text.Json;

namespace Nexo.Sdk.Tests.Mcp;

[Collection(HttpMcpServerCollection.Name)]
public sealed class McpHostHttpTests(HttpMcpServerFixture fixture)
{
    private McpHost Mcp => fixture.Nexo.Mcp;

    [Fact]
    public async Task StreamableHttp_ConnectsWithHeadersAndCallsTools()
    {
        var secret = "token-" + Guid.NewGuid().ToString("N");
        var server = await fixture.Nexo.McpServers.CreateAsync(new NewMcpServer
        {
            Name = "http-" + Guid.NewGuid().ToString("N")[..8],
            Transport = McpTransportKind.Http,
            Url = fixture.ModernUrl,
            Headers = new Dictionary<string, string> { ["X-Nexo-Test"] = secret },
        });

        var tools = await Mcp.ConnectAsync(server.Id);
        var echo = await Mcp.CallToolAsync(server.Id, "echo", Json("""{"text": "over http"}"""));

        Assert.Contains(tools, t => t.Name == "slow");
        Assert.Equal("over http", echo.Text);
        Assert.Contains(secret, fixture.TestHeaders);
        Assert.DoesNotContain(secret, (await fixture.Nexo.McpServers.GetAsync(server.Id)).Headers["X-Nexo-Test"], StringComparison.Ordinal);
        Assert.Equal(McpServerStatus.Connected, Mcp.GetStatus(server.Id));
    }

    [Fact]
    public async Task StreamableHttp_TimeoutIsAnErrorResultAndTheServerStaysUsable()
    {
        var server = await fixture.Nexo.McpServers.CreateAsync(new NewMcpServer
        {
            Name = "http-timeout-" + Guid.NewGuid().ToString("N")[..8],
            Transport = McpTransportKind.Http,
            Url = fixture.ModernUrl,
            TimeoutSeconds = 1,
        });

        var slow = await Mcp.CallToolAsync(server.Id, "slow", Json("""{"ms": 20000}"""));
        var echo = await Mcp.CallToolAsync(server.Id, "echo", Json("""{"text": "still here"}"""));

        Assert.True(slow.IsError);
        Assert.Contains("timed out", slow.Text, StringComparison.Ordinal);
        Assert.Equal("still here", echo.Text);
    }

    [Fact]
    public async Task LegacyServers_AutoDetectAndSseOnlyBothWork()
    {
        var streamable = await fixture.Nexo.McpServers.CreateAsync(new NewMcpServer
        {
            Name = "legacy-http-" + Guid.NewGuid().ToString("N")[..8],
            Transport = McpTransportKind.Http,
            Url = fixture.LegacyUrl,
        });
        var sse = await fixture.Nexo.McpServers.CreateAsync(new NewMcpServer
        {
            Name = "legacy-sse-" + Guid.NewGuid().ToString("N")[..8],
            Transport = McpTransportKind.Sse,
            Url = fixture.LegacyUrl + "/sse",
        });

        Assert.Equal("3", (await Mcp.CallToolAsync(streamable.Id, "add", Json("""{"a": 1, "b": 2}"""))).Text);
        Assert.Equal("7", (await Mcp.CallToolAsync(sse.Id, "add", Json("""{"a": 3, "b": 4}"""))).Text);
    }

    // A stateless (2026-07-28) HTTP server cannot push list_changed and does not advertise it; a stateful one
    // (2025-11-25 sessions, with the standalone GET stream) does.
    [Fact]
    public async Task StatefulStreamableHttp_ToolListChangedIsPickedUp()
    {
        var server = await fixture.Nexo.McpServers.CreateAsync(new NewMcpServer
        {
            Name = "http-changing-" + Guid.NewGuid().ToString("N")[..8],
            Transport = McpTransportKind.Http,
            Url = fixture.LegacyUrl,
        });
        var newTool = "http_added_" + Guid.NewGuid().ToString("N")[..8];
        await Mcp.ConnectAsync(server.Id);
        using var recorder = new StatusRecorder(fixture.Nexo, server.Id);
        var refreshed = recorder.NextAsync(e => e.Status == McpServerStatus.Connected);

        await Mcp.CallToolAsync(server.Id, "add_tool", Json($$"""{"name": "{{newTool}}"}"""));
        await refreshed;

        Assert.Contains((await fixture.Nexo.McpServers.GetAsync(server.Id)).Tools, t => t.Name == newTool);
    }

    [Fact]
    public async Task UnreachableUrl_ConnectFailsWithAClearError()
    {
        var server = await fixture.Nexo.McpServers.CreateAsync(new NewMcpServer
        {
            Name = "unreachable-" + Guid.NewGuid().ToString("N")[..8],
            Transport = McpTransportKind.Http,
            Url = "http://127.0.0.1:1/mcp",
            TimeoutSeconds = 10,
        });

        var ex = await Assert.ThrowsAsync<NexoException>(() => Mcp.ConnectAsync(server.Id));
        var call = await Mcp.CallToolAsync(server.Id, "echo", Json("""{"text": "x"}"""));

        Assert.Equal(NexoErrorKind.Mcp, ex.Kind);
        Assert.Contains("Connection refused", ex.Message, StringComparison.Ordinal);
        Assert.True(call.IsError);
        Assert.Contains("Could not connect", call.Text, StringComparison.Ordinal);
        Assert.Equal(McpServerStatus.Error, Mcp.GetStatus(server.Id));
    }

    private static JsonElement Json(string json) => JsonDocument.Parse(json).RootElement.Clone();
}
