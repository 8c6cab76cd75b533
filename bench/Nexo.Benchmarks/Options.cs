using System.Globalization;

namespace Nexo.Benchmarks;

/// <summary>Command-line options of the benchmark run.</summary>
internal sealed record Options
{
    public int Messages { get; init; } = 100_000;

    public int SearchMessages { get; init; } = 1_000_000;

    public int PageSize { get; init; } = 100;

    /// <summary>Measured samples per operation (the median and the best are reported).</summary>
    public int Runs { get; init; } = 5;

    /// <summary>Where the benchmark databases are written; the 1M-message search database is reused across runs.</summary>
    public string Folder { get; init; } = Path.Combine(Path.GetTempPath(), "nexo-bench");

    public bool Quick { get; init; }

    /// <summary>Only the full-text search part.</summary>
    public bool SearchOnly { get; init; }

    /// <summary>The least number of single calls per side for each search case.</summary>
    public int SearchSamples { get; init; } = 30;

    /// <summary>Also measure the raw-SQL search variants (the experiments table).</summary>
    public bool SearchExperiments { get; init; }

    /// <summary>How many of the newest matches the recency-bound experiment ranks.</summary>
    public int RecencyBound { get; init; } = 5_000;

    /// <summary>Which store: <c>sqlite</c> (default) or <c>postgres</c>.</summary>
    public string Store { get; init; } = "sqlite";

    /// <summary>With <c>--store postgres</c>: an existing server to use instead of a throwaway cluster.</summary>
    public string? Connection { get; init; }

    public bool Postgres => Store == "postgres";

    public static string Usage =>
        """
        Nexo storage benchmarks: each operation through the SDK beside the same operation in raw Microsoft.Data.Sqlite.

          --messages N          messages inserted, and the length of the paged chat (default 100000)
          --search-messages N   messages in the full-text search database (default 1000000)
          --page N              page size for the last-page read (default 100)
          --runs N              measured samples per operation (default 5)
          --folder PATH         where the databases go (default: $TMP/nexo-bench); the search database is reused
          --quick               10000 messages, 100000 search messages, 3 runs: a smoke run in seconds
          --search-only         only the full-text search part
          --search-samples N    at least N single calls per side for each search case (default 30)
          --search-experiments  also time raw-SQL variants of the search (where the time goes; what options would give)
          --recency-bound N     newest matches ranked by the recency-bound experiment (default 5000)
          --store sqlite|postgres  the store measured (default sqlite); postgres: the SDK beside raw Npgsql
          --connection CS       with --store postgres: an existing server (Npgsql connection string or postgres:// URI,
                                a user allowed to CREATE DATABASE) instead of a throwaway cluster (initdb on PATH);
                                the bench makes databases nexo_bench_* there and keeps the search one for later runs
          --help                this text
        """;

    public static Options? Parse(string[] args)
    {
        var options = new Options();
        for (var i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
            int NextInt() => int.Parse(Next(), NumberStyles.Integer, CultureInfo.InvariantCulture);
            switch (args[i])
            {
                case "--messages": options = options with { Messages = NextInt() }; break;
                case "--search-messages": options = options with { SearchMessages = NextInt() }; break;
                case "--page": options = options with { PageSize = NextInt() }; break;
                case "--runs": options = options with { Runs = NextInt() }; break;
                case "--folder": options = options with { Folder = Path.GetFullPath(Next()) }; break;
                case "--quick": options = options with { Quick = true, Messages = 10_000, SearchMessages = 100_000, Runs = 3, SearchSamples = 5 }; break;
                case "--search-only": options = options with { SearchOnly = true }; break;
                case "--search-samples": options = options with { SearchSamples = NextInt() }; break;
                case "--search-experiments": options = options with { SearchExperiments = true }; break;
                case "--recency-bound": options = options with { RecencyBound = NextInt() }; break;
                case "--store": options = options with { Store = Next() }; break;
                case "--connection": options = options with { Connection = Next() }; break;
                case "--help" or "-h": return null;
                default: throw new ArgumentException($"Unknown option '{args[i]}'.\n\n{Usage}");
            }
        }

        if (options.Messages < options.PageSize || options.SearchMessages < 1 || options.Runs < 1 || options.SearchSamples < 1 || options.RecencyBound < 1)
        {
            throw new ArgumentException("--messages must be at least --page, and --search-messages, --runs, --search-samples and --recency-bound at least 1.");
        }

        if (options.Store is not ("sqlite" or "postgres"))
        {
            throw new ArgumentException("--store must be sqlite or postgres.");
        }

        if (options.Connection is not null && !options.Postgres)
        {
            throw new ArgumentException("--connection needs --store postgres.");
        }

        if (options.Postgres && options.SearchExperiments)
        {
            throw new ArgumentException("--search-experiments is for the SQLite store.");
        }

        return options;
    }
}
