using System.CommandLine;
using Microsoft.Extensions.Logging;
using Nexo.JsonRpcServer.Hosting;
using Nexo.JsonRpcServer.Logging;

namespace Nexo.Cli.Commands;

/// <summary>
/// What <c>nexo serve</c> and <c>nexo acp</c> share: the <c>--log-level</c> / <c>--log-file</c> options, stdout kept
/// for protocol messages only, logs to stderr or a file.
/// </summary>
internal sealed class ProtocolHosting
{
    private readonly Option<LogLevel> _logLevel = new("--log-level") { Description = "The lowest level logged to stderr (Trace, Debug, Information, Warning, Error, Critical, None)", DefaultValueFactory = _ => LogLevel.Warning };
    private readonly Option<string> _logFile = new("--log-file") { Description = "Append logs to this file instead of stderr", HelpName = "FILE" };

    private readonly Option<int> _stallTimeout = StallTimeouts.CreateOption("the command exits with 1");

    /// <summary>Adds the logging and client options to <paramref name="command"/>.</summary>
    public void AddOptions(Command command)
    {
        command.Options.Add(_logLevel);
        command.Options.Add(_logFile);
        command.Options.Add(_stallTimeout);
    }

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
}
