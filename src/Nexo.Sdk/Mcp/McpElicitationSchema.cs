using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using ModelContextProtocol.Protocol;
using static ModelContextProtocol.Protocol.ElicitRequestParams;

namespace Nexo;

/// <summary>
/// Checks a form answer against an MCP elicitation's requested schema (the flat object of primitive properties the MCP
/// specification allows), so an answer the server would reject is refused before anything is sent: each problem is a
/// Validation error whose field is <c>content.NAME</c> and whose message names the property.
/// </summary>
internal static partial class McpElicitationSchema
{
    /// <summary>The content to send for an accepted form answer.</summary>
    /// <exception cref="NexoException">Validation, naming the first field that breaks the schema.</exception>
    public static Dictionary<string, JsonElement> Check(RequestSchema? schema, JsonElement? content)
    {
        var properties = schema?.Properties ?? new Dictionary<string, PrimitiveSchemaDefinition>();
        var values = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        switch (content)
        {
            case null or { ValueKind: JsonValueKind.Undefined or JsonValueKind.Null }:
                break;
            case { ValueKind: JsonValueKind.Object } obj:
                foreach (var property in obj.EnumerateObject())
                {
                    values[property.Name] = property.Value.Clone();
                }

                break;
            case { } other:
                throw NexoException.Validation("content", $"The answer's content must be a JSON object with one value per field, not {Kind(other)}.");
        }

        foreach (var name in values.Keys)
        {
            if (!properties.ContainsKey(name))
            {
                var known = properties.Count == 0 ? "it asks for no fields" : "its fields are " + string.Join(", ", properties.Keys.Select(k => $"'{k}'"));
                throw NexoException.Validation("content." + name, $"The request does not ask for a field '{name}' ({known}).");
            }
        }

        foreach (var name in schema?.Required ?? [])
        {
            if (properties.TryGetValue(name, out var definition) && !values.ContainsKey(name) && !HasDefault(definition))
            {
                throw NexoException.Validation("content." + name, $"The field {Label(name, definition)} is required.");
            }
        }

        foreach (var (name, value) in values)
        {
            if (Problem(properties[name], value) is { } problem)
            {
                throw NexoException.Validation("content." + name, $"The field {Label(name, properties[name])} {problem}.");
            }
        }

        return values;
    }

    /// <summary>What is wrong with <paramref name="value"/> for <paramref name="definition"/>, or <see langword="null"/>.</summary>
    internal static string? Problem(PrimitiveSchemaDefinition definition, JsonElement value) => definition switch
    {
        StringSchema s => StringProblem(s, value),
        NumberSchema n => NumberProblem(n, value),
        BooleanSchema => value.ValueKind is JsonValueKind.True or JsonValueKind.False ? null : $"must be true or false, not {Kind(value)}",
        UntitledSingleSelectEnumSchema e => ChoiceProblem(e.Enum, value),
        TitledSingleSelectEnumSchema e => ChoiceProblem(e.OneOf.Select(o => o.Const).ToList(), value),
#pragma warning disable MCP9001 // The legacy enumNames form is still what some servers send.
        LegacyTitledEnumSchema e => ChoiceProblem(e.Enum, value),
#pragma warning restore MCP9001
        UntitledMultiSelectEnumSchema m => ChoicesProblem(m.Items.Enum, m.MinItems, m.MaxItems, value),
        TitledMultiSelectEnumSchema m => ChoicesProblem(m.Items.AnyOf.Select(o => o.Const).ToList(), m.MinItems, m.MaxItems, value),
        _ => $"has a type ('{definition.Type}') that Nexo cannot check",
    };

    /// <summary>Whether the property has a default (the MCP client fills it in when the answer leaves the field out).</summary>
    internal static bool HasDefault(PrimitiveSchemaDefinition definition) => definition switch
    {
        StringSchema s => s.Default is not null,
        NumberSchema n => n.Default is not null,
        BooleanSchema b => b.Default is not null,
        UntitledSingleSelectEnumSchema e => e.Default is not null,
        TitledSingleSelectEnumSchema e => e.Default is not null,
#pragma warning disable MCP9001 // The legacy enumNames form is still what some servers send.
        LegacyTitledEnumSchema e => e.Default is not null,
#pragma warning restore MCP9001
        UntitledMultiSelectEnumSchema m => m.Default is not null,
        TitledMultiSelectEnumSchema m => m.Default is not null,
        _ => false,
    };

