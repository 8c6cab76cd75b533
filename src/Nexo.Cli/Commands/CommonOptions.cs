using System.CommandLine;
using System.Globalization;

namespace Nexo.Cli.Commands;

/// <summary>Options and parsing helpers several commands share.</summary>
internal static class CommonOptions
{
    /// <summary><c>--workspace NAME|ID</c> (<c>-w</c>).</summary>
    public static Option<string> Workspace(string description = "The workspace (name or id); default: $NEXO_WORKSPACE, the one chosen with 'nexo workspace use', else 'default'") =>
        new("--workspace", "-w") { Description = description, HelpName = "NAME|ID" };

    /// <summary>An option that may be repeated: <c>--var k=v --var k2=v2</c>.</summary>
    /// <param name="name">The option name.</param>
    /// <param name="description">Its description.</param>
    /// <param name="helpName">The value's name in help.</param>
    public static Option<string[]> Pairs(string name, string description, string helpName = "KEY=VALUE") =>
        new(name) { Description = description, HelpName = helpName, AllowMultipleArgumentsPerToken = false, Arity = ArgumentArity.ZeroOrMore };

    /// <summary>Parses <c>KEY=VALUE</c> items into a dictionary.</summary>
    /// <param name="items">The items.</param>
    /// <param name="option">The option name, for the error.</param>
    /// <exception cref="UsageException">An item has no <c>=</c> or an empty key.</exception>
    public static Dictionary<string, string> ParsePairs(IEnumerable<string>? items, string option)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var item in items ?? [])
        {
            var eq = item.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
            {
                throw new UsageException($"{option} expects KEY=VALUE, got '{item}'.");
            }

            result[item[..eq].Trim()] = item[(eq + 1)..];
        }

        return result;
    }

    /// <summary>Parses a date or time given on the command line (<c>2026-11-01</c>, ISO 8601), local time when no zone is given.</summary>
    /// <param name="value">The text.</param>
    /// <param name="option">The option name, for the error.</param>
    public static DateTimeOffset? ParseDate(string? value, string option)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        if (DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeLocal, out var parsed))
        {
            return parsed;
        }

        throw new UsageException($"{option} expects a date such as 2026-11-01 or 2026-11-01T09:30, got '{value}'.");
    }

    /// <summary>Reads all of stdin when it is redirected, else <see langword="null"/>.</summary>
    /// <param name="console">The console.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    public static async Task<string?> ReadRedirectedInputAsync(CliConsole console, CancellationToken cancellationToken)
    {
        if (console.InputIsTerminal)
        {
            return null;
        }

        return await console.In.ReadToEndAsync(cancellationToken).ConfigureAwait(false);
    }
}
