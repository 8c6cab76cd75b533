using System.Globalization;

namespace Nexo.JsonRpcServer.Hosting;

/// <summary>Reads the <c>--client-stall-timeout SECONDS</c> option of the protocol hosts (0 waits forever).</summary>
internal static class StallTimeouts
{
    /// <summary>The longest timeout accepted, in seconds (one day).</summary>
    public const int MaxSeconds = 86_400;

    /// <summary>Parses whole seconds from 0 (infinite) to <see cref="MaxSeconds"/>.</summary>
    public static bool TryParse(string? text, out TimeSpan timeout)
    {
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) && seconds <= MaxSeconds)
        {
            timeout = FromSeconds(seconds);
            return true;
        }

        timeout = default;
        return false;
    }

    /// <summary>Seconds as a timeout: 0 is <see cref="Timeout.InfiniteTimeSpan"/>.</summary>
    public static TimeSpan FromSeconds(int seconds) => seconds == 0 ? Timeout.InfiniteTimeSpan : TimeSpan.FromSeconds(seconds);
}
