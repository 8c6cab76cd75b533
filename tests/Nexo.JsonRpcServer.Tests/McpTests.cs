using System.Diagnostics;
using System.Reflection;
using System.Text.Json.Nodes;

namespace Nexo.JsonRpcServer.Tests;

/// <summary>MCP commands, the tool-permission round trip and child-process cleanup, through the real server process.</summary>
public sealed class McpTests
{
    private static readonly string TestMcpServerDll = typeof(McpTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "TestMcpServerDll").Value!;

    [Fact]
    public async Task McpServer_IsTestedConnectedCalledListedAndDisconnected_WithStatusEvents()
    {
        await using var server = await ServerProcess.StartInitializedAsync();
        var config = new { name = "fixture", type = "stdio", command = "dotnet", args = new[] { TestMcpServerDll } };

        var tested = await server.CallAsync("test_mcp_connection_and_fetch_tools", config);
        var created = await server.CallAsync("create_mcp_server_connection", config);
        var id = (string)created["id"]!;
        var connected = await server.CallAsync("connect_mcp_server_and_fetch_tools", new { connectionId = id });
        var statuses = await server.NotificationsUntilAsync("mcp-server-status-changed", n => (string?)n["params"]!["status"] == "connected");
        var sum = await server.CallAsync("call_mcp_tool", new { connectionId = id, toolName = "add", arguments = new { a = 2, b = 40 } });
        var failed = await server.CallAsync("call_mcp_tool", new { connectionId = id, toolName = "fail", arguments = new { message = "nope" } });
        var ws = (string)(await server.CallAsync("create_workspace", new { name = "tools" }))["id"]!;
        await server.CallAsync("save_workspace_settings", new { workspaceId = ws, mcpToolIds = new Dictionary<string, string> { ["echo"] = id } }); // the original's shape
        var active = await server.CallAsync("get_active_tools_for_workspace", new { workspaceId = ws });
        await server.CallAsync("disconnect_mcp_client", new { connectionId = id });
        var disconnected = await server.NotificationsUntilAsync("mcp-server-status-changed", n => (string?)n["params"]!["status"] == "disconnected");
        var stored = (await server.CallAsync("get_mcp_server_connections"))[0]!;

        Assert.Contains("add", Names(tested));
        Assert.Contains("echo", Names(connected));
        Assert.Equal(id, (string?)statuses[^1]["params"]!["serverId"]);
        Assert.Equal("42", (string?)sum["text"]);
        Assert.False((bool)sum["isError"]!);
        Assert.True((bool)failed["isError"]!);
        Assert.Equal("nope", (string?)failed["text"]);
        Assert.Equal(["echo"], Names(active));
        Assert.Equal("fixture", (string?)active[0]!["serverName"]);
        Assert.Equal(id, (string?)disconnected[^1]["params"]!["serverId"]);
        Assert.Equal("disconnected", (string?)stored["status"]);
    }

