using System.Globalization;

namespace Nexo.Benchmarks;

/// <summary>Number formats and the machine's load, shared by the SQLite and PostgreSQL reports.</summary>
internal static class Report
{
    public static string Ms(double ms) => ms.ToString(ms >= 100 ? "F0" : ms >= 10 ? "F1" : "F2", CultureInfo.InvariantCulture);

    public static string LoadAverage()
    {
        try
        {
            return File.ReadAllText("/proc/loadavg").Split(' ')[0];
        }
        catch (IOException)
        {
            return "?";
        }
        catch (UnauthorizedAccessException)
        {
            return "?";
        }
    }

    public static string Format(double median, double best) =>
        median >= 100
            ? string.Create(CultureInfo.InvariantCulture, $"{median:F0} ms ({best:F0})")
            : median >= 1
                ? string.Create(CultureInfo.InvariantCulture, $"{median:F2} ms ({best:F2})")
                : string.Create(CultureInfo.InvariantCulture, $"{median * 1000:F0} µs ({best * 1000:F0})");
}
