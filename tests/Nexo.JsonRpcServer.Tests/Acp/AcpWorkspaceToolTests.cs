using System.Diagnostics;
using System.Text.Json.Nodes;
using Nexo.Sdk.Tests.Chats;

namespace Nexo.JsonRpcServer.Tests.Acp;

/// <summary>
/// The built-in workspace tools in an ACP session: file tools through the client's <c>fs/…</c> methods, commands in
/// client terminals, kind / locations / diff on the tool calls, and the plan as <c>plan</c> updates.
/// </summary>
public sealed class AcpWorkspaceToolTests
{
    private static List<JsonObject> ToolUpdates(AcpHarness h, string session, string callId) =>
        h.Client.UpdatesOf(session).Where(u => (string?)u["toolCallId"] == callId).ToList();

    private static async Task<AcpHarness> CreateAsync() => await AcpHarness.CreateAsync(withTools: false, builtinTools: true);

    [Fact]
    public async Task FileTools_GoThroughTheClient_TheReadSeesTheUnsavedBuffer_AndTheEditIsWrittenByTheClientAfterAPermissionRequestShowingItsDiff()
    {
        await using var h = await CreateAsync();
        using var editor = new AcpFakeEditor();
        editor.Attach(h.Client);
        var file = Path.Combine(h.Project, "src", "app.txt");
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        await File.WriteAllTextAsync(file, "hello world\n");
        editor.Buffers[file] = "hello unsaved world\n";
        var session = await h.NewSessionAsync(editor);

        h.Model.Enqueue(Step.Call("r1", "read_file", new Dictionary<string, object?> { ["path"] = "src/app.txt" }));
        h.Model.Enqueue(Step.Call("e1", "edit_file", new Dictionary<string, object?> { ["path"] = "src/app.txt", ["oldText"] = "unsaved", ["newText"] = "edited" }));
        h.Model.Enqueue(Step.Text("Edited."));
        h.Model.Enqueue(Step.Text("Editing"));
        var result = await h.Client.RequestObjectAsync("session/prompt", AcpHarness.Prompt(session, "fix the greeting"));
        Assert.Equal("end_turn", (string)result["stopReason"]!);

        // The read went to the editor (which answered with its unsaved buffer), and so did the write.
        var read = editor.Requests.First(r => r.Method == "fs/read_text_file").Params;
        Assert.Equal(session, (string)read["sessionId"]!);
        Assert.Equal(file, (string)read["path"]!);
        var write = editor.Requests.Single(r => r.Method == "fs/write_text_file").Params;
        Assert.Equal(file, (string)write["path"]!);
        Assert.Equal("hello edited world\n", (string)write["content"]!);
        Assert.Equal("hello edited world\n", await File.ReadAllTextAsync(file));

        var readCalls = ToolUpdates(h, session, "r1");
        Assert.Equal("tool_call", (string)readCalls[0]["sessionUpdate"]!);
        Assert.Equal("read", (string)readCalls[0]["kind"]!);
        Assert.Equal($"Read src{Path.DirectorySeparatorChar}app.txt", (string)readCalls[0]["title"]!);
        Assert.Equal(file, (string)readCalls[0]["locations"]![0]!["path"]!);
        Assert.Contains("hello unsaved world", readCalls.Last()["content"]![0]!["content"]!["text"]!.GetValue<string>());

        // The edit asked first, showing its diff; the client's write came after the answer.
        var requests = h.Client.AgentRequests.ToList();
        var asked = requests.FindIndex(r => r.Method == "session/request_permission" && (string?)r.Params["toolCall"]!["toolCallId"] == "e1");
        Assert.True(asked >= 0, "the edit asks for permission");
        Assert.True(asked < requests.FindIndex(r => r.Method == "fs/write_text_file"), "the write comes after the permission request");
        var toolCall = requests[asked].Params["toolCall"]!;
        Assert.Equal("edit", (string)toolCall["kind"]!);
        Assert.Equal(file, (string)toolCall["locations"]![0]!["path"]!);
        var preview = toolCall["content"]![0]!;
        Assert.Equal("diff", (string)preview["type"]!);
        Assert.Equal(file, (string)preview["path"]!);
        Assert.Equal("hello unsaved world\n", (string)preview["oldText"]!);
        Assert.Equal("hello edited world\n", (string)preview["newText"]!);

        var edited = ToolUpdates(h, session, "e1");
        Assert.Equal("edit", (string)edited[0]["kind"]!);
        var completed = edited.Last();
        Assert.Equal("completed", (string)completed["status"]!);
        Assert.Equal("diff", (string)completed["content"]![0]!["type"]!);
        Assert.Equal("hello unsaved world\n", (string)completed["content"]![0]!["oldText"]!);
        Assert.Equal("hello edited world\n", (string)completed["content"]![0]!["newText"]!);
        Assert.Equal("content", (string)completed["content"]![1]!["type"]!);
    }

