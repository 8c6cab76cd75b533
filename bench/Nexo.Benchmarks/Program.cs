using System.Globalization;
using System.Runtime.InteropServices;
using Microsoft.Data.Sqlite;
using Nexo;
using Nexo.Benchmarks;

Options? options;
try
{
    options = Options.Parse(args);
}
catch (Exception ex) when (ex is ArgumentException or FormatException or OverflowException)
{
    Console.Error.WriteLine(ex.Message);
    return 2;
}

if (options is null)
{
    Console.WriteLine(Options.Usage);
    return 0;
}

Directory.CreateDirectory(options.Folder);
if (options.Postgres)
{
    return await PostgresRun.RunAsync(options, args);
}

Console.Error.WriteLine($"Nexo storage benchmarks in {options.Folder}");
var results = new List<Result>();
var scenarios = new Scenarios(options);

var load = new List<string> { Report.LoadAverage() };
if (!options.SearchOnly)
{
    results.Add(await scenarios.InsertAsync());
    results.Add(await scenarios.LastPageAsync());
}

var (search, experiments) = await scenarios.SearchAsync();
load.Add(Report.LoadAverage());

Console.WriteLine();
Console.WriteLine($"Nexo storage benchmarks — {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC");
Console.WriteLine($"Machine: {RuntimeInformation.OSDescription.Trim()}, {Environment.ProcessorCount} cores, {RuntimeInformation.FrameworkDescription}, SQLite {scenarios.SqliteVersion}");
Console.WriteLine($"Command: dotnet run -c Release --project bench/Nexo.Benchmarks -- {string.Join(' ', args)}".TrimEnd());
Console.WriteLine($"Load average (1 min) at the start and the end: {string.Join(" / ", load)}");
if (results.Count > 0)
{
    Console.WriteLine();
    Console.WriteLine($"Each time is the median of {options.Runs} samples (best in brackets); ratio = SDK / raw (1.00 = same speed).");
    Console.WriteLine();
    var nameWidth = Math.Max(9, results.Max(r => r.Name.Length));
    Console.WriteLine($"| {"Operation".PadRight(nameWidth)} | {"Nexo SDK",22} | {"raw Microsoft.Data.Sqlite",25} | {"Ratio",6} |");
    Console.WriteLine($"|{new string('-', nameWidth + 2)}|{new string('-', 24)}:|{new string('-', 27)}:|{new string('-', 7)}:|");
    foreach (var r in results)
    {
        Console.WriteLine($"| {r.Name.PadRight(nameWidth)} | {Report.Format(r.SdkMedian, r.SdkMs.Min()),22} | {Report.Format(r.RawMedian, r.RawMs.Min()),25} | {r.Ratio.ToString("F2", CultureInfo.InvariantCulture),6} |");
    }
}

Console.WriteLine();
Console.WriteLine($"FTS search over {options.SearchMessages:N0} messages, limit 50: single calls, SDK and baseline alternating; p50 / p95 / fastest call in ms.");
Console.WriteLine("Baseline = the SDK's search SQL before issue 17 (join + snippet for every match, then sort), run by hand.");
Console.WriteLine();
var searchWidth = Math.Max(6, search.Max(r => r.Name.Length));
Console.WriteLine($"| {"Search".PadRight(searchWidth)} | {"Calls",5} | {"SDK p50",8} | {"SDK p95",8} | {"SDK min",8} | {"Baseline p50",12} | {"Baseline p95",12} | {"Baseline min",12} | {"Speed-up p50",12} |");
Console.WriteLine($"|{new string('-', searchWidth + 2)}|{new string('-', 6)}:|{new string('-', 9)}:|{new string('-', 9)}:|{new string('-', 9)}:|{new string('-', 13)}:|{new string('-', 13)}:|{new string('-', 13)}:|{new string('-', 13)}:|");
foreach (var r in search)
{
    var (s50, s95, b50, b95) = (SearchResult.Percentile(r.SdkMs, 0.5), SearchResult.Percentile(r.SdkMs, 0.95), SearchResult.Percentile(r.BaselineMs, 0.5), SearchResult.Percentile(r.BaselineMs, 0.95));
    Console.WriteLine($"| {r.Name.PadRight(searchWidth)} | {r.SdkMs.Count,5} | {Report.Ms(s50),8} | {Report.Ms(s95),8} | {Report.Ms(r.SdkMs.Min()),8} | {Report.Ms(b50),12} | {Report.Ms(b95),12} | {Report.Ms(r.BaselineMs.Min()),12} | {(b50 / s50).ToString("F1", CultureInfo.InvariantCulture) + "×",12} |");
}

if (experiments.Count > 0)
{
    Console.WriteLine();
    Console.WriteLine($"Search experiments (raw SQL, {options.SearchSamples} single calls each, run one after the other; p50 / p95 in ms):");
    Console.WriteLine();
    var expWidth = experiments.Max(e => e.Name.Length);
    Console.WriteLine($"| {"Query".PadRight(13)} | {"Variant".PadRight(expWidth)} | {"p50",8} | {"p95",8} | Note |");
    Console.WriteLine($"|{new string('-', 15)}|{new string('-', expWidth + 2)}|{new string('-', 9)}:|{new string('-', 9)}:|------|");
    foreach (var e in experiments)
    {
        Console.WriteLine($"| {e.Case.PadRight(13)} | {e.Name.PadRight(expWidth)} | {Report.Ms(SearchResult.Percentile(e.Ms, 0.5)),8} | {Report.Ms(SearchResult.Percentile(e.Ms, 0.95)),8} | {e.Note} |");
    }
}

return 0;

/// <summary>Marks the top-level program for the analyzers.</summary>
internal static partial class Program;
