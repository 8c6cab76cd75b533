namespace Nexo.Sdk.Tests.Mcp;

public sealed class McpImportTests
{
    [Fact]
    public async Task ImportAsync_ClaudeDesktopConfig_CreatesStdioAndHttpServers()
    {
        await using var db = new TempDatabase();
        await using var nexo = await db.OpenAsync();
        const string json = """
            {
              "mcpServers": {
                "filesystem": {
                  "command": "npx",
                  "args": ["-y", "@modelcontextprotocol/server-filesystem", "/Users/me/Desktop"],
                  "env": { "API_KEY": "sk-secret-1234567890", "PORT": 8080 }
                },
                "remote": { "url": "https://example.com/mcp", "headers": { "Authorization": "Bearer abc123456789" } },
                "legacy": { "type": "sse", "url": "https://example.com/sse" },
                "off": { "command": "uvx", "args": ["mcp-server-git"], "disabled": true }
              }
            }
            """;

        var created = await nexo.Mcp.ImportAsync(json);

        Assert.Equal(["filesystem", "remote", "legacy", "off"], created.Select(s => s.Name));
        var fs = created[0];
        Assert.Equal((McpTransportKind.Stdio, "npx"), (fs.Transport, fs.Command));
        Assert.Equal(["-y", "@modelcontextprotocol/server-filesystem", "/Users/me/Desktop"], fs.Args);
        Assert.DoesNotContain("sk-secret-1234567890", fs.Env["API_KEY"], StringComparison.Ordinal);
        var secrets = await nexo.McpServers.GetSecretsAsync(fs.Id);
        Assert.Equal("sk-secret-1234567890", secrets.Env["API_KEY"]);
        Assert.Equal("8080", secrets.Env["PORT"]);
        Assert.Equal((McpTransportKind.Http, "https://example.com/mcp"), (created[1].Transport, created[1].Url));
        Assert.Equal("Bearer abc123456789", (await nexo.McpServers.GetSecretsAsync(created[1].Id)).Headers["Authorization"]);
        Assert.Equal(McpTransportKind.Sse, created[2].Transport);
        Assert.False(created[3].Enabled);
        Assert.True(created[0].Enabled);
    }

    [Fact]
    public async Task ImportAsync_VsCodeForms_WithCommentsAndTrailingCommas()
    {
        await using var db = new TempDatabase();
        await using var nexo = await db.OpenAsync();
        const string mcpJson = """
            {
              // .vscode/mcp.json
              "inputs": [],
              "servers": {
                "github": { "type": "http", "url": "https://api.githubcopilot.com/mcp/", },
                "memory": { "type": "stdio", "command": "npx", "args": ["-y", "@modelcontextprotocol/server-memory"], "cwd": "/tmp" },
              },
            }
            """;
        const string settingsJson = """{ "editor.fontSize": 14, "mcp": { "servers": { "time": { "command": "uvx", "args": ["mcp-server-time"] } } } }""";

        var fromMcpJson = await nexo.Mcp.ImportAsync(mcpJson);
        var fromSettings = await nexo.Mcp.ImportAsync(settingsJson);

        Assert.Equal(["github", "memory"], fromMcpJson.Select(s => s.Name));
        Assert.Equal((McpTransportKind.Http, "https://api.githubcopilot.com/mcp"), (fromMcpJson[0].Transport, fromMcpJson[0].Url));
        Assert.Equal("/tmp", fromMcpJson[1].WorkingDirectory);
        Assert.Equal("time", Assert.Single(fromSettings).Name);
    }

