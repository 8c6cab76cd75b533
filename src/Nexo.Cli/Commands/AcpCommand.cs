using System.CommandLine;
using Microsoft.Extensions.Logging;
using Nexo.JsonRpcServer.Acp;
using Nexo.JsonRpcServer.Logging;

namespace Nexo.Cli.Commands;

/// <summary><c>nexo acp</c>: Nexo as an Agent Client Protocol agent on stdin/stdout (see docs/acp.md), the same code as <c>nexo-jsonrpc --protocol acp</c>.</summary>
internal static class AcpCommand
{
    public static Command Create(CliRuntime runtime)
    {
        var logLevel = new Option<LogLevel>("--log-level") { Description = "The lowest level logged to stderr (Trace, Debug, Information, Warning, Error, Critical, None)", DefaultValueFactory = _ => LogLevel.Warning };
        var logFile = new Option<string>("--log-file") { Description = "Append logs to this file instead of stderr", HelpName = "FILE" };
        var command = new Command("acp", "Run as an ACP agent on stdin/stdout for editors such as Zed, JetBrains, Neovim and Emacs (see docs/acp.md); nothing else is written to stdout")
        {
            logLevel, logFile,
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
                var code = await AcpAgentHost.RunAsync(stdin, stdout, new AcpHostOptions { DatabasePath = ctx.DatabasePath, LoggerFactory = loggerFactory }, ct).ConfigureAwait(false);
                if (code != 0)
                {
                    CliErrors.Write(ctx.Console, nameof(NexoErrorKind.Database), $"Cannot open the database '{ctx.DatabasePath}'.");
                    return ExitCodes.Error;
                }

                return ct.IsCancellationRequested ? ExitCodes.Cancelled : ExitCodes.Ok;
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
