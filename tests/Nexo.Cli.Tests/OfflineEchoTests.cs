namespace Nexo.Cli.Tests;

/// <summary>The README's first command: a chat on a fresh machine with no provider, through the offline echo provider.</summary>
public sealed class OfflineEchoTests
{
    [Fact]
    public async Task ChatWithConnectionEcho_OnAFreshHome_CreatesTheEchoConnectionAndAnswers_AndCanRunAgain()
    {
        using var home = new NexoHome();

        var first = await home.RunAsync("chat", "--connection", "echo", "Hello, Nexo");
        var second = await home.RunAsync("chat", "--connection", "echo", "Hello again");

        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.Equal("Hello, Nexo\n", first.StdOut);
        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.Equal("Hello again\n", second.StdOut);
        await using var nexo = await home.OpenAsync();
        var connection = Assert.Single(await nexo.Connections.ListAsync());
        Assert.Equal(("echo", LlmProviderKind.Echo), (connection.Name, connection.Provider));
        var chat = Assert.Single((await nexo.Chats.ListAsync((await nexo.Workspaces.FindAsync("default")).Id)).Items);
        Assert.Equal(4, (await nexo.Messages.ListAsync(chat.Id)).Count);
    }

    [Fact]
    public async Task ChatWithAnUnknownConnection_IsANotFoundError()
    {
        using var home = new NexoHome();

        var result = await home.RunAsync("chat", "--connection", "nope", "hi");

        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith("error[NotFound]", result.StdErr, StringComparison.Ordinal);
        Assert.Equal(string.Empty, result.StdOut);
    }
}
