using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using StreamJsonRpc;

namespace Nexo.JsonRpcServer.Acp;

/// <summary>
/// ACP's request cancellation: <c>$/cancel_request {requestId}</c> in both directions (StreamJsonRpc's default is
/// LSP's <c>$/cancelRequest {id}</c>). A cancelled outbound request sends the notification; an inbound one cancels
/// the token of the request it names (the handler then answers with a partial result or <c>-32800</c>).
/// </summary>
internal sealed partial class AcpCancellationStrategy(JsonRpc rpc, ILogger logger) : ICancellationStrategy
{
    /// <summary>The method name of the notification.</summary>
    public const string MethodName = "$/cancel_request";

    private readonly ConcurrentDictionary<RequestId, CancellationTokenSource> _inbound = new();

    public void CancelOutboundRequest(RequestId requestId)
    {
        var send = rpc.NotifyWithParameterObjectAsync(MethodName, new CancelRequestParams { RequestId = ToJson(requestId) });
        send.ContinueWith(t => Log.CancelNotSent(logger, t.Exception?.GetBaseException().Message ?? "?"), CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
    }

    public void OutboundRequestEnded(RequestId requestId)
    {
    }

    public void IncomingRequestStarted(RequestId requestId, CancellationTokenSource cancellationTokenSource) =>
        _inbound[requestId] = cancellationTokenSource;

    public void IncomingRequestEnded(RequestId requestId) => _inbound.TryRemove(requestId, out _);

    /// <summary>Handles an inbound <c>$/cancel_request</c>; unknown or finished ids are ignored.</summary>
    public void CancelInbound(JsonElement requestId)
    {
        RequestId? id = requestId.ValueKind switch
        {
            JsonValueKind.Number when requestId.TryGetInt64(out var n) => new RequestId(n),
            JsonValueKind.String => new RequestId(requestId.GetString()),
            _ => null,
        };
        if (id is { } key && _inbound.TryGetValue(key, out var cts))
        {
            try
            {
                cts.Cancel();
            }
            catch (ObjectDisposedException)
            {
                // The request finished meanwhile.
            }
        }
    }

    private static JsonElement ToJson(RequestId id) => id.Number is { } n
        ? JsonSerializer.SerializeToElement(n)
        : JsonSerializer.SerializeToElement(id.String);

    private static partial class Log
    {
        [LoggerMessage(Level = LogLevel.Debug, Message = "Could not send $/cancel_request: {Error}")]
        public static partial void CancelNotSent(ILogger logger, string error);
    }
}

/// <summary>The params of <c>$/cancel_request</c>.</summary>
internal sealed record CancelRequestParams : AcpObject
{
    public required JsonElement RequestId { get; init; }
}
