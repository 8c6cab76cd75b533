using Microsoft.Data.Sqlite;

namespace Nexo.Samples.Tests;

/// <summary>The console sample, run as a newcomer runs it, on the offline echo provider.</summary>
public sealed class EmbeddingSampleTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("nexo-embedding-test-").FullName;

    [Fact]
    public async Task Run_WithoutAnApiKey_StreamsAnEchoTurnThatCallsWordCountOnTheSampleMcpServer()
    {
        var (exitCode, sample) = await SampleProcess.RunAsync(Samples.EmbeddingDll, _folder);
        await using var _ = sample;

        Assert.True(exitCode == 0, $"exit code {exitCode}\nstdout:\n{sample.Stdout}\nstderr:\n{sample.Stderr}");
        var lines = sample.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains(lines, l => l.StartsWith("[database ", StringComparison.Ordinal) && l.EndsWith("model echo/echo]", StringComparison.Ordinal));
        Assert.Contains("[tool call] word_count {\"text\":\"Nexo keeps every chat in SQLite and streams each answer.\"}", lines);
        Assert.Contains("[tool result] word_count: 10 words, 1 line, 56 characters", lines);
        Assert.Equal("Tool word_count returned: 10 words, 1 line, 56 characters", lines[^1]);
    }

    [Fact]
    public async Task Run_TwiceOnOneFolder_ReusesTheConnectionServerAndWorkspaceAndAddsAChat()
    {
        for (var run = 0; run < 2; run++)
        {
            var (exitCode, sample) = await SampleProcess.RunAsync(Samples.EmbeddingDll, _folder);
            await using var _ = sample;
            Assert.True(exitCode == 0, $"run {run + 1}: exit code {exitCode}\nstdout:\n{sample.Stdout}\nstderr:\n{sample.Stderr}");
        }

        await using var nexo = await NexoClient.OpenAsync(new NexoOptions { DatabasePath = Path.Combine(_folder, "nexo.db") });
        Assert.Equal(["echo"], (await nexo.Connections.ListAsync()).Select(c => c.Name));
        Assert.Equal(["sample-tools"], (await nexo.McpServers.ListAsync()).Select(s => s.Name));
        var workspace = Assert.Single(await nexo.Workspaces.ListAsync());
        Assert.Equal(2, (await nexo.Chats.ListAsync(workspace.Id)).Items.Count);
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }
}
