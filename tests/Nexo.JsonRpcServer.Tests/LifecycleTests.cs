using Nexo.JsonRpcServer.Contract;

namespace Nexo.JsonRpcServer.Tests;

public sealed class LifecycleTests
{
    [Fact]
    public async Task Initialize_ReturnsServerInfoProtocolVersionContractListsAndDataFolder()
    {
        await using var server = await ServerProcess.StartAsync();

        var result = await server.InitializeAsync();

        Assert.Equal("nexo-jsonrpc", (string?)result["serverInfo"]!["name"]);
        Assert.False(string.IsNullOrEmpty((string?)result["serverInfo"]!["version"]));
        Assert.Equal(RpcContract.ProtocolVersion, (int)result["protocolVersion"]!);
        Assert.Equal(RpcContract.Commands.Select(c => c.Name), result["capabilities"]!["commands"]!.AsArray().Select(n => (string)n!));
        Assert.Equal(RpcContract.Notifications.Select(n => n.Name), result["capabilities"]!["events"]!.AsArray().Select(n => (string)n!));
        Assert.Equal(server.Directory.TrimEnd('/'), (string?)result["dataFolder"]);
        Assert.Equal(server.DatabasePath, (string?)result["databasePath"]);
    }

    [Fact]
    public async Task RequestBeforeInitialize_IsRefusedWithServerNotInitialized_AndInitializeStillWorks()
    {
        await using var server = await ServerProcess.StartAsync();

        var error = await server.CallErrorAsync("get_workspaces");
        await server.InitializeAsync();
        var workspaces = await server.CallAsync("get_workspaces");

        Assert.Equal(-32002, (int)error["code"]!);
        Assert.Equal("get_workspaces", (string?)error["data"]!["details"]!["method"]);
        Assert.Empty(workspaces.AsArray());
    }

    [Fact]
    public async Task SecondInitialize_IsAnInvalidRequest()
    {
        await using var server = await ServerProcess.StartInitializedAsync();

        var error = await server.CallErrorAsync("initialize", new { });

        Assert.Equal(-32600, (int)error["code"]!);
    }

    [Fact]
    public async Task ShutdownThenExit_RefusesLaterRequests_AndExitsWithZero()
    {
        await using var server = await ServerProcess.StartInitializedAsync();

        var shutdown = await server.RequestAsync("shutdown");
        var refused = await server.CallErrorAsync("get_workspaces");
        await server.NotifyAsync("exit");
        var code = await server.WaitForExitAsync();

        Assert.Null(shutdown["error"]);
        Assert.True(shutdown.ContainsKey("result"));
        Assert.Null(shutdown["result"]);
        Assert.Equal(-32600, (int)refused["code"]!);
        Assert.Equal(0, code);
    }

    [Fact]
    public async Task ExitWithoutShutdown_ExitsWithOne()
    {
        await using var server = await ServerProcess.StartInitializedAsync();

        await server.NotifyAsync("exit");

        Assert.Equal(1, await server.WaitForExitAsync());
    }

    [Fact]
    public async Task StdinClosed_AnswersWhatArrivedThenExitsWithZero()
    {
        await using var server = await ServerProcess.StartInitializedAsync();

        var pending = server.RequestAsync("create_workspace", new { name = "last words" });
        server.CloseInput();
        var response = await pending;
        var code = await server.WaitForExitAsync();

        Assert.Equal("last words", (string?)response["result"]!["name"]);
        Assert.Equal(0, code);
    }

    [Fact]
    public async Task NewlineFraming_ServesTheSameProtocol()
    {
        await using var server = await ServerProcess.StartInitializedAsync(newline: true);

        var created = await server.CallAsync("create_workspace", new { name = "lines" });
        var listed = await server.CallAsync("get_workspaces");

        Assert.Equal("lines", (string?)created["name"]);
        Assert.Single(listed.AsArray());
    }

    [Fact]
    public async Task Logs_GoToStderr_NeverToStdout()
    {
        await using var server = await ServerProcess.StartInitializedAsync();
        await server.CallAsync("get_workspaces");

        await server.NotifyAsync("exit");
        await server.WaitForExitAsync();

        Assert.Contains("nexo-jsonrpc", server.Stderr, StringComparison.Ordinal);
        Assert.Contains("[dbug]", server.Stderr, StringComparison.Ordinal);
        Assert.Empty(server.StrayOutput);
    }

    [Fact]
    public async Task LogFile_ReceivesTheLog_InsteadOfStderr()
    {
        var folder = Directory.CreateTempSubdirectory("nexo-rpc-log-").FullName;
        var logFile = Path.Combine(folder, "logs", "server.log");
        await using var server = await ServerProcess.StartAsync(directory: folder, extraArgs: ["--log-file", logFile]);
        await server.InitializeAsync();
        await server.CallAsync("get_workspaces");

        await server.NotifyAsync("exit");
        await server.WaitForExitAsync();

        var log = File.ReadAllText(logFile);
        Assert.Contains("nexo-jsonrpc", log, StringComparison.Ordinal);
        Assert.Contains("[dbug]", log, StringComparison.Ordinal);
        Assert.DoesNotContain("[info]", server.Stderr, StringComparison.Ordinal);
        Assert.Empty(server.StrayOutput);
    }

    [SqliteOnlyFact("writes a corrupt SQLite file; PostgresHostTests covers a PostgreSQL database the host cannot open")]
    public async Task UnusableDatabase_ExitsWithCodeTwo_AndSaysWhyOnStderr()
    {
        var folder = Directory.CreateTempSubdirectory("nexo-rpc-baddb-").FullName;
        await File.WriteAllTextAsync(Path.Combine(folder, "nexo.db"), "this is not a SQLite database, just text that fills the header page");
        await using var server = await ServerProcess.StartAsync(directory: folder);

        var code = await server.WaitForExitAsync();

        Assert.Equal(2, code);
        Assert.Contains("Cannot open the Nexo database", server.Stderr, StringComparison.Ordinal);
    }
}
