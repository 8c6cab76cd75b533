using System.Text.Json;

namespace Nexo;

/// <summary>The answer to a <see cref="McpElicitationRequestEvent"/> (<see cref="McpHost.RespondToElicitationAsync"/>).</summary>
public sealed record McpElicitationResponse
{
    /// <summary>The request's <see cref="McpElicitationRequestEvent.RequestId"/>.</summary>
    public required string RequestId { get; init; }

    /// <summary>What the user decided.</summary>
    public required McpElicitationAction Action { get; init; }

    /// <summary>
    /// For <see cref="McpElicitationAction.Accept"/> in form mode: a JSON object with a value for each field the user
    /// filled in, checked against the requested schema (types, lengths, formats, ranges, choices, required fields). Fields
    /// left out take the schema's defaults. Leave it out for decline, cancel and URL mode.
    /// </summary>
    public JsonElement? Content { get; init; }

    /// <summary>
    /// A note for the model, added to the waiting tool call's result (a host that answers on the user's behalf says why,
    /// for example that its client cannot show the question).
    /// </summary>
    internal string? Note { get; init; }
}