    [Fact]
    public async Task CallMcpTool_StructuredContent_IsCheckedAgainstTheListedOutputSchema_OverTheWire()
    {
        await using var server = await ServerProcess.StartInitializedAsync();
        var id = (string)(await server.CallAsync("create_mcp_server_connection", new { name = "schemas", type = "stdio", command = "dotnet", args = new[] { TestMcpServerDll } }))["id"]!;

        var tools = (JsonArray)await server.CallAsync("connect_mcp_server_and_fetch_tools", new { connectionId = id });
        var good = await server.CallAsync("call_mcp_tool", new { connectionId = id, toolName = "weather", arguments = new { city = "Oslo" } });
        var bad = await server.CallAsync("call_mcp_tool", new { connectionId = id, toolName = "bad_weather", arguments = new { city = "Oslo" } });

        var schema = tools.Single(t => (string?)t!["name"] == "weather")!["outputSchema"]!;
        Assert.Equal("number", (string?)schema["properties"]!["temperatureC"]!["type"]);
        Assert.Null(tools.Single(t => (string?)t!["name"] == "echo")!["outputSchema"]);
        Assert.False((bool)good["isError"]!);
        Assert.Equal("sunny", (string?)good["structuredContent"]!["sky"]);
        Assert.Null(good["outputSchemaError"]);
        Assert.True((bool)bad["isError"]!);
        Assert.Equal("$.temperatureC", (string?)bad["outputSchemaPath"]);
        Assert.StartsWith("The result of the tool 'bad_weather' does not match its output schema: at $.temperatureC", (string?)bad["text"], StringComparison.Ordinal);
        Assert.EndsWith("Oslo: warm", (string?)bad["text"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task ConnectMcpServerAndFetchTools_TakesASavedIdOrAnInlineConfiguration_KeptLiveUntilDisconnected()
    {
        await using var server = await ServerProcess.StartInitializedAsync();
        var saved = (string)(await server.CallAsync("create_mcp_server_connection", new { name = "saved", type = "stdio", command = "dotnet", args = new[] { TestMcpServerDll } }))["id"]!;

        var byId = await server.CallAsync("connect_mcp_server_and_fetch_tools", new { id = saved }); // the original's spelling
        var inline = await server.CallAsync("connect_mcp_server_and_fetch_tools", new { id = "inline-1", name = "scratch", type = "stdio", command = "dotnet", args = new[] { TestMcpServerDll } });
        var sum = await server.CallAsync("call_mcp_tool", new { connectionId = "inline-1", toolName = "add", arguments = new { a = 1, b = 2 } });
        var listed = await server.CallAsync("get_mcp_server_connections");
        await server.CallAsync("disconnect_mcp_client", new { connectionId = "inline-1" });
        var gone = await server.CallErrorAsync("call_mcp_tool", new { connectionId = "inline-1", toolName = "add", arguments = new { a = 1, b = 2 } });
        var noId = await server.CallErrorAsync("connect_mcp_server_and_fetch_tools", new { type = "stdio", command = "dotnet" });
        var noCommand = await server.CallErrorAsync("connect_mcp_server_and_fetch_tools", new { id = "inline-2", type = "stdio" });
        var badToken = await server.CallErrorAsync("call_mcp_tool", new { connectionId = saved, toolName = "add", arguments = new { a = 1, b = 2 }, progressToken = 7 });
        var stillListed = await server.CallAsync("get_mcp_server_connections");

        Assert.Contains("add", Names(byId));
        Assert.Contains("add", Names(inline));
        Assert.Equal("3", (string?)sum["text"]);
        Assert.Equal([saved], listed.AsArray().Select(s => (string)s!["id"]!)); // an inline server is never stored
        Assert.Equal("notFound", (string?)gone["data"]!["kind"]);
        Assert.Equal(("validation", "connectionId"), ((string?)noId["data"]!["kind"], (string?)noId["data"]!["details"]!["field"]));
        Assert.Equal("validation", (string?)noCommand["data"]!["kind"]);
        Assert.Contains("command", (string?)noCommand["message"], StringComparison.OrdinalIgnoreCase);
        Assert.Equal(-32602, (int)badToken["code"]!);
        Assert.Equal([saved], stillListed.AsArray().Select(s => (string)s!["id"]!)); // nothing stored or lost by the bad calls
    }

    [Fact]
    public async Task ImportMcpServers_CreatesServersFromAConfigObject_AndSkipsTakenNames()
    {
        await using var server = await ServerProcess.StartInitializedAsync();
        var config = new { mcpServers = new Dictionary<string, object> { ["files"] = new { command = "npx", args = new[] { "-y", "server-filesystem", "/tmp" } }, ["web"] = new { url = "http://127.0.0.1:9/mcp" } } };

        var first = await server.CallAsync("import_mcp_servers", new { config });
        var again = await server.CallAsync("import_mcp_servers", new { config = System.Text.Json.JsonSerializer.Serialize(config) });
        var bad = await server.CallErrorAsync("import_mcp_servers", new { config = new { nothing = true } });

        Assert.Equal(["files", "web"], first.AsArray().Select(s => (string)s!["name"]!).Order());
        Assert.Empty(again.AsArray());
        Assert.Equal(-32602, (int)bad["code"]!);
    }

    [Fact]
    public async Task ToolPermission_RoundTrip_ApprovedCallRunsAndTheTurnAnswersWithItsResult()
    {
        await using var server = await ServerProcess.StartInitializedAsync();
        var chat = await ToolChatAsync(server);

        var pending = server.RequestAsync("send_message", new { chatId = chat, content = "/tool echo {\"text\":\"approved words\"}" }, id: "tool-turn");
        var upToRequest = await server.NotificationsUntilAsync("tool-permission-request");
        var request = upToRequest[^1]["params"]!;
        var answer = await server.RequestAsync("respond_tool_permission", new { messageId = (string)request["messageId"]!, approved = true });
        var response = await pending;
        var afterRequest = server.Received.ToList().SkipWhile(m => (string?)m["method"] != "tool-permission-request").Skip(1)
            .TakeWhile(m => (string?)m["id"] != "tool-turn").Where(m => m["method"] is JsonValue).Select(m => (string)m["method"]!).ToList();

        Assert.Equal(chat, (string?)request["chatId"]);
        Assert.Equal("echo", (string?)request["toolCalls"]![0]!["name"]);
        Assert.Equal("approved words", (string?)request["toolCalls"]![0]!["arguments"]!["text"]);
        Assert.Null(answer["error"]);
        Assert.Equal(
            ["tool-execution-started", "tool-execution-progress", "tool-execution-progress", "tool-execution-completed", "agent-loop-iteration", "message-started"],
            afterRequest.Where(m => m is not "message-chunk").Take(6));
        Assert.Equal("message-complete", afterRequest.Last(m => m is not "chat-updated"));
        Assert.Equal("Tool echo returned: approved words", (string?)response["result"]!["assistantMessage"]!["content"]);
    }

    [Fact]
    public async Task ToolPermission_Denied_TheToolDoesNotRunAndTheModelIsToldSo()
    {
        await using var server = await ServerProcess.StartInitializedAsync();
        var chat = await ToolChatAsync(server);

        var pending = server.RequestAsync("send_message", new { chatId = chat, content = "/tool echo {\"text\":\"secret\"}" });
        var request = (await server.NotificationsUntilAsync("tool-permission-request"))[^1]["params"]!;
        await server.CallAsync("respond_tool_permission", new { messageId = (string)request["messageId"]!, approved = false });
        var response = await pending;
        var unknown = await server.CallErrorAsync("respond_tool_permission", new { messageId = (string)request["messageId"]!, approved = true });

        var progress = server.Received.Where(m => (string?)m["method"] == "tool-execution-progress").Select(m => (string?)m["params"]!["status"]);
        Assert.Contains("denied", progress);
        Assert.DoesNotContain("completed", progress);
        Assert.DoesNotContain("Tool echo returned: secret", (string)response["result"]!["assistantMessage"]!["content"]!, StringComparison.Ordinal);
        Assert.Equal(-32602, (int)unknown["code"]!);
    }

    [Fact]
    public async Task StdinClosed_ExitsAndLeavesNoMcpServerProcessRunning()
    {
        await using var server = await ServerProcess.StartInitializedAsync();
        var created = await server.CallAsync("create_mcp_server_connection", new { name = "child", type = "stdio", command = "dotnet", args = new[] { TestMcpServerDll } });
        await server.CallAsync("connect_mcp_server_and_fetch_tools", new { connectionId = (string)created["id"]! });
        var children = Descendants(server.Pid);
        Assert.NotEmpty(children);

        server.CloseInput();
        var code = await server.WaitForExitAsync();

        Assert.Equal(0, code);
        foreach (var pid in children)
        {
            await WaitUntilGoneAsync(pid);
        }
    }

    [Fact]
    public async Task CallMcpTool_WithAProgressToken_SendsTheToolsProgressBeforeTheResponse_AndWithoutOneNone()
    {
        await using var server = await ServerProcess.StartInitializedAsync();
        var created = await server.CallAsync("create_mcp_server_connection", new { name = "progress", type = "stdio", command = "dotnet", args = new[] { TestMcpServerDll } });
        var id = (string)created["id"]!;

        var response = await server.RequestAsync("call_mcp_tool", new { connectionId = id, toolName = "slow", arguments = new { ms = 900, steps = 3 }, progressToken = "op-7" });
        var untracked = await server.RequestAsync("call_mcp_tool", new { connectionId = id, toolName = "slow", arguments = new { ms = 100, steps = 2 } });

        Assert.False((bool)response["result"]!["isError"]!);
        Assert.False((bool)untracked["result"]!["isError"]!);
        var wire = server.Received.ToList();
        var responseAt = wire.FindIndex(m => m["id"]?.ToString() == response["id"]!.ToString() && m.ContainsKey("result"));
        var reports = wire.Select((m, i) => (m, i)).Where(x => (string?)x.m["method"] == "$/progress").ToList();

        // The MCP client handles a notification concurrently with the response that follows it, so the report sent just
        // before the result may be dropped; the earlier ones (300 ms apart) all arrive, in order, before the response.
        Assert.InRange(reports.Count, 2, 3);
        Assert.All(reports, r => Assert.True(r.i < responseAt, "a progress report came after the response"));
        Assert.All(reports, r => Assert.Equal("op-7", (string)r.m["params"]!["token"]!));
        Assert.Equal(new[] { 1.0, 2.0, 3.0 }.Take(reports.Count), reports.Select(r => (double)r.m["params"]!["value"]!["progress"]!));
        Assert.All(reports, r => Assert.Equal(3.0, (double)r.m["params"]!["value"]!["total"]!));
        Assert.Equal("step 2 of 3", (string)reports[1].m["params"]!["value"]!["message"]!);
    }

    [Fact]
    public async Task HostKilledOutright_ItsServerReadsDisconnected_InAnotherHostOnTheSameDatabase()
    {
        await using var first = await ServerProcess.StartInitializedAsync();
        var created = await first.CallAsync("create_mcp_server_connection", new { name = "held", type = "stdio", command = "dotnet", args = new[] { TestMcpServerDll } });
        await first.CallAsync("connect_mcp_server_and_fetch_tools", new { connectionId = (string)created["id"]! });
        await using var second = await ServerProcess.StartAsync(directory: first.Directory);
        await second.InitializeAsync();
        Assert.Equal("connected", (string)(await second.CallAsync("get_mcp_server_connections"))[0]!["status"]!);

        using (var victim = Process.GetProcessById(first.Pid))
        {
            victim.Kill(entireProcessTree: true); // SIGKILL: it never writes "disconnected"
            await victim.WaitForExitAsync();
        }

        var listed = (await second.CallAsync("get_mcp_server_connections"))[0]!;
        Assert.Equal("disconnected", (string)listed["status"]!);
        Assert.NotEmpty(listed["tools"]!.AsArray());
    }

    private static async Task<string> ToolChatAsync(ServerProcess server)
    {
        var mcp = await server.CallAsync("create_mcp_server_connection", new { name = "fixture", type = "stdio", command = "dotnet", args = new[] { TestMcpServerDll } });
        var connection = await server.CallAsync("create_llm_connection", new { name = "echo", provider = "echo", baseUrl = "http://localhost", defaultModel = "echo" });
        var ws = (string)(await server.CallAsync("create_workspace", new { name = "permissions" }))["id"]!;
        await server.CallAsync("save_workspace_settings", new
        {
            workspaceId = ws,
            llmConnectionId = (string)connection["id"]!,
            mcpToolIds = new Dictionary<string, string[]> { [(string)mcp["id"]!] = ["echo"] },
            toolPermissionConfig = new Dictionary<string, string> { ["echo"] = "require" },
        });
        return (string)(await server.CallAsync("create_chat", new { workspaceId = ws, title = "tools" }))["id"]!;
    }

    private static string[] Names(JsonNode tools) => tools.AsArray().Select(t => (string)t!["name"]!).ToArray();

    /// <summary>Every process below <paramref name="root"/>, read from /proc.</summary>
    private static List<int> Descendants(int root)
    {
        var parents = new Dictionary<int, int>();
        foreach (var dir in Directory.GetDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(dir), out var pid) && ReadParent(pid) is { } parent)
            {
                parents[pid] = parent;
            }
        }

        var result = new List<int>();
        var frontier = new Queue<int>([root]);
        while (frontier.TryDequeue(out var current))
        {
            foreach (var (child, parent) in parents)
            {
                if (parent == current)
                {
                    result.Add(child);
                    frontier.Enqueue(child);
                }
            }
        }

        return result;
    }

    private static int? ReadParent(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return int.Parse(fields[1], System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (IOException)
        {
            return null;
        }
    }

    private static async Task WaitUntilGoneAsync(int pid)
    {
        // The process must end; this only bounds how long the test waits for the kernel to reap it.
        for (var i = 0; i < 300; i++)
        {
            var state = File.Exists($"/proc/{pid}/stat") ? File.ReadAllText($"/proc/{pid}/stat") : null;
            if (state is null || state[(state.LastIndexOf(')') + 2)] == 'Z')
            {
                return;
            }

            await Task.Delay(100);
        }

        Assert.Fail($"Process {pid} (an MCP server started by nexo-jsonrpc) is still running after the server exited.");
    }
}
