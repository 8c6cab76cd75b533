using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.AI;

namespace Nexo.BuiltinTools;

/// <summary>
/// The arguments of one built-in tool call, read with clear errors: a missing required argument, a wrong type, a number
/// out of range. Values come as <see cref="JsonElement"/>s from a model's call, or as .NET values from a host calling the
/// function itself (those are converted through JSON). Numbers and booleans given as strings are accepted.
/// </summary>
internal sealed class BuiltinToolArguments
{
    private readonly string _tool;
    private readonly Dictionary<string, JsonElement> _values = new(StringComparer.Ordinal);

    public BuiltinToolArguments(string tool, IEnumerable<KeyValuePair<string, object?>> arguments)
    {
        _tool = tool;
        foreach (var (name, value) in arguments)
        {
            var element = value switch
            {
                null => default,
                JsonElement e => e,
                _ => JsonSerializer.SerializeToElement(value, NexoJson.Options.GetTypeInfo(value.GetType())),
            };
            if (element.ValueKind is not JsonValueKind.Undefined and not JsonValueKind.Null)
            {
                _values[name] = element;
            }
        }
    }

    /// <summary>Reads the arguments of a call as the tool runner passes them (a JSON object).</summary>
    public static BuiltinToolArguments Of(string tool, JsonElement? arguments) =>
        new(tool, arguments is { ValueKind: JsonValueKind.Object } obj
            ? obj.EnumerateObject().Select(p => new KeyValuePair<string, object?>(p.Name, p.Value))
            : []);

    /// <summary>Reads the arguments of an <see cref="AIFunction"/> invocation.</summary>
    public static BuiltinToolArguments Of(string tool, AIFunctionArguments arguments) => new(tool, arguments);

    public bool Has(string name) => _values.ContainsKey(name);

    public string RequiredString(string name, bool allowEmpty = false) =>
        String(name, allowEmpty) ?? throw Error(name, $"the argument '{name}' is required.");

    public string? String(string name, bool allowEmpty = true)
    {
        if (!_values.TryGetValue(name, out var value))
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            throw Error(name, $"'{name}' must be a string.");
        }

        var text = value.GetString()!;
        return !allowEmpty && text.Length == 0 ? throw Error(name, $"'{name}' must not be empty.") : text;
    }

    public int? Int(string name, int min, int max)
    {
        if (!_values.TryGetValue(name, out var value))
        {
            return null;
        }

        long number;
        if (value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var n))
        {
            number = n;
        }
        else if (value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out var d) && d == Math.Floor(d) && Math.Abs(d) < long.MaxValue)
        {
            number = (long)d;
        }
        else if (value.ValueKind == JsonValueKind.String && long.TryParse(value.GetString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed))
        {
            number = parsed;
        }
        else
        {
            throw Error(name, $"'{name}' must be a whole number.");
        }

        return number < min || number > max
            ? throw Error(name, $"'{name}' must be between {min} and {max} (it is {number}).")
            : (int)number;
    }

    public bool? Bool(string name)
    {
        if (!_values.TryGetValue(name, out var value))
        {
            return null;
        }

        return value.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            JsonValueKind.String when bool.TryParse(value.GetString(), out var b) => b,
            _ => throw Error(name, $"'{name}' must be true or false."),
        };
    }

    public IReadOnlyList<string>? StringList(string name)
    {
        if (!_values.TryGetValue(name, out var value))
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Array)
        {
            throw Error(name, $"'{name}' must be an array of strings.");
        }

        return value.EnumerateArray()
            .Select(item => item.ValueKind == JsonValueKind.String ? item.GetString()! : throw Error(name, $"every item of '{name}' must be a string."))
            .ToList();
    }

    public JsonElement? Element(string name) => _values.TryGetValue(name, out var value) ? value : null;

    public NexoException Error(string field, string message) => BuiltinToolErrors.Fail(_tool, field, message);
}
