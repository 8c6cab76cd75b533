using System.Text.Json;
using StreamJsonRpc;

/// <summary>The baseline: StreamJsonRpc over stdin/stdout with the same framing and formatter, nothing else.</summary>
internal static class EchoServer
{
    public static async Task RunAsync()
    {
        var formatter = new SystemTextJsonFormatter();
        formatter.JsonSerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        var rpc = new JsonRpc(new HeaderDelimitedMessageHandler(Console.OpenStandardOutput(), Console.OpenStandardInput(), formatter));
        rpc.AddLocalRpcTarget(new Target(rpc));
        rpc.StartListening();
        await rpc.Completion;
    }

    private sealed class Target(JsonRpc rpc)
    {
        [JsonRpcMethod("initialize", UseSingleObjectParameterDeserialization = true)]
        public object Initialize(JsonElement parameters) => new { serverInfo = new { name = "bare" } };

        [JsonRpcMethod("echo", UseSingleObjectParameterDeserialization = true)]
        public JsonElement Echo(JsonElement parameters) => parameters;

        [JsonRpcMethod("stream", UseSingleObjectParameterDeserialization = true)]
        public async Task<int> StreamAsync(StreamParams p)
        {
            for (var i = 0; i < p.Count; i++)
            {
                await rpc.NotifyWithParameterObjectAsync("message-chunk", new { chatId = "c", messageId = "m", chunk = p.Chunk });
            }

            return p.Count;
        }
    }

    private sealed record StreamParams(int Count, string Chunk);
}
