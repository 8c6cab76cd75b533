using Microsoft.Extensions.Logging;
using Nexo.JsonRpcServer.Hosting;
using StreamJsonRpc;
using StreamJsonRpc.Protocol;

namespace Nexo.JsonRpcServer.Acp;

/// <summary>
/// StreamJsonRpc for ACP, on the same extension points as <see cref="NexoJsonRpc"/>: every exception a method throws
/// becomes an ACP error once, here (<see cref="AcpErrors.From"/>), and every method but <c>initialize</c> is refused
/// with <c>-32600</c> until <c>initialize</c> has been dispatched. Params were checked against the method's typed
/// record by <see cref="AcpRequestGate"/> before the message got here.
/// </summary>
internal sealed partial class AcpJsonRpc(FramedMessageHandler handler, ILogger logger) : JsonRpc(handler)
{
    /// <summary>The one method allowed before initialization.</summary>
    public const string InitializeMethod = "initialize";

    /// <summary>The methods that run a turn: cancelled (and answered <c>cancelled</c>) when the client's input ends.</summary>
    private static readonly HashSet<string> TurnMethods = new(StringComparer.Ordinal) { "session/prompt", "_nexo/edit_and_resend", "_nexo/regenerate" };

    private int _initialized;

    /// <summary>Whether <c>initialize</c> has been dispatched.</summary>
    public bool IsInitialized => Volatile.Read(ref _initialized) == 1;

    /// <inheritdoc />
    protected override async ValueTask<JsonRpcMessage> DispatchRequestAsync(JsonRpcRequest request, TargetMethod targetMethod, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var method = request.Method ?? string.Empty;
        if (method == InitializeMethod)
        {
            Interlocked.Exchange(ref _initialized, 1);
        }
        else if (!IsInitialized)
        {
            // A notification gets no answer: StreamJsonRpc drops this one.
            var refused = (handler.Formatter as IJsonRpcMessageFactory)?.CreateErrorMessage() ?? new JsonRpcError();
            refused.RequestId = request.RequestId;
            refused.Error = CreateErrorDetails(request, AcpErrors.NotInitialized());
            return refused;
        }

        using var linked = TurnMethods.Contains(method) ? CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, handler.InputEnded) : null;
        return await base.DispatchRequestAsync(request, targetMethod, linked?.Token ?? cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    protected override JsonRpcError.ErrorDetail CreateErrorDetails(JsonRpcRequest request, Exception exception)
    {
        ArgumentNullException.ThrowIfNull(request);
        var error = NexoJsonRpc.Unwrap(exception);
        if (error is not LocalRpcException)
        {
            Log.RequestFailed(logger, request.Method ?? "?", error.GetType().Name, error.Message);
        }

        var mapped = AcpErrors.From(error);
        return new JsonRpcError.ErrorDetail { Code = (JsonRpcErrorCode)mapped.ErrorCode, Message = mapped.Message, Data = mapped.ErrorData };
    }

    private static partial class Log
    {
        [LoggerMessage(Level = LogLevel.Information, Message = "ACP request {Method} failed ({Type}): {Error}")]
        public static partial void RequestFailed(ILogger logger, string method, string type, string error);
    }
}
