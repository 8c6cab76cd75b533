using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Nexo.JsonRpcServer.Contract;

namespace Nexo.JsonRpcServer.Hosting;

/// <summary>
/// Checks the named-params object of a method before it is dispatched, so that a missing or wrongly typed field is
/// answered with -32602 naming the field (StreamJsonRpc itself would only say that no overload matched). Used by the
/// Nexo contract and by ACP, each with its own serializer options.
/// </summary>
internal static class ParamsValidator
{
    private static readonly ConcurrentDictionary<(Type Type, JsonSerializerOptions Options), JsonTypeInfo> TypeInfos = new();

    /// <summary>Returns the problem with <paramref name="parameters"/>, or <see langword="null"/> when they fit <paramref name="method"/>.</summary>
    /// <param name="method">The contract method.</param>
    /// <param name="parameters">The <c>params</c> member, or <see langword="null"/> when absent.</param>
    public static NexoException? Check(RpcMethod method, JsonElement? parameters) =>
        Check(method.Name, method.ParamsType, NexoJson.Options, parameters);

    /// <summary>Returns the problem with <paramref name="parameters"/>, or <see langword="null"/> when they deserialize to <paramref name="paramsType"/>.</summary>
    /// <param name="method">The method name (for messages).</param>
    /// <param name="paramsType">The type the params object deserializes to.</param>
    /// <param name="options">The serializer options of the connection (read-only).</param>
    /// <param name="parameters">The <c>params</c> member, or <see langword="null"/> when absent.</param>
    public static NexoException? Check(string method, Type paramsType, JsonSerializerOptions options, JsonElement? parameters)
    {
        var info = TypeInfos.GetOrAdd((paramsType, options), key => key.Options.GetTypeInfo(key.Type));
        if (parameters is not { ValueKind: not JsonValueKind.Null } element)
        {
            var firstRequired = info.Properties.FirstOrDefault(p => p.IsRequired);
            return firstRequired is null ? null : Missing(firstRequired.Name);
        }

        if (element.ValueKind != JsonValueKind.Object)
        {
            return NexoException.Validation("params", $"The params of '{method}' must be one object of named parameters, not {Describe(element.ValueKind)}.");
        }

        foreach (var property in info.Properties)
        {
            if (property.IsRequired && (!element.TryGetProperty(property.Name, out var value) || value.ValueKind == JsonValueKind.Null))
            {
                return Missing(property.Name);
            }
        }

        try
        {
            element.Deserialize(info);
            return null;
        }
        catch (JsonException ex)
        {
            var field = FieldOf(ex.Path);
            if (EnumItemProblem(info, element, field, options) is { } item)
            {
                return item;
            }

            var top = info.Properties.FirstOrDefault(p => p.Name == field);
            var expected = top is null ? null : $" (expected {JsonKindOf(top.PropertyType)})";
            var detail = ex.Message.Split(" Path:", 2)[0];
            return NexoException.Validation(field, $"The parameter '{field}' is invalid{expected}: {detail}");
        }
    }

    /// <summary>
    /// An unknown value in an array of enum values (<c>groupBy: ["model", "galaxy"]</c>): the problem names the array's
    /// parameter, quotes the value and lists the allowed ones; <see langword="null"/> when the failure is something else.
    /// </summary>
    private static NexoException? EnumItemProblem(JsonTypeInfo info, JsonElement parameters, string field, JsonSerializerOptions options)
    {
        var open = field.IndexOf('[', StringComparison.Ordinal);
        if (open <= 0 || !field.EndsWith(']')
            || !int.TryParse(field.AsSpan(open + 1, field.Length - open - 2), NumberStyles.None, CultureInfo.InvariantCulture, out var index))
        {
            return null;
        }

        var name = field[..open];
        var property = info.Properties.FirstOrDefault(p => p.Name == name);
        if (property is null || EnumElementType(property.PropertyType) is not { } enumType)
        {
            return null;
        }

        var array = parameters.EnumerateObject().FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase)).Value;
        var value = array.ValueKind == JsonValueKind.Array && index < array.GetArrayLength() ? array[index].GetRawText() : "the value";
        var allowed = Enum.GetValues(enumType).Cast<object>().Select(v => JsonSerializer.Serialize(v, enumType, options).Trim('"'));
        return NexoException.Validation(name, $"The parameter '{name}' is invalid: item {index} ({value}) is not one of {string.Join(", ", allowed)}.");
    }

    private static Type? EnumElementType(Type type)
    {
        if (type == typeof(string))
        {
            return null;
        }

        var element = type.IsArray
            ? type.GetElementType()
            : type.GetInterfaces().Append(type).FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEnumerable<>))?.GetGenericArguments()[0];
        element = element is null ? null : Nullable.GetUnderlyingType(element) ?? element;
        return element is { IsEnum: true } ? element : null;
    }

    private static NexoException Missing(string field) => NexoException.Validation(field, $"The parameter '{field}' is required.");

    private static string FieldOf(string? path)
    {
        if (string.IsNullOrEmpty(path) || path == "$")
        {
            return "params";
        }

        return path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path.TrimStart('$');
    }

    private static string JsonKindOf(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type == typeof(string) || type == typeof(DateTimeOffset) || type.IsEnum)
        {
            return type.IsEnum ? "one of its string values" : "a string";
        }

        if (type == typeof(bool))
        {
            return "a boolean";
        }

        if (type.IsPrimitive || type == typeof(decimal))
        {
            return "a number";
        }

        if (type == typeof(JsonElement))
        {
            return "any JSON value";
        }

        return type.IsAssignableTo(typeof(System.Collections.IEnumerable)) && !type.Name.Contains("Dictionary", StringComparison.Ordinal)
            ? "an array"
            : "an object";
    }

    private static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        _ => kind.ToString().ToLowerInvariant(),
    };
}
