using Nexo.Testing;

namespace Nexo.Cli.Tests;

/// <summary><c>nexo workspace update --context-strategy</c> and what <c>nexo chat</c> says when the history is compacted.</summary>
public sealed class ContextWindowCommandTests : IAsyncLifetime
{
    private readonly NexoHome _home = new();
    private FakeOpenAIServer _server = null!;

    public async Task InitializeAsync()
    {
        _server = await FakeProvider.StartAsync(_home);
        await using var nexo = await _home.OpenAsync();
        var connection = await nexo.Connections.FindAsync("fake");
        await nexo.Connections.UpdateAsync(connection.Id, new LlmConnectionUpdate { Models = [new LlmModel { Id = FakeProvider.Model, ContextWindow = 400 }] });
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _home.Dispose();
    }

    private static string Long(string word) => string.Join(' ', Enumerable.Repeat($"{word} harbour depth soundings", 30));

    [Fact]
    public async Task Truncate_LeavesTheOldestTurnOutOfTheRequest_SaysSoOnStderr_AndKeepsTheStdoutAnswerClean()
    {
        FakeProvider.Answer(_server, _ => FakeResponse.Text("Noted."));
        var update = await _home.RunAsync("workspace", "update", "--context-strategy", "truncate");
        Assert.Equal(0, update.ExitCode);
        Assert.Contains("truncate", (await _home.RunAsync("workspace", "show")).StdOut, StringComparison.Ordinal);

        Assert.Equal(0, (await _home.RunAsync("chat", Long("alpha"))).ExitCode);
        var second = await _home.RunAsync("chat", Long("beta"));

        Assert.Equal(0, second.ExitCode);
        Assert.Equal("Noted.\n", second.StdOut);
        Assert.Contains("context: left the 2 oldest messages out of this request (the history did not fit the 400-token window", second.StdErr, StringComparison.Ordinal);
        var last = FakeProvider.Turns(_server)[^1].Body;
        Assert.DoesNotContain("alpha", last, StringComparison.Ordinal);
        Assert.Contains("beta", last, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Summarize_StoresASummary_ThatTheTranscriptShowsAsASummary()
    {
        FakeProvider.Answer(_server, r => r.Body.Contains("You compact conversations", StringComparison.Ordinal)
            ? FakeResponse.Text("The user described alpha soundings.")
            : FakeResponse.Text("Noted."));

        Assert.Equal(0, (await _home.RunAsync("chat", Long("alpha"))).ExitCode);
        var second = await _home.RunAsync("chat", Long("beta"));

        Assert.Equal(0, second.ExitCode);
        Assert.Contains("context: summarized the 2 oldest messages", second.StdErr, StringComparison.Ordinal);
        Assert.Contains("The user described alpha soundings.", FakeProvider.Turns(_server)[^1].Body, StringComparison.Ordinal);
        string chatId;
        await using (var nexo = await _home.OpenAsync())
        {
            chatId = (await nexo.Messages.SearchAsync(new MessageSearchQuery { Text = "alpha" }))[0].ChatId;
        }

        var chats = await _home.RunAsync("chats", "show", chatId);
        Assert.Contains("summary (of the 2 earlier messages; the context was compacted)", chats.StdOut, StringComparison.Ordinal);
        Assert.Contains("The user described alpha soundings.", chats.StdOut, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ConnectionUpdate_ContextWindow_SetsAModelsWindow_AndRejectsABadPair()
    {
        var set = await _home.RunAsync("connection", "update", "fake", "--context-window", "fake-model=8192", "--context-window", "other-model=32000");
        var bad = await _home.RunAsync("connection", "update", "fake", "--context-window", "fake-model");

        Assert.Equal(0, set.ExitCode);
        await using (var nexo = await _home.OpenAsync())
        {
            var models = (await nexo.Connections.FindAsync("fake")).Models;
            Assert.Equal([("fake-model", (int?)8192), ("other-model", 32000)], models.Select(m => (m.Id, m.ContextWindow)));
        }

        Assert.Equal(2, bad.ExitCode);
        Assert.Contains("MODEL=TOKENS", bad.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ContextStrategy_AnUnknownValue_IsAUsageError()
    {
        var r = await _home.RunAsync("workspace", "update", "--context-strategy", "forget");

        Assert.Equal(2, r.ExitCode);
        Assert.Contains("forget", r.StdErr, StringComparison.Ordinal);
    }
}
