namespace Nexo.Cli.Tests;

/// <summary>
/// Item 10 of issue 12: <c>nexo mcp add</c> takes secret environment and header values from nexo's own environment or
/// a hidden prompt, so they need not be on the command line (readable by other users in the process list).
/// </summary>
public sealed class McpSecretInputTests : IDisposable
{
    private readonly NexoHome _home = new();

    public void Dispose() => _home.Dispose();

    [Fact]
    public async Task Add_EnvAndHeaderNamesAlone_TakeTheirValuesFromNexosEnvironment_WithoutAWarning()
    {
        _home.Environment["NEXO_TEST_TOKEN"] = "from-the-environment";
        _home.Environment["Authorization"] = "Bearer from-the-environment";

        var stdio = await _home.RunAsync("mcp", "add", "local", "--env", "NEXO_TEST_TOKEN", "--", "node", "server.js");
        var http = await _home.RunAsync("mcp", "add", "remote", "--url", "http://127.0.0.1:5000/mcp", "--header", "Authorization");

        Assert.Equal(0, stdio.ExitCode);
        Assert.Equal(0, http.ExitCode);
        Assert.DoesNotContain("warning", stdio.StdErr, StringComparison.Ordinal);
        Assert.DoesNotContain("warning", http.StdErr, StringComparison.Ordinal);
        await using var nexo = await _home.OpenAsync();
        Assert.Equal("from-the-environment", (await nexo.McpServers.GetSecretsAsync(stdio.StdOut.Trim())).Env["NEXO_TEST_TOKEN"]);
        Assert.Equal("Bearer from-the-environment", (await nexo.McpServers.GetSecretsAsync(http.StdOut.Trim())).Headers["Authorization"]);
    }

    [Fact]
    public async Task Add_ValueOnTheCommandLine_StillWorks_ButWarnsThatOtherUsersCanReadIt()
    {
        var add = await _home.RunAsync("mcp", "add", "files", "--env", "TOKEN=s3cr3t-value", "--", "node", "server.js");

        Assert.Equal(0, add.ExitCode);
        Assert.Contains("warning:", add.StdErr, StringComparison.Ordinal);
        Assert.Contains("other users of this machine can read it", add.StdErr, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cr3t-value", add.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Add_FromPrompt_WithoutATerminal_IsAUsageError()
    {
        var env = await _home.RunAsync("mcp", "add", "x", "--env-from-prompt", "TOKEN", "--", "node", "server.js");
        var header = await _home.RunAsync("mcp", "add", "y", "--url", "http://127.0.0.1:5000/mcp", "--header-from-prompt", "Authorization");
        var list = await _home.RunAsync("mcp", "list", "--json");

        Assert.Equal(2, env.ExitCode);
        Assert.Contains("--env-from-prompt needs a terminal", env.StdErr, StringComparison.Ordinal);
        Assert.Equal(2, header.ExitCode);
        Assert.Contains("--header-from-prompt needs a terminal", header.StdErr, StringComparison.Ordinal);
        Assert.Empty(list.Json.EnumerateArray());
    }

    [Fact]
    public async Task Add_FromPrompt_OnATerminal_ReadsTheValueWithoutEchoingIt()
    {
        await using (var terminal = PseudoTerminal.Start(_home, "mcp", "add", "local", "--env-from-prompt", "TOKEN", "--", "node", "server.js"))
        {
            await terminal.WaitForAsync("TOKEN (input hidden): ");
            await terminal.TypeAsync("typed-s3cr3t\r");
            Assert.Equal(0, await terminal.WaitForExitAsync());
            Assert.DoesNotContain("typed-s3cr3t", terminal.Output, StringComparison.Ordinal);
        }

        await using var nexo = await _home.OpenAsync();
        var server = Assert.Single(await nexo.McpServers.ListAsync());
        Assert.Equal("typed-s3cr3t", (await nexo.McpServers.GetSecretsAsync(server.Id)).Env["TOKEN"]);
    }
}
