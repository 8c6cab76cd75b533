using System.Text.Json;

namespace Nexo.Tools;

/// <summary>A tool offered to the model in a turn, and how to reach it.</summary>
internal sealed record TurnTool(
    string ModelName,
    string ToolId,
    string ServerId,
    string ServerName,
    string ToolName,
    string? Description,
    JsonElement InputSchema,
    string? RootUri = null);
