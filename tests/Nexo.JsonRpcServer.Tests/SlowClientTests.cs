using System.IO.Pipelines;
using System.Text;
using System.Text.Json.Nodes;
using Nexo.JsonRpcServer.Hosting;
using Nexo.Sdk.Tests.Chats;

namespace Nexo.JsonRpcServer.Tests;

/// <summary>
/// Issue 12, item 5: a client that stops reading does not make the host queue every chunk, and one that stays
/// blocked past the stall timeout is disconnected while its turn goes on and is stored.
/// </summary>
public sealed class SlowClientTests : IAsyncLifetime
{
    private readonly string _folder = Directory.CreateTempSubdirectory("nexo-slow-client-").FullName;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        await TestStore.ReleaseAsync(_folder);
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task AClientThatStopsReading_GetsTheWholeAnswer_InCoalescedChunks_AndTheTurnIsStored()
    {
        const int Words = 40_000;
        var model = new ScriptedChatClient();
        var produced = EnqueueLongAnswer(model, Words);
        using var stop = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await using var client = new InProcessClient(await TestStore.DbArgumentAsync(_folder), await TestStore.OptionsAsync(_folder), model, Timeout.InfiniteTimeSpan, stop.Token);
        var chat = await client.SetUpChatAsync();

        // The client stops reading while the whole answer streams.
        await client.SendAsync(5, "send_message", new JsonObject { ["chatId"] = chat, ["content"] = "talk" });
        await produced.WaitAsync(stop.Token);
        var response = await client.ReadUntilAsync(5);

        var chunks = client.Received.Where(m => (string?)m["method"] == "message-chunk").Select(m => (string)m["params"]!["chunk"]!).ToList();
        var whole = Answer(Words);
        Assert.Equal(whole, string.Concat(chunks));
        Assert.True(chunks.Count < Words / 2, $"{chunks.Count} chunk notifications for {Words} chunks: nothing was coalesced.");
        Assert.Equal(whole, (string)response["result"]!["assistantMessage"]!["content"]!);

        await client.Input.DisposeAsync();
        await client.Host.WaitAsync(stop.Token);
    }

    [Fact]
    public async Task AClientBlockedPastTheStallTimeout_IsDisconnected_AndItsTurnGoesOnAndIsStoredWhole()
    {
        const int Words = 40_000;
        var model = new ScriptedChatClient();
        var produced = EnqueueLongAnswer(model, Words);
        using var stop = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await using var client = new InProcessClient(await TestStore.DbArgumentAsync(_folder), await TestStore.OptionsAsync(_folder), model, TimeSpan.FromMilliseconds(500), stop.Token);
        var chat = await client.SetUpChatAsync();

        // The client sends a message and never reads again.
        await client.SendAsync(5, "send_message", new JsonObject { ["chatId"] = chat, ["content"] = "talk" });
        var exitCode = await client.Host.WaitAsync(stop.Token);
        await client.Input.DisposeAsync();

        Assert.Equal(NexoJsonRpcHost.ClientStalledExitCode, exitCode);
        Assert.True(produced.IsCompletedSuccessfully, "The host returned before the turn had streamed its answer.");
        await using var nexo = await NexoClient.OpenAsync(await TestStore.OptionsAsync(_folder), stop.Token);
        var messages = await nexo.Messages.ListAsync(chat, cancellationToken: stop.Token);
        var answer = Assert.Single(messages, m => m.Role == MessageRole.Assistant);
        Assert.Equal(MessageStatus.Complete, answer.Status);
        Assert.Equal(Answer(Words), answer.Content);
    }

    private static string Answer(int words) => string.Concat(Enumerable.Range(0, words).Select(i => $"w{i} "));

    /// <summary>About two seconds of streaming (long enough for a stalled client to be noticed); completes when every chunk is produced.</summary>
    private static Task EnqueueLongAnswer(ScriptedChatClient model, int words)
    {
        var produced = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        model.Enqueue(
        [
            .. Enumerable.Range(0, words).SelectMany(i => i % 400 == 399 ? new[] { Step.Text($"w{i} "), Step.Wait(20) } : [Step.Text($"w{i} ")]),
            Step.Run(() =>
            {
                produced.TrySetResult();
                return Task.CompletedTask;
            }),
        ]);
        return produced.Task;
    }

