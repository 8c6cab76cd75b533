using System.IO.Pipelines;
using Nexo.JsonRpcServer.Hosting;

namespace Nexo.JsonRpcServer.Tests;

/// <summary>How the protocol hosts tell a client that stopped reading from one that reads slowly.</summary>
public sealed class StallWatchStreamTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromMilliseconds(400);

    [Fact]
    public async Task AWriteThatWaitsPastTheLimit_MarksTheClientStalled_ReturnsAndLaterWritesAreDiscarded()
    {
        var pipe = new Pipe(new PipeOptions(pauseWriterThreshold: 1024, resumeWriterThreshold: 512));
        await using var watch = new StallWatchStream(pipe.Writer.AsStream(), Limit);

        // Nobody reads: the write that fills the pipe waits until the watch gives up on the client.
        await watch.WriteAsync(new byte[4096]).AsTask().WaitAsync(TimeSpan.FromSeconds(30));
        await watch.WriteAsync(new byte[4096]).AsTask().WaitAsync(TimeSpan.FromSeconds(1));
        await watch.FlushAsync().WaitAsync(TimeSpan.FromSeconds(1));

        Assert.True(watch.IsStalled);
        Assert.True(watch.Stalled.IsCompletedSuccessfully);
        Assert.True(pipe.Reader.TryRead(out var buffered));
        Assert.Equal(4096, buffered.Buffer.Length); // the first write reached the pipe; the second was discarded
    }

    [Fact]
    public async Task AClientThatReadsSlowlyButSteadily_IsNeverStalled_EvenWhenTheWholeTransferTakesLongerThanTheLimit()
    {
        var limit = TimeSpan.FromMilliseconds(1500);
        var pipe = new Pipe(new PipeOptions(pauseWriterThreshold: 1024, resumeWriterThreshold: 512));
        await using var watch = new StallWatchStream(pipe.Writer.AsStream(), limit);
        var started = System.Diagnostics.Stopwatch.StartNew();
        var total = 0L;
        using var done = new CancellationTokenSource();
        var reader = Task.Run(async () =>
        {
            while (!done.IsCancellationRequested)
            {
                // Reads a little at a time, well within the limit between reads.
                var result = await pipe.Reader.ReadAsync();
                var take = Math.Min(result.Buffer.Length, 256);
                total += take;
                pipe.Reader.AdvanceTo(result.Buffer.GetPosition(take));
                await Task.Delay(50);
                if (result.IsCompleted && take == result.Buffer.Length)
                {
                    return;
                }
            }
        });

        for (var i = 0; i < 40; i++)
        {
            await watch.WriteAsync(new byte[512]);
        }

        await pipe.Writer.CompleteAsync();
        await reader.WaitAsync(TimeSpan.FromSeconds(60));

        Assert.False(watch.IsStalled);
        Assert.Equal(40 * 512, total);
        Assert.True(started.Elapsed > limit * 2, $"The transfer took {started.Elapsed}: too quick to show that only a single waiting write counts.");
    }
}
