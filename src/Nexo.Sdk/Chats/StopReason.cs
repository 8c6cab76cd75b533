using System.Text.Json;
using System.Text.Json.Serialization;

namespace Nexo;

/// <summary>
/// Why a turn ended, in the shape of MEAI's <c>ChatFinishReason</c>: a small value type over the wire string
/// (<c>end_turn</c>, <c>max_tokens</c>, <c>refusal</c>, <c>cancelled</c>, <c>max_turn_requests</c>). It serialises as that
/// string and converts to it implicitly.
/// </summary>
[JsonConverter(typeof(StopReasonJsonConverter))]
public readonly struct StopReason : IEquatable<StopReason>
{
    private readonly string? _value;

    /// <summary>Creates a stop reason from its wire string.</summary>
    /// <param name="value">The wire string; not empty.</param>
    public StopReason(string value)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(value);
        _value = value;
    }

    /// <summary>The model finished its answer.</summary>
    public static StopReason EndTurn { get; } = new("end_turn");

    /// <summary>The answer hit the output token limit.</summary>
    public static StopReason MaxTokens { get; } = new("max_tokens");

    /// <summary>The provider's content filter stopped the answer.</summary>
    public static StopReason Refusal { get; } = new("refusal");

    /// <summary>The turn was cancelled; what arrived is kept.</summary>
    public static StopReason Cancelled { get; } = new("cancelled");

    /// <summary>The model still asked for tools after the workspace's maximum number of model calls.</summary>
    public static StopReason MaxTurnRequests { get; } = new("max_turn_requests");

    /// <summary>The wire string (<c>end_turn</c> for <see langword="default"/>).</summary>
    public string Value => _value ?? "end_turn";

    /// <summary>Converts to the wire string.</summary>
    /// <param name="reason">The stop reason.</param>
    public static implicit operator string(StopReason reason) => reason.Value;

    /// <summary>Whether two stop reasons have the same wire string.</summary>
    public static bool operator ==(StopReason left, StopReason right) => left.Equals(right);

    /// <summary>Whether two stop reasons differ.</summary>
    public static bool operator !=(StopReason left, StopReason right) => !left.Equals(right);

    /// <summary>The stop reason for a provider's finish reason (<c>length</c>, <c>content_filter</c>, anything else).</summary>
    /// <param name="finishReason">MEAI's <c>ChatFinishReason</c> value, or <see langword="null"/>.</param>
    public static StopReason FromFinishReason(string? finishReason) => finishReason switch
    {
        "length" => MaxTokens,
        "content_filter" => Refusal,
        _ => EndTurn,
    };

    /// <inheritdoc />
    public bool Equals(StopReason other) => string.Equals(Value, other.Value, StringComparison.Ordinal);

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is StopReason other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Value);

    /// <inheritdoc />
    public override string ToString() => Value;
}

/// <summary>Reads and writes a <see cref="StopReason"/> as its wire string.</summary>
internal sealed class StopReasonJsonConverter : JsonConverter<StopReason>
{
    public override StopReason Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        new(reader.GetString() ?? throw new JsonException("A stop reason must be a string."));

    public override void Write(Utf8JsonWriter writer, StopReason value, JsonSerializerOptions options) => writer.WriteStringValue(value.Value);
}
