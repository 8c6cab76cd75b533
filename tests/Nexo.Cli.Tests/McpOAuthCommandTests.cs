using System.Text;
using Nexo.Testing;

namespace Nexo.Cli.Tests;

/// <summary>
/// <c>nexo mcp add --oauth</c>, the URL on stderr while the command waits for the browser's redirect, the stored token
/// reused by later runs, <c>nexo mcp logout</c> making the next use ask again, and <c>nexo mcp login</c>.
/// </summary>
public sealed class McpOAuthCommandTests : IAsyncLifetime
{
    private readonly NexoHome _home = new();
    private FakeOAuthMcpServer _server = null!;

    public async Task InitializeAsync() => _server = await FakeOAuthMcpServer.StartAsync();

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _home.Dispose();
    }

    [Fact]
    public async Task McpCall_OnAnOAuthServer_PrintsTheUrl_WaitsForTheRedirect_AndLaterRunsReuseTheToken_UntilLogout()
    {
        var add = await _home.RunAsync("mcp", "add", "tracker", "--url", _server.McpUrl, "--oauth");
        Assert.Equal(0, add.ExitCode);

        var first = await RunAuthorizingAsync("mcp", "call", "tracker", "secret_echo", "--arg", "text=one");
        var second = await _home.RunAsync("mcp", "call", "tracker", "secret_echo", "--arg", "text=two");
        var list = await _home.RunAsync("mcp", "list", "--json");
        var table = await _home.RunAsync("mcp", "list");

        Assert.Equal(0, first.Result.ExitCode);
        Assert.Contains("authorized echo: one", first.Result.StdOut, StringComparison.Ordinal);
        Assert.Contains("The MCP server 'tracker' needs authorization. Open this URL in a browser:", first.Result.StdErr, StringComparison.Ordinal);
        Assert.StartsWith(_server.Issuer + "/authorize?", first.Url, StringComparison.Ordinal);
        Assert.Equal(0, second.ExitCode);
        Assert.Contains("authorized echo: two", second.StdOut, StringComparison.Ordinal);
        Assert.DoesNotContain("needs authorization", second.StdErr, StringComparison.Ordinal);
        Assert.Equal(1, _server.AuthorizeHits);
        Assert.True(list.Json[0].GetProperty("authorized").GetBoolean());
        Assert.Contains("(oauth: authorized)", table.StdOut, StringComparison.Ordinal);

        var logout = await _home.RunAsync("mcp", "logout", "tracker");
        Assert.Equal(0, logout.ExitCode);
        Assert.Contains("Logged out of the MCP server 'tracker': tokens revoked at the authorization server and deleted.", logout.StdErr, StringComparison.Ordinal);

        var login = await RunAuthorizingAsync("mcp", "login", "tracker");
        Assert.Equal(0, login.Result.ExitCode);
        Assert.Contains("Authorized with the MCP server 'tracker'", login.Result.StdErr, StringComparison.Ordinal);
        Assert.Equal(2, _server.AuthorizeHits);

        var outputs = string.Join("\n", new[] { first.Result, second, list, table, logout, login.Result }.Select(r => r.StdOut + r.StdErr));
        var bytes = Directory.GetFiles(_home.Folder, "nexo.db*").SelectMany(File.ReadAllBytes).ToArray();
        foreach (var token in _server.IssuedTokens)
        {
            Assert.DoesNotContain(token, outputs, StringComparison.Ordinal);
            Assert.Equal(-1, bytes.AsSpan().IndexOf(Encoding.UTF8.GetBytes(token)));
        }
    }

    [Fact]
    public async Task McpLogin_WithAForgedStateInTheRedirect_FailsClearly_AndStoresNothing()
    {
        await _home.RunAsync("mcp", "add", "tracker", "--url", _server.McpUrl, "--oauth");

        var login = await RunAuthorizingAsync(["mcp", "login", "tracker"], redirect => FakeOAuthMcpServer.WithState(redirect, "forged"));
        var list = await _home.RunAsync("mcp", "list", "--json");

        Assert.NotEqual(0, login.Result.ExitCode);
        Assert.Contains("wrong 'state'", login.Result.StdErr, StringComparison.Ordinal);
        Assert.Contains("nothing was stored", login.Result.StdErr, StringComparison.Ordinal);
        Assert.False(list.Json[0].GetProperty("authorized").GetBoolean());
        Assert.Equal(0, _server.CodeGrants);
    }

    [Fact]
    public async Task McpAdd_OAuthClientOptions_WithoutOAuth_AreAUsageError()
    {
        var add = await _home.RunAsync("mcp", "add", "tracker", "--url", _server.McpUrl, "--oauth-client-id", "abc");

        Assert.Equal(2, add.ExitCode);
        Assert.Contains("go with --oauth", add.StdErr, StringComparison.Ordinal);
    }

    private Task<(CliResult Result, string Url)> RunAuthorizingAsync(params string[] args) => RunAuthorizingAsync(args, null);

    /// <summary>Runs nexo, reads the authorization URL from its stderr and follows it like a browser, then waits for the exit.</summary>
    private async Task<(CliResult Result, string Url)> RunAuthorizingAsync(string[] args, Func<Uri, Uri>? tamper)
    {
        using var process = _home.Start(args, null);
        process.StandardInput.Close();
        var seen = new StringBuilder();
        string? url = null;
        while (url is null && await process.StandardError.ReadLineAsync().WaitAsync(TimeSpan.FromMinutes(2)) is { } line)
        {
            seen.AppendLine(line);
            if (line.TrimStart().StartsWith(_server.Issuer, StringComparison.Ordinal))
            {
                url = line.Trim();
            }
        }

        Assert.True(url is not null, "nexo printed no authorization URL: " + seen);
        await FakeOAuthMcpServer.BrowseAsync(url, tamper);
        var rest = await NexoHome.CollectAsync(process);
        return (new CliResult(rest.ExitCode, rest.StdOut, seen + rest.StdErr), url);
    }
}
