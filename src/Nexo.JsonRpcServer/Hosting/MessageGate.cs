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
/// Looks at every frame before StreamJsonRpc does and answers what StreamJsonRpc would otherwise close the
/// connection over: a frame that is not JSON (<c>-32700</c>), one that is not a single JSON-RPC message object (a
/// batch, a bare value, a bad id or method: <c>-32600</c>). What else a protocol checks before dispatch (its life
/// cycle, the params of its methods) is the derived gate's <see cref="CheckRequest"/>.
/// </summary>
internal abstract class MessageGate
{
    /// <summary>Decides about one frame: dispatch it, or answer it with an error.</summary>
    /// <param name="frame">The bytes of one message.</param>
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
                // A response from the client: StreamJsonRpc matches it to a request the server sent, or ignores it.
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

            return CheckRequest(id, method, root.TryGetProperty("params", out var p) ? p : null);
        }
    }

    /// <summary>Checks a well-formed request or notification; <see cref="GateVerdict.Dispatch"/> lets it through.</summary>
    /// <param name="id">The request id (<see cref="RequestId.NotSpecified"/> for a notification).</param>
    /// <param name="method">The method name.</param>
    /// <param name="parameters">The <c>params</c> member, or <see langword="null"/> when absent.</param>
    protected abstract GateVerdict CheckRequest(RequestId id, string method, JsonElement? parameters);

    /// <summary>A <c>-32602</c> verdict for a params problem found by <see cref="ParamsValidator"/>, or <see langword="null"/> for none.</summary>
    protected static GateVerdict? ParamsProblem(RequestId id, NexoException? problem) =>
        problem is null
            ? null
            : GateVerdict.Reject(id, RpcErrorCodes.InvalidParams, problem.Message, new RpcErrorData { Kind = problem.Kind, Details = problem.Details });

    /// <summary>A <c>-32600</c> verdict.</summary>
    protected static GateVerdict Invalid(RequestId id, string message) =>
        GateVerdict.Reject(id, RpcErrorCodes.InvalidRequest, message, RpcErrorData.Of(NexoErrorKind.Validation));
}
