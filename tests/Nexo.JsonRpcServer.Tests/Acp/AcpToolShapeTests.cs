using System.Text.Json;
using System.Text.Json.Nodes;
using Nexo.JsonRpcServer.Acp;

namespace Nexo.JsonRpcServer.Tests.Acp;

/// <summary>How built-in tool calls, diffs, terminals and plans are spelled on the ACP wire (no agent needed).</summary>
public sealed class AcpToolShapeTests
{
    private static readonly string Cwd = Path.Combine(Path.GetTempPath(), "nexo-acp-shapes", "project");

    private static ToolCall Call(string name, string args, string? serverId = null) => new()
    {
        Id = "c1", Name = name, Arguments = JsonDocument.Parse(args).RootElement.Clone(), ServerId = serverId, ServerName = serverId is null ? null : "Files",
    };

    private static JsonObject Wire(object value) => JsonSerializer.SerializeToNode(value, AcpJson.Options)!.AsObject();

    [Fact]
    public void BuiltinCalls_HaveTheirKind_ATitleSayingWhatTheyDo_AndLocationsResolvedAgainstTheCwd()
    {
        var read = AcpToolCalls.Start(Call("read_file", """{"path":"src/a.cs","offset":12}"""), "m1", "pending", Cwd);
        Assert.Equal("read", read.Kind);
        Assert.Equal($"Read src{Path.DirectorySeparatorChar}a.cs", read.Title);
        var location = Assert.Single(read.Locations!);
        Assert.Equal(Path.Combine(Cwd, "src", "a.cs"), location.Path);
        Assert.Equal(12, location.Line);

        var edit = AcpToolCalls.Start(Call("edit_file", """{"path":"README.md","oldText":"a","newText":"b"}"""), "m1", "pending", Cwd);
        Assert.Equal("edit", edit.Kind);
        Assert.Equal(Path.Combine(Cwd, "README.md"), Assert.Single(edit.Locations!).Path);
        Assert.Null(edit.Locations![0].Line);

        var search = AcpToolCalls.Start(Call("search_text", """{"pattern":"TODO"}"""), "m1", "pending", Cwd);
        Assert.Equal("search", search.Kind);
        Assert.Equal("Search TODO", search.Title);
        Assert.Equal(Path.GetFullPath(Cwd), Assert.Single(search.Locations!).Path);

        var run = AcpToolCalls.Start(Call("run_command", """{"argv":["npm","test"]}"""), "m1", "pending", Cwd);
        Assert.Equal("execute", run.Kind);
        Assert.Equal("Run `npm test`", run.Title);
        Assert.Null(run.Locations);
        Assert.Equal("Run `make -j2`", AcpToolCalls.Start(Call("run_command", """{"command":"make -j2"}"""), "m1", "pending", Cwd).Title);

        var plan = AcpToolCalls.Start(Call("update_plan", """{"entries":[]}"""), "m1", "pending", Cwd);
        Assert.Equal("think", plan.Kind);
        Assert.Null(plan.Locations);

        var resource = AcpToolCalls.Start(Call("read_mcp_resource", """{"server":"docs","uri":"docs://guide.md"}"""), "m1", "pending", Cwd);
        Assert.Equal(("read", "Read docs://guide.md"), (resource.Kind, resource.Title));
        Assert.Null(resource.Locations);
        Assert.Equal("List MCP resources", AcpToolCalls.Start(Call("read_mcp_resource", "{}"), "m1", "pending", Cwd).Title);

        // An MCP server's tool of the same name is not a built-in: its kind is guessed, its arguments not interpreted.
        var mcp = AcpToolCalls.Start(Call("read_file", """{"path":"x"}""", serverId: "srv1"), "m1", "pending", Cwd);
        Assert.Equal("read", mcp.Kind);
        Assert.Equal("read_file (Files)", mcp.Title);
        Assert.Null(mcp.Locations);
        Assert.Equal("other", AcpToolCalls.Start(Call("frobnicate", "{}", serverId: "srv1"), "m1", "pending", Cwd).Kind);
    }

