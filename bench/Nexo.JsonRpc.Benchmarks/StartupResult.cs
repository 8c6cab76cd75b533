using System.Diagnostics;

/// <summary>Spawn → first answer times of a server process, and its memory at rest after the last spawn.</summary>
internal sealed record StartupResult(double MedianMs, double MinMs, double CpuMs, long RssBytes, double GcHeapBytes)
{
    /// <summary>How long the process is left alone before its memory is read.</summary>
    public static readonly TimeSpan Rest = TimeSpan.FromSeconds(3);

    /// <summary>Spawns <paramref name="spawns"/> times, one process at a time.</summary>
    /// <param name="start">Starts the process.</param>
    /// <param name="initialize">The first request, awaited until answered.</param>
    /// <param name="spawns">How many processes to time.</param>
    public static async Task<StartupResult> MeasureAsync(Func<Child> start, Func<Child, Task> initialize, int spawns)
    {
        var times = new List<double>();
        var cpu = new List<double>();
        long rss = 0;
        double heap = 0;
        for (var i = 0; i < spawns; i++)
        {
            var watch = Stopwatch.StartNew();
            await using var child = start();
            await initialize(child);
            times.Add(watch.Elapsed.TotalMilliseconds);
            cpu.Add(child.CpuTime.TotalMilliseconds); // load on the machine stretches the wall time, hardly the CPU time
            if (i == spawns - 1)
            {
                await Task.Delay(Rest);
                rss = child.ResidentBytes; // before the EventPipe session adds its buffers
                using var counters = RuntimeCounters.Attach(child.Id);
                heap = await counters.NextGcHeapBytesAsync(TimeSpan.FromSeconds(10));
            }
        }

        times.Sort();
        cpu.Sort();
        return new StartupResult(times[times.Count / 2], times[0], cpu[cpu.Count / 2], rss, heap);
    }
}
