namespace Nexo.Sdk.Tests.Mcp;

/// <summary>Issue 12, item 3: an MCP server's secrets never reach last_error, status events or tool error texts.</summary>
public sealed class McpSecretRedactionTests
{
    private const string Token = "s3cr3t-value";

    [Fact]
    public async Task AServerThatPrintsItsTokenToStderrAndExits_LeavesItOutOfLastErrorTheStatusEventAndTheToolError()
    {
        await using var db = new TempDatabase();
        await using var nexo = await db.OpenAsync();
        var server = await nexo.McpServers.CreateAsync(new NewMcpServer
        {
            Name = "leaky",
            Transport = McpTransportKind.Stdio,
            Command = "sh",
            Args = ["-c", "echo \"starting with TOKEN=$TOKEN\" >&2; echo \"GET https://me:pw-0123@h.example/mcp?api_key=k-9876543210\" >&2; exit 7"],
            Env = new Dictionary<string, string> { ["TOKEN"] = Token },
        });
        using var recorder = new StatusRecorder(nexo, server.Id);

        var ex = await Assert.ThrowsAsync<NexoException>(() => nexo.Mcp.ConnectAsync(server.Id));
        var call = await nexo.Mcp.CallToolAsync(server.Id, null, "anything", null, null, CancellationToken.None);

        var stored = (await nexo.McpServers.GetAsync(server.Id)).LastError;
        Assert.NotNull(stored);
        Assert.Contains("starting with TOKEN=***", stored, StringComparison.Ordinal);
        Assert.True(call.IsError);
        foreach (var text in new[] { ex.Message, stored!, call.Text }.Concat(recorder.Events.Select(e => e.Error ?? string.Empty)).Concat(call.Content.Select(c => c.Text ?? string.Empty)))
        {
            Assert.DoesNotContain(Token, text, StringComparison.Ordinal);
            Assert.DoesNotContain("pw-0123", text, StringComparison.Ordinal);
            Assert.DoesNotContain("k-9876543210", text, StringComparison.Ordinal);
        }

        Assert.Contains(recorder.Events, e => e.Status == McpServerStatus.Error && e.Error!.Contains("TOKEN=***", StringComparison.Ordinal));
    }
}
