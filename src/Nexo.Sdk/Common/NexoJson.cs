using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace Nexo;

/// <summary>
/// The JSON conventions of Nexo's public contract, shared by every host: camelCase names, enums as their wire
/// strings, ISO-8601 UTC times, absent optionals omitted (never <c>null</c>), non-ASCII text unescaped.
/// </summary>
public static class NexoJson
{
    /// <summary>The serializer options of the contract (read-only).</summary>
    public static JsonSerializerOptions Options { get; } = Create();

    /// <summary>Serialises an event payload (its <see cref="NexoEvent.EventName"/> is not part of the payload).</summary>
    /// <param name="nexoEvent">The event.</param>
    /// <returns>The payload as compact JSON.</returns>
    public static string SerializeEvent(NexoEvent nexoEvent)
    {
        ArgumentNullException.ThrowIfNull(nexoEvent);
        return JsonSerializer.Serialize(nexoEvent, nexoEvent.GetType(), Options);
    }

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
            Converters = { new McpTransportKindJsonConverter(), new JsonStringEnumConverter(JsonNamingPolicy.CamelCase), new UtcDateTimeOffsetConverter() },
            TypeInfoResolver = new DefaultJsonTypeInfoResolver { Modifiers = { ShapeEventPayloads } },
        };
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }

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
