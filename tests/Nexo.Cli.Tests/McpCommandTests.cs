namespace Nexo.Cli.Tests;

public sealed class McpCommandTests : IDisposable
{
    private readonly NexoHome _home = new();

    public void Dispose() => _home.Dispose();

    [Fact]
    public async Task Add_Stdio_TakesTheCommandAfterDoubleDash_AndStoresEnvEncrypted()
    {
        var add = await _home.RunAsync("mcp", "add", "files", "--env", "TOKEN=s3cr3t-value", "--", "npx", "-y", "@modelcontextprotocol/server-filesystem", "/tmp");
        var list = await _home.RunAsync("mcp", "list");
        var json = await _home.RunAsync("mcp", "list", "--json");

        Assert.Equal(0, add.ExitCode);
        Assert.Matches("^[0-9a-f-]{36}\n$", add.StdOut);
        Assert.Contains("files", list.StdOut, StringComparison.Ordinal);
        Assert.Contains("npx -y @modelcontextprotocol/server-filesystem /tmp", list.StdOut, StringComparison.Ordinal);
        var server = Assert.Single(json.Json.EnumerateArray());
        Assert.Equal("stdio", server.GetProperty("transport").GetString());
        Assert.Equal("npx", server.GetProperty("command").GetString());
        Assert.Equal(["-y", "@modelcontextprotocol/server-filesystem", "/tmp"], server.GetProperty("args").EnumerateArray().Select(a => a.GetString()));
        Assert.DoesNotContain("s3cr3t-value", json.StdOut, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cr3t-value", await File.ReadAllTextAsync(_home.DatabasePath), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Add_InheritEnv_Repeatable_IsStoredAsTheServersPassthroughList()
    {
        var add = await _home.RunAsync("mcp", "add", "gh", "--inherit-env", "GITHUB_TOKEN", "--inherit-env", "HTTPS_PROXY", "--json", "--", "node", "gh.js");
        var bad = await _home.RunAsync("mcp", "add", "bad", "--inherit-env", "A=B", "--", "node");

        Assert.Equal(0, add.ExitCode);
        Assert.Equal(["GITHUB_TOKEN", "HTTPS_PROXY"], add.Json.GetProperty("inheritEnv").EnumerateArray().Select(a => a.GetString()));
        Assert.Equal(1, bad.ExitCode);
        Assert.StartsWith("error[Validation]:", bad.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Add_Http_UsesTheUrl_AndHeaders()
    {
        var add = await _home.RunAsync("mcp", "add", "remote", "--url", "http://127.0.0.1:5000/mcp", "--header", "Authorization=Bearer abc", "--timeout", "30", "--json");

        Assert.Equal(0, add.ExitCode);
        Assert.Equal("http", add.Json.GetProperty("transport").GetString());
        Assert.Equal("http://127.0.0.1:5000/mcp", add.Json.GetProperty("url").GetString());
        Assert.Equal(30, add.Json.GetProperty("timeoutSeconds").GetInt32());
        Assert.True(add.Json.GetProperty("headers").TryGetProperty("Authorization", out _));
    }

    [Fact]
    public async Task Add_BadInput_FailsWithTheRightCodes()
    {
        var neither = await _home.RunAsync("mcp", "add", "x");
        var both = await _home.RunAsync("mcp", "add", "x", "--url", "http://127.0.0.1/mcp", "--", "node", "server.js");
        var badEnv = await _home.RunAsync("mcp", "add", "x", "--env", "NOEQUALS", "--", "node");
        var badUrl = await _home.RunAsync("mcp", "add", "x", "--url", "not a url");
        var badTimeout = await _home.RunAsync("mcp", "add", "x", "--timeout", "0", "--", "node");

        Assert.Equal(2, neither.ExitCode);
        Assert.Equal(2, both.ExitCode);
        Assert.Equal(2, badEnv.ExitCode);
        Assert.Contains("--env expects KEY=VALUE", badEnv.StdErr, StringComparison.Ordinal);
        Assert.Equal(1, badUrl.ExitCode);
        Assert.StartsWith("error[Validation]:", badUrl.StdErr, StringComparison.Ordinal);
        Assert.Equal(1, badTimeout.ExitCode);
    }

    [Fact]
    public async Task Remove_DeletesByName_AndUnknownIsNotFound()
    {
        await _home.RunAsync("mcp", "add", "gone", "--", "node", "x.js");

        var remove = await _home.RunAsync("mcp", "remove", "gone");
        var list = await _home.RunAsync("mcp", "list", "--json");
        var again = await _home.RunAsync("mcp", "remove", "gone");

        Assert.Equal(0, remove.ExitCode);
        Assert.Empty(list.Json.EnumerateArray());
        Assert.Equal(1, again.ExitCode);
        Assert.StartsWith("error[NotFound]: The MCP server 'gone' does not exist.", again.StdErr, StringComparison.Ordinal);
    }
}
