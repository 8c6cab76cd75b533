using System.Globalization;
using System.Text;

namespace Nexo.Cli.Output;

/// <summary>How values are shown to people.</summary>
public static class Formats
{
    /// <summary>A time in the local zone, to the minute: <c>2026-11-25 14:36</c>.</summary>
    /// <param name="time">The time.</param>
    public static string Time(DateTimeOffset time) =>
        time.ToLocalTime().ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);

    /// <summary>A number with thousands separators: <c>12,345</c>.</summary>
    /// <param name="value">The number.</param>
    public static string Count(long value) => value.ToString("#,0", CultureInfo.InvariantCulture);

    /// <summary>An exact amount of US dollars, e.g. <c>$0.0125</c> (every significant decimal kept).</summary>
    /// <param name="value">The amount.</param>
    public static string Usd(decimal value) => "$" + value.ToString("#,0.############", CultureInfo.InvariantCulture);

    /// <summary>A cost total: <c>$1.25</c>, <c>$1.25 + 3 unpriced</c> when some records have no cost, <c>unknown</c> when none has one.</summary>
    /// <param name="cost">The known part of the cost, or <see langword="null"/>.</param>
    /// <param name="unknownRecords">How many records have no cost.</param>
    public static string Cost(decimal? cost, long unknownRecords) =>
        cost is not { } known ? "unknown"
        : unknownRecords == 0 ? Usd(known)
        : $"{Usd(known)} + {unknownRecords.ToString(CultureInfo.InvariantCulture)} unpriced";

    /// <summary>The text on one line: line breaks and tabs become spaces, runs of spaces collapse.</summary>
    /// <param name="text">The text.</param>
    public static string OneLine(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.AsSpan().IndexOfAny("\r\n\t") < 0)
        {
            return text;
        }

        var sb = new StringBuilder(text.Length);
        var space = false;
        foreach (var ch in text)
        {
            if (ch is '\r' or '\n' or '\t' or ' ')
            {
                if (!space && sb.Length > 0)
                {
                    sb.Append(' ');
                }

                space = true;
            }
            else
            {
                sb.Append(ch);
                space = false;
            }
        }

        return sb.ToString().TrimEnd();
    }

    /// <summary>The text cut to <paramref name="max"/> characters with an ellipsis.</summary>
    /// <param name="text">The text.</param>
    /// <param name="max">The maximum length.</param>
    public static string Truncate(string? text, int max)
    {
        var line = OneLine(text ?? string.Empty);
        return line.Length <= max ? line : string.Concat(line.AsSpan(0, max - 1), "…");
    }

    /// <summary>A tool's progress for people: its message when it sends one, else a percentage of the total, else the count.</summary>
    /// <param name="progress">The progress so far.</param>
    /// <param name="total">The total, when known.</param>
    /// <param name="message">The tool's message, when it sends one.</param>
    public static string Progress(double? progress, double? total, string? message) =>
        message ?? (total is { } t and > 0 && progress is { } p ? $"{p / t:P0}" : progress?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty);
}
