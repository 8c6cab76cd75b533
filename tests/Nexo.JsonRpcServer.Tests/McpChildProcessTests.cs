using System.Reflection;
using System.Text.Json.Nodes;

namespace Nexo.JsonRpcServer.Tests;

/// <summary>
/// What a stdio MCP server started by the host receives (its environment) and how long it lives (no longer than the
/// host), through the real server process and the real npm <c>server-everything</c>.
/// </summary>
public sealed class McpChildProcessTests
{
    private static readonly string McpServersFolder = Path.GetFullPath(typeof(McpChildProcessTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "McpServersFolder").Value!);

    private static string EverythingScript => Path.Combine(McpServersFolder, "node_modules", "@modelcontextprotocol", "server-everything", "dist", "index.js");

    [Fact]
    public async Task GetEnv_ThroughTheHost_ShowsNoHostSecret_ButTheSafeSetTheInheritedNamesAndTheConfiguredEnv()
    {
        Assert.True(File.Exists(EverythingScript), $"Run 'npm ci' in {McpServersFolder} first.");
        await using var server = await ServerProcess.StartAsync(environment: new Dictionary<string, string>
        {
            ["OPENAI_API_KEY"] = "sk-planted-openai",
            ["ANTHROPIC_API_KEY"] = "sk-ant-planted",
            ["GITHUB_TOKEN"] = "ghp_planted",
            ["NEXO_TEST_PASSTHROUGH"] = "passed-through",
        });
        await server.InitializeAsync();
        var created = await server.CallAsync("create_mcp_server_connection", new
        {
            name = "everything",
            type = "stdio",
            command = "node",
            args = new[] { EverythingScript, "stdio" },
            envVars = new Dictionary<string, string> { ["NEXO_TEST_CONFIGURED"] = "configured-value" },
            inheritEnv = new[] { "NEXO_TEST_PASSTHROUGH" },
        });

        var result = await server.CallAsync("call_mcp_tool", new { connectionId = (string)created["id"]!, toolName = "get-env", arguments = new { } });

        var text = (string)result["text"]!;
        var env = JsonNode.Parse(text)!.AsObject();
        Assert.DoesNotContain("planted", text, StringComparison.Ordinal);
        Assert.False(env.ContainsKey("OPENAI_API_KEY"));
        Assert.False(env.ContainsKey("ANTHROPIC_API_KEY"));
        Assert.False(env.ContainsKey("GITHUB_TOKEN"));
        Assert.Equal("passed-through", (string?)env["NEXO_TEST_PASSTHROUGH"]);
        // The configured value reached the server (it printed exactly that value), and the host redacted the server's own
        // secret from the result (issue 12, item 3).
        Assert.Equal("***", (string?)env["NEXO_TEST_CONFIGURED"]);
        Assert.DoesNotContain("configured-value", text, StringComparison.Ordinal);
        Assert.Equal(Environment.GetEnvironmentVariable("PATH"), (string?)env["PATH"]);
        Assert.Equal(["NEXO_TEST_PASSTHROUGH"], ((JsonArray)created["inheritEnv"]!).Select(n => (string?)n));
    }

    [Fact]
    public async Task UpdateMcpServerConnection_InheritEnv_ReplacesTheList_AndTheNextConnectionUsesIt()
    {
        Assert.True(File.Exists(EverythingScript), $"Run 'npm ci' in {McpServersFolder} first.");
        await using var server = await ServerProcess.StartAsync(environment: new Dictionary<string, string> { ["NEXO_TEST_LATER"] = "later-value" });
        await server.InitializeAsync();
        var id = (string)(await server.CallAsync("create_mcp_server_connection", new { name = "everything", type = "stdio", command = "node", args = new[] { EverythingScript, "stdio" } }))["id"]!;
        var before = JsonNode.Parse((string)(await server.CallAsync("call_mcp_tool", new { connectionId = id, toolName = "get-env", arguments = new { } }))["text"]!)!.AsObject();

        var updated = await server.CallAsync("update_mcp_server_connection", new { id, inheritEnv = new[] { "NEXO_TEST_LATER" } });
        var after = JsonNode.Parse((string)(await server.CallAsync("call_mcp_tool", new { connectionId = id, toolName = "get-env", arguments = new { } }))["text"]!)!.AsObject();

        Assert.False(before.ContainsKey("NEXO_TEST_LATER"));
        Assert.Equal(["NEXO_TEST_LATER"], ((JsonArray)updated["inheritEnv"]!).Select(n => (string?)n));
        Assert.Equal("later-value", (string?)after["NEXO_TEST_LATER"]);
    }

    [Fact]
    public async Task HostKilled_NoMcpServerProcessNorItsChildrenOutliveIt()
    {
        Assert.True(File.Exists(EverythingScript), $"Run 'npm ci' in {McpServersFolder} first.");
        var marker = Guid.NewGuid().ToString("N");
        await using var server = await ServerProcess.StartInitializedAsync();

        // npx (npm exec, then a shell, then node) under a shell that also leaves a child ignoring its stdin: a tree of
        // children and grandchildren, none of which ends by itself when the host's pipes close.
        var created = await server.CallAsync("create_mcp_server_connection", new
        {
            name = "tree",
            type = "stdio",
            command = "/bin/sh",
            args = new[] { "-c", "sleep 600 & exec npx --no-install @modelcontextprotocol/server-everything stdio" },
            workingDirectory = McpServersFolder,
            envVars = new Dictionary<string, string> { ["NEXO_TEST_MARKER"] = marker },
        });
        await server.CallAsync("connect_mcp_server_and_fetch_tools", new { connectionId = (string)created["id"]! });
        var started = Marked(marker);
        Assert.True(started.Count >= 3, $"Expected the server, its npx children and the sleep; found {started.Count} process(es).");

        using (var host = System.Diagnostics.Process.GetProcessById(server.Pid))
        {
            host.Kill(entireProcessTree: false); // SIGKILL: the host gets no chance to close anything.
            await host.WaitForExitAsync();
        }

        var left = Marked(marker);
        for (var i = 0; i < 100 && left.Count > 0; i++)
        {
            await Task.Delay(100);
            left = Marked(marker);
        }

        Assert.True(left.Count == 0, $"Still running 10 s after the host was killed: {string.Join(", ", left.Select(Describe))}");
    }

    /// <summary>The live (not zombie) processes whose environment carries the marker, found through /proc.</summary>
    private static List<int> Marked(string marker)
    {
        var wanted = $"NEXO_TEST_MARKER={marker}";
        var result = new List<int>();
        foreach (var dir in Directory.GetDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid))
            {
                continue;
            }

            try
            {
                var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                var state = stat[stat.LastIndexOf(')') + 2];
                if (state is not ('Z' or 'X') && File.ReadAllText(Path.Combine(dir, "environ")).Split('\0').Contains(wanted, StringComparer.Ordinal))
                {
                    result.Add(pid);
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // Gone meanwhile, or not ours.
            }
        }

        return result;
    }

    private static string Describe(int pid)
    {
        try
        {
            return $"{pid} ({File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ').Trim()})";
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return pid.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
    }
}
