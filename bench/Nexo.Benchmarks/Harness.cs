using System.Diagnostics;

namespace Nexo.Benchmarks;

/// <summary>One measured operation: the SDK and raw timings of each sample.</summary>
internal sealed record Result(string Name, IReadOnlyList<double> SdkMs, IReadOnlyList<double> RawMs)
{
    public double SdkMedian => Median(SdkMs);

    public double RawMedian => Median(RawMs);

    public double Ratio => SdkMedian / RawMedian;

    private static double Median(IReadOnlyList<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }
}

/// <summary>A plain Stopwatch harness: warm-up, then samples that alternate SDK and raw so drift hits both alike.</summary>
internal static class Harness
{
    /// <summary>Measures a one-shot operation that needs fresh state each time (setup is not timed).</summary>
    public static async Task<Result> MeasureOnceEachAsync<TState>(
        string name,
        int runs,
        Func<int, Task<TState>> setup,
        Func<TState, Task> sdk,
        Func<TState, Task> raw,
        Func<TState, Task> cleanup)
    {
        var sdkMs = new List<double>();
        var rawMs = new List<double>();
        for (var run = 0; run < runs; run++)
        {
            // Alternate which side goes first.
            foreach (var side in run % 2 == 0 ? new[] { 0, 1 } : [1, 0])
            {
                var state = await setup(run * 2 + side);
                Collect();
                var watch = Stopwatch.StartNew();
                await (side == 0 ? sdk(state) : raw(state));
                watch.Stop();
                (side == 0 ? sdkMs : rawMs).Add(watch.Elapsed.TotalMilliseconds);
                await cleanup(state);
            }

            Console.Error.WriteLine($"  {name}: run {run + 1}/{runs}: sdk {sdkMs[^1]:F1} ms, raw {rawMs[^1]:F1} ms");
        }

        return new Result(name, sdkMs, rawMs);
    }

    /// <summary>
    /// Measures a repeatable operation: after a warm-up, each sample is the mean of as many calls as fit in about
    /// <paramref name="sampleTarget"/>.
    /// </summary>
    public static async Task<Result> MeasureRepeatedAsync(string name, int runs, Func<Task> sdk, Func<Task> raw, TimeSpan? sampleTarget = null)
    {
        var warmup = Stopwatch.StartNew();
        var calls = 0;
        do
        {
            await sdk();
            await raw();
            calls++;
        }
        while (calls < 5 || (warmup.Elapsed < TimeSpan.FromMilliseconds(500) && calls < 200));

        var perPair = warmup.Elapsed.TotalMilliseconds / calls;
        var iterations = (int)Math.Clamp((sampleTarget ?? TimeSpan.FromMilliseconds(400)).TotalMilliseconds / perPair * 2, 1, 10_000);

        var sdkMs = new List<double>();
        var rawMs = new List<double>();
        for (var run = 0; run < runs; run++)
        {
            foreach (var side in run % 2 == 0 ? new[] { 0, 1 } : [1, 0])
            {
                var op = side == 0 ? sdk : raw;
                Collect();
                var watch = Stopwatch.StartNew();
                for (var i = 0; i < iterations; i++)
                {
                    await op();
                }

                watch.Stop();
                (side == 0 ? sdkMs : rawMs).Add(watch.Elapsed.TotalMilliseconds / iterations);
            }

            Console.Error.WriteLine($"  {name}: run {run + 1}/{runs}: sdk {sdkMs[^1]:F3} ms, raw {rawMs[^1]:F3} ms");
        }

        return new Result(name, sdkMs, rawMs);
    }

    private static void Collect()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
    }
}
