namespace Nexo.Cli.Commands;

/// <summary>
/// Reads secret name/value pairs (MCP server environment variables and HTTP headers) so that a value need not appear
/// on the command line, where other users of the machine can read it (<c>ps</c>, <c>/proc/PID/cmdline</c>):
/// <c>NAME</c> alone takes the value of nexo's own environment variable <c>NAME</c>; a <c>--…-from-prompt NAME</c>
/// option asks for it with the input hidden. <c>NAME=VALUE</c> still works, with a warning.
/// </summary>
internal static class SecretPairs
{
    /// <summary>Parses the pairs of <paramref name="option"/> and adds the prompted ones.</summary>
    /// <param name="ctx">The command's context (console, warnings).</param>
    /// <param name="items">The values of <paramref name="option"/>: <c>NAME=VALUE</c> or <c>NAME</c>.</param>
    /// <param name="prompted">The names given to the prompting option.</param>
    /// <param name="option">The option name, for messages (<c>--env</c>).</param>
    /// <param name="promptOption">The prompting option's name, for messages (<c>--env-from-prompt</c>).</param>
    /// <param name="what">What a value is, for the prompt (<c>environment variable</c>).</param>
    /// <exception cref="UsageException">A bare name whose variable is not set, an empty name, or a prompt without a terminal.</exception>
    public static Dictionary<string, string> Read(CliContext ctx, IEnumerable<string>? items, IEnumerable<string>? prompted, string option, string promptOption, string what)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        var inline = new List<string>();
        foreach (var item in items ?? [])
        {
            var eq = item.IndexOf('=', StringComparison.Ordinal);
            if (eq == 0)
            {
                throw new UsageException($"{option} expects KEY=VALUE, got '{item}'.");
            }

            if (eq > 0)
            {
                var key = item[..eq].Trim();
                result[key] = item[(eq + 1)..];
                inline.Add(key);
                continue;
            }

            var name = item.Trim();
            var value = Environment.GetEnvironmentVariable(name);
            if (string.IsNullOrEmpty(value))
            {
                throw new UsageException($"{option} expects KEY=VALUE, or KEY alone to take the value of the environment variable KEY; '{name}' is not set in nexo's environment.");
            }

            result[name] = value;
        }

        if (inline.Count > 0)
        {
            ctx.Warn($"the value of {option} {string.Join(", ", inline)} was given on the command line, where other users of this machine can read it. Prefer {option} NAME (the value of nexo's environment variable NAME) or {promptOption} NAME.");
        }

        foreach (var name in prompted ?? [])
        {
            if (string.IsNullOrWhiteSpace(name) || name.Contains('=', StringComparison.Ordinal))
            {
                throw new UsageException($"{promptOption} expects a NAME, got '{name}'.");
            }

            if (!ctx.Console.CanPrompt)
            {
                throw new UsageException($"{promptOption} needs a terminal to ask for the value of {name}; in scripts set the environment variable {name} and pass {option} {name}.");
            }

            result[name.Trim()] = ctx.Console.ReadSecret($"Value of the {what} {name.Trim()} (input hidden): ") ?? string.Empty;
        }

        return result;
    }
}
