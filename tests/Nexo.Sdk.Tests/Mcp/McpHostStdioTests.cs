using System.Globalization;
using System.Text.Json;

namespace Nexo.Sdk.Tests.Mcp;

[Collection(CSharpServerCollection.Name)]
public sealed class McpHostStdioTests(CSharpServerFixture fixture)
{
    private static readonly string[] s_testTools =
        ["echo", "add", "slow", "slow_outcome", "fail", "throw", "crash", "add_tool", "roots", "image", "weather", "bad_weather", "unstructured_weather", "audio", "pid", "env", "argv", "cwd"];

    private NexoClient Nexo => fixture.Nexo;

    private McpHost Mcp => fixture.Nexo.Mcp;

    [Fact]
    public async Task ConnectAsync_ListsToolsAndStoresConnectedStatusWithTools()
    {
        var server = await fixture.AddServerAsync("connect-" + Suffix());
        using var recorder = new StatusRecorder(Nexo, server.Id);

        var tools = await Mcp.ConnectAsync(server.Id);

        Assert.Equal(s_testTools.Order(), tools.Select(t => t.Name).Order());
        var add = tools.Single(t => t.Name == "add");
        Assert.Equal("Adds two integers.", add.Description);
        Assert.True(add.ReadOnlyHint); // annotations.readOnlyHint, which allow_reads trusts
        Assert.Null(tools.Single(t => t.Name == "echo").ReadOnlyHint);
        Assert.Equal(JsonValueKind.Object, add.InputSchema!.Value.GetProperty("properties").GetProperty("a").ValueKind);
        Assert.Equal([McpServerStatus.Connecting, McpServerStatus.Connected], recorder.Statuses);
        Assert.Equal(McpServerStatus.Connected, Mcp.GetStatus(server.Id));
        var stored = await Nexo.McpServers.GetAsync(server.Id);
        Assert.Equal(McpServerStatus.Connected, stored.Status);
        Assert.Null(stored.LastError);
        Assert.Equal(tools.Select(t => t.Name), stored.Tools.Select(t => t.Name));
    }

    [Fact]
    public async Task Status_OfAServerThisProcessHolds_IsItsOwn_WhateverAnotherProcessStored()
    {
        var server = await fixture.AddServerAsync("own-status-" + Suffix());
        await Mcp.ConnectAsync(server.Id);
        await using var other = await NexoClient.OpenAsync(new NexoOptions { DatabasePath = Path.Combine(fixture.Folder, "nexo.db") });

        // Another host (a CLI run that used the same server and exited) stores its own "disconnected" over ours.
        await other.McpServers.UpdateStatusAsync(server.Id, McpServerStatus.Disconnected);

        Assert.Equal(McpServerStatus.Disconnected, (await other.McpServers.GetAsync(server.Id)).Status);
        Assert.Equal(McpServerStatus.Connected, (await Nexo.McpServers.GetAsync(server.Id)).Status);
        Assert.Equal(McpServerStatus.Connected, (await Nexo.McpServers.ListAsync()).Single(s => s.Id == server.Id).Status);
        await Mcp.DisconnectAsync(server.Id);
        Assert.Equal(McpServerStatus.Disconnected, (await Nexo.McpServers.GetAsync(server.Id)).Status);
    }