    /// <summary>The property's name with its title, for messages.</summary>
    internal static string Label(string name, PrimitiveSchemaDefinition definition) =>
        definition.Title is { Length: > 0 } title && title != name ? $"'{name}' ({title})" : $"'{name}'";

    private static string? StringProblem(StringSchema schema, JsonElement value)
    {
        if (value.ValueKind != JsonValueKind.String)
        {
            return $"must be a string, not {Kind(value)}";
        }

        var text = value.GetString()!;
        var length = text.EnumerateRunes().Count();
        if (schema.MinLength is { } min && length < min)
        {
            return $"must be at least {min} characters long (it has {length})";
        }

        if (schema.MaxLength is { } max && length > max)
        {
            return $"must be at most {max} characters long (it has {length})";
        }

        return schema.Format switch
        {
            "email" when !IsEmail(text) => $"must be an email address (like name@example.com), not '{text}'",
            "uri" when !Uri.TryCreate(text, UriKind.Absolute, out _) => $"must be an absolute URI (like https://example.com), not '{text}'",
            "date" when !DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _) => $"must be a date as YYYY-MM-DD, not '{text}'",
            "date-time" when !IsDateTime(text) => $"must be a date and time as YYYY-MM-DDTHH:MM:SS with Z or an offset (RFC 3339), not '{text}'",
            _ => null,
        };
    }

    private static string? NumberProblem(NumberSchema schema, JsonElement value)
    {
        if (value.ValueKind != JsonValueKind.Number || !value.TryGetDouble(out var number))
        {
            return $"must be a number, not {Kind(value)}";
        }

        if (schema.Type == "integer" && Math.Floor(number) != number)
        {
            return $"must be a whole number, not {value.GetRawText()}";
        }

        if (schema.Minimum is { } min && number < min)
        {
            return $"must be at least {min.ToString(CultureInfo.InvariantCulture)}, not {value.GetRawText()}";
        }

        if (schema.Maximum is { } max && number > max)
        {
            return $"must be at most {max.ToString(CultureInfo.InvariantCulture)}, not {value.GetRawText()}";
        }

        return null;
    }

    private static string? ChoiceProblem(IList<string> choices, JsonElement value)
    {
        if (value.ValueKind == JsonValueKind.String && choices.Contains(value.GetString()!))
        {
            return null;
        }

        return $"must be one of {string.Join(", ", choices.Select(c => $"'{c}'"))}, not {Shown(value)}";
    }

    private static string? ChoicesProblem(IList<string> choices, int? minItems, int? maxItems, JsonElement value)
    {
        if (value.ValueKind != JsonValueKind.Array)
        {
            return $"must be an array of choices, not {Kind(value)}";
        }

        var picked = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in value.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.String || !choices.Contains(item.GetString()!))
            {
                return $"may only hold {string.Join(", ", choices.Select(c => $"'{c}'"))}, not {Shown(item)}";
            }

            if (!picked.Add(item.GetString()!))
            {
                return $"holds '{item.GetString()}' twice";
            }
        }

        if (minItems is { } min && picked.Count < min)
        {
            return $"needs at least {min} choice{(min == 1 ? string.Empty : "s")} (it has {picked.Count})";
        }

        if (maxItems is { } max && picked.Count > max)
        {
            return $"allows at most {max} choice{(max == 1 ? string.Empty : "s")} (it has {picked.Count})";
        }

        return null;
    }

    private static bool IsEmail(string text) => EmailPattern().IsMatch(text);

    private static bool IsDateTime(string text) =>
        DateTimePattern().IsMatch(text)
        && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out _);

    private static string Kind(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Array => "an array",
        JsonValueKind.Object => "an object",
        _ => "null",
    };

    private static string Shown(JsonElement value) => value.ValueKind == JsonValueKind.String ? $"'{value.GetString()}'" : Kind(value);

    // One @, no spaces, a dot in the domain: what forms accept as an email address (the full RFC 5322 grammar is not the point).
    [GeneratedRegex(@"^[^@\s]+@[^@\s]+\.[^@\s]+$", RegexOptions.CultureInvariant)]
    private static partial Regex EmailPattern();

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$", RegexOptions.CultureInvariant)]
    private static partial Regex DateTimePattern();
}
