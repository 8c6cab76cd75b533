using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace Nexo;

/// <summary>
/// The JSON conventions of Nexo's public contract, shared by every host: camelCase names, enums as their wire
/// strings, ISO-8601 UTC times, absent optionals omitted (never <c>null</c>), non-ASCII text unescaped.
/// </summary>
public static class NexoJson
{
    /// <summary>
    /// The serializer options of the contract (read-only). The SDK's own types come from source-generated metadata
    /// (also in the native, AOT-compiled <c>nexo</c>); other types are serialised by reflection where the runtime can
    /// generate code (JIT), so a host may serialise its own types with these options too.
    /// </summary>
    public static JsonSerializerOptions Options { get; } = Create();

    /// <summary>Serialises an event payload (its <see cref="NexoEvent.EventName"/> is not part of the payload).</summary>
    /// <param name="nexoEvent">The event.</param>
    /// <returns>The payload as compact JSON.</returns>
    public static string SerializeEvent(NexoEvent nexoEvent)
    {
        ArgumentNullException.ThrowIfNull(nexoEvent);
        return JsonSerializer.Serialize(nexoEvent, Options.GetTypeInfo(nexoEvent.GetType()));
    }

    /// <summary>The metadata of <typeparamref name="T"/> under <see cref="Options"/> (from <see cref="NexoJsonContext"/>).</summary>
    internal static JsonTypeInfo<T> Info<T>() => (JsonTypeInfo<T>)Options.GetTypeInfo(typeof(T));

    /// <summary>A JSON node as an element, written with <see cref="Options"/> (its escaping).</summary>
    internal static JsonElement ToElement(JsonNode? node) => JsonSerializer.SerializeToElement(node, Info<JsonNode?>());

    /// <summary>
    /// Any value as JSON with <paramref name="options"/> (default <see cref="Options"/>), by its runtime type: the type
    /// needs metadata in the options' resolver (always there for the SDK's types, JSON nodes and primitives).
    /// </summary>
    internal static JsonNode? ToNode(object? value, JsonSerializerOptions? options = null) =>
        value is null ? null : JsonSerializer.SerializeToNode(value, (options ?? Options).GetTypeInfo(value.GetType()));

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
            TypeInfoResolver = WithReflectionFallback(NexoJsonContext.Default).WithAddedModifier(ShapeEventPayloads),
        };
        options.Converters.Add(new McpTransportKindJsonConverter());
        AddEnumConverters(options.Converters, JsonNamingPolicy.CamelCase);
        options.Converters.Add(new UtcDateTimeOffsetConverter());
        options.MakeReadOnly();
        return options;
    }

    /// <summary>
    /// Enums as camelCase strings (or their <see cref="JsonStringEnumMemberNameAttribute"/> names): one generic converter
    /// per enum of the contract (what Native AOT can compile), then, where code can be generated, any other enum.
    /// </summary>
    internal static void AddEnumConverters(IList<JsonConverter> converters, JsonNamingPolicy naming)
    {
        converters.Add(new JsonStringEnumConverter<LlmProviderKind>(naming));
        converters.Add(new JsonStringEnumConverter<UsageGroupBy>(naming));
        converters.Add(new JsonStringEnumConverter<NexoErrorKind>(naming));
        converters.Add(new JsonStringEnumConverter<MessageRole>(naming));
        converters.Add(new JsonStringEnumConverter<MessageStatus>(naming));
        converters.Add(new JsonStringEnumConverter<ContextStrategy>(naming));
        converters.Add(new JsonStringEnumConverter<ChatImportFormat>(naming));
        converters.Add(new JsonStringEnumConverter<ChatExportFormat>(naming));
        converters.Add(new JsonStringEnumConverter<McpServerStatus>(naming));
        converters.Add(new JsonStringEnumConverter<ToolPermissionMode>(naming));
        converters.Add(new JsonStringEnumConverter<ToolPermissionRule>(naming));
        if (RuntimeFeature.IsDynamicCodeSupported)
        {
            AddAnyEnumConverter(converters, naming);
        }
    }

    /// <summary>
    /// <paramref name="resolver"/>, then reflection for any other type where the runtime allows it (JIT hosts serialise
    /// their own types with <see cref="Options"/>). A Native AOT build has no reflection-based serialisation.
    /// </summary>
    internal static IJsonTypeInfoResolver WithReflectionFallback(IJsonTypeInfoResolver resolver) =>
        JsonSerializer.IsReflectionEnabledByDefault && RuntimeFeature.IsDynamicCodeSupported ? JsonTypeInfoResolver.Combine(resolver, Reflection()) : resolver;

    [UnconditionalSuppressMessage("Trimming", "IL2026", Justification = "Only where reflection-based serialisation is enabled (never in a trimmed Native AOT build, where the switch is off).")]
    [UnconditionalSuppressMessage("AOT", "IL3050", Justification = "Only where dynamic code is supported (checked by the caller).")]
    private static DefaultJsonTypeInfoResolver Reflection() => new();

    [UnconditionalSuppressMessage("AOT", "IL3050", Justification = "Only where dynamic code is supported (checked by the caller).")]
    private static void AddAnyEnumConverter(IList<JsonConverter> converters, JsonNamingPolicy naming) =>
        converters.Add(new JsonStringEnumConverter(naming));

    /// <summary>
    /// Event payloads: the overridden <see cref="NexoEvent.EventName"/> is the notification's name, not a payload field
    /// (the base's <see cref="JsonIgnoreAttribute"/> does not reach the overrides), and <c>chatId</c> comes first.
    /// </summary>
    private static void ShapeEventPayloads(JsonTypeInfo info)
    {
        if (info.Kind != JsonTypeInfoKind.Object || !typeof(NexoEvent).IsAssignableFrom(info.Type))
        {
            return;
        }

        for (var i = info.Properties.Count - 1; i >= 0; i--)
        {
            var property = info.Properties[i];
            if (property.Name == "eventName")
            {
                info.Properties.RemoveAt(i);
            }
            else if (property.Name == "chatId")
            {
                property.Order = -1;
            }
        }
    }

    private sealed class UtcDateTimeOffsetConverter : JsonConverter<DateTimeOffset>
    {
        public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            reader.GetDateTimeOffset();

        public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
            writer.WriteStringValue(value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture));
    }
}
