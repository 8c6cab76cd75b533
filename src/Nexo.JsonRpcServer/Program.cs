using System.CommandLine;
using Microsoft.Extensions.Logging;
using Nexo.JsonRpcServer.Hosting;
using Nexo.JsonRpcServer.Logging;
using Nexo.JsonRpcServer.TypeScript;

// ACP agent (docs/acp.md): `--protocol acp` is served by Nexo.JsonRpcServer.Acp; everything else below.
if (await Nexo.JsonRpcServer.Acp.AcpCommandLine.TryRunAsync(args) is { } acpExitCode) { return acpExitCode; }

var db = new Option<string?>("--db") { Description = "The database: a SQLite file, or PostgreSQL as postgres://user:password@host:port/database or Host=…;Database=… (default: $NEXO_DB, else nexo.db in $NEXO_HOME, $XDG_DATA_HOME/nexo or ~/.local/share/nexo)." };
var logLevel = new Option<LogLevel>("--log-level") { Description = "The lowest level logged (Trace, Debug, Information, Warning, Error, Critical, None).", DefaultValueFactory = _ => LogLevel.Warning };
var logFile = new Option<string?>("--log-file") { Description = "Append logs to this file instead of stderr. Nothing but protocol messages is ever written to stdout." };
var framing = new Option<MessageFraming>("--framing") { Description = "Message framing: header (LSP Content-Length, the default) or newline (one JSON message per line).", DefaultValueFactory = _ => MessageFraming.Header };
var stallTimeout = StallTimeouts.CreateOption("the server exits with code 3");
var emitTypeScript = new Option<string?>("--emit-typescript") { Description = "Write the TypeScript bindings of the contract into this folder and exit." };

var root = new RootCommand("nexo-jsonrpc: Nexo's JSON-RPC 2.0 server over stdin/stdout, spawned by editors like a language server.")
{
    db, logLevel, logFile, framing, stallTimeout, emitTypeScript,
};

root.SetAction(async (parse, ct) =>
{
    if (parse.GetValue(emitTypeScript) is { } folder)
    {
        foreach (var path in TypeScriptGenerator.WriteTo(folder))
        {
            Console.WriteLine(path);
        }

        return 0;
    }

    // Protocol messages own stdout: anything else that writes to Console.Out goes to stderr.
    var stdout = Console.OpenStandardOutput();
    var stdin = Console.OpenStandardInput();
    Console.SetOut(Console.Error);

    TextWriter logWriter = Console.Error;
    if (parse.GetValue(logFile) is { } logPath)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(logPath))!);
        logWriter = new StreamWriter(new FileStream(logPath, FileMode.Append, FileAccess.Write, FileShare.ReadWrite));
    }

    using var loggerFactory = LoggerFactory.Create(b => b
        .SetMinimumLevel(parse.GetValue(logLevel))
        .AddProvider(new TextWriterLoggerProvider(logWriter, parse.GetValue(logLevel))));
    var code = await NexoJsonRpcHost.RunAsync(
        stdin,
        stdout,
        new NexoJsonRpcHostOptions
        {
            DatabasePath = parse.GetValue(db),
            Framing = parse.GetValue(framing),
            LoggerFactory = loggerFactory,
            ClientStallTimeout = StallTimeouts.FromSeconds(parse.GetValue(stallTimeout)),
        },
        ct);
    if (!ReferenceEquals(logWriter, Console.Error))
    {
        await logWriter.DisposeAsync();
    }

    return code;
});

return await root.Parse(args).InvokeAsync();
