using ModelContextProtocol;

namespace Nexo.Sdk.Tests.Mcp;

/// <summary>
/// How a tool call's progress reaches the caller. The MCP SDK may hand a report over after the call's response (it
/// handles notifications concurrently with responses); the host closes the adapter when the call ends, so the caller
/// never sees progress after the result.
/// </summary>
public sealed class ProgressAdapterTests
{
    [Fact]
    public void Reports_PassInOrder_OlderOnesAreDropped_AndNoneAfterClose()
    {
        var seen = new List<double>();
        var adapter = new McpHost.ProgressAdapter(new SyncProgress(p => seen.Add(p.Progress)));

        adapter.Report(new ProgressNotificationValue { Progress = 1 });
        adapter.Report(new ProgressNotificationValue { Progress = 3 });
        adapter.Report(new ProgressNotificationValue { Progress = 2 }); // handled late by the SDK: older than 3
        adapter.Close();
        adapter.Report(new ProgressNotificationValue { Progress = 4 }); // after the call ended

        Assert.Equal([1.0, 3.0], seen);
    }

    [Fact]
    public async Task Close_WaitsForAReportBeingDelivered()
    {
        using var inReport = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        var delivered = 0;
        var adapter = new McpHost.ProgressAdapter(new SyncProgress(_ =>
        {
            inReport.Set();
            release.Wait(TimeSpan.FromSeconds(10));
            Interlocked.Increment(ref delivered);
        }));

        var reporting = Task.Run(() => adapter.Report(new ProgressNotificationValue { Progress = 1 }));
        Assert.True(inReport.Wait(TimeSpan.FromSeconds(10)));
        var closing = Task.Run(adapter.Close);
        await Task.Delay(100);
        Assert.False(closing.IsCompleted); // the report in progress is still being delivered

        release.Set();
        await closing.WaitAsync(TimeSpan.FromSeconds(10));
        await reporting;
        Assert.Equal(1, delivered); // delivered before Close returned: the caller saw it before the result
    }
}
