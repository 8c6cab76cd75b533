using System.CommandLine;
using Microsoft.Extensions.Logging;
#if NEXO_NATIVE_AOT
using System.Globalization;
#else
using Nexo.JsonRpcServer.Hosting;
using Nexo.JsonRpcServer.Logging;
#endif

namespace Nexo.Cli.Commands;

/// <summary>
/// What <c>nexo serve</c> and <c>nexo acp</c> share: the <c>--log-level</c> / <c>--log-file</c> options, stdout kept
/// for protocol messages only, logs to stderr or a file. The JIT <c>nexo</c> runs the hosts in-process; the native
/// (AOT) <c>nexo</c> runs <c>nexo-jsonrpc</c> beside it with the same options (<c>JsonRpcHostLauncher</c>).
/// </summary>
internal sealed class ProtocolHosting
{
    private readonly Option<LogLevel> _logLevel = new("--log-level") { Description = "The lowest level logged to stderr (Trace, Debug, Information, Warning, Error, Critical, None)", DefaultValueFactory = _ => LogLevel.Warning };
    private readonly Option<string> _logFile = new("--log-file") { Description = "Append logs to this file instead of stderr", HelpName = "FILE" };

#if NEXO_NATIVE_AOT
    private readonly Option<int> _stallTimeout = CreateStallTimeoutOption("the command exits with 1");
#else
    private readonly Option<int> _stallTimeout = StallTimeouts.CreateOption("the command exits with 1");
#endif

    /// <summary>Adds the logging and client options to <paramref name="command"/>.</summary>
    public void AddOptions(Command command)
    {
        command.Options.Add(_logLevel);
        command.Options.Add(_logFile);
        command.Options.Add(_stallTimeout);
    }

#if NEXO_NATIVE_AOT
    /// <summary>
    /// The options for <c>nexo-jsonrpc</c> that this command's logging and client options stand for:
    /// <c>--db</c>, <c>--log-level</c>, <c>--log-file</c>, <c>--client-stall-timeout</c>. A PostgreSQL database is
    /// not among them: its connection string may hold a password, which a command line shows to every user of the
    /// machine (<c>ps</c>, <c>/proc/PID/cmdline</c>), so it goes in the child's environment (<see cref="HostEnvironment"/>).
    /// </summary>
    public List<string> HostArguments(CliContext ctx)
    {
        var args = new List<string>();
        if (!ctx.Location.IsPostgres)
        {
            args.Add("--db");
            args.Add(ctx.DbArgument);
        }

        args.AddRange(
        [
            "--log-level", ctx.Get(_logLevel).ToString(),
            "--client-stall-timeout", ctx.Get(_stallTimeout).ToString(CultureInfo.InvariantCulture),
        ]);
        if (ctx.Get(_logFile) is { Length: > 0 } path)
        {
            args.Add("--log-file");
            args.Add(Path.GetFullPath(path));
        }

        return args;
    }

    /// <summary>
    /// The environment variables <c>nexo-jsonrpc</c> gets on top of this process's: <c>NEXO_DB</c> with the
    /// PostgreSQL connection string when the database is PostgreSQL (kept off the command line), else none.
    /// </summary>
    public static Dictionary<string, string> HostEnvironment(CliContext ctx) => ctx.Location.IsPostgres
        ? new(StringComparer.Ordinal) { [NexoStoreLocation.EnvironmentVariable] = ctx.DbArgument }
        : new(StringComparer.Ordinal);

    // The same option as nexo-jsonrpc's (Nexo.JsonRpcServer.Hosting.StallTimeouts), which the native build does not
    // reference; AotCliTests checks that both builds print the same help.
    private static Option<int> CreateStallTimeoutOption(string outcome)
    {
        const int maxSeconds = 86_400;
        var option = new Option<int>("--client-stall-timeout")
        {
            Description = $"Seconds one write may wait for a client that does not read; then it is disconnected, running turns finish and are stored, and {outcome}. 0 waits forever",
            DefaultValueFactory = _ => 120,
            HelpName = "SECONDS",
        };
        option.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() is < 0 or > maxSeconds)
            {
                r.AddError($"--client-stall-timeout must be between 0 and {maxSeconds} seconds.");
            }
        });
        return option;
    }
#else
    /// <summary>How long one write may wait for a client that does not read (<c>--client-stall-timeout</c>).</summary>
    public TimeSpan StallTimeout(CliContext ctx) => StallTimeouts.FromSeconds(ctx.Get(_stallTimeout));

    /// <summary>Runs a protocol host on the process's stdin/stdout with the configured logging.</summary>
    /// <param name="ctx">The command's context.</param>
    /// <param name="run">Runs the host: stdin, stdout, logger factory, cancellation → its exit code.</param>
    /// <param name="cancellationToken">Cancels the host.</param>
    public async Task<int> RunAsync(CliContext ctx, Func<Stream, Stream, ILoggerFactory, CancellationToken, Task<int>> run, CancellationToken cancellationToken)
    {
        // Protocol messages own stdout: anything else that writes to Console.Out goes to stderr.
        var stdout = Console.OpenStandardOutput();
        var stdin = Console.OpenStandardInput();
        Console.SetOut(Console.Error);

        var level = ctx.Get(_logLevel);
        var logWriter = ctx.Console.Error;
        StreamWriter? file = null;
        if (ctx.Get(_logFile) is { Length: > 0 } path)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
            file = new StreamWriter(new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite)) { AutoFlush = true };
            logWriter = file;
        }

        try
        {
            using var loggerFactory = LoggerFactory.Create(b => b.SetMinimumLevel(level).AddProvider(new TextWriterLoggerProvider(logWriter, level)));
            return await run(stdin, stdout, loggerFactory, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            if (file is not null)
            {
                await file.DisposeAsync().ConfigureAwait(false);
            }
        }
    }
#endif
}
