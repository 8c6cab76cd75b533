using System.Text.Json;
using StreamJsonRpc;

namespace Nexo.JsonRpcServer.Hosting;

/// <summary>
/// Finds the <c>id</c> of a request from the first bytes of a message too large to read whole, so that its error
/// answers that request (a client waits for its id, not for an error with a <c>null</c> id).
/// </summary>
internal static class RequestIdProbe
{
    /// <summary>The top-level <c>id</c> (a string or an integer) when it stands within <paramref name="prefix"/>; else <see cref="RequestId.Null"/>.</summary>
    public static RequestId Find(ReadOnlySpan<byte> prefix)
    {
        var reader = new Utf8JsonReader(prefix, isFinalBlock: false, state: default);
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return RequestId.Null;
            }

            while (reader.Read())
            {
                if (reader.TokenType == JsonTokenType.PropertyName && reader.CurrentDepth == 1)
                {
                    var isId = reader.ValueTextEquals("id"u8);
                    if (!reader.Read())
                    {
                        return RequestId.Null;
                    }

                    if (isId)
                    {
                        return reader.TokenType switch
                        {
                            JsonTokenType.String => new RequestId(reader.GetString()),
                            JsonTokenType.Number when reader.TryGetInt64(out var n) => new RequestId(n),
                            _ => RequestId.Null,
                        };
                    }

                    if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray && !reader.TrySkip())
                    {
                        return RequestId.Null; // the id comes after a value larger than the prefix
                    }
                }
            }
        }
        catch (JsonException)
        {
            // Not JSON: nothing to answer but a null id.
        }

        return RequestId.Null;
    }
}
