using System.Text.Json;

namespace Nexo.Sdk.Tests.Mcp;

public sealed class McpHostDisposeTests
{
    [Fact]
    public async Task DisposeAsync_KillsEveryServerProcessAndStoresDisconnected()
    {
        await McpTestEnvironment.EnsureNodeServersAsync();
        await using var db = new TempDatabase();
        var tag = Guid.NewGuid().ToString("N");
        var env = new Dictionary<string, string> { [ProcessProbe.TagVariable] = tag };
        var nexo = await db.OpenAsync();
        var servers = new[]
        {
            await nexo.McpServers.CreateAsync(McpTestEnvironment.CSharpServer("csharp", env: env)),
            await nexo.McpServers.CreateAsync(NodeServersFixture.EverythingConfig("everything", env)),
            await nexo.McpServers.CreateAsync(NodeServersFixture.FilesystemConfig("filesystem", db.Folder, env)),
            await nexo.McpServers.CreateAsync(new NewMcpServer
            {
                // A server that starts a child process of its own: the whole tree must go.
                Name = "with-child",
                Transport = McpTransportKind.Stdio,
                Command = "sh",
                Args = ["-c", $"sleep 600 & exec {McpTestEnvironment.DotnetHost} {McpTestEnvironment.TestServerDll}"],
                Env = env,
            }),
        };
        await Task.WhenAll(servers.Select(s => nexo.Mcp.ConnectAsync(s.Id)));
        var pids = ProcessProbe.FindTagged(tag);
        Assert.True(pids.Count >= 5, $"expected at least 5 server processes, found {pids.Count}");
        using var recorder = new StatusRecorder(nexo);

        await nexo.DisposeAsync();

        Assert.DoesNotContain(pids, ProcessProbe.IsAlive);
        Assert.Empty(ProcessProbe.FindTagged(tag));
        Assert.Equal(servers.Length, recorder.Events.Count(e => e.Status == McpServerStatus.Disconnected));
        await using var reopened = await db.OpenAsync();
        Assert.All(await reopened.McpServers.ListAsync(), s => Assert.Equal(McpServerStatus.Disconnected, s.Status));
    }

    [Fact]
    public async Task DeletingAConnectedServer_StopsItsProcess()
    {
        await using var db = new TempDatabase();
        await using var nexo = await db.OpenAsync();
        var tag = Guid.NewGuid().ToString("N");
        var server = await nexo.McpServers.CreateAsync(McpTestEnvironment.CSharpServer("doomed", env: new Dictionary<string, string> { [ProcessProbe.TagVariable] = tag }));
        await nexo.Mcp.ConnectAsync(server.Id);
        var pids = ProcessProbe.FindTagged(tag);
        Assert.NotEmpty(pids);

        await nexo.McpServers.DeleteAsync(server.Id);

        Assert.DoesNotContain(pids, ProcessProbe.IsAlive);
        Assert.Empty(await nexo.McpServers.ListAsync());
    }

    [Fact]
    public async Task DisposeAsync_DuringACall_TheCallEndsAsAnErrorResult()
    {
        await using var db = new TempDatabase();
        var nexo = await db.OpenAsync();
        var server = await nexo.McpServers.CreateAsync(McpTestEnvironment.CSharpServer("busy"));
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var call = nexo.Mcp.CallToolAsync(server.Id, "slow", JsonDocument.Parse("""{"ms": 30000, "steps": 300}""").RootElement, new SyncProgress(_ => started.TrySetResult()));
        await started.Task.WaitAsync(TimeSpan.FromSeconds(30));

        await nexo.DisposeAsync();
        var result = await call;

        Assert.True(result.IsError);
        await Assert.ThrowsAsync<ObjectDisposedException>(() => nexo.Mcp.CallToolAsync(server.Id, "echo", null));
    }

    [Fact]
    public async Task Dispose_Synchronous_AlsoStopsTheServers()
    {
        await using var db = new TempDatabase();
        var tag = Guid.NewGuid().ToString("N");
        var nexo = await db.OpenAsync();
        var server = await nexo.McpServers.CreateAsync(McpTestEnvironment.CSharpServer("sync", env: new Dictionary<string, string> { [ProcessProbe.TagVariable] = tag }));
        await nexo.Mcp.ConnectAsync(server.Id);
        var pids = ProcessProbe.FindTagged(tag);
        Assert.NotEmpty(pids);

        nexo.Dispose();

        Assert.DoesNotContain(pids, ProcessProbe.IsAlive);
    }
}
