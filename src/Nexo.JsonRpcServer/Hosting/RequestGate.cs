using System.Text.Json;
using Nexo.JsonRpcServer.Contract;
using StreamJsonRpc;

namespace Nexo.JsonRpcServer.Hosting;

/// <summary>
/// The gate of the Nexo JSON-RPC host: enforces the life cycle (nothing before <c>initialize</c>, nothing after
/// <c>shutdown</c>) and checks the params of contract methods.
/// </summary>
internal sealed class RequestGate(RpcSession session) : MessageGate
{
    /// <inheritdoc />
    protected override GateVerdict CheckRequest(RequestId id, string method, JsonElement? parameters)
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
            if (ParamsProblem(id, ParamsValidator.Check(contractMethod!, parameters)) is { } bad)
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

        return contractMethod is null ? GateVerdict.Dispatch(id) : ParamsProblem(id, ParamsValidator.Check(contractMethod, parameters)) ?? GateVerdict.Dispatch(id);
    }
}
