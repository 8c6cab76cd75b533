using System.Text.Json;
using Nexo.JsonRpcServer.Contract;
using StreamJsonRpc;

namespace Nexo.JsonRpcServer.Hosting;

/// <summary>What the gate decided about one incoming message.</summary>
/// <param name="Id">The request id (<see cref="RequestId.NotSpecified"/> for notifications and unreadable messages).</param>
/// <param name="Code">The error code to answer with, or 0 to dispatch the message.</param>
/// <param name="Message">The error message.</param>
/// <param name="Data">The error data.</param>
internal readonly record struct GateVerdict(RequestId Id, int Code, string? Message, RpcErrorData? Data)
{
    public bool Pass => Code == 0;

    public static GateVerdict Dispatch(RequestId id) => new(id, 0, null, null);

    public static GateVerdict Reject(RequestId id, int code, string message, RpcErrorData data) => new(id, code, message, data);
}

/// <summary>
/// Looks at every frame before StreamJsonRpc does: answers parse errors and invalid requests (instead of letting
/// them close the connection), enforces the life cycle (nothing before <c>initialize</c>, nothing after
/// <c>shutdown</c>) and checks the params of contract methods.
/// </summary>
internal sealed class RequestGate(RpcSession session)
{
    public GateVerdict Inspect(ReadOnlyMemory<byte> frame)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(frame);
        }
        catch (JsonException ex)
        {
            return GateVerdict.Reject(RequestId.Null, RpcErrorCodes.ParseError, $"Parse error: {ex.Message}", RpcErrorData.Of(NexoErrorKind.Validation));
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                var what = root.ValueKind == JsonValueKind.Array ? "Batch requests are not supported" : "A message must be a JSON object";
                return GateVerdict.Reject(RequestId.Null, RpcErrorCodes.InvalidRequest, $"Invalid request: {what}.", RpcErrorData.Of(NexoErrorKind.Validation));
            }

            var hasId = root.TryGetProperty("id", out var idElement);
            RequestId id;
            switch (hasId ? idElement.ValueKind : JsonValueKind.Undefined)
            {
                case JsonValueKind.Undefined:
                    id = RequestId.NotSpecified;
                    break;
                case JsonValueKind.Null:
                    id = RequestId.Null;
                    break;
                case JsonValueKind.String:
                    id = new RequestId(idElement.GetString());
                    break;
                case JsonValueKind.Number when idElement.TryGetInt64(out var n):
                    id = new RequestId(n);
                    break;
                default:
                    return Invalid(RequestId.Null, "The id must be a string or an integer.");
            }

            if (!root.TryGetProperty("method", out var methodElement))
            {
                // A response from the client; the server sends no requests, StreamJsonRpc ignores it.
                return root.TryGetProperty("result", out _) || root.TryGetProperty("error", out _)
                    ? GateVerdict.Dispatch(id)
                    : Invalid(id, "A message needs a method (request or notification) or a result or error (response).");
            }

            if (methodElement.ValueKind != JsonValueKind.String || methodElement.GetString() is not { Length: > 0 } method)
            {
                return Invalid(id, "The method must be a non-empty string.");
            }

            if (root.TryGetProperty("jsonrpc", out var version) && (version.ValueKind != JsonValueKind.String || version.GetString() != "2.0"))
            {
                return Invalid(id, "Only JSON-RPC 2.0 is supported (jsonrpc: \"2.0\").");
            }

            return CheckLifecycleAndParams(id, method, root.TryGetProperty("params", out var p) ? p : null);
        }
    }

    private GateVerdict CheckLifecycleAndParams(RequestId id, string method, JsonElement? parameters)
    {
        if (method == RpcContract.Exit || method.StartsWith("$/", StringComparison.Ordinal))
        {
            return GateVerdict.Dispatch(id);
        }

        if (session.ShutdownRequested)
        {
            return Invalid(id, $"The server is shutting down; '{method}' was not run. Send 'exit'.");
        }

        var contractMethod = RpcContract.Find(method);
        if (method == RpcContract.Initialize)
        {
            if (ParamsProblem(id, contractMethod!, parameters) is { } bad)
            {
                return bad;
            }

            return session.TryBeginInitialize()
                ? GateVerdict.Dispatch(id)
                : Invalid(id, "The server is already initialized; 'initialize' may be sent once.");
        }

        if (!session.InitializeSeen)
        {
            return GateVerdict.Reject(
                id,
                RpcErrorCodes.ServerNotInitialized,
                $"The server is not initialized: send 'initialize' before '{method}'.",
                RpcErrorData.Of(NexoErrorKind.Validation, ("method", method)));
        }

        if (method == RpcContract.Shutdown)
        {
            // Decided here, in arrival order, so that a request pipelined after 'shutdown' is refused.
            session.RequestShutdown();
        }

        return contractMethod is null ? GateVerdict.Dispatch(id) : ParamsProblem(id, contractMethod, parameters) ?? GateVerdict.Dispatch(id);
    }

    private static GateVerdict? ParamsProblem(RequestId id, RpcMethod method, JsonElement? parameters)
    {
        var problem = ParamsValidator.Check(method, parameters);
        return problem is null
            ? null
            : GateVerdict.Reject(id, RpcErrorCodes.InvalidParams, problem.Message, new RpcErrorData { Kind = problem.Kind, Details = problem.Details });
    }

    private static GateVerdict Invalid(RequestId id, string message) =>
        GateVerdict.Reject(id, RpcErrorCodes.InvalidRequest, message, RpcErrorData.Of(NexoErrorKind.Validation));
}