    /// <summary>The host over in-memory pipes with newline framing; the pipe to the client holds 64 KiB like an OS pipe.</summary>
    private sealed class InProcessClient : IAsyncDisposable
    {
        private readonly Pipe _toHost = new();
        private readonly Pipe _fromHost = new(new PipeOptions(pauseWriterThreshold: 64 * 1024, resumeWriterThreshold: 32 * 1024));
        private readonly StreamReader _output;
        private readonly CancellationToken _stop;

        /// <param name="database">The <c>--db</c> value.</param>
        /// <param name="sdk">The SDK options of the store (its key and data folder on PostgreSQL); the model and a short flush interval are set here.</param>
        /// <param name="model">The scripted model.</param>
        /// <param name="stallTimeout">The host's client stall timeout.</param>
        /// <param name="stop">Ends the host and every read.</param>
        public InProcessClient(string database, NexoOptions sdk, ScriptedChatClient model, TimeSpan stallTimeout, CancellationToken stop)
        {
            _stop = stop;
            sdk.LlmClientFactory = new ScriptedFactory(model);
            sdk.StreamFlushInterval = TimeSpan.FromMilliseconds(50);
            Host = NexoJsonRpcHost.RunAsync(
                _toHost.Reader.AsStream(),
                _fromHost.Writer.AsStream(),
                new NexoJsonRpcHostOptions
                {
                    DatabasePath = database,
                    Framing = MessageFraming.Newline,
                    ClientStallTimeout = stallTimeout,
                    SdkOptions = sdk,
                },
                stop);
            Input = _toHost.Writer.AsStream();
            _output = new StreamReader(_fromHost.Reader.AsStream(), Encoding.UTF8);
        }

        public Task<int> Host { get; }

        public Stream Input { get; }

        public List<JsonObject> Received { get; } = [];

        public async Task SendAsync(object? id, string method, JsonNode? parameters)
        {
            var message = new JsonObject { ["jsonrpc"] = "2.0", ["method"] = method, ["params"] = parameters };
            if (id is not null)
            {
                message["id"] = JsonValue.Create(id);
            }

            await Input.WriteAsync(Encoding.UTF8.GetBytes(message.ToJsonString() + "\n"), _stop);
            await Input.FlushAsync(_stop);
        }

        public async Task<JsonObject> ReadUntilAsync(int id)
        {
            while (true)
            {
                var line = await _output.ReadLineAsync(_stop) ?? throw new InvalidOperationException("The host closed its output.");
                var message = JsonNode.Parse(line)!.AsObject();
                Received.Add(message);
                if (message["id"] is JsonValue v && v.ToJsonString() == id.ToString(System.Globalization.CultureInfo.InvariantCulture))
                {
                    Assert.True(message["error"] is null, message.ToJsonString());
                    return message;
                }
            }
        }

        /// <summary>Initializes the session and creates a connection, a workspace and a chat; returns the chat id (request ids 1–4).</summary>
        public async Task<string> SetUpChatAsync()
        {
            await SendAsync(1, "initialize", new JsonObject { ["capabilities"] = new JsonObject() });
            await ReadUntilAsync(1);
            await SendAsync(null, "initialized", new JsonObject());
            await SendAsync(2, "create_llm_connection", new JsonObject { ["name"] = "scripted", ["provider"] = "openai-compatible", ["baseUrl"] = "http://127.0.0.1:9", ["defaultModel"] = "m" });
            await ReadUntilAsync(2);
            await SendAsync(3, "create_workspace", new JsonObject { ["name"] = "slow" });
            var workspace = (string)(await ReadUntilAsync(3))["result"]!["id"]!;
            await SendAsync(4, "create_chat", new JsonObject { ["workspaceId"] = workspace, ["title"] = "t" });
            return (string)(await ReadUntilAsync(4))["result"]!["id"]!;
        }

        public async ValueTask DisposeAsync()
        {
            await _toHost.Writer.CompleteAsync();
            await _fromHost.Reader.CompleteAsync();
            _output.Dispose();
        }
    }
}
