using System.Runtime.InteropServices;
using Nexo.ContextBenchmarks;

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

var root = AppContext.BaseDirectory;
while (!File.Exists(Path.Combine(root, "Nexo.sln")))
{
    root = Path.GetDirectoryName(root) ?? throw new InvalidOperationException("Run the benchmark from inside the Nexo repository.");
}

Console.WriteLine($"Nexo context-window benchmarks — {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC");
Console.WriteLine($"Machine: {RuntimeInformation.OSDescription.Trim()}, {Environment.ProcessorCount} cores, {RuntimeInformation.FrameworkDescription}, load average {LoadAverage()}");
Console.WriteLine($"Command: dotnet run -c Release --project bench/Nexo.ContextBenchmarks -- {string.Join(' ', args)}".TrimEnd());
if (options.Fit)
{
    await new FitBenchmark(options).RunAsync();
}

if (options.Tokens)
{
    new TokenErrorBenchmark(root).Run();
}

Console.WriteLine();
Console.WriteLine($"Load average at the end: {LoadAverage()}");
return 0;

static string LoadAverage() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

/// <summary>Marks the top-level program for the analyzers.</summary>
internal static partial class Program;
