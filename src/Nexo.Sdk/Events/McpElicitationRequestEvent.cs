using System.Text.Json;

namespace Nexo;

/// <summary>
/// <c>mcp-elicitation-request</c>: an MCP server asks the user for input (<c>elicitation/create</c>), usually during one of its
/// tool calls. The call waits until the request is answered with <see cref="McpHost.RespondToElicitationAsync"/>, times
/// out (<see cref="NexoOptions.McpElicitationTimeout"/>: answered <c>cancel</c>), or the tool call is cancelled (also
/// <c>cancel</c>). Servers only ask when the host said it can answer (<see cref="NexoOptions.McpElicitation"/>).
/// </summary>
public sealed record McpElicitationRequestEvent : NexoEvent
{
    /// <inheritdoc />
    public override string EventName => NexoEvents.McpElicitationRequest;

    /// <summary>The chat whose tool call the request belongs to, when it came during a turn's tool call.</summary>
    public string? ChatId { get; init; }

    /// <summary>The key of the answer.</summary>
    public required string RequestId { get; init; }

    /// <summary>The MCP server connection that asks.</summary>
    public required string ServerId { get; init; }

    /// <summary>Its name.</summary>
    public required string ServerName { get; init; }

    /// <summary>The assistant message whose tool call is waiting, when the request came during a turn's tool call.</summary>
    public string? MessageId { get; init; }

    /// <summary>The waiting tool call's id, when it is known (one call of the server running in a turn).</summary>
    public string? ToolCallId { get; init; }

    /// <summary>Form or URL mode.</summary>
    public required McpElicitationMode Mode { get; init; }

    /// <summary>What the server says to the user (its text, untrusted).</summary>
    public required string Message { get; init; }

    /// <summary>
    /// Form mode: the requested schema, a flat JSON object schema (<c>{"type":"object","properties":{…},"required":[…]}</c>)
    /// whose properties are strings (<c>minLength</c>, <c>maxLength</c>, <c>format</c> email, uri, date or date-time),
    /// numbers and integers (<c>minimum</c>, <c>maximum</c>), booleans, single-choice strings (<c>enum</c>, <c>oneOf</c> of
    /// <c>{const, title}</c>, or <c>enum</c> with <c>enumNames</c>) and multiple-choice arrays (<c>items.enum</c> or
    /// <c>items.anyOf</c>, <c>minItems</c>, <c>maxItems</c>), each with an optional <c>title</c>, <c>description</c> and <c>default</c>.
    /// </summary>
    public JsonElement? RequestedSchema { get; init; }

    /// <summary>URL mode: the URL the server asks the user to open.</summary>
    public string? Url { get; init; }

    /// <summary>URL mode: the server's id of the elicitation.</summary>
    public string? ElicitationId { get; init; }
}