    [Fact]
    public async Task ClientReads_OfAMissingFile_AndOfAHugeOne_AreToolErrors_TheHugeOneNeverAskedOfTheEditor()
    {
        await using var h = await CreateAsync();
        using var editor = new AcpFakeEditor();
        editor.Attach(h.Client);
        var session = await h.NewSessionAsync(editor);
        var huge = Path.Combine(h.Project, "huge.log");
        await using (var stream = File.Create(huge))
        {
            stream.SetLength(Nexo.JsonRpcServer.Acp.AcpClientFiles.MaxEditorReadBytes + 1);
        }

        h.Model.Enqueue(Step.Call("m1", "read_file", new Dictionary<string, object?> { ["path"] = "missing.txt" }), Step.Call("h1", "read_file", new Dictionary<string, object?> { ["path"] = "huge.log" }));
        h.Model.Enqueue(Step.Text("Neither."));
        h.Model.Enqueue(Step.Text("Reading"));
        await h.Client.RequestObjectAsync("session/prompt", AcpHarness.Prompt(session, "read them"));

        var missing = ToolUpdates(h, session, "m1").Last();
        Assert.Equal("failed", (string)missing["status"]!);
        Assert.Contains("does not exist", (string)missing["content"]![0]!["content"]!["text"]!, StringComparison.Ordinal);
        var large = ToolUpdates(h, session, "h1").Last();
        Assert.Equal("failed", (string)large["status"]!);
        Assert.Contains("MB", (string)large["content"]![0]!["content"]!["text"]!, StringComparison.Ordinal);
        Assert.Equal([Path.Combine(h.Project, "missing.txt")], editor.Requests.Where(r => r.Method == "fs/read_text_file").Select(r => (string)r.Params["path"]!));
    }

