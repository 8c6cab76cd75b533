using System.CommandLine;
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

    /// <summary>The <c>--client-stall-timeout SECONDS</c> option of <c>nexo-jsonrpc</c>, <c>nexo serve</c> and <c>nexo acp</c>.</summary>
    /// <param name="outcome">What happens when a client is disconnected, for the help text (the exit code differs by command).</param>
    public static Option<int> CreateOption(string outcome)
    {
        var option = new Option<int>("--client-stall-timeout")
        {
            Description = $"Seconds one write may wait for a client that does not read; then it is disconnected, running turns finish and are stored, and {outcome}. 0 waits forever",
            DefaultValueFactory = _ => (int)NexoJsonRpcHostOptions.DefaultClientStallTimeout.TotalSeconds,
            HelpName = "SECONDS",
        };
        option.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() is < 0 or > MaxSeconds)
            {
                r.AddError($"--client-stall-timeout must be between 0 and {MaxSeconds} seconds.");
            }
        });
        return option;
    }

    /// <summary>Seconds as a timeout: 0 is <see cref="Timeout.InfiniteTimeSpan"/>.</summary>
    public static TimeSpan FromSeconds(int seconds) => seconds == 0 ? Timeout.InfiniteTimeSpan : TimeSpan.FromSeconds(seconds);
}
