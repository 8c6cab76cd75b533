using System.IO.Pipelines;
using System.Text;
using System.Text.Json.Nodes;
using Nexo.JsonRpcServer.Hosting;
using Nexo.Sdk.Tests.Chats;

namespace Nexo.JsonRpcServer.Tests;

/// <summary>Issue 12, item 5: a client that stops reading does not make the host queue every chunk.</summary>
public sealed class SlowClientTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("nexo-slow-client-").FullName;

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task AClientThatStopsReading_GetsTheWholeAnswer_InCoalescedChunks_AndTheTurnIsStored()
    {
        const int Words = 40_000;
        var model = new ScriptedChatClient();
        // About two seconds of streaming (long enough for the stalled client to be noticed), then a signal that every
        // chunk has been produced.
        var produced = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        model.Enqueue(
        [
            .. Enumerable.Range(0, Words).SelectMany(i => i % 400 == 399 ? new[] { Step.Text($"w{i} "), Step.Wait(20) } : [Step.Text($"w{i} ")]),
            Step.Run(() =>
            {
                produced.TrySetResult();
                return Task.CompletedTask;
            }),
        ]);
        var toHost = new Pipe();
        var fromHost = new Pipe(new PipeOptions(pauseWriterThreshold: 64 * 1024, resumeWriterThreshold: 32 * 1024));
        using var stop = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var host = NexoJsonRpcHost.RunAsync(
            toHost.Reader.AsStream(),
            fromHost.Writer.AsStream(),
            new NexoJsonRpcHostOptions
            {
                DatabasePath = Path.Combine(_folder, "nexo.db"),
                Framing = MessageFraming.Newline,
                SdkOptions = new NexoOptions { LlmClientFactory = new ScriptedFactory(model), StreamFlushInterval = TimeSpan.FromMilliseconds(50) },
            },
            stop.Token);
        var input = toHost.Writer.AsStream();
        using var output = new StreamReader(fromHost.Reader.AsStream(), Encoding.UTF8);
        var received = new List<JsonObject>();

        async Task SendAsync(object? id, string method, JsonNode? parameters)
        {
            var message = new JsonObject { ["jsonrpc"] = "2.0", ["method"] = method, ["params"] = parameters };
            if (id is not null)
            {
                message["id"] = JsonValue.Create(id);
            }

            await input.WriteAsync(Encoding.UTF8.GetBytes(message.ToJsonString() + "\n"), stop.Token);
            await input.FlushAsync(stop.Token);
        }

        async Task<JsonObject> ReadUntilAsync(int id)
        {
            while (true)
            {
                var line = await output.ReadLineAsync(stop.Token) ?? throw new InvalidOperationException("The host closed its output.");
                var message = JsonNode.Parse(line)!.AsObject();
                received.Add(message);
                if (message["id"] is JsonValue v && v.ToJsonString() == id.ToString(System.Globalization.CultureInfo.InvariantCulture))
                {
                    Assert.True(message["error"] is null, message.ToJsonString());
                    return message;
                }
            }
        }

        await SendAsync(1, "initialize", new JsonObject { ["capabilities"] = new JsonObject() });
        await ReadUntilAsync(1);
        await SendAsync(null, "initialized", new JsonObject());
        await SendAsync(2, "create_llm_connection", new JsonObject { ["name"] = "scripted", ["provider"] = "openai-compatible", ["baseUrl"] = "http://127.0.0.1:9", ["defaultModel"] = "m" });
        await ReadUntilAsync(2);
        await SendAsync(3, "create_workspace", new JsonObject { ["name"] = "slow" });
        var workspace = (string)(await ReadUntilAsync(3))["result"]!["id"]!;
        await SendAsync(4, "create_chat", new JsonObject { ["workspaceId"] = workspace, ["title"] = "t" });
        var chat = (string)(await ReadUntilAsync(4))["result"]!["id"]!;

        // The client stops reading while the whole answer streams.
        await SendAsync(5, "send_message", new JsonObject { ["chatId"] = chat, ["content"] = "talk" });
        await produced.Task.WaitAsync(stop.Token);
        var response = await ReadUntilAsync(5);

        var chunks = received.Where(m => (string?)m["method"] == "message-chunk").Select(m => (string)m["params"]!["chunk"]!).ToList();
        var whole = string.Concat(Enumerable.Range(0, Words).Select(i => $"w{i} "));
        Assert.Equal(whole, string.Concat(chunks));
        Assert.True(chunks.Count < Words / 2, $"{chunks.Count} chunk notifications for {Words} chunks: nothing was coalesced.");
        Assert.Equal(whole, (string)response["result"]!["assistantMessage"]!["content"]!);

        await input.DisposeAsync();
        await host.WaitAsync(stop.Token);
    }
}
