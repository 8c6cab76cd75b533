using System.Reflection;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Nexo.JsonRpcServer.Contract;
using StreamJsonRpc;
using StreamJsonRpc.Protocol;

namespace Nexo.JsonRpcServer.Hosting;

/// <summary>
/// StreamJsonRpc with Nexo's error mapping (every exception becomes a stable code with <c>data: {kind, details}</c>)
/// and with responses held back until the events published before them have been sent.
/// </summary>
internal sealed class NexoJsonRpc(FramedMessageHandler handler, EventForwarder events, ILogger logger) : JsonRpc(handler)
{
    /// <inheritdoc />
    protected override async ValueTask<JsonRpcMessage> DispatchRequestAsync(JsonRpcRequest request, TargetMethod targetMethod, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);

        // When the input ends, long-running requests (turns, MCP calls) are cancelled; the others finish. All are answered.
        using var linked = RpcContract.Find(request.Method ?? string.Empty)?.LongRunning == true
            ? CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, handler.InputEnded)
            : null;
        var response = await base.DispatchRequestAsync(request, targetMethod, linked?.Token ?? cancellationToken).ConfigureAwait(false);

        // A turn's result must not overtake its own events (message-complete before the send_message result).
        await events.FlushAsync().ConfigureAwait(false);
        return response;
    }

    /// <inheritdoc />
    protected override JsonRpcError.ErrorDetail CreateErrorDetails(JsonRpcRequest request, Exception exception)
    {
        ArgumentNullException.ThrowIfNull(request);
        return ToErrorDetail(request.Method ?? string.Empty, exception, logger);
    }

    /// <summary>The one mapping of exceptions to error codes: SDK errors by kind, cancellation, bad params, anything else -32603.</summary>
    internal static JsonRpcError.ErrorDetail ToErrorDetail(string method, Exception exception, ILogger logger)
    {
        var error = Unwrap(exception);
        switch (error)
        {
            case NexoException nexo:
                return Detail(RpcErrorCodes.ForKind(nexo.Kind), nexo.Message, new RpcErrorData { Kind = nexo.Kind, Details = nexo.Details });
            case OperationCanceledException:
                return Detail(RpcErrorCodes.RequestCancelled, $"The request '{method}' was cancelled.", RpcErrorData.Of(NexoErrorKind.Cancelled, ("method", method)));
            case JsonException json:
                return Detail(RpcErrorCodes.InvalidParams, $"The params of '{method}' are invalid: {json.Message}", RpcErrorData.Of(NexoErrorKind.Validation, ("field", "params")));
            default:
                // The exception's message may hold paths or secrets: it goes to the log, the client gets a safe message.
                logger.LogError(error, "Unexpected failure in {Method}", method);
                return Detail(
                    RpcErrorCodes.InternalError,
                    $"An unexpected error occurred while running '{method}'. The server log has the details.",
                    RpcErrorData.Of(NexoErrorKind.Internal, ("exception", error.GetType().Name)));
        }
    }

    private static JsonRpcError.ErrorDetail Detail(int code, string message, RpcErrorData data) =>
        new() { Code = (JsonRpcErrorCode)code, Message = message, Data = data };

    /// <summary>The exception a target method threw, out of the reflection and task wrappers around it.</summary>
    internal static Exception Unwrap(Exception exception)
    {
        while (true)
        {
            switch (exception)
            {
                case TargetInvocationException { InnerException: { } inner }:
                    exception = inner;
                    continue;
                case AggregateException { InnerExceptions.Count: 1 } aggregate:
                    exception = aggregate.InnerExceptions[0];
                    continue;
                default:
                    return exception;
            }
        }
    }
}
