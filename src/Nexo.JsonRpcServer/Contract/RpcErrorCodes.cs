using StreamJsonRpc.Protocol;

namespace Nexo.JsonRpcServer.Contract;

/// <summary>One stable JSON-RPC error code of the contract.</summary>
/// <param name="Code">The code.</param>
/// <param name="Name">A name for the code (used in the generated TypeScript).</param>
/// <param name="Kind">The <see cref="NexoErrorKind"/> that maps to it, when it comes from the SDK.</param>
/// <param name="Meaning">When the code is used.</param>
public sealed record RpcErrorCode(int Code, string Name, NexoErrorKind? Kind, string Meaning);

/// <summary>
/// The error codes of the protocol. SDK errors (<see cref="NexoException"/>) map by <see cref="NexoException.Kind"/>
/// to one code each; the <c>data</c> of every error is <c>{ kind, details }</c>.
/// </summary>
public static class RpcErrorCodes
{
    /// <summary>The frame is not valid JSON.</summary>
    public const int ParseError = (int)JsonRpcErrorCode.ParseError;

    /// <summary>The JSON is not a valid request, the frame is too large, or the server is shutting down.</summary>
    public const int InvalidRequest = (int)JsonRpcErrorCode.InvalidRequest;

    /// <summary>No such method.</summary>
    public const int MethodNotFound = (int)JsonRpcErrorCode.MethodNotFound;

    /// <summary>A parameter is missing, has the wrong type or an invalid value (<see cref="NexoErrorKind.Validation"/>).</summary>
    public const int InvalidParams = (int)JsonRpcErrorCode.InvalidParams;

    /// <summary>An unexpected failure inside the server (<see cref="NexoErrorKind.Internal"/>).</summary>
    public const int InternalError = (int)JsonRpcErrorCode.InternalError;

    /// <summary>A request other than <c>initialize</c> arrived before <c>initialize</c> (LSP's code).</summary>
    public const int ServerNotInitialized = -32002;

    /// <summary>The request was cancelled (<c>$/cancelRequest</c>, <see cref="NexoErrorKind.Cancelled"/>).</summary>
    public const int RequestCancelled = (int)JsonRpcErrorCode.RequestCanceled;

    /// <summary>An entity does not exist (<see cref="NexoErrorKind.NotFound"/>).</summary>
    public const int NotFound = -32010;

    /// <summary>The operation conflicts with the current state (<see cref="NexoErrorKind.Conflict"/>).</summary>
    public const int Conflict = -32011;

    /// <summary>Something required is not configured (<see cref="NexoErrorKind.NotConfigured"/>).</summary>
    public const int NotConfigured = -32012;

    /// <summary>The operation or tool call is not permitted (<see cref="NexoErrorKind.PermissionDenied"/>).</summary>
    public const int PermissionDenied = -32013;

    /// <summary>An LLM provider failed (<see cref="NexoErrorKind.Llm"/>).</summary>
    public const int LlmError = -32020;

    /// <summary>An MCP server failed (<see cref="NexoErrorKind.Mcp"/>).</summary>
    public const int McpError = -32021;

    /// <summary>The database failed (<see cref="NexoErrorKind.Database"/>).</summary>
    public const int DatabaseError = -32030;

    /// <summary>A secret could not be encrypted or decrypted (<see cref="NexoErrorKind.Security"/>).</summary>
    public const int SecurityError = -32031;

    /// <summary>Every code, in documentation order.</summary>
    public static IReadOnlyList<RpcErrorCode> All { get; } =
    [
        new(ParseError, nameof(ParseError), null, "The frame is not valid JSON. The server answers with id null and keeps reading."),
        new(InvalidRequest, nameof(InvalidRequest), null, "The JSON is not a JSON-RPC request (or is a batch), the frame exceeds the size limit, initialize was sent twice, or the server is shutting down."),
        new(MethodNotFound, nameof(MethodNotFound), null, "No method by that name."),
        new(InvalidParams, nameof(InvalidParams), NexoErrorKind.Validation, "A parameter is missing, has the wrong JSON type or an invalid value; data.details.field names it."),
        new(InternalError, nameof(InternalError), NexoErrorKind.Internal, "An unexpected failure; the message is safe to show and the server keeps running. Details go to the server log."),
        new(ServerNotInitialized, nameof(ServerNotInitialized), null, "A request other than initialize arrived before initialize."),
        new(RequestCancelled, nameof(RequestCancelled), NexoErrorKind.Cancelled, "The request was cancelled with $/cancelRequest (a cancelled turn is persisted as cancelled)."),
        new(NotFound, nameof(NotFound), NexoErrorKind.NotFound, "A workspace, chat, message, connection, server or prompt does not exist; data.details has entity and id."),
        new(Conflict, nameof(Conflict), NexoErrorKind.Conflict, "A name or id is taken, or the chat already runs a turn."),
        new(NotConfigured, nameof(NotConfigured), NexoErrorKind.NotConfigured, "Something required is not configured yet, for example no LLM connection for the workspace."),
        new(PermissionDenied, nameof(PermissionDenied), NexoErrorKind.PermissionDenied, "The operation or tool call is not permitted."),
        new(LlmError, nameof(LlmError), NexoErrorKind.Llm, "An LLM provider could not be reached or answered with an error."),
        new(McpError, nameof(McpError), NexoErrorKind.Mcp, "An MCP server could not be reached or answered with an error."),
        new(DatabaseError, nameof(DatabaseError), NexoErrorKind.Database, "The database failed, is locked or was written by a newer Nexo."),
        new(SecurityError, nameof(SecurityError), NexoErrorKind.Security, "A secret could not be decrypted (missing or wrong key file)."),
    ];

    /// <summary>The code of an SDK error kind.</summary>
    /// <param name="kind">The kind.</param>
    public static int ForKind(NexoErrorKind kind) =>
        All.FirstOrDefault(c => c.Kind == kind)?.Code ?? InternalError;
}
