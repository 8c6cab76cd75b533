using System.Text.Json;
using Microsoft.Extensions.Logging;
using StreamJsonRpc;
using StreamJsonRpc.Protocol;

namespace Nexo.JsonRpcServer.Acp;

/// <summary>
/// Newline-delimited JSON-RPC that survives bad input: a line that is not JSON gets a <c>-32700</c> parse error and a
/// line that is not one JSON-RPC message (a batch array, a bare value) gets <c>-32600</c>, both with <c>id: null</c>,
/// and the connection goes on (StreamJsonRpc alone would close it).
/// </summary>
internal sealed partial class AcpMessageHandler(Stream output, Stream input, SystemTextJsonFormatter formatter, ILogger logger)
    : NewLineDelimitedMessageHandler(output, input, formatter)
{
    protected override async ValueTask<JsonRpcMessage?> ReadCoreAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            try
            {
                return await base.ReadCoreAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is JsonException or FormatException or InvalidOperationException or NotSupportedException)
            {
                var code = ex is JsonException { Path: null } && ex.Message.Contains("invalid", StringComparison.OrdinalIgnoreCase) ? -32700 : -32600;
                Log.BadMessage(logger, ex.Message);
                await WriteAsync(
                    new JsonRpcError
                    {
                        RequestId = RequestId.Null,
                        Error = new JsonRpcError.ErrorDetail
                        {
                            Code = (JsonRpcErrorCode)code,
                            Message = code == -32700 ? "Parse error: the line is not JSON." : "Invalid request: each line must be one JSON-RPC message object (ACP has no batches).",
                        },
                    },
                    cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private static partial class Log
    {
        [LoggerMessage(Level = LogLevel.Warning, Message = "Ignored a line that is not a JSON-RPC message: {Error}")]
        public static partial void BadMessage(ILogger logger, string error);
    }
}
