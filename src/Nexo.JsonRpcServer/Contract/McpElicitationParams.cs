using System.Text.Json;

namespace Nexo.JsonRpcServer.Contract;

/// <summary>
/// <c>respond_mcp_elicitation</c>: answers an <c>mcp-elicitation-request</c> notification. An accepted form answer is checked
/// against the request's schema: when it does not fit, the error (<c>validation</c>, <c>details.field</c> =
/// <c>content.NAME</c>) names the field, nothing is sent to the server and the request keeps waiting.
/// </summary>
public sealed record RespondMcpElicitationParams
{
    /// <summary>The request's <c>requestId</c>.</summary>
    public required string RequestId { get; init; }

    /// <summary><c>accept</c>, <c>decline</c> or <c>cancel</c>.</summary>
    public required McpElicitationAction Action { get; init; }

    /// <summary>For <c>accept</c> in form mode: an object with a value per field (fields left out take the schema's defaults). Leave it out otherwise.</summary>
    public JsonElement? Content { get; init; }
}
