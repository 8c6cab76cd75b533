namespace Nexo.Cli.Tests;

/// <summary>The MCP commands that talk to a running server (the C# test server over stdio).</summary>
public sealed class McpToolCommandTests : IDisposable
{
    private readonly NexoHome _home = new();

    public void Dispose() => _home.Dispose();

    [Fact]
    public async Task Tools_ListsWhatTheServerOffers()
    {
        await _home.AddTestMcpServerAsync("test", "echo");

        var table = await _home.RunAsync("mcp", "tools", "test");
        var json = await _home.RunAsync("mcp", "tools", "test", "--json");

        Assert.Equal(0, table.ExitCode);
        Assert.Contains(table.Lines, l => l.StartsWith("*  echo", StringComparison.Ordinal) && l.Contains("Returns the text it is given.", StringComparison.Ordinal));
        Assert.Contains(table.Lines, l => l.StartsWith("   add", StringComparison.Ordinal));
        var names = json.Json.EnumerateArray().Select(t => t.GetProperty("name").GetString()).ToList();
        Assert.Contains("add", names);
        Assert.True(json.Json.EnumerateArray().First(t => t.GetProperty("name").GetString() == "add").TryGetProperty("inputSchema", out _));
    }

    [Fact]
    public async Task Call_OnATerminal_ShowsTheToolsProgress_ThenOnlyTheResult()
    {
        await _home.AddTestMcpServerAsync("test");

        await using var terminal = PseudoTerminal.Start(_home, "mcp", "call", "test", "slow", """{"ms":1500,"steps":3}""");

        Assert.Equal(0, await terminal.WaitForExitAsync());
        Assert.Contains("step 2 of 3", terminal.Output, StringComparison.Ordinal);
        var afterResult = terminal.Output[(terminal.Output.IndexOf("slept 1500 ms", StringComparison.Ordinal) + 1)..];
        Assert.DoesNotContain("calling slow", afterResult, StringComparison.Ordinal); // the spinner stopped for good
    }

