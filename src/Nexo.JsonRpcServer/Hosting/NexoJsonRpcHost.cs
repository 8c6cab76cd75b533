using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Nexo.JsonRpcServer.Methods;
using StreamJsonRpc;

namespace Nexo.JsonRpcServer.Hosting;

/// <summary>
/// Serves the whole Nexo SDK as JSON-RPC 2.0 over a pair of streams (stdin/stdout for <c>nexo-jsonrpc</c> and
/// <c>nexo serve</c>). Returns when the client sends <c>exit</c>, closes its end, or the cancellation token fires.
/// </summary>
public static class NexoJsonRpcHost
{
    /// <summary>Exit code when the database cannot be opened.</summary>
    public const int DatabaseUnavailableExitCode = 2;

    /// <summary>Exit code after the client stopped reading for <see cref="NexoJsonRpcHostOptions.ClientStallTimeout"/> and was disconnected.</summary>
    public const int ClientStalledExitCode = 3;

    /// <summary>Runs the server until the connection ends.</summary>
    /// <param name="input">The stream requests arrive on (stdin).</param>
    /// <param name="output">The stream responses and notifications go to (stdout); nothing else is written to it.</param>
    /// <param name="options">The options.</param>
    /// <param name="cancellationToken">Stops the server.</param>
    /// <returns>
    /// The process exit code: 0 after <c>shutdown</c> + <c>exit</c> or end of input, 1 for <c>exit</c> without
    /// <c>shutdown</c>, 2 when the database cannot be opened, 3 when the client stopped reading and was disconnected
    /// (<see cref="ClientStalledExitCode"/>; returned once the running turns have ended and been stored).
    /// </returns>
    public static async Task<int> RunAsync(Stream input, Stream output, NexoJsonRpcHostOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(options);
        var loggerFactory = options.LoggerFactory ?? NullLoggerFactory.Instance;
        var logger = loggerFactory.CreateLogger(typeof(NexoJsonRpcHost).FullName!);

        NexoClient nexo;
        try
        {
            var sdk = options.SdkOptions ?? new NexoOptions();
            if (options.DatabasePath is not null || options.SdkOptions is null)
            {
                // --db: a SQLite file, a postgres:// URI or a connection string; else NEXO_DB, else the default file.
                sdk.UseStore(NexoStoreLocation.Resolve(options.DatabasePath));
            }

            sdk.LoggerFactory = loggerFactory;
            nexo = await NexoClient.OpenAsync(sdk, cancellationToken).ConfigureAwait(false);
        }
        catch (NexoException ex)
        {
            logger.LogCritical(ex, "Cannot open the Nexo database: {Message}", ex.Message);
            return DatabaseUnavailableExitCode;
        }

        await using (nexo.ConfigureAwait(false))
        {
            var session = new RpcSession();
            var formatter = new SystemTextJsonFormatter { JsonSerializerOptions = new(NexoJson.Options) };
            var handler = new FramedMessageHandler(input, output, options.Framing, options.MaxMessageBytes, formatter, new RequestGate(session), logger, options.ClientStallTimeout);
            var events = new EventForwarder(nexo.Events, handler, logger);
            await using (events.ConfigureAwait(false))
            {
                using var rpc = new NexoJsonRpc(handler, events, logger) { CancelLocallyInvokedMethodsWhenConnectionIsClosed = true };
                foreach (var target in CreateTargets(nexo, session, events))
                {
                    rpc.AddLocalRpcTarget(target, new JsonRpcTargetOptions { DisposeOnDisconnect = false });
                }

                rpc.StartListening();
                logger.LogInformation("nexo-jsonrpc {Version} serving {Database} ({Framing} framing)", LifecycleMethods.ServerVersion, nexo.DatabasePath, options.Framing);

                var cancelled = Task.Delay(Timeout.Infinite, cancellationToken);
                var finished = await Task.WhenAny(rpc.Completion, session.ExitRequested, cancelled, handler.ClientStalled).ConfigureAwait(false);
                if (finished == handler.ClientStalled)
                {
                    logger.LogWarning(
                        "The client has not read for {Seconds} s: it is disconnected and nothing more is sent to it. Running turns go on and are stored; the server exits when they end",
                        options.ClientStallTimeout.TotalSeconds);
                    await nexo.Engine.WhenIdleAsync(cancellationToken).ConfigureAwait(false);
                    logger.LogInformation("nexo-jsonrpc stopping (client stalled), exit code {ExitCode}", ClientStalledExitCode);
                    return ClientStalledExitCode;
                }

                var exitCode = finished == session.ExitRequested ? await session.ExitRequested.ConfigureAwait(false) : 0;
                if (finished == rpc.Completion && rpc.Completion.Exception is { } fault)
                {
                    logger.LogError(fault, "The connection failed");
                }

                logger.LogInformation("nexo-jsonrpc stopping ({Reason}), exit code {ExitCode}", finished == session.ExitRequested ? "exit" : finished == rpc.Completion ? "end of input" : "cancelled", exitCode);
                return exitCode;
            }
        }
    }

    /// <summary>The RPC target objects: the life cycle plus one class per feature area.</summary>
    internal static IEnumerable<object> CreateTargets(NexoClient nexo, RpcSession session, EventForwarder events) =>
    [
        new LifecycleMethods(nexo, session, events),
        .. CreateCommandTargets(nexo, events.Notify),
    ];

    /// <summary>The command targets, one per feature area (public for the contract tests).</summary>
    /// <param name="nexo">The SDK client.</param>
    /// <param name="notify">Sends a protocol notification in order with the events; <see langword="null"/> sends none.</param>
    public static IReadOnlyList<object> CreateCommandTargets(NexoClient nexo, Action<string, object>? notify = null) =>
    [
        new WorkspaceMethods(nexo),
        new ChatMethods(nexo),
        new MessageMethods(nexo),
        new LlmConnectionMethods(nexo),
        new McpMethods(nexo, notify),
        new McpResourceMethods(nexo),
        new PromptMethods(nexo),
        new SlashCommandMethods(nexo),
        new AppSettingMethods(nexo),
        new UsageMethods(nexo),
    ];
}
