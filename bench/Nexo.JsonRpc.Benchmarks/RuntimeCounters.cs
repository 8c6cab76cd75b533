using System.Diagnostics.Tracing;
using Microsoft.Diagnostics.NETCore.Client;
using Microsoft.Diagnostics.Tracing;

/// <summary>
/// Reads another .NET process's <c>System.Runtime</c> event counters over EventPipe (what <c>dotnet-counters</c>
/// shows): its GC heap size, refreshed every <c>interval</c> seconds. The session's own buffers live in the watched
/// process, so read its resident set before attaching when a clean figure matters.
/// </summary>
internal sealed class RuntimeCounters : IDisposable
{
    private readonly EventPipeSession _session;
    private readonly EventPipeEventSource _source;
    private readonly Task _reader;
    private readonly Lock _gate = new();
    private TaskCompletionSource<double> _nextHeap = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private RuntimeCounters(int processId, int intervalSeconds)
    {
        var provider = new EventPipeProvider(
            "System.Runtime",
            EventLevel.Informational,
            (long)EventKeywords.None,
            new Dictionary<string, string> { ["EventCounterIntervalSec"] = intervalSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        _session = new DiagnosticsClient(processId).StartEventPipeSession(provider, requestRundown: false, circularBufferMB: 4);
        _source = new EventPipeEventSource(_session.EventStream);
        _source.Dynamic.All += OnEvent;
        _reader = Task.Run(() => _source.Process());
    }

    /// <summary>The last GC heap size reported, in bytes (0 before the first).</summary>
    public double GcHeapBytes { get; private set; }

    /// <summary>Attaches to <paramref name="processId"/>.</summary>
    public static RuntimeCounters Attach(int processId, int intervalSeconds = 1) => new(processId, intervalSeconds);

    /// <summary>Waits for the next GC heap report, in bytes.</summary>
    public Task<double> NextGcHeapBytesAsync(TimeSpan timeout)
    {
        lock (_gate)
        {
            return _nextHeap.Task.WaitAsync(timeout);
        }
    }

    public void Dispose()
    {
        try
        {
            _session.Stop();
        }
        catch (Exception ex) when (ex is ServerNotAvailableException or IOException or TimeoutException)
        {
            // The process is gone already.
        }

        _reader.Wait(TimeSpan.FromSeconds(5));
        _source.Dispose();
        _session.Dispose();
    }

    private void OnEvent(TraceEvent e)
    {
        if (e.EventName != "EventCounters" || e.PayloadValue(0) is not IDictionary<string, object> outer || outer["Payload"] is not IDictionary<string, object> payload)
        {
            return;
        }

        if (payload["Name"] as string == "gc-heap-size" && payload.TryGetValue("Mean", out var mean))
        {
            GcHeapBytes = Convert.ToDouble(mean, System.Globalization.CultureInfo.InvariantCulture) * 1024 * 1024; // reported in MB
            TaskCompletionSource<double> done;
            lock (_gate)
            {
                done = _nextHeap;
                _nextHeap = new TaskCompletionSource<double>(TaskCreationOptions.RunContinuationsAsynchronously);
            }

            done.TrySetResult(GcHeapBytes);
        }
    }
}
