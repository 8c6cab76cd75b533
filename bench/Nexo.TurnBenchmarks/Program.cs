// Per-chunk overhead of a Nexo chat turn: an in-process fake IChatClient yields N chunks as fast as it can;
// the same client is enumerated directly (baseline) and through NexoClient.Chats.SendMessageAsync (events
// published to a subscriber, partial content flushed to a real SQLite file every 250 ms, final message and
// usage stored). Prints the time per chunk of each and their ratio.
using System.Diagnostics;
using System.Globalization;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;
using Nexo;

var sizes = args.Length > 0 ? args.Select(a => int.Parse(a, CultureInfo.InvariantCulture)).ToArray() : [1_000, 10_000, 100_000];
var folder = Directory.CreateTempSubdirectory("nexo-turn-bench").FullName;
var client = new FastClient();
await using var nexo = await NexoClient.OpenAsync(new NexoOptions { DatabasePath = Path.Combine(folder, "bench.db"), LlmClientFactory = new Factory(client) });
var ws = await nexo.Workspaces.CreateAsync(new NewWorkspace { Name = "bench" });
var connection = await nexo.Connections.CreateAsync(new NewLlmConnection { Name = "fake", Provider = LlmProviderKind.OpenAICompatible, BaseUrl = "http://127.0.0.1:9", DefaultModel = "fake" });
await nexo.Workspaces.UpdateSettingsAsync(ws.Id, new WorkspaceSettingsPatch { LlmConnectionId = connection.Id });
long events = 0;
using var subscription = nexo.Events.Subscribe(_ => Interlocked.Increment(ref events));

Console.WriteLine($"Nexo turn overhead — {Environment.ProcessorCount} cores, .NET {Environment.Version}, SQLite file in {folder}");
Console.WriteLine("| chunks | direct enumeration | Nexo turn (events + persistence) | direct µs/chunk | Nexo µs/chunk | ratio |");
Console.WriteLine("|---:|---:|---:|---:|---:|---:|");
foreach (var n in sizes)
{
    client.Chunks = n;
    var direct = Best(3, () => Direct(client));
    var turn = Best(3, () => Turn(nexo, ws.Id));
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"| {n:N0} | {direct.TotalMilliseconds:F1} ms | {turn.TotalMilliseconds:F1} ms | {direct.TotalMicroseconds / n:F3} | {turn.TotalMicroseconds / n:F3} | {turn / direct:F1}× |"));
}

Console.WriteLine($"events observed: {events:N0}");
Directory.Delete(folder, true);

static TimeSpan Best(int runs, Func<Task> body)
{
    body().GetAwaiter().GetResult(); // warm-up
    var best = TimeSpan.MaxValue;
    for (var i = 0; i < runs; i++)
    {
        var sw = Stopwatch.StartNew();
        body().GetAwaiter().GetResult();
        best = sw.Elapsed < best ? sw.Elapsed : best;
    }

    return best;
}

static async Task Direct(FastClient client)
{
    var text = new System.Text.StringBuilder();
    await foreach (var update in client.GetStreamingResponseAsync([new ChatMessage(ChatRole.User, "go")]))
    {
        text.Append(update.Text);
    }
}

static async Task Turn(NexoClient nexo, string workspaceId)
{
    var chat = await nexo.Chats.CreateAsync(new NewChat { WorkspaceId = workspaceId, Title = "bench" });
    await nexo.Chats.SendMessageAsync(new SendMessageRequest { ChatId = chat.Id, Content = "go" });
}

internal sealed class FastClient : IChatClient
{
    public int Chunks { get; set; }

    public async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var updates = new List<ChatResponseUpdate>();
        await foreach (var u in GetStreamingResponseAsync(messages, options, cancellationToken))
        {
            updates.Add(u);
        }

        return updates.ToChatResponse();
    }

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await Task.Yield();
        for (var i = 0; i < Chunks; i++)
        {
            yield return new ChatResponseUpdate(ChatRole.Assistant, "tok ");
        }

        yield return new ChatResponseUpdate { FinishReason = ChatFinishReason.Stop };
    }

    public object? GetService(Type serviceType, object? serviceKey = null) => null;

    public void Dispose()
    {
    }
}

internal sealed class Factory(IChatClient client) : ILlmClientFactory
{
    public IChatClient CreateClient(LlmConnection connection, LlmConnectionSecrets secrets, string modelId) => client;

    public Task<IReadOnlyList<LlmModel>> ListModelsAsync(LlmConnection connection, LlmConnectionSecrets secrets, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<LlmModel>>([]);
}
