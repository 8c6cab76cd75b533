using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Nexo.JsonRpcServer.Hosting;
using StreamJsonRpc;

namespace Nexo.JsonRpcServer.Acp;

/// <summary>
/// Nexo as an Agent Client Protocol (ACP v1) agent: JSON-RPC 2.0, one message per line, over a pair of streams
/// (the process's stdin and stdout when an editor spawns <c>nexo acp</c> or <c>nexo-jsonrpc --protocol acp</c>).
/// Sessions are Nexo chats in the workspace whose root folder is the session's <c>cwd</c>; see <c>docs/acp.md</c>.
/// </summary>
public static partial class AcpAgentHost
{
    /// <summary>The largest message (line) read; a longer line is skipped and answered with <c>-32600</c>. Prompts may carry images.</summary>
    /// <summary>Exit code after the client stopped reading for <see cref="AcpHostOptions.ClientStallTimeout"/> and was disconnected.</summary>
    public const int ClientStalledExitCode = 3;

    internal const int MaxMessageBytes = Hosting.NexoJsonRpcHostOptions.DefaultMaxMessageBytes; // the JSON-RPC host's cap

    /// <summary>The gate in front of the agent's methods (their params records are found once, by reflection).</summary>
    private static readonly AcpRequestGate Gate = AcpRequestGate.For(typeof(AcpAgent));

    /// <summary>
    /// Serves one ACP client until it closes <paramref name="input"/> or <paramref name="cancellationToken"/> fires.
    /// Running turns are cancelled (their partial answers stay stored) and the database is closed before this returns.
    /// </summary>
    /// <param name="input">Messages from the client.</param>
    /// <param name="output">Messages to the client; nothing else is written to it. Closed when serving ends.</param>
    /// <param name="options">The database, logging and test hooks.</param>
    /// <param name="cancellationToken">Stops serving.</param>
    /// <returns>
    /// The process exit code: 0 after a normal end, 1 when the database could not be opened, 3 when the client stopped
    /// reading for <see cref="AcpHostOptions.ClientStallTimeout"/> (returned once the running turns have ended and been stored).
    /// </returns>
    public static async Task<int> RunAsync(Stream input, Stream output, AcpHostOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(options);
        var loggerFactory = options.LoggerFactory ?? NullLoggerFactory.Instance;
        var logger = loggerFactory.CreateLogger("Nexo.Acp");

        NexoClient nexo;
        if (options.Client is { } given)
        {
            nexo = given;
        }
        else
        {
            // An ACP turn cannot wait for the user to authorize an MCP server: it fails with the URL to open, and the
            // loopback listener completes the authorization in the background.
            try
            {
                var nexoOptions = new NexoOptions { LoggerFactory = loggerFactory, WaitForMcpAuthorization = false }.UseStore(NexoStoreLocation.Resolve(options.DatabasePath));
                options.ConfigureNexo?.Invoke(nexoOptions);
                nexo = await NexoClient.OpenAsync(nexoOptions, cancellationToken).ConfigureAwait(false);
            }
            catch (NexoException ex)
            {
                Log.OpenFailed(logger, ex.Message);
                return 1;
            }
        }

        try
        {
            var formatter = new SystemTextJsonFormatter { JsonSerializerOptions = new(AcpJson.Options) };
            var handler = new FramedMessageHandler(input, output, MessageFraming.Newline, MaxMessageBytes, formatter, Gate, logger, options.ClientStallTimeout);
            using var rpc = new AcpJsonRpc(handler, logger);
            var cancellation = new AcpCancellationStrategy(rpc, logger);
            rpc.CancellationStrategy = cancellation;
            rpc.ExceptionStrategy = ExceptionProcessing.CommonErrorData;
            await using var agent = new AcpAgent(nexo, rpc, cancellation, options.Environment ?? Environment.GetEnvironmentVariable, options.BuiltinTools, logger);
            rpc.AddLocalRpcTarget(agent, new JsonRpcTargetOptions { DisposeOnDisconnect = false });
            rpc.StartListening();
            Log.Listening(logger, nexo.DatabasePath);

            // Disposing JsonRpc does not end a pending read of stdin, so cancellation is awaited beside Completion.
            var stopped = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            using var registration = cancellationToken.Register(() => stopped.TrySetResult());
            var ended = await Task.WhenAny(rpc.Completion, stopped.Task, handler.ClientStalled).ConfigureAwait(false);
            if (ended == handler.ClientStalled)
            {
                Log.ClientStalled(logger, options.ClientStallTimeout.TotalSeconds);
                await nexo.Engine.WhenIdleAsync(cancellationToken).ConfigureAwait(false);
                Log.Stopped(logger);
                return ClientStalledExitCode;
            }

            if (ended == rpc.Completion && rpc.Completion.Exception is { } error)
            {
                Log.ConnectionFailed(logger, error.GetBaseException().Message);
            }

            Log.Stopped(logger);
            return 0;
        }
        finally
        {
            // The client sees the end of the stream once the agent is done (the shared frame handler leaves its streams open).
            await output.DisposeAsync().ConfigureAwait(false);
            if (options.Client is null)
            {
                await nexo.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    private static partial class Log
    {
        [LoggerMessage(Level = LogLevel.Critical, Message = "Cannot open the Nexo database: {Error}")]
        public static partial void OpenFailed(ILogger logger, string error);

        [LoggerMessage(Level = LogLevel.Information, Message = "ACP agent listening on stdio (database {Path})")]
        public static partial void Listening(ILogger logger, string path);

        [LoggerMessage(Level = LogLevel.Warning, Message = "The ACP connection ended with an error: {Error}")]
        public static partial void ConnectionFailed(ILogger logger, string error);

        [LoggerMessage(Level = LogLevel.Warning, Message = "The client has not read for {Seconds} s: it is disconnected and nothing more is sent to it. Running turns go on and are stored; the agent stops when they end")]
        public static partial void ClientStalled(ILogger logger, double seconds);

        [LoggerMessage(Level = LogLevel.Information, Message = "ACP agent stopped")]
        public static partial void Stopped(ILogger logger);
    }
}
