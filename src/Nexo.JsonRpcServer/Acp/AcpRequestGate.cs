using System.Reflection;
using System.Text.Json;
using Nexo.JsonRpcServer.Hosting;
using StreamJsonRpc;

namespace Nexo.JsonRpcServer.Acp;

/// <summary>
/// The gate of the ACP connection: on top of the shared checks of every line (not JSON → <c>-32700</c>, not one
/// message object → <c>-32600</c>, both answered with <c>id: null</c>, the connection goes on), checks the params of
/// every ACP method against its typed record, so that a missing required field or a wrong type is answered with
/// <c>-32602</c> naming the field. Unknown fields are ignored; unknown methods pass (StreamJsonRpc answers
/// <c>-32601</c>, or drops a notification); a notification with bad params is dropped.
/// </summary>
internal sealed class AcpRequestGate : MessageGate
{
    private readonly Dictionary<string, Type> _paramsTypes;

    private AcpRequestGate(Dictionary<string, Type> paramsTypes) => _paramsTypes = paramsTypes;

    /// <summary>The params record of each method, by wire name.</summary>
    public IReadOnlyDictionary<string, Type> ParamsTypes => _paramsTypes;

    /// <summary>A gate for the methods of <paramref name="targetType"/>: each <see cref="JsonRpcMethodAttribute"/> method's one params record.</summary>
    /// <param name="targetType">The RPC target class.</param>
    public static AcpRequestGate For(Type targetType)
    {
        ArgumentNullException.ThrowIfNull(targetType);
        var types = new Dictionary<string, Type>(StringComparer.Ordinal);
        foreach (var method in targetType.GetMethods(BindingFlags.Public | BindingFlags.Instance))
        {
            if (method.GetCustomAttribute<JsonRpcMethodAttribute>() is not { Name: { } name })
            {
                continue;
            }

            var parameters = method.GetParameters().Where(p => p.ParameterType != typeof(CancellationToken)).ToList();
            if (parameters is not [{ ParameterType: var type }])
            {
                throw new InvalidOperationException($"The ACP method {method.Name} ('{name}') must take one params record (and optionally a CancellationToken).");
            }

            types.Add(name, Nullable.GetUnderlyingType(type) ?? type);
        }

        return new AcpRequestGate(types);
    }

    /// <inheritdoc />
    protected override GateVerdict CheckRequest(RequestId id, string method, JsonElement? parameters) =>
        _paramsTypes.TryGetValue(method, out var type)
            ? ParamsProblem(id, ParamsValidator.Check(method, type, AcpJson.Options, parameters)) ?? GateVerdict.Dispatch(id)
            : GateVerdict.Dispatch(id);
}
