using System.Collections.Concurrent;
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

    // The work a request's method asked to run once its response is written, set for the method's async flow.
    private static readonly AsyncLocal<List<Func<Task>>?> s_afterResponse = new();

    // By request id: the work to run when that response has been sent.
    private readonly ConcurrentDictionary<RequestId, List<Func<Task>>> _afterResponse = new();

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
        var after = new List<Func<Task>>();
        s_afterResponse.Value = after;
        var response = await base.DispatchRequestAsync(request, targetMethod, linked?.Token ?? cancellationToken).ConfigureAwait(false);
        lock (after)
        {
            if (after.Count > 0 && response is JsonRpcResult && !request.RequestId.IsEmpty)
            {
                _afterResponse[request.RequestId] = after;
            }
        }

        return response;
    }

    /// <summary>
    /// Runs <paramref name="work"/> once the response to the request being handled has been written, so that what it
    /// sends (a <c>session/update</c> for a session the response announced) reaches the client after the response. Work
    /// asked for by a request that fails is dropped; outside a request it starts at once. Failures are the work's own.
    /// </summary>
    public static void AfterResponse(Func<Task> work)
    {
        if (s_afterResponse.Value is { } list)
        {
            lock (list)
            {
                list.Add(work);
            }
        }
        else
        {
            _ = Task.Run(work);
        }
    }

    /// <inheritdoc />
    protected override void OnResponseSent(JsonRpcMessage response)
    {
        base.OnResponseSent(response);
        if (response is JsonRpcResult result && _afterResponse.TryRemove(result.RequestId, out var work))
        {
            foreach (var item in work)
            {
                _ = Task.Run(item);
            }
        }
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
