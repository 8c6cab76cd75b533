using System.CommandLine;
using Microsoft.Extensions.Logging;
using Nexo.JsonRpcServer.Hosting;
using Nexo.JsonRpcServer.Logging;

namespace Nexo.Cli.Commands;

/// <summary><c>nexo serve</c>: the JSON-RPC host on stdin/stdout, the same code as <c>nexo-jsonrpc</c>.</summary>
internal static class ServeCommand
{
    public static Command Create(CliRuntime runtime)
    {
        var framing = new Option<string>("--framing") { Description = "Message framing: header (LSP Content-Length, the default) or newline (one JSON message per line)", DefaultValueFactory = _ => "header", HelpName = "header|newline" };
        framing.AcceptOnlyFromAmong("header", "newline");
        var logLevel = new Option<LogLevel>("--log-level") { Description = "The lowest level logged to stderr (Trace, Debug, Information, Warning, Error, Critical, None)", DefaultValueFactory = _ => LogLevel.Warning };
        var logFile = new Option<string>("--log-file") { Description = "Append logs to this file instead of stderr", HelpName = "FILE" };
        var command = new Command("serve", "Serve the SDK as JSON-RPC 2.0 on stdin/stdout (for editors and other programs); nothing else is written to stdout")
        {
            framing, logLevel, logFile,
        };
        runtime.SetAction(command, async (ctx, ct) =>
        {
            // Protocol messages own stdout: anything else that writes to Console.Out goes to stderr.
            var stdout = Console.OpenStandardOutput();
            var stdin = Console.OpenStandardInput();
            Console.SetOut(Console.Error);

            var level = ctx.Get(logLevel);
            var logWriter = ctx.Console.Error;
            StreamWriter? file = null;
            if (ctx.Get(logFile) is { Length: > 0 } path)
            {
                Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
                file = new StreamWriter(new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite)) { AutoFlush = true };
                logWriter = file;
            }

            try
            {
                using var loggerFactory = LoggerFactory.Create(b => b.SetMinimumLevel(level).AddProvider(new TextWriterLoggerProvider(logWriter, level)));
                var code = await NexoJsonRpcHost.RunAsync(
                    stdin,
                    stdout,
                    new NexoJsonRpcHostOptions
                    {
                        DatabasePath = ctx.DatabasePath,
                        Framing = ctx.Get(framing) == "newline" ? MessageFraming.Newline : MessageFraming.Header,
                        LoggerFactory = loggerFactory,
                    },
                    ct).ConfigureAwait(false);

                if (code == NexoJsonRpcHost.DatabaseUnavailableExitCode)
                {
                    // The host's own code 2 would read as a usage error here; its log line says what failed.
                    CliErrors.Write(ctx.Console, nameof(NexoErrorKind.Database), $"Cannot open the database '{ctx.DatabasePath}'.");
                    return ExitCodes.Error;
                }

                return ct.IsCancellationRequested ? ExitCodes.Cancelled : code;
            }
            finally
            {
                if (file is not null)
                {
                    await file.DisposeAsync().ConfigureAwait(false);
                }
            }
        });
        return command;
    }
}
