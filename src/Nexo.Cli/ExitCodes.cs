namespace Nexo.Cli;

/// <summary>The exit codes of <c>nexo</c>; scripts may rely on them (documented in <c>docs/cli.md</c> and <c>nexo --help</c>).</summary>
public static class ExitCodes
{
    /// <summary>Success.</summary>
    public const int Ok = 0;

    /// <summary>An error: the SDK reported a failure (not found, validation, provider, MCP, database…).</summary>
    public const int Error = 1;

    /// <summary>The command line is wrong: unknown command or option, missing or malformed argument.</summary>
    public const int Usage = 2;

    /// <summary>Something required is not configured yet, typically no LLM connection.</summary>
    public const int NotConfigured = 3;

    /// <summary>Cancelled by the user (Ctrl+C), as shells report SIGINT.</summary>
    public const int Cancelled = 130;

    /// <summary>The exit code for an SDK error kind.</summary>
    /// <param name="kind">The kind.</param>
    public static int For(NexoErrorKind kind) => kind switch
    {
        NexoErrorKind.NotConfigured => NotConfigured,
        NexoErrorKind.Cancelled => Cancelled,
        _ => Error,
    };

    /// <summary>The text of the exit-code table, for help and docs.</summary>
    public const string Description =
        "Exit codes: 0 ok, 1 error, 2 usage (bad command line), 3 not configured (no LLM connection), 130 cancelled (Ctrl+C).";
}
