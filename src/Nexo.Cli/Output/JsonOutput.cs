using System.Text.Json;

namespace Nexo.Cli.Output;

/// <summary>JSON on stdout with the contract's conventions (<see cref="NexoJson.Options"/>): camelCase, enums as wire strings, UTC times.</summary>
public static class JsonOutput
{
    private static readonly JsonSerializerOptions Indented = new(NexoJson.Options) { WriteIndented = true };

    /// <summary>Writes <paramref name="value"/> as indented JSON followed by a line break (listings, records).</summary>
    /// <typeparam name="T">The value type.</typeparam>
    /// <param name="writer">Where to write.</param>
    /// <param name="value">The value.</param>
    public static void Write<T>(TextWriter writer, T value)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteLine(JsonSerializer.Serialize(value, Indented));
    }

    /// <summary>Writes <paramref name="value"/> as one compact line (event streams: one JSON value per line).</summary>
    /// <typeparam name="T">The value type.</typeparam>
    /// <param name="writer">Where to write.</param>
    /// <param name="value">The value.</param>
    public static void WriteLine<T>(TextWriter writer, T value)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteLine(JsonSerializer.Serialize(value, NexoJson.Options));
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
        writer.WriteLine($"{{\"event\":{JsonSerializer.Serialize(nexoEvent.EventName, NexoJson.Options)},\"data\":{NexoJson.SerializeEvent(nexoEvent)}}}");
    }
}
