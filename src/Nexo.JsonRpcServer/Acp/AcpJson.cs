using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Nexo.JsonRpcServer.Acp;

/// <summary>
/// The JSON conventions of ACP: camelCase names (with <c>_meta</c> spelled out), absent optionals omitted,
/// discriminators (<c>type</c>, <c>sessionUpdate</c>) accepted anywhere in an object, non-ASCII text unescaped, and
/// enums (such as the error kind of <see cref="Hosting.RpcErrorData"/>) as camelCase strings.
/// </summary>
internal static class AcpJson
{
    /// <summary>
    /// The options of the connection (read-only): the formatter takes a copy, the params of every method are checked
    /// with them before dispatch, and values built outside the connection use them.
    /// </summary>
    public static JsonSerializerOptions Options { get; } = Create();

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.General)
        {
            PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
            DictionaryKeyPolicy = null,
            PropertyNameCaseInsensitive = false,
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            AllowOutOfOrderMetadataProperties = true,
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
            NumberHandling = JsonNumberHandling.Strict,
            Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
        };
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