    [Fact]
    public async Task Call_PrintsTheResult_TakesJsonOrArgs_AndReportsToolErrors()
    {
        await _home.AddTestMcpServerAsync("test");

        var withArgs = await _home.RunAsync("mcp", "call", "test", "add", "--arg", "a=2", "--arg", "b=40");
        var withJson = await _home.RunAsync("mcp", "call", "test", "echo", """{"text":"hello mcp"}""");
        var asJson = await _home.RunAsync("mcp", "call", "test", "weather", "--arg", "city=Paris", "--json");
        var toolError = await _home.RunAsync("mcp", "call", "test", "fail", "--arg", "message=bad things");
        var badJson = await _home.RunAsync("mcp", "call", "test", "echo", "{not json");
        var unknownServer = await _home.RunAsync("mcp", "call", "ghost", "echo");

        Assert.Equal((0, "42\n"), (withArgs.ExitCode, withArgs.StdOut));
        Assert.Equal("hello mcp\n", withJson.StdOut);
        Assert.False(asJson.Json.GetProperty("isError").GetBoolean());
        Assert.Equal("Paris", asJson.Json.GetProperty("structuredContent").GetProperty("city").GetString());
        Assert.Equal(1, toolError.ExitCode);
        Assert.Equal("error[Mcp]: bad things\n", toolError.StdErr);
        Assert.Equal(2, badJson.ExitCode);
        Assert.Equal(1, unknownServer.ExitCode);
        Assert.StartsWith("error[NotFound]:", unknownServer.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Tools_OfAServerThatCannotStart_IsAnMcpError()
    {
        await _home.RunAsync("mcp", "add", "broken", "--", "/nonexistent/mcp-server-binary");

        var r = await _home.RunAsync("mcp", "tools", "broken");

        Assert.Equal(1, r.ExitCode);
        Assert.StartsWith("error[Mcp]:", r.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EnableAndDisable_ChangeTheWorkspacesToolSelection()
    {
        await _home.AddTestMcpServerAsync("test");

        var some = await _home.RunAsync("mcp", "enable", "test", "echo", "add");
        var unknown = await _home.RunAsync("mcp", "enable", "test", "nope");
        var disableOne = await _home.RunAsync("mcp", "disable", "test", "echo");
        var settings = (await _home.RunAsync("workspace", "show", "--json")).Json.GetProperty("settings").GetProperty("mcpToolIds");
        var all = await _home.RunAsync("mcp", "enable", "test");
        var disableAll = await _home.RunAsync("mcp", "disable", "test");
        var after = (await _home.RunAsync("workspace", "show", "--json")).Json.GetProperty("settings");

        Assert.Equal("echo\nadd\n", some.StdOut);
        Assert.Equal(1, unknown.ExitCode);
        Assert.Contains("has no tool named 'nope'", unknown.StdErr, StringComparison.Ordinal);
        Assert.Equal(0, disableOne.ExitCode);
        Assert.Equal(["add"], Assert.Single(settings.EnumerateObject()).Value.EnumerateArray().Select(t => t.GetString()));
        Assert.Contains("weather", all.Lines);
        Assert.Equal(0, disableAll.ExitCode);
        Assert.True(!after.TryGetProperty("mcpToolIds", out var ids) || !ids.EnumerateObject().Any());
    }

    [Fact]
    public async Task AddWithEnable_ConnectsAndEnablesEveryTool()
    {
        var r = await _home.RunAsync("mcp", "add", "test", "--enable", "--", "dotnet", NexoHome.TestMcpServerDll);

        Assert.Equal(0, r.ExitCode);
        Assert.Contains("Enabled", r.StdErr, StringComparison.Ordinal);
        var ids = (await _home.RunAsync("workspace", "show", "--json")).Json.GetProperty("settings").GetProperty("mcpToolIds");
        Assert.Contains("add", Assert.Single(ids.EnumerateObject()).Value.EnumerateArray().Select(t => t.GetString()));
    }

    [Fact]
    public async Task Import_ReadsClaudeAndVsCodeConfigurations_FromAFileOrStdin_SkippingExistingNames()
    {
        var claude = Path.Combine(_home.Folder, "claude_desktop_config.json");
        await File.WriteAllTextAsync(claude, """
            {
              // comments are fine
              "mcpServers": {
                "files": { "command": "npx", "args": ["-y", "@modelcontextprotocol/server-filesystem", "/tmp"], "env": { "TOKEN": "t0ken" } },
                "remote": { "url": "http://127.0.0.1:5000/mcp", "headers": { "Authorization": "Bearer x" } },
              }
            }
            """);

        var fromFile = await _home.RunAsync("mcp", "import", claude);
        var again = await _home.RunAsync("mcp", "import", claude);
        var fromStdin = await _home.RunWithInputAsync("""{"servers": {"vs": {"type": "stdio", "command": "node", "args": ["server.js"]}}}""", "mcp", "import", "-", "--json");
        var invalid = await _home.RunWithInputAsync("""{"nothing": true}""", "mcp", "import", "-");
        var missing = await _home.RunAsync("mcp", "import", Path.Combine(_home.Folder, "absent.json"));
        var list = (await _home.RunAsync("mcp", "list", "--json")).Json.EnumerateArray().Select(s => s.GetProperty("name").GetString()).ToList();

        Assert.Equal("files\nremote\n", fromFile.StdOut);
        Assert.Equal(string.Empty, again.StdOut);
        Assert.Contains("Nothing new to import.", again.StdErr, StringComparison.Ordinal);
        Assert.Equal("vs", Assert.Single(fromStdin.Json.EnumerateArray()).GetProperty("name").GetString());
        Assert.Equal(1, invalid.ExitCode);
        Assert.StartsWith("error[Validation]:", invalid.StdErr, StringComparison.Ordinal);
        Assert.Equal(1, missing.ExitCode);
        Assert.StartsWith("error[NotFound]:", missing.StdErr, StringComparison.Ordinal);
        Assert.Equal(["files", "remote", "vs"], list.Order(StringComparer.Ordinal));
    }
}