    [Fact]
    public void DiffFromArguments_EditShowsTheReplacement_WriteShowsTheNewText_OthersNone()
    {
        var edit = AcpBuiltinTools.DiffFromArguments(Call("edit_file", """{"path":"a.txt","oldText":"old","newText":""}"""), Cwd)!;
        Assert.Equal(Path.Combine(Cwd, "a.txt"), edit.Path);
        Assert.Equal("old", edit.OldText);
        Assert.Equal(string.Empty, edit.NewText);

        var write = AcpBuiltinTools.DiffFromArguments(Call("write_file", """{"path":"/abs/b.txt","content":"hello"}"""), Cwd)!;
        Assert.Equal(Path.GetFullPath("/abs/b.txt"), write.Path);
        Assert.Null(write.OldText);
        Assert.Equal("hello", write.NewText);

        Assert.Null(AcpBuiltinTools.DiffFromArguments(Call("read_file", """{"path":"a.txt"}"""), Cwd));
    }

    [Fact]
    public void ContentDiffTerminalAndPlan_AreSpelledAsInTheAcpSchema()
    {
        var update = Wire(new SessionNotification
        {
            SessionId = "s1",
            Update = new ToolCallProgress
            {
                ToolCallId = "c1",
                Content =
                [
                    new ToolCallDiff { Path = "/p/a.txt", NewText = "new" },
                    new ToolCallDiff { Path = "/p/b.txt", OldText = "x", NewText = "y" },
                    new ToolCallTerminal { TerminalId = "term-1" },
                    AcpToolCalls.Text("done"),
                ],
                Locations = [new ToolCallLocation { Path = "/p/a.txt", Line = 3 }],
            },
        })["update"]!.AsObject();
        Assert.Equal(
            """{"sessionUpdate":"tool_call_update","toolCallId":"c1","content":[{"type":"diff","path":"/p/a.txt","newText":"new"},{"type":"diff","path":"/p/b.txt","oldText":"x","newText":"y"},{"type":"terminal","terminalId":"term-1"},{"type":"content","content":{"type":"text","text":"done"}}],"locations":[{"path":"/p/a.txt","line":3}]}""",
            update.ToJsonString());

        var plan = Wire(AcpTurn.Plan([new PlanEntry { Content = "Read", Priority = "high", Status = "completed" }, new PlanEntry { Content = "Fix" }]));
        Assert.Equal(
            """{"sessionUpdate":"plan","entries":[{"content":"Read","priority":"high","status":"completed"},{"content":"Fix","priority":"medium","status":"pending"}]}""",
            plan.ToJsonString());
    }

    [Fact]
    public void ClientCapabilities_OnlyTrueCounts()
    {
        var all = AcpClientCapabilities.Read(JsonNode.Parse("""{"fs":{"readTextFile":true,"writeTextFile":true},"terminal":true}""")!.AsObject());
        Assert.Equal(new AcpClientCapabilities { ReadTextFile = true, WriteTextFile = true, Terminal = true }, all);
        var odd = AcpClientCapabilities.Read(JsonNode.Parse("""{"fs":{"readTextFile":"yes"},"terminal":1}""")!.AsObject());
        Assert.Equal(AcpClientCapabilities.None, odd);
        Assert.Equal(AcpClientCapabilities.None, AcpClientCapabilities.Read(null));
    }

    [Fact]
    public void TerminalCommandLine_IsTheArgv_OrTheShellWithTheLine()
    {
        var argv = AcpTerminalRunner.CommandLine(new CommandRequest { Argv = ["node", "-e", "1"], WorkingDirectory = Cwd });
        Assert.Equal("node", argv.Command);
        Assert.Equal(["-e", "1"], argv.Args);
        var shell = AcpTerminalRunner.CommandLine(new CommandRequest { ShellLine = "echo hi && exit 3", WorkingDirectory = Cwd });
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal("/bin/sh", shell.Command);
            Assert.Equal(["-c", "echo hi && exit 3"], shell.Args);
        }
    }
}
