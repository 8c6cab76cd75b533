using System.Diagnostics;
using System.Globalization;

namespace Nexo.ContextBenchmarks;

internal static class Stats
{
    public static double Median(IReadOnlyList<double> values)
    {
        if (values.Count == 0)
        {
            return double.NaN;
        }

        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }

    public static double Ms(long from, long to) => Stopwatch.GetElapsedTime(from, to).TotalMilliseconds;

    /// <summary>"median (min)" in milliseconds, with a precision that suits the size.</summary>
    public static string Format(IReadOnlyList<double> values)
    {
        if (values.Count == 0)
        {
            return "–";
        }

        var median = Median(values);
        var best = values.Min();
        return median >= 100
            ? string.Create(CultureInfo.InvariantCulture, $"{median:F0} ({best:F0})")
            : median >= 10
                ? string.Create(CultureInfo.InvariantCulture, $"{median:F1} ({best:F1})")
                : string.Create(CultureInfo.InvariantCulture, $"{median:F2} ({best:F2})");
    }

    public static string N(double value, string format = "N0") => value.ToString(format, CultureInfo.InvariantCulture);

    public static void Collect()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
    }

    /// <summary>Prints a Markdown table: the first <paramref name="left"/> columns left-aligned, the others right-aligned.</summary>
    public static void Table(IReadOnlyList<string> header, IReadOnlyList<IReadOnlyList<string>> rows, int left = 1)
    {
        var widths = header.Select((h, i) => Math.Max(h.Length, rows.Count == 0 ? 0 : rows.Max(r => r[i].Length))).ToArray();
        Console.WriteLine("| " + string.Join(" | ", header.Select((h, i) => i < left ? h.PadRight(widths[i]) : h.PadLeft(widths[i]))) + " |");
        Console.WriteLine("|" + string.Join("|", widths.Select((w, i) => i < left ? new string('-', w + 2) : new string('-', w + 1) + ":")) + "|");
        foreach (var row in rows)
        {
            Console.WriteLine("| " + string.Join(" | ", row.Select((c, i) => i < left ? c.PadRight(widths[i]) : c.PadLeft(widths[i]))) + " |");
        }
    }
}
