using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Nexo.Testing;
using Xunit.Abstractions;

namespace Nexo.JsonRpcServer.Tests;

/// <summary>
/// Issue 12, item 5, measured on the real process: a client that stops reading for a minute while three turns stream
/// 600,000 words each costs the host bounded memory, and every word reaches the client and the store.
/// </summary>
/// <remarks>The ceiling is documented in <c>docs/security.md</c> ("Bounded memory"); the test prints what it measured.</remarks>
public sealed class BlockedClientMemoryTests(ITestOutputHelper output) : IAsyncLifetime
{
    /// <summary>The documented ceiling of the host's peak resident set in this scenario.</summary>
    public const long PeakRssCeilingMb = 450;

    private const int Turns = 3;
    private const int WordsPerTurn = 600_000;
    private const int WordsPerChunk = 10;
    private static readonly TimeSpan Blocked = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(5);

    private readonly string _folder = Directory.CreateTempSubdirectory("nexo-blocked-client-").FullName;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        await TestStore.ReleaseAsync(_folder);
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task AClientThatStopsReadingForAMinute_WhileThreeTurnsStream600kWordsEach_CostsBoundedMemory_AndGetsEveryWord()
    {
        if (!OperatingSystem.IsLinux())
        {
            return; // the resident set is read from /proc
        }

        using var stop = new CancellationTokenSource(Patience);
        // Ten words per chunk (60,000 chunks a turn): the provider fake and the HTTP parsing, not the host's queue, set
        // the pace of one word per chunk, and the streaming must end well within the minute the client is blocked.
        var chunks = Enumerable.Range(0, WordsPerTurn / WordsPerChunk)
            .Select(c => string.Concat(Enumerable.Range(c * WordsPerChunk, WordsPerChunk).Select(Word)))
            .ToArray();
        var whole = string.Concat(chunks);
        await using var provider = await FakeOpenAIServer.StartAsync();
        provider.Models.Add("fake-model");
        provider.DefaultResponse = FakeResponse.Text(chunks);

        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { ServerProcess.ServerDll, "--db", await TestStore.DbArgumentAsync(_folder), "--framing", "newline", "--log-level", "Warning" })
        {
            info.ArgumentList.Add(arg);
        }

        foreach (var (name, value) in TestStore.HostEnvironment(_folder))
        {
            info.Environment[name] = value;
        }

