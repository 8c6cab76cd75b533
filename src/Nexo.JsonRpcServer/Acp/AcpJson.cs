using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Nexo.JsonRpcServer.Acp;

/// <summary>
/// The JSON conventions of ACP: camelCase names (with <c>_meta</c> spelled out), absent optionals omitted,
/// discriminators (<c>type</c>, <c>sessionUpdate</c>) accepted anywhere in an object, non-ASCII text unescaped.
/// </summary>
internal static class AcpJson
{
    /// <summary>Applies the conventions to the serializer options of the connection's formatter.</summary>
    public static void Configure(JsonSerializerOptions options)
    {
        options.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        options.DictionaryKeyPolicy = null;
        options.PropertyNameCaseInsensitive = false;
        options.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull;
        options.AllowOutOfOrderMetadataProperties = true;
        options.Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping;
        options.NumberHandling = JsonNumberHandling.Strict;
    }

    /// <summary>Standalone options with the same conventions (for values built outside the connection).</summary>
    public static JsonSerializerOptions Options { get; } = Create();

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.General);
        Configure(options);
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
