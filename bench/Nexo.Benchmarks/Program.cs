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
Console.Error.WriteLine($"Nexo storage benchmarks in {options.Folder}");
var results = new List<Result>();
var scenarios = new Scenarios(options);

results.Add(await scenarios.InsertAsync());
results.Add(await scenarios.LastPageAsync());
results.AddRange(await scenarios.SearchAsync());

Console.WriteLine();
Console.WriteLine($"Nexo storage benchmarks — {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC");
Console.WriteLine($"Machine: {RuntimeInformation.OSDescription.Trim()}, {Environment.ProcessorCount} cores, {RuntimeInformation.FrameworkDescription}, SQLite {scenarios.SqliteVersion}");
Console.WriteLine($"Command: dotnet run -c Release --project bench/Nexo.Benchmarks -- {string.Join(' ', args)}".TrimEnd());
Console.WriteLine($"Each time is the median of {options.Runs} samples (best in brackets); ratio = SDK / raw (1.00 = same speed).");
Console.WriteLine();
var nameWidth = Math.Max(9, results.Max(r => r.Name.Length));
Console.WriteLine($"| {"Operation".PadRight(nameWidth)} | {"Nexo SDK",22} | {"raw Microsoft.Data.Sqlite",25} | {"Ratio",6} |");
Console.WriteLine($"|{new string('-', nameWidth + 2)}|{new string('-', 24)}:|{new string('-', 27)}:|{new string('-', 7)}:|");
foreach (var r in results)
{
    Console.WriteLine($"| {r.Name.PadRight(nameWidth)} | {Format(r.SdkMedian, r.SdkMs.Min()),22} | {Format(r.RawMedian, r.RawMs.Min()),25} | {r.Ratio.ToString("F2", CultureInfo.InvariantCulture),6} |");
}

return 0;

static string Format(double median, double best) =>
    median >= 100
        ? string.Create(CultureInfo.InvariantCulture, $"{median:F0} ms ({best:F0})")
        : median >= 1
            ? string.Create(CultureInfo.InvariantCulture, $"{median:F2} ms ({best:F2})")
            : string.Create(CultureInfo.InvariantCulture, $"{median * 1000:F0} µs ({best * 1000:F0})");

/// <summary>Marks the top-level program for the analyzers.</summary>
internal static partial class Program;
