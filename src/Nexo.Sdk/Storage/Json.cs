using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace Nexo.Storage;

/// <summary>
/// The JSON settings used for JSON columns. Every column type has source-generated metadata in
/// <see cref="NexoJsonContext"/> and there is no reflection fallback, so a type missing there fails every test that
/// writes it, in the JIT build as in the native one.
/// </summary>
internal static class Json
{
    public static readonly JsonSerializerOptions Options = Create();

    public static string Serialize<T>(T value) => JsonSerializer.Serialize(value, Info<T>());

    private static JsonTypeInfo<T> Info<T>() => (JsonTypeInfo<T>)Options.GetTypeInfo(typeof(T));

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            TypeInfoResolver = NexoJsonContext.Default,
        };
        options.MakeReadOnly();
        return options;
    }

    public static T Deserialize<T>(string? json, T fallback)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return fallback;
        }

        return JsonSerializer.Deserialize(json, Info<T>()) ?? fallback;
    }

    public static JsonElement? ParseElement(string? json) =>
        string.IsNullOrWhiteSpace(json) ? null : JsonDocument.Parse(json).RootElement.Clone();

    public static string? ElementToString(JsonElement? element) =>
        element is { ValueKind: not JsonValueKind.Undefined and not JsonValueKind.Null } e ? e.GetRawText() : null;
}
