using Nexo.Testing;

namespace Nexo.Cli.Tests;

/// <summary>A process killed in the middle of a streamed answer loses at most the last flush interval, never the database.</summary>
public sealed class ProcessKillTests
{
    [Fact]
    public async Task KillingTheProcessMidStream_LeavesTheUserMessageAndThePartialAnswerMarkedInterrupted()
    {
        using var home = new NexoHome();
        await using var server = await FakeProvider.StartAsync(home);
        FakeProvider.Answer(server, _ => FakeResponse.Text("The partial ", "answer ", "that ", "keeps ", "coming").WithChunkDelay(TimeSpan.FromMilliseconds(400)).WithText(" forever", TimeSpan.FromSeconds(60)));

        using var process = home.Start(["chat", "tell me everything"], null);
        process.StandardInput.Close();
        var seen = new System.Text.StringBuilder();
        var buffer = new char[256];
        while (!seen.ToString().Contains("coming", StringComparison.Ordinal))
        {
            var n = await process.StandardOutput.ReadAsync(buffer).AsTask().WaitAsync(TimeSpan.FromSeconds(60));
            Assert.True(n > 0, "the CLI ended before streaming the answer: " + seen);
            seen.Append(buffer, 0, n);
        }

        await Task.Delay(600); // one flush interval (250 ms) and then some: the streamed text is in the database
        process.Kill(entireProcessTree: true);
        await process.WaitForExitAsync();

        await using var nexo = await home.OpenAsync();
        var chat = Assert.Single((await nexo.Chats.ListAsync((await nexo.Workspaces.ListAsync()).Single().Id)).Items);
        var messages = await nexo.Messages.ListAsync(chat.Id);
        Assert.Equal("tell me everything", messages.Single(m => m.Role == MessageRole.User).Content);
        var answer = messages.Single(m => m.Role == MessageRole.Assistant);
        Assert.Equal(MessageStatus.Error, answer.Status);
        Assert.StartsWith("Interrupted", answer.Error, StringComparison.Ordinal);
        Assert.StartsWith("The partial answer that keeps coming", answer.Content, StringComparison.Ordinal);

        await using var raw = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={home.DatabasePath}");
        raw.Open();
        using var check = raw.CreateCommand();
        check.CommandText = "PRAGMA integrity_check";
        Assert.Equal("ok", check.ExecuteScalar());
    }
}
