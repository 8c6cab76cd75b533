using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Nexo.Cli.Output;

/// <summary>JSON on stdout with the contract's conventions (<see cref="NexoJson.Options"/>): camelCase, enums as wire strings, UTC times.</summary>
public static class JsonOutput
{
    // NexoJson.Options' settings, with the CLI's source-generated metadata as the only resolver (no reflection).
    private static readonly JsonSerializerOptions Compact = Create(indented: false);
    private static readonly JsonSerializerOptions Indented = Create(indented: true);

    /// <summary>Writes <paramref name="value"/> as indented JSON followed by a line break (listings, records).</summary>
    /// <typeparam name="T">The value type; it needs metadata in the CLI's JSON context.</typeparam>
    /// <param name="writer">Where to write.</param>
    /// <param name="value">The value.</param>
    public static void Write<T>(TextWriter writer, T value)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteLine(JsonSerializer.Serialize(value, Info<T>()));
    }

    /// <summary>Writes <paramref name="value"/> as one compact line (event streams: one JSON value per line).</summary>
    /// <typeparam name="T">The value type; it needs metadata in the CLI's JSON context.</typeparam>
    /// <param name="writer">Where to write.</param>
    /// <param name="value">The value.</param>
    public static void WriteLine<T>(TextWriter writer, T value)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteLine(JsonSerializer.Serialize(value, CompactInfo<T>()));
    }

    /// <summary>
    /// Writes one event as one line: <c>{"event":"message-chunk","data":{…}}</c>. The <c>data</c> object is the
    /// event's payload exactly as the JSON-RPC host sends it as notification parameters.
    /// </summary>
    /// <param name="writer">Where to write.</param>
    /// <param name="nexoEvent">The event.</param>
    public static void WriteEvent(TextWriter writer, NexoEvent nexoEvent)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(nexoEvent);
        writer.WriteLine($"{{\"event\":{JsonSerializer.Serialize(nexoEvent.EventName, CompactInfo<string>())},\"data\":{NexoJson.SerializeEvent(nexoEvent)}}}");
    }

    /// <summary>The indented metadata of <typeparamref name="T"/>.</summary>
    internal static JsonTypeInfo<T> Info<T>() => (JsonTypeInfo<T>)Indented.GetTypeInfo(typeof(T));

    /// <summary>The compact metadata of <typeparamref name="T"/>.</summary>
    internal static JsonTypeInfo<T> CompactInfo<T>() => (JsonTypeInfo<T>)Compact.GetTypeInfo(typeof(T));

    private static JsonSerializerOptions Create(bool indented)
    {
        var options = new JsonSerializerOptions(NexoJson.Options) { WriteIndented = indented, TypeInfoResolver = CliJsonContext.Default };
        options.MakeReadOnly();
        return options;
    }
}
