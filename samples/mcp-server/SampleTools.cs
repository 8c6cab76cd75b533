using System.ComponentModel;
using System.Globalization;
using System.Security.Cryptography;
using ModelContextProtocol;
using ModelContextProtocol.Server;

namespace Nexo.Samples.McpServer;

/// <summary>The sample's tools. Each is a static method; the attributes give the name and the description the model sees.</summary>
[McpServerToolType]
public sealed class SampleTools
{
    /// <summary>The largest number of dice one <see cref="RollDice"/> call rolls.</summary>
    public const int MaxDice = 100;

    /// <summary>The current time.</summary>
    [McpServerTool(Name = "time_now", ReadOnly = true), Description("Returns the current date and time in ISO 8601, in UTC or in the given IANA or Windows time zone.")]
    public static string TimeNow([Description("A time zone id such as 'Europe/Paris'; UTC when omitted.")] string? timeZone = null)
    {
        var now = DateTimeOffset.UtcNow;
        if (string.IsNullOrWhiteSpace(timeZone))
        {
            return now.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        }

        if (!TimeZoneInfo.TryFindSystemTimeZoneById(timeZone, out var zone))
        {
            // An McpException's message reaches the model as the tool's error; other exceptions are hidden.
            throw new McpException($"Unknown time zone '{timeZone}'.");
        }

        return TimeZoneInfo.ConvertTime(now, zone).ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);
    }

    /// <summary>Counts the words, lines and characters of a text.</summary>
    [McpServerTool(Name = "word_count", ReadOnly = true, Idempotent = true), Description("Counts the words, lines and characters of a text.")]
    public static string WordCount([Description("The text to count.")] string text)
    {
        var words = text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Length;
        var lines = text.Length == 0 ? 0 : text.Split('\n').Length;
        return $"{Count(words, "word")}, {Count(lines, "line")}, {Count(text.Length, "character")}";
    }

    /// <summary>Rolls dice.</summary>
    [McpServerTool(Name = "roll_dice"), Description("Rolls dice and returns each roll and the total.")]
    public static string RollDice(
        [Description("How many dice (1 to 100).")] int count = 1,
        [Description("Sides per die (2 to 1000).")] int sides = 6)
    {
        if (count is < 1 or > MaxDice || sides is < 2 or > 1000)
        {
            throw new McpException($"Roll 1 to {MaxDice} dice of 2 to 1000 sides (asked for {count} of {sides}).");
        }

        var rolls = Enumerable.Range(0, count).Select(_ => RandomNumberGenerator.GetInt32(1, sides + 1)).ToList();
        return $"{string.Join(", ", rolls)} (total {rolls.Sum()})";
    }

    private static string Count(int n, string noun) => n == 1 ? $"1 {noun}" : $"{n} {noun}s";
}