    [Fact]
    public async Task RunCommand_RunsInAClientTerminal_TheToolCallEmbedsTheTerminal_AndItIsReleased()
    {
        await using var h = await CreateAsync();
        using var editor = new AcpFakeEditor();
        editor.Attach(h.Client);
        var session = await h.NewSessionAsync(editor);
        await h.Client.RequestAsync("session/set_config_option", new JsonObject { ["sessionId"] = session, ["configId"] = "mode", ["value"] = "allow_all" });

        h.Model.Enqueue(Step.Call("x1", "run_command", new Dictionary<string, object?> { ["argv"] = new[] { "sh", "-c", "echo out-line; echo err-line >&2; exit 3" } }));
        h.Model.Enqueue(Step.Text("It failed with 3."));
        h.Model.Enqueue(Step.Text("Running"));
        var result = await h.Client.RequestObjectAsync("session/prompt", AcpHarness.Prompt(session, "run the check"));
        Assert.Equal("end_turn", (string)result["stopReason"]!);

        Assert.Equal(["terminal/create", "terminal/wait_for_exit", "terminal/output", "terminal/release"], editor.Methods());
        var create = editor.Requests.First().Params;
        Assert.Equal(session, (string)create["sessionId"]!);
        Assert.Equal("sh", (string)create["command"]!);
        Assert.Equal(["-c", "echo out-line; echo err-line >&2; exit 3"], create["args"]!.AsArray().Select(a => (string)a!));
        Assert.Equal(h.Project, (string)create["cwd"]!);
        Assert.True((long)create["outputByteLimit"]! > 0);
        Assert.DoesNotContain(create["env"]?.AsArray() ?? [], v => ((string)v!["name"]!).StartsWith("NEXO_", StringComparison.Ordinal) && ((string)v["name"]!).Contains("KEY", StringComparison.Ordinal));
        var (id, terminal) = Assert.Single(editor.Terminals);
        Assert.True(terminal.Released);
        Assert.Equal(3, terminal.ExitCode);

        var updates = ToolUpdates(h, session, "x1");
        Assert.Equal("tool_call", (string)updates[0]["sessionUpdate"]!);
        Assert.Equal("execute", (string)updates[0]["kind"]!);
        Assert.Equal("Run `sh -c echo out-line; echo err-line >&2; exit 3`", (string)updates[0]["title"]!);
        var embedded = updates.FindIndex(u => u["content"] is JsonArray c && c.Count == 1 && (string?)c[0]!["type"] == "terminal");
        Assert.True(embedded > 0, "a tool_call_update embeds the terminal while the command runs");
        Assert.Equal(id, (string)updates[embedded]["content"]![0]!["terminalId"]!);
        var completed = updates.Last();
        Assert.Equal("completed", (string)completed["status"]!);
        Assert.Equal("terminal", (string)Assert.Single(completed["content"]!.AsArray())!["type"]!);

        // The model got the output and the exit code.
        var toolResult = (await h.Nexo.Messages.GetActiveBranchAsync(session)).Single(m => m.Role == MessageRole.Tool).Content;
        Assert.Contains("out-line", toolResult, StringComparison.Ordinal);
        Assert.Contains("err-line", toolResult, StringComparison.Ordinal);
        Assert.Contains("3", toolResult, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunCommand_PastItsTimeout_IsKilledInTheClientTerminal_AndReleased()
    {
        await using var h = await CreateAsync();
        using var editor = new AcpFakeEditor();
        editor.Attach(h.Client);
        var session = await h.NewSessionAsync(editor);
        await h.Client.RequestAsync("session/set_config_option", new JsonObject { ["sessionId"] = session, ["configId"] = "mode", ["value"] = "allow_all" });

        h.Model.Enqueue(Step.Call("x1", "run_command", new Dictionary<string, object?> { ["argv"] = new[] { "sleep", "60" }, ["timeoutSeconds"] = 1 }));
        h.Model.Enqueue(Step.Text("It hung."));
        h.Model.Enqueue(Step.Text("Sleeping"));
        var clock = Stopwatch.StartNew();
        await h.Client.RequestObjectAsync("session/prompt", AcpHarness.Prompt(session, "wait"));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"the command was stopped at its timeout ({clock.Elapsed})");

        Assert.Equal(["terminal/create", "terminal/wait_for_exit", "terminal/kill", "terminal/output", "terminal/release"], editor.Methods());
        var terminal = Assert.Single(editor.Terminals).Value;
        Assert.True(terminal.Killed);
        Assert.True(terminal.Released);
        var toolResult = (await h.Nexo.Messages.GetActiveBranchAsync(session)).Single(m => m.Role == MessageRole.Tool).Content;
        Assert.Contains("killed", toolResult, StringComparison.Ordinal);

        // The failed call keeps its terminal beside the error.
        var failed = ToolUpdates(h, session, "x1").Last();
        Assert.Equal("failed", (string)failed["status"]!);
        Assert.Equal(["terminal", "content"], failed["content"]!.AsArray().Select(c => (string)c!["type"]!));
    }

    [Fact]
    public async Task Cancel_WhileACommandRunsInAClientTerminal_KillsAndReleasesIt_AndEndsCancelled()
    {
        await using var h = await CreateAsync();
        using var editor = new AcpFakeEditor();
        editor.Attach(h.Client);
        var session = await h.NewSessionAsync(editor);
        await h.Client.RequestAsync("session/set_config_option", new JsonObject { ["sessionId"] = session, ["configId"] = "mode", ["value"] = "allow_all" });

        h.Model.Enqueue(Step.Call("x1", "run_command", new Dictionary<string, object?> { ["argv"] = new[] { "sleep", "60" } }));
        var prompt = h.Client.RequestObjectAsync("session/prompt", AcpHarness.Prompt(session, "wait forever"));
        await h.Client.WaitUntilAsync(() => editor.Methods().Contains("terminal/wait_for_exit"));
        await h.Client.NotifyAsync("session/cancel", new JsonObject { ["sessionId"] = session });

        Assert.Equal("cancelled", (string)(await prompt)["stopReason"]!);
        await h.Client.WaitUntilAsync(() => editor.Methods().Contains("terminal/release"));
        var terminal = Assert.Single(editor.Terminals).Value;
        Assert.True(terminal.Killed);
        Assert.True(terminal.Released);
    }

    [Fact]
    public async Task UpdatePlan_IsSentAsAPlanUpdate_StoredWithTheChat_AndReplayedOnLoad()
    {
        await using var h = await CreateAsync();
        var session = await h.NewSessionAsync();
        var entries = new[]
        {
            new Dictionary<string, object?> { ["content"] = "Read the failing test", ["priority"] = "high", ["status"] = "completed" },
            new Dictionary<string, object?> { ["content"] = "Fix the parser", ["priority"] = "medium", ["status"] = "in_progress" },
        };
        h.Model.Enqueue(Step.Call("p1", "update_plan", new Dictionary<string, object?> { ["entries"] = entries }));
        h.Model.Enqueue(Step.Text("Planned."));
        h.Model.Enqueue(Step.Text("Planning"));
        await h.Client.RequestObjectAsync("session/prompt", AcpHarness.Prompt(session, "plan it"));

        var plan = h.Client.UpdatesOf(session).Single(u => (string?)u["sessionUpdate"] == "plan");
        Assert.Equal(
            """[{"content":"Read the failing test","priority":"high","status":"completed"},{"content":"Fix the parser","priority":"medium","status":"in_progress"}]""",
            plan["entries"]!.ToJsonString());
        var call = h.Client.UpdatesOf(session).First(u => (string?)u["toolCallId"] == "p1");
        Assert.Equal("think", (string)call["kind"]!);
        Assert.Equal(["Read the failing test", "Fix the parser"], (await h.Nexo.Chats.GetAsync(session)).Plan!.Select(e => e.Content));

        await h.RestartAsync();
        await h.Client.RequestAsync("initialize", AcpTestClient.Initialize());
        await h.Client.RequestAsync("session/load", new JsonObject { ["sessionId"] = session, ["cwd"] = h.Project, ["mcpServers"] = new JsonArray() });
        var replayed = h.Client.UpdatesOf(session);
        Assert.Equal("plan", (string)replayed.Last()["sessionUpdate"]!);
        Assert.Equal(plan["entries"]!.ToJsonString(), replayed.Last()["entries"]!.ToJsonString());
        var replayedCall = replayed.Single(u => (string?)u["toolCallId"] == "p1");
        Assert.Equal("think", (string)replayedCall["kind"]!);
    }

    [Fact]
    public async Task WithoutClientFileSystem_TheToolsUseTheDisk_AndAnUnaskedEditStillCarriesItsDiff()
    {
        await using var h = await CreateAsync();
        var session = await h.NewSessionAsync();
        await h.Client.RequestAsync("session/set_config_option", new JsonObject { ["sessionId"] = session, ["configId"] = "mode", ["value"] = "allow_all" });
        var file = Path.Combine(h.Project, "notes.md");
        await File.WriteAllTextAsync(file, "one\ntwo\n");

        h.Model.Enqueue(Step.Call("e1", "edit_file", new Dictionary<string, object?> { ["path"] = "notes.md", ["oldText"] = "two", ["newText"] = "three" }));
        h.Model.Enqueue(Step.Text("Done."));
        h.Model.Enqueue(Step.Text("Notes"));
        await h.Client.RequestObjectAsync("session/prompt", AcpHarness.Prompt(session, "edit"));

        Assert.Empty(h.Client.AgentRequests);
        Assert.Equal("one\nthree\n", await File.ReadAllTextAsync(file));
        var completed = ToolUpdates(h, session, "e1").Last();
        Assert.Equal("completed", (string)completed["status"]!);
        var diff = completed["content"]![0]!;
        Assert.Equal("diff", (string)diff["type"]!);
        Assert.Equal(file, (string)diff["path"]!);
        Assert.Equal("two", (string)diff["oldText"]!);
        Assert.Equal("three", (string)diff["newText"]!);
    }

    [Fact]
    public async Task AllowReads_RunsReadsWithoutAsking_ButAsksBeforeAWrite_ShowingANewFileDiff()
    {
        await using var h = await CreateAsync();
        using var editor = new AcpFakeEditor();
        editor.Attach(h.Client);
        var session = await h.NewSessionAsync(editor);
        await h.Client.RequestAsync("session/set_config_option", new JsonObject { ["sessionId"] = session, ["configId"] = "mode", ["value"] = "allow_reads" });
        await File.WriteAllTextAsync(Path.Combine(h.Project, "a.txt"), "alpha\n");

        h.Model.Enqueue(
            Step.Call("r1", "read_file", new Dictionary<string, object?> { ["path"] = "a.txt" }),
            Step.Call("s1", "search_text", new Dictionary<string, object?> { ["pattern"] = "alp+ha" }));
        h.Model.Enqueue(Step.Call("w1", "write_file", new Dictionary<string, object?> { ["path"] = "b.txt", ["content"] = "beta\n" }));
        h.Model.Enqueue(Step.Text("Copied."));
        h.Model.Enqueue(Step.Text("Copying"));
        await h.Client.RequestObjectAsync("session/prompt", AcpHarness.Prompt(session, "copy"));

        var asked = h.Client.AgentRequests.Where(r => r.Method == "session/request_permission").Select(r => r.Params).ToList();
        var request = Assert.Single(asked);
        Assert.Equal("w1", (string)request["toolCall"]!["toolCallId"]!);
        var diff = request["toolCall"]!["content"]![0]!.AsObject();
        Assert.Equal("diff", (string)diff["type"]!);
        Assert.False(diff.ContainsKey("oldText"), "a new file has no old text");
        Assert.Equal("beta\n", (string)diff["newText"]!);
        Assert.Equal("beta\n", await File.ReadAllTextAsync(Path.Combine(h.Project, "b.txt")));

        // The search ran unasked too, shown as a search of the project folder.
        var search = ToolUpdates(h, session, "s1");
        Assert.Equal("search", (string)search[0]["kind"]!);
        Assert.Equal("Search alp+ha", (string)search[0]["title"]!);
        Assert.Equal(h.Project, (string)search[0]["locations"]![0]!["path"]!);
        Assert.Equal("completed", (string)search.Last()["status"]!);
        Assert.Contains("a.txt", (string)search.Last()["content"]![0]!["content"]!["text"]!, StringComparison.Ordinal);
    }
}