        using var process = Process.Start(info)!;
        var stderr = new StringBuilder();
        process.ErrorDataReceived += (_, e) =>
        {
            lock (stderr)
            {
                stderr.AppendLine(e.Data);
            }
        };
        process.BeginErrorReadLine();
        var client = new LineClient(process.StandardInput.BaseStream, process.StandardOutput.BaseStream);
        try
        {
            await client.CallAsync(1, "initialize", new JsonObject { ["capabilities"] = new JsonObject() }, stop.Token);
            await client.SendAsync(null, "initialized", new JsonObject(), stop.Token);
            var connection = await client.CallAsync(2, "create_llm_connection", new JsonObject
            {
                ["name"] = "fake",
                ["provider"] = "openai-compatible",
                ["baseUrl"] = provider.BaseUrl,
                ["apiKey"] = "sk-test",
                ["defaultModel"] = "fake-model",
            }, stop.Token);
            var workspace = await client.CallAsync(3, "create_workspace", new JsonObject { ["name"] = "blocked" }, stop.Token);
            await client.CallAsync(4, "save_workspace_settings", new JsonObject { ["workspaceId"] = (string)workspace["id"]!, ["llmConnectionId"] = (string)connection["id"]!, ["streamEnabled"] = true }, stop.Token);
            var chats = new List<string>();
            for (var i = 0; i < Turns; i++)
            {
                chats.Add((string)(await client.CallAsync(10 + i, "create_chat", new JsonObject { ["workspaceId"] = (string)workspace["id"]!, ["title"] = $"turn {i}" }, stop.Token))["id"]!);
            }

            // Three turns start; the client reads nothing for a minute while they stream.
            var baseline = Rss(process.Id).Current;
            for (var i = 0; i < Turns; i++)
            {
                await client.SendAsync(20 + i, "send_message", new JsonObject { ["chatId"] = chats[i], ["content"] = "talk at length" }, stop.Token);
            }

            await Task.Delay(Blocked, stop.Token);
            var produced = provider.ChatRequests.Count;
            output.WriteLine($"after {Blocked.TotalSeconds:0} s: {produced} chat requests, RSS {Rss(process.Id).Current / 1024} MB");

            // The client reads again: every answer arrives whole, in chunks and in the response.
            var responses = await client.ReadResponsesAsync([20, 21, 22], stop.Token);
            var (peak, current) = Rss(process.Id);
            output.WriteLine(
                $"host peak RSS {peak / 1024} MB (ceiling {PeakRssCeilingMb} MB; {baseline / 1024} MB before the turns, {current / 1024} MB after); " +
                $"{Turns} turns x {WordsPerTurn:N0} words ({chunks.Length:N0} chunks each) in {client.ChunkNotifications:N0} message-chunk notifications after {Blocked.TotalSeconds:0} s without reading");

            Assert.Equal(Turns, produced);
            foreach (var response in responses)
            {
                var answer = response["result"]!["assistantMessage"]!;
                Assert.Equal("complete", (string?)answer["status"]);
                Assert.Equal(whole.Length, ((string)answer["content"]!).Length);
                Assert.Equal(whole, (string)answer["content"]!);
                Assert.Equal(whole, client.ChunksOf((string)answer["id"]!));
            }

            Assert.True(client.ChunkNotifications < Turns * chunks.Length / 2, $"{client.ChunkNotifications} notifications for {Turns * chunks.Length} chunks: nothing was coalesced.");
            Assert.True(peak / 1024 < PeakRssCeilingMb, $"The host's peak RSS was {peak / 1024} MB, over the documented ceiling of {PeakRssCeilingMb} MB.");

            // The store holds each turn whole too.
            await using var nexo = await NexoClient.OpenAsync(await TestStore.OptionsAsync(_folder), stop.Token);
            foreach (var chat in chats)
            {
                var stored = (await nexo.Messages.ListAsync(chat, cancellationToken: stop.Token)).Single(m => m.Role == MessageRole.Assistant);
                Assert.Equal(MessageStatus.Complete, stored.Status);
                Assert.Equal(whole, stored.Content);
            }
        }
        finally
        {
            process.StandardInput.Close();
            if (!process.WaitForExit(TimeSpan.FromSeconds(30)))
            {
                process.Kill(entireProcessTree: true);
            }

            lock (stderr)
            {
                output.WriteLine(stderr.ToString());
            }
        }
    }

    /// <summary>
    /// The i-th word of the answer: drawn from a vocabulary of 5,000 words, as prose is (a full-text index of 600,000
    /// distinct words measures the index, not the host), numbered every 1,000 words so that a lost or repeated piece shows.
    /// </summary>
    private static string Word(int i) => i % 1000 == 0
        ? string.Create(CultureInfo.InvariantCulture, $"[{i}] ")
        : string.Create(CultureInfo.InvariantCulture, $"v{(i * 7919L) % 5000} ");

    /// <summary>The peak (VmHWM) and current (VmRSS) resident set of a process, in KiB.</summary>
    private static (long Peak, long Current) Rss(int pid)
    {
        long Read(string key) => File.ReadLines($"/proc/{pid}/status")
            .Where(l => l.StartsWith(key, StringComparison.Ordinal))
            .Select(l => long.Parse(l[key.Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture))
            .Single();
        return (Read("VmHWM:"), Read("VmRSS:"));
    }

    /// <summary>A lean newline-framed client: it reads only when asked and keeps only the chunk texts, per message.</summary>
    private sealed class LineClient(Stream input, Stream output)
    {
        private readonly StreamReader _reader = new(output, Encoding.UTF8, false, 1 << 16);
        private readonly Dictionary<string, StringBuilder> _chunks = new(StringComparer.Ordinal);
        private readonly Dictionary<int, JsonObject> _responses = [];

        public int ChunkNotifications { get; private set; }

        public string ChunksOf(string messageId) => _chunks.TryGetValue(messageId, out var text) ? text.ToString() : string.Empty;

        public async Task SendAsync(int? id, string method, JsonObject parameters, CancellationToken cancellationToken)
        {
            var message = new JsonObject { ["jsonrpc"] = "2.0", ["method"] = method, ["params"] = parameters };
            if (id is { } value)
            {
                message["id"] = value;
            }

            await input.WriteAsync(Encoding.UTF8.GetBytes(message.ToJsonString() + "\n"), cancellationToken);
            await input.FlushAsync(cancellationToken);
        }

        public async Task<JsonNode> CallAsync(int id, string method, JsonObject parameters, CancellationToken cancellationToken)
        {
            await SendAsync(id, method, parameters, cancellationToken);
            var response = (await ReadResponsesAsync([id], cancellationToken))[0];
            Assert.True(response["error"] is null, $"{method} failed: {response["error"]?.ToJsonString()}");
            return response["result"]!;
        }

        /// <summary>Reads until every id has its response; chunk notifications on the way are kept by message.</summary>
        public async Task<List<JsonObject>> ReadResponsesAsync(int[] ids, CancellationToken cancellationToken)
        {
            while (ids.Any(id => !_responses.ContainsKey(id)))
            {
                var line = await _reader.ReadLineAsync(cancellationToken) ?? throw new InvalidOperationException("The host closed its output.");
                using var document = JsonDocument.Parse(line);
                var root = document.RootElement;
                if (root.TryGetProperty("method", out var method))
                {
                    if (method.GetString() == "message-chunk")
                    {
                        var parameters = root.GetProperty("params");
                        var messageId = parameters.GetProperty("messageId").GetString()!;
                        ref var text = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(_chunks, messageId, out _);
                        (text ??= new StringBuilder()).Append(parameters.GetProperty("chunk").GetString());
                        ChunkNotifications++;
                    }
                }
                else if (root.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.Number)
                {
                    _responses[id.GetInt32()] = JsonNode.Parse(line)!.AsObject();
                }
            }

            return ids.Select(id => _responses[id]).ToList();
        }
    }
}
