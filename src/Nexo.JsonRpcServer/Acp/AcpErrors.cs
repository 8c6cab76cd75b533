using System.Text.Json.Nodes;
using StreamJsonRpc;

namespace Nexo.JsonRpcServer.Acp;

/// <summary>
/// ACP's error codes (schema <c>ErrorCode</c>) and the mapping of Nexo's errors onto them, applied to every failed
/// method by <see cref="AcpJsonRpc"/>. Every error carries <c>data.kind</c>, Nexo's machine-readable
/// <see cref="NexoErrorKind"/> name, and the SDK's details when it has any.
/// </summary>
internal static class AcpErrors
{
    public const int InvalidRequest = -32600;
    public const int MethodNotFound = -32601;
    public const int InvalidParams = -32602;
    public const int InternalError = -32603;
    public const int RequestCancelled = -32800;
    public const int AuthRequired = -32000;
    public const int ResourceNotFound = -32002;

    public static LocalRpcException Create(int code, string message, string kind, JsonObject? details = null)
    {
        var data = new JsonObject { ["kind"] = kind };
        if (details is not null)
        {
            data["details"] = details;
        }

        return new LocalRpcException(message) { ErrorCode = code, ErrorData = data };
    }

    public static LocalRpcException NotInitialized() =>
        Create(InvalidRequest, "Call initialize before any other ACP method.", "invalidRequest");

    public static LocalRpcException SessionNotFound(string sessionId) =>
        Create(ResourceNotFound, $"The session '{sessionId}' does not exist.", "notFound", new JsonObject { ["entity"] = "session", ["id"] = sessionId });

    public static LocalRpcException Invalid(string field, string message) =>
        Create(InvalidParams, message, "validation", new JsonObject { ["field"] = field });

    /// <summary>Maps any exception from the SDK to the JSON-RPC error the client sees.</summary>
    public static LocalRpcException From(Exception exception) => exception switch
    {
        LocalRpcException rpc => rpc,
        NexoException nexo => FromNexo(nexo),
        OperationCanceledException => Create(RequestCancelled, "The request was cancelled.", "cancelled"),
        ArgumentException arg => Create(InvalidParams, arg.Message, "validation"),
        _ => Create(InternalError, "Nexo failed unexpectedly: " + exception.Message, "internal"),
    };

    private static LocalRpcException FromNexo(NexoException ex)
    {
        var code = ex.Kind switch
        {
            NexoErrorKind.NotFound => ResourceNotFound,
            NexoErrorKind.Validation => InvalidParams,
            NexoErrorKind.Cancelled => RequestCancelled,
            NexoErrorKind.NotConfigured => AuthRequired,
            // An MCP server waits for the user to open its OAuth authorization URL (in the message and details).
            NexoErrorKind.Mcp when ex.Details.ContainsKey("authorizationUrl") => AuthRequired,
            _ => InternalError,
        };
        JsonObject? details = null;
        if (ex.Details.Count > 0)
        {
            details = [];
            foreach (var (key, value) in ex.Details)
            {
                details[key] = value is null ? null : JsonValue.Create(value.ToString());
            }
        }

        return Create(code, ex.Message, KindName(ex.Kind), details);
    }

    private static string KindName(NexoErrorKind kind)
    {
        var name = kind.ToString();
        return char.ToLowerInvariant(name[0]) + name[1..];
    }
}