    [Fact]
    public async Task ConnectUnsavedAsync_KeepsAnInlineServerLiveUnderItsId_WithoutStoringIt_UntilDisconnected()
    {
        var id = "inline-" + Suffix();
        var config = McpTestEnvironment.CSharpServer("inline server") with { Id = id };

        var tools = await Mcp.ConnectUnsavedAsync(config);

        Assert.Contains(tools, t => t.Name == "echo");
        Assert.Equal("hi", (await Mcp.CallToolAsync(id, "echo", Json("""{"text": "hi"}"""))).Text);
        Assert.Equal(McpServerStatus.Connected, Mcp.GetStatus(id));
        Assert.DoesNotContain(await Nexo.McpServers.ListAsync(), s => s.Id == id);
        var pid = await PidAsync(id);

        await Mcp.DisconnectAsync(id);

        Assert.False(ProcessProbe.IsAlive(pid));
        Assert.Equal(McpServerStatus.Disconnected, Mcp.GetStatus(id));
        await NexoAssert.NotFoundAsync("MCP server", () => Mcp.CallToolAsync(id, "echo", null));
        var missingId = await Assert.ThrowsAsync<NexoException>(() => Mcp.ConnectUnsavedAsync(config with { Id = null }));
        Assert.Equal((NexoErrorKind.Validation, "id"), (missingId.Kind, missingId.Details["field"]));
        var saved = await Assert.ThrowsAsync<NexoException>(() => Mcp.ConnectUnsavedAsync(config with { Id = fixture.Server.Id }));
        Assert.Equal(NexoErrorKind.Conflict, saved.Kind);
        var noCommand = await Assert.ThrowsAsync<NexoException>(() => Mcp.ConnectUnsavedAsync(config with { Command = null }));
        Assert.Equal(NexoErrorKind.Validation, noCommand.Kind);
        await NexoAssert.NotFoundAsync("workspace", () => Mcp.ConnectForWorkspaceAsync(fixture.Server.Id, "no-such-workspace"));
        await Assert.ThrowsAsync<ArgumentNullException>(() => Mcp.CallToolAsync((WorkspaceTool)null!, null));
    }

    [Fact]
    public async Task ConnectAsync_Twice_ReusesTheLiveServer()
    {
        var server = await fixture.AddServerAsync("reuse-" + Suffix());
        await Mcp.ConnectAsync(server.Id);
        var pid = await PidAsync(server.Id);

        await Mcp.ConnectAsync(server.Id);

        Assert.Equal(pid, await PidAsync(server.Id));
    }

    [Fact]
    public async Task ConnectAsync_FollowsEveryPageOfTheToolList()
    {
        var server = await fixture.AddServerAsync("paged-" + Suffix(), args: ["--paged", "7"]);

        var tools = await Mcp.ConnectAsync(server.Id);

        Assert.Equal(Enumerable.Range(0, 7).Select(i => $"page_tool_{i}"), tools.Select(t => t.Name));
    }

    [Fact]
    public async Task ConnectAsync_CommandThatDoesNotExist_StatusErrorWithClearLastError()
    {
        var server = await Nexo.McpServers.CreateAsync(new NewMcpServer
        {
            Name = "missing-" + Suffix(),
            Transport = McpTransportKind.Stdio,
            Command = "/nonexistent/nexo-mcp-missing",
        });
        using var recorder = new StatusRecorder(Nexo, server.Id);

        var ex = await Assert.ThrowsAsync<NexoException>(() => Mcp.ConnectAsync(server.Id));

        Assert.Equal(NexoErrorKind.Mcp, ex.Kind);
        Assert.Contains("/nonexistent/nexo-mcp-missing", ex.Message, StringComparison.Ordinal);
        Assert.Contains("No such file or directory", ex.Message, StringComparison.Ordinal);
        Assert.Equal([McpServerStatus.Connecting, McpServerStatus.Error], recorder.Statuses);
        Assert.Equal(ex.Message, recorder.Events[^1].Error);
        var stored = await Nexo.McpServers.GetAsync(server.Id);
        Assert.Equal(McpServerStatus.Error, stored.Status);
        Assert.Equal(ex.Message, stored.LastError);
        Assert.Equal(McpServerStatus.Error, Mcp.GetStatus(server.Id));
    }

    [Fact]
    public async Task ConnectAsync_ServerThatExitsAtOnce_ReportsWhatItSaid()
    {
        var server = await Nexo.McpServers.CreateAsync(new NewMcpServer
        {
            Name = "exits-" + Suffix(),
            Transport = McpTransportKind.Stdio,
            Command = "sh",
            Args = ["-c", "echo 'missing API key' >&2; exit 7"],
        });

        var ex = await Assert.ThrowsAsync<NexoException>(() => Mcp.ConnectAsync(server.Id));

        // The exit code is there when the process was reaped before the SDK wrote its message (usually).
        Assert.True(ex.Message.Contains("exit", StringComparison.Ordinal), ex.Message);
        Assert.True(ex.Message.Contains("missing API key", StringComparison.Ordinal), ex.Message);
    }

