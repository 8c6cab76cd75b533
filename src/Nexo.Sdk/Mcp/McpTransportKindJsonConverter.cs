using System.Text.Json;
using System.Text.Json.Serialization;

namespace Nexo;

/// <summary>Reads any name <see cref="McpTransportKinds"/> accepts; writes the wire name.</summary>
internal sealed class McpTransportKindJsonConverter : JsonConverter<McpTransportKind>
{
    public override McpTransportKind Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.String && McpTransportKinds.TryParse(reader.GetString(), out var kind)
            ? kind
            : throw new JsonException($"Unknown MCP server type; use one of: {string.Join(", ", McpTransportKinds.AcceptedNames)}.");

    public override void Write(Utf8JsonWriter writer, McpTransportKind value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStringValue(McpTransportKinds.Name(value));
    }
}
