using System.Text.Json;

namespace Nexo.Tools;

/// <summary>The outcome of one tool call, as the agent loop hands it to the model and stores it.</summary>
internal sealed record TurnToolResult(bool IsError, string Text, JsonElement? Metadata);