    [Fact]
    public async Task ImportAsync_ExistingNames_AreSkipped()
    {
        await using var db = new TempDatabase();
        await using var nexo = await db.OpenAsync();
        await nexo.McpServers.CreateAsync(new NewMcpServer { Name = "Time", Transport = McpTransportKind.Stdio, Command = "keep-me" });
        const string json = """{"mcpServers": {"time": {"command": "uvx"}, "fetch": {"command": "uvx", "args": ["mcp-server-fetch"]}}}""";

        var first = await nexo.Mcp.ImportAsync(json);
        var second = await nexo.Mcp.ImportAsync(json);

        Assert.Equal("fetch", Assert.Single(first).Name);
        Assert.Empty(second);
        Assert.Equal("keep-me", (await nexo.McpServers.FindAsync("time")).Command);
        Assert.Equal(2, (await nexo.McpServers.ListAsync()).Count);
    }

    [Theory]
    [InlineData("{ not json", "not valid JSON")]
    [InlineData("", "empty")]
    [InlineData("[1, 2]", "must be a JSON object")]
    [InlineData("""{"other": {}}""", "no \"mcpServers\"")]
    [InlineData("""{"mcpServers": []}""", "must be an object")]
    [InlineData("""{"mcpServers": {"ok": {"command": "a"}, "broken": {"args": ["x"]}}}""", "'broken'")]
    [InlineData("""{"mcpServers": {"x": {"type": "stdio", "url": "http://a"}}}""", "without a \"command\"")]
    [InlineData("""{"mcpServers": {"x": {"type": "carrier-pigeon", "command": "a"}}}""", "unknown type")]
    [InlineData("""{"mcpServers": {"x": {"url": "ftp://example.com"}}}""", "not an absolute http or https URL")]
    [InlineData("""{"mcpServers": {"x": {"command": "a", "args": "one two"}}}""", "\"args\"")]
    [InlineData("""{"mcpServers": {"x": {"command": "a", "env": {"K": {"nested": 1}}}}}""", "env.K")]
    public async Task ImportAsync_BadConfig_ValidationErrorNamingTheProblemAndNothingCreated(string json, string expected)
    {
        await using var db = new TempDatabase();
        await using var nexo = await db.OpenAsync();

        var ex = await Assert.ThrowsAsync<NexoException>(() => nexo.Mcp.ImportAsync(json));

        Assert.Equal(NexoErrorKind.Validation, ex.Kind);
        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
        Assert.Empty(await nexo.McpServers.ListAsync());
    }

    [Fact]
    public async Task ImportAsync_InheritEnv_IsStoredAsTheServersPassthroughList()
    {
        await using var db = new TempDatabase();
        await using var nexo = await db.OpenAsync();
        const string json = """{"mcpServers": {"gh": {"command": "node", "args": ["gh.js"], "inheritEnv": ["GITHUB_TOKEN", "HTTPS_PROXY"]}, "plain": {"command": "node"}}}""";

        var created = await nexo.Mcp.ImportAsync(json);
        var badName = await Assert.ThrowsAsync<NexoException>(() => nexo.Mcp.ImportAsync("""{"mcpServers": {"bad": {"command": "node", "inheritEnv": ["A=B"]}}}"""));

        Assert.Equal(["GITHUB_TOKEN", "HTTPS_PROXY"], (await nexo.McpServers.GetAsync(created[0].Id)).InheritEnv);
        Assert.Empty(created[1].InheritEnv);
        Assert.Equal(NexoErrorKind.Validation, badName.Kind);
    }

    [Fact]
    public async Task ImportFileAsync_ReadsTheFileOrSaysItIsMissing()
    {
        await using var db = new TempDatabase();
        await using var nexo = await db.OpenAsync();
        var path = Path.Combine(db.Folder, "claude_desktop_config.json");
        await File.WriteAllTextAsync(path, """{"mcpServers": {"everything": {"command": "npx", "args": ["-y", "@modelcontextprotocol/server-everything"]}}}""");

        var created = await nexo.Mcp.ImportFileAsync(path);
        var missing = await Assert.ThrowsAsync<NexoException>(() => nexo.Mcp.ImportFileAsync(Path.Combine(db.Folder, "nope.json")));

        Assert.Equal("everything", Assert.Single(created).Name);
        Assert.Equal(NexoErrorKind.NotFound, missing.Kind);
    }
}
