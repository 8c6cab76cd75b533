using System.Globalization;

namespace Nexo.ContextBenchmarks;

/// <summary>Command-line options.</summary>
internal sealed record Options
{
    public const string Usage = """
        Nexo context-window benchmarks (issue 13).

        Usage: dotnet run -c Release --project bench/Nexo.ContextBenchmarks -- [fit] [tokens] [options]

          fit                    the cost of fitting a long chat into the window, per turn (default: both parts)
          tokens                 the error of TokenCounter's estimate against o200k_base
          --messages N           messages in the long chat (default 10000)
          --runs N               samples per measurement; the median is reported (default 9)
          --windows A,B          context windows in tokens (default 128000,8000)
          --quick                1,000 messages, 3 runs
          --folder PATH          where the database goes (default $TMP/nexo-bench-context)
          --help                 this text
        """;

    public bool Fit { get; init; } = true;

    public bool Tokens { get; init; } = true;

    public int Messages { get; init; } = 10_000;

    public int Runs { get; init; } = 9;

    public IReadOnlyList<int> Windows { get; init; } = [128_000, 8_000];

    public string Folder { get; init; } = Path.Combine(Path.GetTempPath(), "nexo-bench-context");

    /// <summary>The options, or <see langword="null"/> for --help.</summary>
    public static Options? Parse(string[] args)
    {
        var options = new Options();
        var parts = args.Where(a => a is "fit" or "tokens").ToList();
        if (parts.Count > 0)
        {
            options = options with { Fit = parts.Contains("fit"), Tokens = parts.Contains("tokens") };
        }

        for (var i = 0; i < args.Length; i++)
        {
            string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
            switch (args[i])
            {
                case "fit" or "tokens":
                    break;
                case "--messages":
                    options = options with { Messages = Positive(Value()) };
                    break;
                case "--runs":
                    options = options with { Runs = Positive(Value()) };
                    break;
                case "--windows":
                    options = options with { Windows = [.. Value().Split(',').Select(Positive)] };
                    break;
                case "--quick":
                    options = options with { Messages = 1_000, Runs = 3 };
                    break;
                case "--folder":
                    options = options with { Folder = Value() };
                    break;
                case "--help" or "-h":
                    return null;
                default:
                    throw new ArgumentException($"Unknown argument {args[i]}. Use --help.");
            }
        }

        return options;
    }

    private static int Positive(string value)
    {
        var n = int.Parse(value, NumberStyles.AllowThousands, CultureInfo.InvariantCulture);
        return n > 0 ? n : throw new ArgumentException($"{value} must be positive.");
    }
}
