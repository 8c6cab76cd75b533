using System.Globalization;
using System.Runtime.InteropServices;

namespace Nexo.Benchmarks;

/// <summary>The <c>--store postgres</c> run: starts (or connects to) the server, runs the scenarios, prints the tables.</summary>
internal static class PostgresRun
{
    /// <summary>The issue 14 goals: SDK within 1.5× raw; FTS p50 under 50 ms.</summary>
    private const double RatioGoal = 1.5;
    private const double SearchP50Goal = 50;

    public static async Task<int> RunAsync(Options options, string[] args)
    {
        Console.Error.WriteLine($"Nexo PostgreSQL store benchmarks ({(options.Connection is null ? "starting a throwaway cluster" : "on --connection")})");
        using var server = await PostgresServer.StartAsync(options.Connection);
        var scenarios = new PostgresScenarios(options, server);
        var load = new List<string> { Report.LoadAverage() };
        var results = new List<Result>();
        if (!options.SearchOnly)
        {
            results.AddRange(await scenarios.InsertAsync());
            results.Add(await scenarios.LastPageAsync());
        }

        var search = await scenarios.SearchAsync();
        load.Add(Report.LoadAverage());

        Console.WriteLine();
        Console.WriteLine($"Nexo PostgreSQL store benchmarks — {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC");
        Console.WriteLine($"Machine: {RuntimeInformation.OSDescription.Trim()}, {Environment.ProcessorCount} cores, {RuntimeInformation.FrameworkDescription}");
        Console.WriteLine($"Server: {server.Description}");
        Console.WriteLine($"Command: dotnet run -c Release --project bench/Nexo.Benchmarks -- {string.Join(' ', args)}".TrimEnd());
        Console.WriteLine($"Load average (1 min) at the start and the end: {string.Join(" / ", load)}");
        if (results.Count > 0)
        {
            Console.WriteLine();
            Console.WriteLine($"Each time is the median of {options.Runs} samples (best in brackets); ratio = SDK / raw (1.00 = same speed; goal ≤ {RatioGoal:F1}).");
            Console.WriteLine();
            var nameWidth = Math.Max(9, results.Max(r => r.Name.Length));
            Console.WriteLine($"| {"Operation".PadRight(nameWidth)} | {"Nexo SDK",22} | {"raw Npgsql",22} | {"Ratio",6} | Goal |");
            Console.WriteLine($"|{new string('-', nameWidth + 2)}|{new string('-', 24)}:|{new string('-', 24)}:|{new string('-', 7)}:|------|");
            foreach (var r in results)
            {
                Console.WriteLine($"| {r.Name.PadRight(nameWidth)} | {Report.Format(r.SdkMedian, r.SdkMs.Min()),22} | {Report.Format(r.RawMedian, r.RawMs.Min()),22} | {r.Ratio.ToString("F2", CultureInfo.InvariantCulture),6} | {(r.Ratio <= RatioGoal ? "met" : "**not met**")} |");
            }
        }

        Console.WriteLine();
        Console.WriteLine($"FTS over {options.SearchMessages:N0} messages, limit 50: single calls, SDK and raw alternating; p50 / p95 / fastest call in ms; ratio = SDK p50 / raw p50.");
        Console.WriteLine("Raw = one hand-written statement: rank every match with ts_rank_cd, ORDER BY … LIMIT, ts_headline in the select list.");
        Console.WriteLine();
        var width = Math.Max(6, search.Max(r => r.Name.Length));
        Console.WriteLine($"| {"Search".PadRight(width)} | {"Calls",5} | {"SDK p50",8} | {"SDK p95",8} | {"SDK min",8} | {"Raw p50",8} | {"Raw p95",8} | {"Raw min",8} | {"Ratio",6} | Goal (≤ {RatioGoal:F1}×, p50 < {SearchP50Goal:F0} ms) |");
        Console.WriteLine($"|{new string('-', width + 2)}|{new string('-', 6)}:|{new string('-', 9)}:|{new string('-', 9)}:|{new string('-', 9)}:|{new string('-', 9)}:|{new string('-', 9)}:|{new string('-', 9)}:|{new string('-', 7)}:|------|");
        foreach (var r in search)
        {
            var (s50, s95, r50, r95) = (SearchResult.Percentile(r.SdkMs, 0.5), SearchResult.Percentile(r.SdkMs, 0.95), SearchResult.Percentile(r.BaselineMs, 0.5), SearchResult.Percentile(r.BaselineMs, 0.95));
            var ratio = s50 / r50;
            var goal = ratio <= RatioGoal && s50 < SearchP50Goal ? "met" : "**not met**";
            Console.WriteLine($"| {r.Name.PadRight(width)} | {r.SdkMs.Count,5} | {Report.Ms(s50),8} | {Report.Ms(s95),8} | {Report.Ms(r.SdkMs.Min()),8} | {Report.Ms(r50),8} | {Report.Ms(r95),8} | {Report.Ms(r.BaselineMs.Min()),8} | {ratio.ToString("F2", CultureInfo.InvariantCulture),6} | {goal} |");
        }

        return 0;
    }
}
