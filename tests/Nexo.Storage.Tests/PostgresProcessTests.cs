using System.Diagnostics;
using System.Globalization;
using System.Text;
using Nexo.Storage.PostgreSql;
using Xunit.Abstractions;

namespace Nexo.Storage.Tests;

/// <summary>Two Nexo instances in two processes on one PostgreSQL database: the other process is <see cref="HostProcess"/>.</summary>
public sealed class PostgresProcessTests(ITestOutputHelper output) : StoreTest(StoreKind.Postgres)
{
    private static readonly string DotnetHost = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";

    [Fact]
    public async Task A_turn_in_another_process_streams_here_is_cancelled_from_here_and_once_killed_its_chat_is_taken_over()
    {
        var chat = await NewChatAsync((await NewWorkspaceAsync()).Id);
        var question = await AddMessageAsync(chat.Id, "question");
        var partial = await AddMessageAsync(chat.Id, "partial so far", MessageRole.Assistant, question.Id, MessageStatus.Streaming);
        var here = (PostgresStore)Store;
        var stream = new NexoEventStream();
        using var relay = here.EventRelay!.Attach(stream);
        await here.Relay.ListeningAsync(CancellationToken.None);
        var text = new StringBuilder();
        var chunkEvents = 0;
        using var subscription = stream.Subscribe(e =>
        {
            if (e is MessageChunkEvent chunk && chunk.MessageId == partial.Id)
            {
                lock (text)
                {
                    text.Append(chunk.Chunk);
                    chunkEvents++;
                }
            }
        });
        using var claims = here.CreateTurnClaims(TimeProvider.System);

        var start = new ProcessStartInfo(DotnetHost) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { typeof(HostProcess).Assembly.Location, "host", ConnectionString!, chat.Id, partial.Id })
        {
            start.ArgumentList.Add(arg);
        }

        using var other = Process.Start(start)!;
        var errors = new StringBuilder();
        other.ErrorDataReceived += (_, e) => { lock (errors) { errors.AppendLine(e.Data); } };
        other.BeginErrorReadLine();
        try
        {
            var claimed = await other.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(60));
            Assert.True(claimed?.StartsWith("claimed ", StringComparison.Ordinal), $"{claimed} {errors}");
            var otherHolder = claimed![8..];
            Assert.Contains($":{other.Id}:", otherHolder, StringComparison.Ordinal);

            // A second turn here is refused, naming the other process's instance.
            Assert.Equal(otherHolder, await claims.TryClaimAsync(chat.Id, CancellationToken.None));

            await UntilAsync(() => { lock (text) { return text.Length > 0; } });
            var clock = Stopwatch.StartNew();
            Assert.True(await claims.RequestCancelAsync(chat.Id, CancellationToken.None));
            var cancelled = await other.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30));
            var cancelLatency = clock.Elapsed;
            Assert.True(cancelled?.StartsWith("cancelled ", StringComparison.Ordinal), $"{cancelled} {errors}");
            var sent = int.Parse(cancelled![10..], CultureInfo.InvariantCulture);
            var expected = string.Concat(Enumerable.Range(0, sent).Select(i => $"c{i} "));
            await UntilAsync(() => { lock (text) { return text.Length >= expected.Length; } });
            lock (text)
            {
                Assert.Equal(expected, text.ToString());
            }

            // SIGKILL: nothing is released; the lease (1 s) runs out and this instance takes the chat.
            other.Kill();
            await other.WaitForExitAsync();
            var killed = Stopwatch.StartNew();
            string? holder;
            while ((holder = await claims.TryClaimAsync(chat.Id, CancellationToken.None)) is not null && killed.Elapsed < TimeSpan.FromSeconds(30))
            {
                Assert.Equal(otherHolder, holder);
                await Task.Delay(50);
            }

            Assert.Null(holder);
            var marked = (await Store.Messages.GetAsync(partial.Id))!;
            Assert.Equal(MessageStatus.Error, marked.Status);
            Assert.Equal(SqliteMessageRepository.InterruptedError, marked.Error);
            Assert.Equal("partial so far", marked.Content);
            await claims.ReleaseAsync(chat.Id);
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"other process: {sent} chunks received here as {chunkEvents} events; cancel from here seen there (incl. its stdout) after {cancelLatency.TotalMilliseconds:F1} ms; chat taken over {killed.ElapsedMilliseconds} ms after SIGKILL (lease 1 s)"));
        }
        finally
        {
            if (!other.HasExited)
            {
                other.Kill();
            }
        }
    }

    private static async Task UntilAsync(Func<bool> condition)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), "timed out waiting");
            await Task.Delay(10);
        }
    }
}
