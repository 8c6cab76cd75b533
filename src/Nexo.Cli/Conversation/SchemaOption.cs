using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.AI;

namespace Nexo.Cli.Conversation;

/// <summary>
/// <c>nexo chat --schema</c>: a JSON Schema file, an inline JSON Schema object, or simonw/llm's shorthand: <c>name type</c>
/// pairs separated by commas (or by newlines, which lets descriptions hold commas), the type one of <c>str</c> (the
/// default), <c>int</c>, <c>float</c>, <c>bool</c>, and an optional <c>: description</c>; for example
/// <c>'name str, age int: in years'</c>. The shorthand makes an object schema with those properties, all required.
/// </summary>
internal static class SchemaOption
{
    private const string DefaultName = "response";

    private static readonly Dictionary<string, string> Types = new(StringComparer.OrdinalIgnoreCase)
    {
        ["str"] = "string", ["string"] = "string",
        ["int"] = "integer", ["integer"] = "integer",
        ["float"] = "number", ["number"] = "number",
        ["bool"] = "boolean", ["boolean"] = "boolean",
    };

    /// <summary>The response format of the option's value.</summary>
    /// <exception cref="UsageException">The file is not a JSON object, or the shorthand is malformed.</exception>
    public static ChatResponseFormat Parse(string value)
    {
        var schema = ToSchema(value);
        var title = schema.TryGetProperty("title", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
        var name = title is { Length: > 0 and <= 64 } && title.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-') ? title : DefaultName;
        return ChatResponseFormat.ForJsonSchema(schema, name);
    }

    /// <summary>The JSON Schema object of the option's value.</summary>
    internal static JsonElement ToSchema(string value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new UsageException("--schema is empty: give a JSON Schema file or fields such as 'name str, age int'.");
        }

        if (File.Exists(value))
        {
            return ParseJson(File.ReadAllText(value), $"The schema file '{value}'");
        }

        if (value.TrimStart().StartsWith('{'))
        {
            return ParseJson(value, "The --schema value");
        }

        return FromShorthand(value);
    }

    /// <summary>The object schema of llm-style shorthand (see the class summary).</summary>
    internal static JsonElement FromShorthand(string shorthand)
    {
        var properties = new JsonObject();
        var required = new JsonArray();
        var separators = shorthand.Contains('\n', StringComparison.Ordinal) ? new[] { '\n' } : new[] { ',' };
        foreach (var raw in shorthand.Split(separators, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var colon = raw.IndexOf(':', StringComparison.Ordinal);
            var head = (colon < 0 ? raw : raw[..colon]).Trim();
            var description = colon < 0 ? null : raw[(colon + 1)..].Trim();
            var words = head.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (words.Length is 0 or > 2)
            {
                throw new UsageException($"--schema: '{raw}' is not a field: write 'name type' (type str, int, float or bool; str when omitted), optionally followed by ': description'.");
            }

            var name = words[0];
            var type = "string";
            if (words.Length == 2 && !Types.TryGetValue(words[1], out type!))
            {
                throw new UsageException($"--schema: the field '{name}' has the unknown type '{words[1]}'; use str, int, float or bool.");
            }

            if (properties.ContainsKey(name))
            {
                throw new UsageException($"--schema: the field '{name}' is given twice.");
            }

            var property = new JsonObject { ["type"] = type };
            if (!string.IsNullOrEmpty(description))
            {
                property["description"] = description;
            }

            properties[name] = property;
            required.Add((JsonNode?)JsonValue.Create(name));
        }

        if (properties.Count == 0)
        {
            throw new UsageException("--schema names no fields: give a JSON Schema file or fields such as 'name str, age int'.");
        }

        var schema = new JsonObject { ["type"] = "object", ["properties"] = properties, ["required"] = required };
        return JsonDocument.Parse(schema.ToJsonString()).RootElement.Clone();
    }

    private static JsonElement ParseJson(string json, string what)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new UsageException($"{what} is not a JSON object (a JSON Schema).");
            }

            return document.RootElement.Clone();
        }
        catch (JsonException ex)
        {
            throw new UsageException($"{what} is not valid JSON: {ex.Message}");
        }
    }
}
