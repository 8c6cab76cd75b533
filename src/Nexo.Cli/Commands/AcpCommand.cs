using System.CommandLine;
#if !NEXO_NATIVE_AOT
using Nexo.JsonRpcServer.Acp;
#endif

namespace Nexo.Cli.Commands;

/// <summary><c>nexo acp</c>: Nexo as an Agent Client Protocol agent on stdin/stdout (see docs/acp.md), the same code as <c>nexo-jsonrpc --protocol acp</c>.</summary>
internal static class AcpCommand
{
    public static Command Create(CliRuntime runtime)
    {
        var hosting = new ProtocolHosting();
        var command = new Command("acp", "Run as an ACP agent on stdin/stdout for editors such as Zed, JetBrains, Neovim and Emacs (see docs/acp.md); nothing else is written to stdout");
        hosting.AddOptions(command);
        var noBuiltinTools = new Option<bool>("--no-builtin-tools")
        {
            Description = "Leave the workspaces' built-in tools as they are (by default a session's folder workspace that offers none gets them all: read_file, edit_file, run_command, update_plan…)",
        };
        command.Options.Add(noBuiltinTools);
#if NEXO_NATIVE_AOT
        runtime.SetAction(command, async (ctx, ct) =>
        {
            var arguments = hosting.HostArguments(ctx);
            arguments.InsertRange(0, ["--protocol", "acp"]);
            if (ctx.Get(noBuiltinTools))
            {
                arguments.Add("--no-builtin-tools");
            }

            if (await JsonRpcHostLauncher.RunAsync(ctx, arguments, ProtocolHosting.HostEnvironment(ctx), ct).ConfigureAwait(false) is not { } exit)
            {
                return ExitCodes.NotConfigured;
            }

            // nexo-jsonrpc --protocol acp's codes, mapped as below: 3 the client stopped reading, 1 the database.
            if (exit.Interrupted)
            {
                return ExitCodes.Cancelled;
            }

            if (exit.Code == 3)
            {
                return ExitCodes.Error;
            }

            if (exit.Code != 0)
            {
                CliErrors.Write(ctx.Console, nameof(NexoErrorKind.Database), $"Cannot open the database '{ctx.DatabasePath}'.");
                return ExitCodes.Error;
            }

            return ExitCodes.Ok;
        });
#else
        runtime.SetAction(command, (ctx, ct) => hosting.RunAsync(
            ctx,
            async (stdin, stdout, loggerFactory, token) =>
            {
                var code = await AcpAgentHost.RunAsync(stdin, stdout, new AcpHostOptions { DatabasePath = ctx.DbArgument, LoggerFactory = loggerFactory, ConfigureNexo = ctx.Runtime.ConfigureNexo, ClientStallTimeout = hosting.StallTimeout(ctx), BuiltinTools = !ctx.Get(noBuiltinTools) }, token).ConfigureAwait(false);
                if (code == AcpAgentHost.ClientStalledExitCode)
                {
                    // The log line says the client stopped reading; code 3 would mean "not configured" for nexo.
                    return ExitCodes.Error;
                }

                if (code != 0)
                {
                    CliErrors.Write(ctx.Console, nameof(NexoErrorKind.Database), $"Cannot open the database '{ctx.DatabasePath}'.");
                    return ExitCodes.Error;
                }

                return token.IsCancellationRequested ? ExitCodes.Cancelled : ExitCodes.Ok;
            },
            ct));
#endif
        return command;
    }
}
