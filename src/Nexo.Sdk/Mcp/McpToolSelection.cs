using System.Text.Json;

namespace Nexo;

/// <summary>
/// Reads a workspace's MCP tool selection (<c>mcpToolIds</c>) in any of the shapes hosts send, into Nexo's
/// <see cref="WorkspaceSettings.McpToolIds"/> form: server connection id → the names of the tools it enables.
/// </summary>
public static class McpToolSelection
{
    /// <summary>
    /// Normalises a tool selection. Accepted shapes (they may be mixed in one object):
    /// <list type="bullet">
    /// <item>Nexo's <c>{"serverId": ["toolA", "toolB"]}</c>;</item>
    /// <item>the original Nexo's <c>{"toolName": "serverId"}</c> (one server per tool name);</item>
    /// <item>an array of tool ids <c>["serverId/toolName", …]</c>;</item>
    /// <item>any of these as a JSON string (the original stored the map as text), or <c>null</c> for none.</item>
    /// </list>
    /// Empty names are dropped and duplicates removed; the order of first appearance is kept.
    /// </summary>
    /// <param name="value">The JSON value a host received.</param>
    /// <returns>Server id → tool names.</returns>
    /// <exception cref="NexoException">Validation (field <c>mcpToolIds</c>) when the value has another shape.</exception>
    public static IReadOnlyDictionary<string, IReadOnlyList<string>> Normalize(JsonElement value)
    {
        var result = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        Read(value, result, allowText: true);
        return result.ToDictionary(kv => kv.Key, kv => (IReadOnlyList<string>)kv.Value, StringComparer.Ordinal);
    }

    private static void Read(JsonElement value, Dictionary<string, List<string>> result, bool allowText)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Undefined:
            case JsonValueKind.Null:
                return;
            case JsonValueKind.String when allowText:
                var text = value.GetString();
                if (string.IsNullOrWhiteSpace(text))
                {
                    return;
                }

                try
                {
                    using var doc = JsonDocument.Parse(text);
                    Read(doc.RootElement, result, allowText: false);
                }
                catch (JsonException ex)
                {
                    throw NexoException.Validation("mcpToolIds", $"The MCP tool selection is a string that is not valid JSON: {ex.Message}");
                }

                return;
            case JsonValueKind.Array:
                foreach (var item in value.EnumerateArray())
                {
                    var id = item.ValueKind == JsonValueKind.String ? item.GetString() : null;
                    var slash = id?.IndexOf('/', StringComparison.Ordinal) ?? -1;
                    if (id is null || slash <= 0 || slash == id.Length - 1)
                    {
                        throw NexoException.Validation("mcpToolIds", $"The MCP tool selection array must hold tool ids of the form 'serverId/toolName' (got {item.GetRawText()}).");
                    }

                    Add(result, id[..slash], id[(slash + 1)..]);
                }

                return;
            case JsonValueKind.Object:
                foreach (var property in value.EnumerateObject())
                {
                    switch (property.Value.ValueKind)
                    {
                        case JsonValueKind.Array:
                            // Nexo's form: server id → tool names.
                            var list = GetOrAdd(result, property.Name);
                            foreach (var tool in property.Value.EnumerateArray())
                            {
                                if (tool.ValueKind != JsonValueKind.String)
                                {
                                    throw NexoException.Validation("mcpToolIds", $"The tools of MCP server '{property.Name}' must be names (strings), got {tool.GetRawText()}.");
                                }

                                AddName(list, tool.GetString());
                            }

                            break;
                        case JsonValueKind.String:
                            // The original's form: tool name → server id.
                            Add(result, property.Value.GetString(), property.Name);
                            break;
                        case JsonValueKind.Null:
                            break;
                        default:
                            throw NexoException.Validation(
                                "mcpToolIds",
                                $"'{property.Name}' in the MCP tool selection must map to a list of tool names or to a server id, got {property.Value.GetRawText()}.");
                    }
                }

                return;
            default:
                throw NexoException.Validation("mcpToolIds", $"The MCP tool selection must be an object or an array, got {value.ValueKind.ToString().ToLowerInvariant()}.");
        }
    }

    private static void Add(Dictionary<string, List<string>> result, string? serverId, string toolName)
    {
        if (string.IsNullOrWhiteSpace(serverId))
        {
            return;
        }

        AddName(GetOrAdd(result, serverId), toolName);
    }

    private static List<string> GetOrAdd(Dictionary<string, List<string>> result, string serverId)
    {
        if (!result.TryGetValue(serverId, out var list))
        {
            list = [];
            result[serverId] = list;
        }

        return list;
    }

    private static void AddName(List<string> list, string? name)
    {
        if (!string.IsNullOrWhiteSpace(name) && !list.Contains(name, StringComparer.Ordinal))
        {
            list.Add(name);
        }
    }
}
