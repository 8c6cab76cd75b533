using Microsoft.Extensions.Logging;

namespace Nexo.JsonRpcServer.Acp;

/// <summary>
/// The <c>--protocol acp</c> entry of <c>nexo-jsonrpc</c>: <c>nexo-jsonrpc --protocol acp [--db PATH]
/// [--log-level LEVEL] [--log-file PATH]</c>. Any other command line is left to the JSON-RPC host.
/// </summary>
public static class AcpCommandLine
{
    /// <summary>The flag that keeps the agent from enabling built-in tools in session workspaces.</summary>
    internal const string NoBuiltinToolsOption = "--no-builtin-tools";

    /// <summary>
    /// Runs the ACP agent over stdin/stdout when <paramref name="args"/> ask for it (<c>--protocol acp</c> or
    /// <c>--protocol=acp</c>); otherwise returns <see langword="null"/> without doing anything.
    /// </summary>
    /// <param name="args">The process arguments.</param>
    /// <returns>The exit code, or <see langword="null"/> when the arguments are not for ACP.</returns>
    public static async Task<int?> TryRunAsync(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var rest = new List<string>();
        string? protocol = null;
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] == "--protocol" && i + 1 < args.Length)
            {
                protocol = args[++i];
            }
            else if (args[i].StartsWith("--protocol=", StringComparison.Ordinal))
            {
                protocol = args[i]["--protocol=".Length..];
            }
            else
            {
                rest.Add(args[i]);
            }
        }

        if (!string.Equals(protocol, "acp", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        return await RunAsync(rest).ConfigureAwait(false);
    }

    /// <summary>
    /// Runs the ACP agent over the process's stdin and stdout until stdin closes or the process is interrupted.
    /// Accepted options: <c>--db PATH</c>, <c>--log-level LEVEL</c> (default Warning), <c>--log-file PATH</c>,
    /// <c>--client-stall-timeout SECONDS</c> (default 120; 0 waits forever), <c>--no-builtin-tools</c> (leave the
    /// workspaces' built-in tools as they are; see <see cref="AcpHostOptions.BuiltinTools"/>).
    /// </summary>
    /// <param name="args">The options (without <c>--protocol acp</c>).</param>
    /// <returns>The exit code: 0 after a normal end, 1 when the database could not be opened, 2 for bad options, 3 when the client stopped reading and was disconnected.</returns>
    public static async Task<int> RunAsync(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        string? db = null;
        string? logFile = null;
        var level = LogLevel.Warning;
        var stallTimeout = Hosting.NexoJsonRpcHostOptions.DefaultClientStallTimeout;
        var builtinTools = true;
        for (var i = 0; i < args.Count; i++)
        {
            if (args[i] == NoBuiltinToolsOption)
            {
                builtinTools = false;
                continue;
            }

            var (name, value) = Split(args, ref i);
            switch (name)
            {
                case "--db" when value is not null:
                    db = value;
                    break;
                case "--log-file" when value is not null:
                    logFile = value;
                    break;
                case "--log-level" when value is not null && Enum.TryParse<LogLevel>(value, ignoreCase: true, out var parsed):
                    level = parsed;
                    break;
                case "--client-stall-timeout" when Hosting.StallTimeouts.TryParse(value, out var timeout):
                    stallTimeout = timeout;
                    break;
                default:
                    await Console.Error.WriteLineAsync($"nexo acp: unknown or incomplete option '{args[i]}'. Options: --db PATH, --log-level LEVEL, --log-file PATH, --client-stall-timeout SECONDS (0 waits forever), --no-builtin-tools.").ConfigureAwait(false);
                    return 2;
            }
        }

        // stdout carries the protocol only: anything written to Console.Out goes to stderr.
        var stdout = Console.OpenStandardOutput();
        var stdin = Console.OpenStandardInput();
        Console.SetOut(Console.Error);

        TextWriter logWriter = Console.Error;
        if (logFile is not null)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(logFile))!);
            logWriter = new StreamWriter(new FileStream(logFile, FileMode.Append, FileAccess.Write, FileShare.ReadWrite));
        }

        using var stop = new CancellationTokenSource();
        ConsoleCancelEventHandler onCancel = (_, e) =>
        {
            e.Cancel = true;
            stop.Cancel();
        };
        Console.CancelKeyPress += onCancel;
        try
        {
            using var loggerFactory = LoggerFactory.Create(b => b.SetMinimumLevel(level).AddProvider(new Logging.TextWriterLoggerProvider(logWriter, level)));
            return await AcpAgentHost.RunAsync(stdin, stdout, new AcpHostOptions { DatabasePath = db, LoggerFactory = loggerFactory, ClientStallTimeout = stallTimeout, BuiltinTools = builtinTools }, stop.Token).ConfigureAwait(false);
        }
        finally
        {
            Console.CancelKeyPress -= onCancel;
            if (!ReferenceEquals(logWriter, Console.Error))
            {
                await logWriter.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    private static (string Name, string? Value) Split(IReadOnlyList<string> args, ref int i)
    {
        var arg = args[i];
        var eq = arg.IndexOf('=', StringComparison.Ordinal);
        if (arg.StartsWith("--", StringComparison.Ordinal) && eq > 0)
        {
            return (arg[..eq], arg[(eq + 1)..]);
        }

        if (i + 1 < args.Count)
        {
            return (arg, args[++i]);
        }

        return (arg, null);
    }
}
