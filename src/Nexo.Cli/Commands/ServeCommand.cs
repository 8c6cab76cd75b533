using System.CommandLine;
#if !NEXO_NATIVE_AOT
using Nexo.JsonRpcServer.Hosting;
#endif

namespace Nexo.Cli.Commands;

/// <summary><c>nexo serve</c>: the JSON-RPC host on stdin/stdout, the same code as <c>nexo-jsonrpc</c>.</summary>
internal static class ServeCommand
{
    public static Command Create(CliRuntime runtime)
    {
        var framing = new Option<string>("--framing") { Description = "Message framing: header (LSP Content-Length, the default) or newline (one JSON message per line)", DefaultValueFactory = _ => "header", HelpName = "header|newline" };
        framing.AcceptOnlyFromAmong("header", "newline");
        var hosting = new ProtocolHosting();
        var command = new Command("serve", "Serve the SDK as JSON-RPC 2.0 on stdin/stdout (for editors and other programs); nothing else is written to stdout") { framing };
        hosting.AddOptions(command);
#if NEXO_NATIVE_AOT
        runtime.SetAction(command, async (ctx, ct) =>
        {
            var arguments = hosting.HostArguments(ctx);
            arguments.Add("--framing");
            arguments.Add(ctx.Get(framing) == "newline" ? "newline" : "header");
            if (await JsonRpcHostLauncher.RunAsync(ctx, arguments, ProtocolHosting.HostEnvironment(ctx), ct).ConfigureAwait(false) is not { } exit)
            {
                return ExitCodes.NotConfigured;
            }

            // nexo-jsonrpc's codes, mapped as below: 2 the database could not be opened, 3 the client stopped reading.
            if (exit.Code == 2)
            {
                CliErrors.Write(ctx.Console, nameof(NexoErrorKind.Database), $"Cannot open the database '{ctx.DatabasePath}'.");
                return ExitCodes.Error;
            }

            return exit.Code == 3 ? ExitCodes.Error : exit.Interrupted ? ExitCodes.Cancelled : exit.Code;
        });
#else
        runtime.SetAction(command, (ctx, ct) => hosting.RunAsync(
            ctx,
            async (stdin, stdout, loggerFactory, token) =>
            {
                var code = await NexoJsonRpcHost.RunAsync(
                    stdin,
                    stdout,
                    new NexoJsonRpcHostOptions
                    {
                        Framing = ctx.Get(framing) == "newline" ? MessageFraming.Newline : MessageFraming.Header,
                        LoggerFactory = loggerFactory,
                        SdkOptions = ctx.Runtime.NexoOptions(ctx.Location),
                        ClientStallTimeout = hosting.StallTimeout(ctx),
                    },
                    token).ConfigureAwait(false);

                if (code == NexoJsonRpcHost.DatabaseUnavailableExitCode)
                {
                    // The host's own code 2 would read as a usage error here; its log line says what failed.
                    CliErrors.Write(ctx.Console, nameof(NexoErrorKind.Database), $"Cannot open the database '{ctx.DatabasePath}'.");
                    return ExitCodes.Error;
                }

                if (code == NexoJsonRpcHost.ClientStalledExitCode)
                {
                    // Code 3 means "not configured" for nexo; the log line says the client stopped reading.
                    return ExitCodes.Error;
                }

                return token.IsCancellationRequested ? ExitCodes.Cancelled : code;
            },
            ct));
#endif
        return command;
    }
}