    [Fact]
    public async Task TestConnectionAsync_ListsToolsOfAnUnsavedConfigAndLeavesNothingRunning()
    {
        var tag = Guid.NewGuid().ToString("N");
        var config = McpTestEnvironment.CSharpServer("unsaved", env: new Dictionary<string, string> { [ProcessProbe.TagVariable] = tag });

        var tools = await Mcp.TestConnectionAsync(config);

        Assert.Contains(tools, t => t.Name == "echo");
        Assert.Empty(ProcessProbe.FindTagged(tag));
        Assert.DoesNotContain(await Nexo.McpServers.ListAsync(), s => s.Name == "unsaved");
    }

    [Fact]
    public async Task TestConnectionAsync_BadConfig_ValidationOrMcpError()
    {
        var invalid = await Assert.ThrowsAsync<NexoException>(() => Mcp.TestConnectionAsync(new NewMcpServer { Name = "x", Transport = McpTransportKind.Http, Url = "not a url" }));
        var unreachable = await Assert.ThrowsAsync<NexoException>(() => Mcp.TestConnectionAsync(new NewMcpServer { Name = "x", Transport = McpTransportKind.Stdio, Command = "/nonexistent/cmd" }));

        Assert.Equal(NexoErrorKind.Validation, invalid.Kind);
        Assert.Equal(NexoErrorKind.Mcp, unreachable.Kind);
        Assert.StartsWith("Could not connect to the MCP server 'x':", unreachable.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CallToolAsync_WithJsonArguments_ReturnsTheToolsText()
    {
        var sum = await Mcp.CallToolAsync(fixture.Server.Id, "add", Json("""{"a": 2, "b": 40}"""));
        var echo = await Mcp.CallToolAsync(fixture.Server.Id, "echo", Json("""{"text": "héllo 👋"}"""));

        Assert.False(sum.IsError);
        Assert.Equal("42", sum.Text);
        Assert.Equal("héllo 👋", echo.Text);
        Assert.Equal("text", Assert.Single(echo.Content).Type);
        Assert.True(echo.DurationMs >= 0);
    }

    [Fact]
    public async Task CallToolAsync_ToolReturnsIsError_IsErrorResult()
    {
        var result = await Mcp.CallToolAsync(fixture.Server.Id, "fail", Json("""{"message": "disk full"}"""));

        Assert.True(result.IsError);
        Assert.Equal("disk full", result.Text);
    }

    [Fact]
    public async Task CallToolAsync_ToolThrows_IsErrorResult()
    {
        var result = await Mcp.CallToolAsync(fixture.Server.Id, "throw", Json("""{"message": "kaboom"}"""));

        Assert.True(result.IsError);
        Assert.Contains("kaboom", result.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CallToolAsync_UnknownTool_IsErrorResultNamingTheTool()
    {
        var result = await Mcp.CallToolAsync(fixture.Server.Id, "no_such_tool", null);

        Assert.True(result.IsError);
        Assert.Contains("no_such_tool", result.Text, StringComparison.Ordinal);
        Assert.Equal(McpServerStatus.Connected, Mcp.GetStatus(fixture.Server.Id));
    }

    [Fact]
    public async Task CallToolAsync_ArgumentsNotAnObject_IsErrorResult()
    {
        var result = await Mcp.CallToolAsync(fixture.Server.Id, "echo", Json("[1, 2]"));

        Assert.True(result.IsError);
        Assert.Contains("must be a JSON object", result.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CallToolAsync_UnknownOrDisabledServer_Throws()
    {
        var disabled = await Nexo.McpServers.CreateAsync(McpTestEnvironment.CSharpServer("disabled-" + Suffix()) with { Enabled = false });

        var unknown = await Assert.ThrowsAsync<NexoException>(() => Mcp.CallToolAsync("no-such-server", "echo", null));
        var off = await Assert.ThrowsAsync<NexoException>(() => Mcp.CallToolAsync(disabled.Id, "echo", null));

        Assert.Equal(NexoErrorKind.NotFound, unknown.Kind);
        Assert.Equal(NexoErrorKind.Validation, off.Kind);
        Assert.Contains("disabled", off.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CallToolAsync_ImageAndStructuredContent_AreMapped()
    {
        var image = await Mcp.CallToolAsync(fixture.Server.Id, "image", null);
        var weather = await Mcp.CallToolAsync(fixture.Server.Id, "weather", Json("""{"city": "Oslo"}"""));

        Assert.Equal("a pixel", image.Text);
        var picture = image.Content.Single(c => c.Type == "image");
        Assert.Equal("image/png", picture.MimeType);
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], Convert.FromBase64String(picture.Data!)[..4]);
        Assert.Equal("Oslo", weather.StructuredContent!.Value.GetProperty("city").GetString());
        Assert.Equal(21.5, weather.StructuredContent.Value.GetProperty("temperatureC").GetDouble());
    }

    [Fact]
    public async Task CallToolAsync_ReportsProgress()
    {
        var reports = new List<McpToolProgress>();

        var result = await Mcp.CallToolAsync(fixture.Server.Id, "slow", Json("""{"ms": 40, "steps": 4}"""), new SyncProgress(reports.Add));

        Assert.False(result.IsError);
        // Progress notifications may still be in flight when the result arrives; each one that came is well-formed.
        Assert.All(reports, p => Assert.Equal(4, p.Total));
        Assert.Equal(reports.Select(p => p.Progress).Order(), reports.Select(p => p.Progress));
        Assert.All(reports, p => Assert.StartsWith("step ", p.Message, StringComparison.Ordinal));
    }

    [Fact]
    public async Task CallToolAsync_ProgressOfALongCall_ArrivesBeforeTheResult()
    {
        var first = new TaskCompletionSource<McpToolProgress>(TaskCreationOptions.RunContinuationsAsynchronously);

        // Seconds between the first report and the result: on a loaded machine the client may handle a notification a
        // few hundred milliseconds late, and a report handled after the result is dropped by design.
        var call = Mcp.CallToolAsync(fixture.Server.Id, "slow", Json("""{"ms": 4000, "steps": 2}"""), new SyncProgress(p => first.TrySetResult(p)));
        var progress = await first.Task.WaitAsync(TimeSpan.FromSeconds(30));
        var result = await call;

        Assert.Equal(1, progress.Progress);
        Assert.Equal(2, progress.Total);
        Assert.Equal("slept 4000 ms", result.Text);
    }

    [Fact]
    public async Task CallToolAsync_SlowerThanTheServerTimeout_IsErrorAndTheServerStaysUsable()
    {
        var server = await fixture.AddServerAsync("timeout-" + Suffix(), timeoutSeconds: 1);
        var tag = Guid.NewGuid().ToString("N");

        var result = await Mcp.CallToolAsync(server.Id, "slow", Json($$"""{"ms": 20000, "tag": "{{tag}}"}"""));

        Assert.True(result.IsError);
        Assert.Contains("timed out", result.Text, StringComparison.Ordinal);
        Assert.Contains("1 s", result.Text, StringComparison.Ordinal);
        Assert.Equal("cancelled", (await Mcp.CallToolAsync(server.Id, "slow_outcome", Json($$"""{"tag": "{{tag}}"}"""))).Text);
        Assert.Equal("still here", (await Mcp.CallToolAsync(server.Id, "echo", Json("""{"text": "still here"}"""))).Text);
        Assert.Equal(McpServerStatus.Connected, Mcp.GetStatus(server.Id));
    }

    [Fact]
    public async Task CallToolAsync_CallerCancels_ThrowsAndTheServerReceivesTheCancellation()
    {
        var tag = Guid.NewGuid().ToString("N");
        using var cts = new CancellationTokenSource();
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var call = Mcp.CallToolAsync(fixture.Server.Id, "slow", Json($$"""{"ms": 20000, "steps": 200, "tag": "{{tag}}"}"""), new SyncProgress(_ => started.TrySetResult()), cts.Token);
        await started.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
        Assert.Equal("cancelled", (await Mcp.CallToolAsync(fixture.Server.Id, "slow_outcome", Json($$"""{"tag": "{{tag}}"}"""))).Text);
    }

    [Fact]
    public async Task CallToolAsync_ServerCrashesMidCall_IsErrorThenTheNextCallReconnects()
    {
        var server = await fixture.AddServerAsync("crash-" + Suffix());
        await Mcp.ConnectAsync(server.Id);
        var pid = await PidAsync(server.Id);
        using var recorder = new StatusRecorder(Nexo, server.Id);

        var crash = await Mcp.CallToolAsync(server.Id, "crash", Json("""{"exitCode": 3}"""));

        Assert.True(crash.IsError);
        Assert.Contains("stopped during the call", crash.Text, StringComparison.Ordinal);
        Assert.Contains("exit code 3", crash.Text, StringComparison.Ordinal);
        Assert.Equal(McpServerStatus.Error, Mcp.GetStatus(server.Id));
        var error = Assert.Single(recorder.Events);
        Assert.Equal(McpServerStatus.Error, error.Status);
        Assert.Contains("exit code 3", error.Error, StringComparison.Ordinal);
        Assert.False(ProcessProbe.IsAlive(pid));

        var again = await Mcp.CallToolAsync(server.Id, "echo", Json("""{"text": "back"}"""));

        Assert.Equal("back", again.Text);
        Assert.NotEqual(pid, await PidAsync(server.Id));
        Assert.Equal([McpServerStatus.Error, McpServerStatus.Connecting, McpServerStatus.Connected], recorder.Statuses);
    }

    [Fact]
    public async Task ToolListChanged_NewToolIsOfferedToTheWorkspace()
    {
        var server = await fixture.AddServerAsync("changing-" + Suffix());
        var newTool = "added_" + Suffix();
        var workspace = await fixture.AddWorkspaceAsync(new Dictionary<string, IReadOnlyList<string>> { [server.Id] = ["echo", newTool] });
        Assert.Equal(["echo"], (await Mcp.GetWorkspaceToolsAsync(workspace.Id)).Select(t => t.ToolName));
        using var recorder = new StatusRecorder(Nexo, server.Id);
        var refreshed = recorder.NextAsync(e => e.Status == McpServerStatus.Connected);

        await Mcp.CallToolAsync(server.Id, "add_tool", Json($$"""{"name": "{{newTool}}"}"""));
        await refreshed;

        var tools = await Mcp.GetWorkspaceToolsAsync(workspace.Id);
        Assert.Equal(new[] { "echo", newTool }.Order(StringComparer.Ordinal), tools.Select(t => t.ToolName));
        Assert.Contains((await Nexo.McpServers.GetAsync(server.Id)).Tools, t => t.Name == newTool);
        Assert.Equal($"{newTool}: hi", (await Mcp.CallToolAsync(server.Id, newTool, Json("""{"text": "hi"}"""))).Text);
    }

    [Fact]
    public async Task Roots_TheWorkspaceRootIsOfferedToTheServer()
    {
        var server = await fixture.AddServerAsync("roots-" + Suffix());
        var root = Directory.CreateDirectory(Path.Combine(fixture.Folder, "project with space")).FullName;
        var workspace = await fixture.AddWorkspaceAsync(new Dictionary<string, IReadOnlyList<string>> { [server.Id] = ["roots"] }, root);

        var tool = Assert.Single(await Mcp.GetWorkspaceToolsAsync(workspace.Id));
        var result = await Mcp.CallToolAsync(tool, null);

        Assert.Equal(new Uri(root).AbsoluteUri, tool.RootUri);
        Assert.Equal(new Uri(root).AbsoluteUri, result.Text);
        Assert.StartsWith("file:///", result.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Roots_EachWorkspaceSeesOnlyItsOwnFolder_OnItsOwnServerProcess()
    {
        var server = await fixture.AddServerAsync("shared-roots-" + Suffix());
        var tools = new Dictionary<string, IReadOnlyList<string>> { [server.Id] = ["roots", "pid"] };
        var first = Directory.CreateDirectory(Path.Combine(fixture.Folder, "first-" + Suffix())).FullName;
        var second = Directory.CreateDirectory(Path.Combine(fixture.Folder, "second-" + Suffix())).FullName;
        var one = await fixture.AddWorkspaceAsync(tools, first);
        var two = await fixture.AddWorkspaceAsync(tools, second);
        var sameFolder = await fixture.AddWorkspaceAsync(tools, first);
        var plain = await fixture.AddWorkspaceAsync(tools);

        async Task<(string Roots, string Pid)> AskAsync(Workspace workspace)
        {
            var offered = await Mcp.GetWorkspaceToolsAsync(workspace.Id);
            return ((await Mcp.CallToolAsync(offered.Single(t => t.ToolName == "roots"), null)).Text,
                (await Mcp.CallToolAsync(offered.Single(t => t.ToolName == "pid"), null)).Text);
        }

        var a = await AskAsync(one);
        var b = await AskAsync(two);
        var c = await AskAsync(sameFolder);
        var d = await AskAsync(plain);
        var direct = (await Mcp.CallToolAsync(server.Id, "roots", null)).Text;
        var directPid = (await Mcp.CallToolAsync(server.Id, "pid", null)).Text;

        Assert.Equal(new Uri(first).AbsoluteUri, a.Roots);
        Assert.Equal(new Uri(second).AbsoluteUri, b.Roots);
        Assert.NotEqual(a.Pid, b.Pid); // one process per folder: neither can reach the other's
        Assert.Equal(a, c); // the same folder shares one
        Assert.Equal(("(no roots)", directPid), (d.Roots, d.Pid)); // no folder: the connection of direct calls
        Assert.Equal("(no roots)", direct);
        Assert.Equal(McpServerStatus.Connected, Mcp.GetStatus(server.Id));

        await Mcp.DisconnectAsync(server.Id);

        Assert.Equal(McpServerStatus.Disconnected, Mcp.GetStatus(server.Id));
        Assert.Equal(McpServerStatus.Disconnected, (await Nexo.McpServers.GetAsync(server.Id)).Status);
        Assert.All(new[] { a.Pid, b.Pid, d.Pid }, pid => Assert.False(ProcessProbe.IsAlive(int.Parse(pid, CultureInfo.InvariantCulture))));
    }

    [Fact]
    public async Task Roots_AFolderNoWorkspaceHasAnyMore_HasItsServerProcessClosed()
    {
        var server = await fixture.AddServerAsync("folder-life-" + Suffix());
        var tools = new Dictionary<string, IReadOnlyList<string>> { [server.Id] = ["pid"] };
        var first = Directory.CreateDirectory(Path.Combine(fixture.Folder, "gone-" + Suffix())).FullName;
        var second = Directory.CreateDirectory(Path.Combine(fixture.Folder, "moved-" + Suffix())).FullName;
        var third = Directory.CreateDirectory(Path.Combine(fixture.Folder, "kept-" + Suffix())).FullName;
        var deleted = await fixture.AddWorkspaceAsync(tools, first);
        var moved = await fixture.AddWorkspaceAsync(tools, second);
        var kept = await fixture.AddWorkspaceAsync(tools, third);

        async Task<int> PidOfAsync(Workspace workspace) =>
            int.Parse((await Mcp.CallToolAsync(Assert.Single(await Mcp.GetWorkspaceToolsAsync(workspace.Id)), null)).Text, CultureInfo.InvariantCulture);

        var (a, b, c) = (await PidOfAsync(deleted), await PidOfAsync(moved), await PidOfAsync(kept));
        await Nexo.Workspaces.DeleteAsync(deleted.Id);
        await Nexo.Workspaces.UpdateAsync(moved.Id, new WorkspaceUpdate { RootPath = third });

        Assert.False(ProcessProbe.IsAlive(a));
        Assert.False(ProcessProbe.IsAlive(b));
        Assert.True(ProcessProbe.IsAlive(c));
        Assert.Equal(c, await PidOfAsync(moved)); // now in the kept folder: shares its server
        Assert.Equal(McpServerStatus.Connected, Mcp.GetStatus(server.Id));
    }

    [Fact]
    public async Task Stdio_EncryptedEnvironmentAndWorkingDirectoryReachTheServer()
    {
        var cwd = Directory.CreateDirectory(Path.Combine(fixture.Folder, "cwd-" + Suffix())).FullName;
        var server = await Nexo.McpServers.CreateAsync(McpTestEnvironment.CSharpServer("env-" + Suffix(), env: new Dictionary<string, string> { ["NEXO_SECRET"] = "s3cr3t-value" }) with
        {
            WorkingDirectory = cwd,
        });

        Assert.DoesNotContain("s3cr3t-value", (await Nexo.McpServers.GetAsync(server.Id)).Env["NEXO_SECRET"], StringComparison.Ordinal);
        // The server answers with exactly its secret, which the host redacts from the result (issue 12, item 3).
        Assert.Equal(global::Nexo.Security.SecretRedactor.Mask, (await Mcp.CallToolAsync(server.Id, "env", Json("""{"name": "NEXO_SECRET"}"""))).Text);
        Assert.Equal(cwd, (await Mcp.CallToolAsync(server.Id, "cwd", null)).Text);
    }

    [Fact]
    public async Task UpdatedConfiguration_ReplacesTheLiveServer()
    {
        var server = await fixture.AddServerAsync("updated-" + Suffix(), env: new Dictionary<string, string> { ["NEXO_VALUE"] = "one" });
        Assert.Equal("one", (await Mcp.CallToolAsync(server.Id, "env", Json("""{"name": "NEXO_VALUE"}"""))).Text);
        var pid = await PidAsync(server.Id);

        await Nexo.McpServers.UpdateAsync(server.Id, new McpServerUpdate { Env = new Dictionary<string, string> { ["NEXO_VALUE"] = "two" } });

        Assert.Equal("two", (await Mcp.CallToolAsync(server.Id, "env", Json("""{"name": "NEXO_VALUE"}"""))).Text);
        Assert.False(ProcessProbe.IsAlive(pid));
    }

    [Fact]
    public async Task DisconnectAsync_StopsTheServerAndStoresDisconnected()
    {
        var server = await fixture.AddServerAsync("disconnect-" + Suffix());
        await Mcp.ConnectAsync(server.Id);
        var pid = await PidAsync(server.Id);
        using var recorder = new StatusRecorder(Nexo, server.Id);

        await Mcp.DisconnectAsync(server.Id);

        Assert.False(ProcessProbe.IsAlive(pid));
        Assert.Equal([McpServerStatus.Disconnected], recorder.Statuses);
        Assert.Equal(McpServerStatus.Disconnected, (await Nexo.McpServers.GetAsync(server.Id)).Status);
        Assert.Equal(McpServerStatus.Disconnected, Mcp.GetStatus(server.Id));
        await Assert.ThrowsAsync<NexoException>(() => Mcp.DisconnectAsync("never-existed"));
    }

    [Fact]
    public async Task GetWorkspaceToolsAsync_SameToolOnTwoServers_GetsUniqueNamesThatMapBack()
    {
        var alpha = await fixture.AddServerAsync("Alpha Files " + Suffix());
        var beta = await fixture.AddServerAsync("beta.tools " + Suffix());
        var workspace = await fixture.AddWorkspaceAsync(new Dictionary<string, IReadOnlyList<string>>
        {
            [alpha.Id] = ["echo", "add"],
            [beta.Id] = ["echo"],
        });

        var tools = await Mcp.GetWorkspaceToolsAsync(workspace.Id);

        Assert.Equal(3, tools.Count);
        Assert.Equal(tools.Count, tools.Select(t => t.ModelName.ToLowerInvariant()).Distinct().Count());
        Assert.All(tools, t => Assert.Matches("^[a-zA-Z0-9_-]{1,64}$", t.ModelName));
        Assert.Equal("add", tools.Single(t => t.ToolName == "add").ModelName);
        var alphaEcho = tools.Single(t => t.ServerId == alpha.Id && t.ToolName == "echo");
        var betaEcho = tools.Single(t => t.ServerId == beta.Id && t.ToolName == "echo");
        Assert.StartsWith("Alpha_Files_", alphaEcho.ModelName, StringComparison.Ordinal);
        Assert.EndsWith("__echo", alphaEcho.ModelName, StringComparison.Ordinal);
        Assert.StartsWith("beta_tools_", betaEcho.ModelName, StringComparison.Ordinal);
        Assert.Equal($"{alpha.Id}/echo", alphaEcho.ToolId);
        Assert.Equal("object", alphaEcho.InputSchema.GetProperty("type").GetString());
        Assert.Same(betaEcho, McpHost.ResolveModelName(tools, betaEcho.ModelName));
        Assert.Same(betaEcho, McpHost.ResolveModelName(tools, betaEcho.ModelName.ToUpperInvariant()));
        Assert.Null(McpHost.ResolveModelName(tools, "echo"));
        var call = await Mcp.CallToolAsync(betaEcho.ServerId, betaEcho.ToolName, Json("""{"text": "via beta"}"""));
        Assert.Equal("via beta", call.Text);
    }

    [Fact]
    public async Task GetWorkspaceToolsAsync_SkipsUnknownDisabledAndFailingServers()
    {
        var broken = await Nexo.McpServers.CreateAsync(new NewMcpServer { Name = "broken-" + Suffix(), Transport = McpTransportKind.Stdio, Command = "/nonexistent/broken" });
        var disabled = await Nexo.McpServers.CreateAsync(McpTestEnvironment.CSharpServer("off-" + Suffix()) with { Enabled = false });
        var workspace = await fixture.AddWorkspaceAsync(new Dictionary<string, IReadOnlyList<string>>
        {
            [fixture.Server.Id] = ["echo", "not_offered_by_the_server"],
            [broken.Id] = ["echo"],
            [disabled.Id] = ["echo"],
            ["deleted-server"] = ["echo"],
        });

        var tools = await Mcp.GetWorkspaceToolsAsync(workspace.Id);
        var active = await Mcp.GetActiveToolsAsync(workspace.Id);

        var tool = Assert.Single(tools);
        Assert.Equal((fixture.Server.Id, "echo", "echo"), (tool.ServerId, tool.ToolName, tool.ModelName));
        Assert.Equal(McpServerStatus.Error, Mcp.GetStatus(broken.Id));
        Assert.Equal(McpServerStatus.Disconnected, Mcp.GetStatus(disabled.Id));
        var info = Assert.Single(active);
        Assert.Equal(("echo", fixture.Server.Id, "test server", "Returns the text it is given."), (info.Name, info.ServerId, info.ServerName, info.Description));
    }

    [Fact]
    public async Task ListResourcesAndPrompts_ServerWithoutThem_EmptyLists()
    {
        // The paged mode of the test server offers generated tools only.
        var bare = await fixture.AddServerAsync("bare", 30, null, "--paged", "2");

        Assert.Empty(await Mcp.ListResourcesAsync(bare.Id));
        Assert.Empty(await Mcp.ListResourceTemplatesAsync(bare.Id));
        Assert.Empty(await Mcp.ListPromptsAsync(bare.Id));
    }

    private async Task<int> PidAsync(string serverId) =>
        int.Parse((await Mcp.CallToolAsync(serverId, "pid", null)).Text, CultureInfo.InvariantCulture);

    private static JsonElement Json(string json) => JsonDocument.Parse(json).RootElement.Clone();

    private static string Suffix() => Guid.NewGuid().ToString("N")[..8];
}
