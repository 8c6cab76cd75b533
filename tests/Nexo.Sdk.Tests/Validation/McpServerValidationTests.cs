namespace Nexo.Sdk.Tests.Validation;

/// <summary>Transport rules, timeouts and environment names of MCP servers.</summary>
public sealed class McpServerValidationTests
{
    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public async Task AStdioServerWithoutACommand_IsAValidationErrorOnCommand(string? command)
    {
        await using var db = new TempDatabase();
        await using var nexo = await db.OpenAsync();
        var ok = await nexo.McpServers.CreateAsync(new NewMcpServer { Name = "ok", Transport = McpTransportKind.Stdio, Command = "node" });

        await NexoAssert.ValidationAsync("command", () => nexo.McpServers.CreateAsync(new NewMcpServer { Name = "s", Transport = McpTransportKind.Stdio, Command = command }));
        await NexoAssert.ValidationAsync("command", () => nexo.McpServers.UpdateAsync(ok.Id, new McpServerUpdate { Command = "" }));
        Assert.Equal("node", (await nexo.McpServers.GetAsync(ok.Id)).Command);
    }

    [Theory]
    [InlineData(McpTransportKind.Http, null)]
    [InlineData(McpTransportKind.Http, "")]
    [InlineData(McpTransportKind.Http, "not a url")]
    [InlineData(McpTransportKind.Http, "ftp://mcp.example.com")]
    [InlineData(McpTransportKind.Sse, null)]
    [InlineData(McpTransportKind.Sse, "mcp.example.com/sse")]
    public async Task AnHttpServerWithoutAValidUrl_IsAValidationErrorOnUrl(McpTransportKind transport, string? url)
    {
        await using var db = new TempDatabase();
        await using var nexo = await db.OpenAsync();

        await NexoAssert.ValidationAsync("url", () => nexo.McpServers.CreateAsync(new NewMcpServer { Name = "s", Transport = transport, Url = url }));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(3601)]
    public async Task TimeoutsOutOfRange_AreValidationErrorsOnTimeoutSeconds(int seconds)
    {
        await using var db = new TempDatabase();
        await using var nexo = await db.OpenAsync();
        var ok = await nexo.McpServers.CreateAsync(new NewMcpServer { Name = "ok", Transport = McpTransportKind.Stdio, Command = "node" });

        await NexoAssert.ValidationAsync("timeoutSeconds", () => nexo.McpServers.CreateAsync(new NewMcpServer { Name = "s", Transport = McpTransportKind.Stdio, Command = "x", TimeoutSeconds = seconds }));
        await NexoAssert.ValidationAsync("timeoutSeconds", () => nexo.McpServers.UpdateAsync(ok.Id, new McpServerUpdate { TimeoutSeconds = seconds }));
    }

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    [InlineData("A=B")]
    [InlineData("NEW\nLINE")]
    public async Task BadEnvironmentNames_AreValidationErrorsOnEnv(string name)
    {
        await using var db = new TempDatabase();
        await using var nexo = await db.OpenAsync();
        var env = new Dictionary<string, string> { [name] = "v" };
        var ok = await nexo.McpServers.CreateAsync(new NewMcpServer { Name = "ok", Transport = McpTransportKind.Stdio, Command = "node" });

        await NexoAssert.ValidationAsync("env", () => nexo.McpServers.CreateAsync(new NewMcpServer { Name = "s", Transport = McpTransportKind.Stdio, Command = "x", Env = env }));
        await NexoAssert.ValidationAsync("env", () => nexo.McpServers.UpdateAsync(ok.Id, new McpServerUpdate { Env = env }));
    }
}
