using System.Collections;
using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging.Abstractions;
using Nexo.Chats;
using Nexo.Context;
using Nexo.Testing;
using Nexo.Tools;

namespace Nexo.ContextBenchmarks;

/// <summary>
/// The cost of fitting a long chat into the model's window, per turn. One SQLite database through <see cref="NexoClient"/>
/// holds a chat of N stored messages (user and assistant alternating, 50–400 words each) and a 10-message chat. Each
/// configuration (window × token counter) is measured two ways:
/// <list type="bullet">
/// <item>End to end: <c>Chats.SendMessageAsync</c> against the local fake OpenAI server (which counts every prompt with
/// o200k_base and refuses one over the window). A middleware records when each model call starts and ends, so a turn splits
/// into the work before the model call (user message stored, branch read, history split, fitting, answer row created),
/// the summary call, the model call, and the work after it. Every turn forks from the same stored leaf, so every sample
/// sees the same branch.</item>
/// <item>Directly (InternalsVisibleTo): <c>GetBranchAsync</c>, <c>TurnHistory.Create</c> and <c>ContextFitter.FitAsync</c>
/// timed one by one on the same database, the summarizer answering in-process at once so the fitting's own cost is
/// left.</item>
/// </list>
/// </summary>
internal sealed class FitBenchmark(Options options)
{
    private const string SystemPrompt = "You are a careful senior engineer. Answer precisely and keep code samples short.";

    private static readonly FieldInfo? TokenCache = typeof(TokenCounter).GetField("Cache", BindingFlags.NonPublic | BindingFlags.Static);

    private readonly CallTimeline _timeline = new();
    private readonly List<FitConfig> _configs = [];
    private readonly List<E2ERow> _e2e = [];
    private readonly List<DirectRow> _direct = [];
    private readonly Dictionary<string, (List<double> Short, List<double> Long)> _storage = new(StringComparer.Ordinal);
    private string _answer = string.Empty;
    private string _summary = string.Empty;

    public async Task RunAsync()
    {
        if (TokenCache?.GetValue(null) is not IDictionary)
        {
            throw new InvalidOperationException("TokenCounter.Cache was not found: the benchmark clears it to measure a cold token cache.");
        }

        Directory.CreateDirectory(options.Folder);
        var path = Path.Combine(options.Folder, "context-bench.db");
        foreach (var file in new[] { path, path + "-wal", path + "-shm" })
        {
            File.Delete(file);
        }

        var text = new ChatText(7);
        _answer = text.Next(user: false);
        _summary = "Summary: " + new ChatText(8, 120, 160).Next(user: false);

        await using var server = await FakeOpenAIServer.StartAsync();
        server.Responder = request => FakeResponse.Text(IsSummary(request) ? _summary : _answer).WithUsage(1000, 200);
        await using var nexo = await NexoClient.OpenAsync(new NexoOptions
        {
            DatabasePath = path,
            EncryptionKey = new byte[32],
            ConfigureChatClient = b => b.Use(inner => new TimingChatClient(inner, _timeline)),
        });
        var ws = await nexo.Workspaces.CreateAsync(new NewWorkspace { Name = "bench" });
        await nexo.Workspaces.UpdateSettingsAsync(ws.Id, new WorkspaceSettingsPatch { SystemMessage = SystemPrompt });
        foreach (var window in options.Windows)
        {
            foreach (var (model, counter) in new[] { ("gpt-4o-mini", "o200k_base"), ("llama-3.3-70b-instruct", "estimate") })
            {
                var connection = await nexo.Connections.CreateAsync(new NewLlmConnection
                {
                    Name = $"{counter}-{window}",
                    Provider = LlmProviderKind.OpenAICompatible,
                    BaseUrl = server.BaseUrl,
                    ApiKey = "sk-bench",
                    DefaultModel = model,
                    Models = [new LlmModel { Id = model, ContextWindow = window }],
                });
                _configs.Add(new FitConfig(window, model, counter, connection));
            }
        }

        var longChat = await nexo.Chats.CreateAsync(new NewChat { WorkspaceId = ws.Id, Title = "long" });
        var shortChat = await nexo.Chats.CreateAsync(new NewChat { WorkspaceId = ws.Id, Title = "short" });
        Console.Error.WriteLine($"Seeding a {options.Messages:N0}-message chat (not timed)…");
        var seed = Stopwatch.StartNew();
        var longLeaf = await SeedAsync(nexo, longChat.Id, options.Messages, text, "L");
        var shortLeaf = await SeedAsync(nexo, shortChat.Id, 10, text, "S");
        var chars = (await nexo.MessageRepository.GetBranchAsync(longLeaf)).Sum(m => (long)m.Content.Length);
        Console.Error.WriteLine($"  seeded in {seed.Elapsed.TotalSeconds:F0} s ({chars:N0} characters)");

        // Without this the first configuration measured pays for tier-0 code (JIT tiering): about +90 ms per turn.
        Console.Error.WriteLine("Warm-up (not timed)…");
        foreach (var config in _configs)
        {
            server.ContextWindow = config.Window;
            foreach (var strategy in new[] { ContextStrategy.Truncate, ContextStrategy.Summarize })
            {
                await nexo.Workspaces.UpdateSettingsAsync(ws.Id, new WorkspaceSettingsPatch { ContextStrategy = strategy });
                for (var i = 0; i < 2; i++)
                {
                    await TurnAsync(nexo, server, config, longChat.Id, longLeaf, text.Next(user: true));
                    await TurnAsync(nexo, server, config, shortChat.Id, shortLeaf, text.Next(user: true));
                }
            }
        }

        await StorageAsync(nexo, shortLeaf, longLeaf);
        foreach (var config in _configs)
        {
            await EndToEndAsync(nexo, server, ws.Id, config, shortChat.Id, shortLeaf, longChat.Id, longLeaf, text);
            await DirectAsync(nexo, ws, config, shortChat.Id, shortLeaf, longChat.Id, longLeaf, text);
        }

        Print(chars);
    }

    private static bool IsSummary(RecordedRequest request) =>
        request.Json?["messages"]?[0]?["content"]?.ToJsonString().Contains("You compact conversations", StringComparison.Ordinal) == true;

    private static async Task<string> SeedAsync(NexoClient nexo, string chatId, int count, ChatText text, string prefix)
    {
        var start = DateTimeOffset.UtcNow.AddDays(-30);
        const int batch = 2_000;
        string? parent = null;
        for (var done = 0; done < count; done += batch)
        {
            var list = new List<Message>();
            for (var i = done; i < Math.Min(count, done + batch); i++)
            {
                var id = string.Create(CultureInfo.InvariantCulture, $"{prefix}{i:D6}");
                var user = i % 2 == 0;
                list.Add(new Message
                {
                    Id = id,
                    ChatId = chatId,
                    ParentId = parent,
                    Role = user ? MessageRole.User : MessageRole.Assistant,
                    Content = text.Next(user),
                    Model = user ? null : "gpt-4o-mini",
                    CreatedAt = start.AddSeconds(i),
                    UpdatedAt = start.AddSeconds(i),
                });
                parent = id;
            }

            await nexo.MessageRepository.CreateManyAsync(list);
        }

        return parent!;
    }

    private async Task StorageAsync(NexoClient nexo, string shortLeaf, string longLeaf)
    {
        Console.Error.WriteLine("Storage and splitting…");
        var system = new ChatMessage(ChatRole.System, SystemPrompt);
        var folder = nexo.Attachments.Folder;
        var read = (Short: new List<double>(), Long: new List<double>());
        var split = (Short: new List<double>(), Long: new List<double>());
        for (var run = -3; run < options.Runs; run++)
        {
            foreach (var (leaf, isLong) in new[] { (shortLeaf, false), (longLeaf, true) })
            {
                Stats.Collect();
                var t0 = Stopwatch.GetTimestamp();
                var branch = await nexo.MessageRepository.GetBranchAsync(leaf);
                var t1 = Stopwatch.GetTimestamp();
                _ = TurnHistory.Create(system, branch, folder);
                var t2 = Stopwatch.GetTimestamp();
                if (run >= 0)
                {
                    (isLong ? read.Long : read.Short).Add(Stats.Ms(t0, t1));
                    (isLong ? split.Long : split.Short).Add(Stats.Ms(t1, t2));
                }
            }
        }

        _storage["GetBranchAsync (read the branch)"] = read;
        _storage["TurnHistory.Create (split into turns)"] = split;
    }

    private async Task EndToEndAsync(
        NexoClient nexo, FakeOpenAIServer server, string workspaceId, FitConfig config, string shortChat, string shortLeaf, string longChat, string longLeaf, ChatText text)
    {
        Console.Error.WriteLine($"End to end: window {config.Window:N0}, {config.Counter}…");
        server.ContextWindow = config.Window;

        async Task<List<TurnSample>> Turns(string name, string chatId, string parent, bool clearCache, int warmups)
        {
            var samples = new List<TurnSample>();
            for (var run = -warmups; run < options.Runs; run++)
            {
                if (clearCache)
                {
                    ClearTokenCache();
                }

                var sample = await TurnAsync(nexo, server, config, chatId, parent, text.Next(user: true));
                if (run >= 0)
                {
                    samples.Add(sample);
                }
            }

            _e2e.Add(new E2ERow(config, name, samples));
            var last = samples[^1];
            Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {name}: turn {Stats.Median(samples.Select(s => s.Total).ToList()):F1} ms, before call {Stats.Median(samples.Select(s => s.Before).ToList()):F1} ms, {last.PromptTokens:N0} prompt tokens, {samples.Sum(s => s.Summaries)} summaries, {samples.Sum(s => s.Refused)} refused"));
            return samples;
        }

        await Turns("10-message chat", shortChat, shortLeaf, clearCache: false, warmups: 1);
        await nexo.Workspaces.UpdateSettingsAsync(workspaceId, new WorkspaceSettingsPatch { ContextStrategy = ContextStrategy.Truncate });
        await Turns("truncate, first turn (cold token cache)", longChat, longLeaf, clearCache: true, warmups: 0);
        await Turns("truncate, steady state", longChat, longLeaf, clearCache: false, warmups: 1);
        await nexo.Workspaces.UpdateSettingsAsync(workspaceId, new WorkspaceSettingsPatch { ContextStrategy = ContextStrategy.Summarize });
        var first = await Turns("summarize, first turn (makes the summary)", longChat, longLeaf, clearCache: true, warmups: 0);
        await Turns("summarize, steady state after the summary", longChat, first[^1].AssistantId, clearCache: false, warmups: 1);
    }

    private async Task<TurnSample> TurnAsync(NexoClient nexo, FakeOpenAIServer server, FitConfig config, string chatId, string parent, string content)
    {
        Stats.Collect();
        _timeline.Clear();
        var t0 = Stopwatch.GetTimestamp();
        var result = await nexo.Chats.SendMessageAsync(new SendMessageRequest
        {
            ChatId = chatId,
            Content = content,
            ParentMessageId = parent,
            LlmConnectionId = config.Connection.Id,
            SelectedModel = config.Model,
        });
        var t1 = Stopwatch.GetTimestamp();
        if (result.AssistantMessage.Status != MessageStatus.Complete)
        {
            throw new InvalidOperationException($"The turn failed: {result.AssistantMessage.Error}");
        }

        var calls = _timeline.Snapshot();
        var summaries = calls.Where(c => c.Summary).ToList();
        var main = calls.Where(c => !c.Summary).ToList();
        var summaryMs = summaries.Sum(c => Stats.Ms(c.Start, c.End));
        return new TurnSample(
            Total: Stats.Ms(t0, t1),
            Before: Stats.Ms(t0, main[0].Start) - summaryMs,
            Summary: summaryMs,
            Model: main.Sum(c => Stats.Ms(c.Start, c.End)),
            After: Stats.Ms(main[^1].End, t1),
            Summaries: summaries.Count,
            Refused: main.Count - 1,
            PromptTokens: server.PromptTokenCounts.LastOrDefault(),
            AssistantId: result.AssistantMessageId);
    }

    private async Task DirectAsync(NexoClient nexo, Workspace ws, FitConfig config, string shortChat, string shortLeaf, string longChat, string longLeaf, ChatText text)
    {
        Console.Error.WriteLine($"Direct: window {config.Window:N0}, {config.Counter}…");
        var deps = new EngineDependencies
        {
            Chats = nexo.ChatRepository,
            Messages = nexo.MessageRepository,
            Workspaces = nexo.WorkspaceRepository,
            Connections = nexo.LlmConnectionRepository,
            Usage = nexo.UsageRepository,
            AppSettings = nexo.AppSettingRepository,
            ClientFactory = () => nexo.LlmClientFactory,
            Events = nexo.Events,
            Time = TimeProvider.System,
            Logger = NullLogger.Instance,
            AttachmentsFolder = nexo.Attachments.Folder,
        };
        var fitter = new ContextFitter(deps, new UsageRecorder(deps));
        var system = new ChatMessage(ChatRole.System, SystemPrompt);
        var summarizer = new InstantSummarizer(_summary, config.Model);
        var user = text.Next(user: true);

        async Task<DirectRow> Fit(string name, string chatId, IReadOnlyList<Message> branch, string parent, ContextStrategy strategy, bool cold, int warmups)
        {
            var chat = await nexo.Chats.GetAsync(chatId);
            var times = new List<double>();
            ContextCompactedEvent? compacted = null;
            var tokens = 0;
            var summaryId = (string?)null;
            for (var run = -warmups; run < options.Runs; run++)
            {
                using var active = new ActiveTurn(CancellationToken.None, CancellationToken.None);
                ContextCompactedEvent? seen = null;
                var turn = new TurnContext
                {
                    Plan = new TurnPlan { ChatId = chatId },
                    Chat = chat,
                    Workspace = ws,
                    Settings = new WorkspaceSettings { WorkspaceId = ws.Id, SystemMessage = SystemPrompt, ContextStrategy = strategy },
                    Connection = config.Connection,
                    Model = config.Model,
                    Client = summarizer,
                    Attachments = [],
                    Tools = ToolSet.Empty,
                    Turn = active,
                    Io = CancellationToken.None,
                    Emit = e => seen = e as ContextCompactedEvent ?? seen,
                };
                if (cold)
                {
                    ClearTokenCache();
                }

                Stats.Collect();
                var t0 = Stopwatch.GetTimestamp();
                var history = TurnHistory.Create(system, branch, deps.AttachmentsFolder);
                history.Current.Add(new ChatMessage(ChatRole.User, user));
                var (_, parentId, fitted) = await fitter.FitAsync(turn, history, parent, tools: null, overflow: null);
                var t1 = Stopwatch.GetTimestamp();
                if (run >= 0)
                {
                    times.Add(Stats.Ms(t0, t1));
                    compacted = seen;
                    tokens = fitted;
                    summaryId = parentId == parent ? null : parentId;
                }
            }

            var row = new DirectRow(config, name, times, compacted, tokens, summaryId);
            _direct.Add(row);
            Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {name}: {Stats.Median(times):F2} ms, {tokens:N0} tokens, {(compacted is null ? "fits whole" : $"{compacted.Strategy}: {compacted.CompactedMessages:N0} messages left out or summarized")}"));
            return row;
        }

        var shortBranch = await nexo.MessageRepository.GetBranchAsync(shortLeaf);
        var longBranch = await nexo.MessageRepository.GetBranchAsync(longLeaf);
        await Fit("10-message chat (fits whole)", shortChat, shortBranch, shortLeaf, ContextStrategy.Truncate, cold: false, warmups: 1);
        await Fit("truncate, cold token cache", longChat, longBranch, longLeaf, ContextStrategy.Truncate, cold: true, warmups: 1);
        await Fit("truncate, steady state (warm cache)", longChat, longBranch, longLeaf, ContextStrategy.Truncate, cold: false, warmups: 1);
        var first = await Fit("summarize, first turn (cold cache; instant summarizer)", longChat, longBranch, longLeaf, ContextStrategy.Summarize, cold: true, warmups: 1);
        if (first.SummaryId is null)
        {
            throw new InvalidOperationException("The first summarize turn did not store a summary.");
        }

        var afterSummary = await nexo.MessageRepository.GetBranchAsync(first.SummaryId);
        var steady = await Fit("summarize, steady state after the summary", longChat, afterSummary, first.SummaryId, ContextStrategy.Summarize, cold: false, warmups: 1);
        if (steady.SummaryId is not null)
        {
            throw new InvalidOperationException("The turn after the summary summarized again.");
        }
    }

    private static void ClearTokenCache() => ((IDictionary)TokenCache!.GetValue(null)!).Clear();

    private void Print(long chars)
    {
        Console.WriteLine();
        Console.WriteLine($"## Fitting a {options.Messages:N0}-message chat ({chars:N0} characters, user/assistant alternating, 50–400 words each)");
        Console.WriteLine();
        Console.WriteLine($"Times in ms: median of {options.Runs} samples (min in brackets). Windows: {string.Join(", ", options.Windows.Select(w => w.ToString("N0", CultureInfo.InvariantCulture)))} tokens; counters: o200k_base (gpt-4o-mini, exact) and the estimate (llama-3.3-70b-instruct).");
        Console.WriteLine();
        Console.WriteLine("### Storage and splitting (the same for every window and counter)");
        Console.WriteLine();
        Stats.Table(
            ["Step", "10-message chat", $"{options.Messages:N0}-message chat"],
            _storage.Select(s => (IReadOnlyList<string>)[s.Key, Stats.Format(s.Value.Short), Stats.Format(s.Value.Long)]).ToList());

        var configs = _configs.Select(c => $"{c.Window / 1000:N0}k {c.Counter}").ToList();
        Console.WriteLine();
        Console.WriteLine("### TurnHistory.Create + ContextFitter.FitAsync, timed directly (ms)");
        Console.WriteLine();
        var directRows = new List<IReadOnlyList<string>>();
        foreach (var name in _direct.Select(r => r.Name).Distinct())
        {
            directRows.Add([name, .. _configs.Select(c => Stats.Format(_direct.Single(r => r.Config == c && r.Name == name).Times))]);
        }

        Stats.Table(["Case", .. configs], directRows);
        Console.WriteLine();
        Console.WriteLine("Request after fitting: tokens counted / stored messages left out (truncate) or summarized:");
        Console.WriteLine();
        Stats.Table(
            ["Case", .. configs],
            _direct.Select(r => r.Name).Distinct().Select(name => (IReadOnlyList<string>)[
                name,
                .. _configs.Select(c => _direct.Single(r => r.Config == c && r.Name == name) is var r
                    ? $"{Stats.N(r.Tokens)} / {(r.Compacted is null ? "0" : Stats.N(r.Compacted.CompactedMessages))}"
                    : string.Empty)]).ToList());

        Console.WriteLine();
        Console.WriteLine("### End to end: Chats.SendMessageAsync against the local fake OpenAI server (ms)");
        Console.WriteLine();
        Console.WriteLine("Before call = user message stored, branch read, history split and fitted, answer row created (summary call excluded).");
        Console.WriteLine("Model call = the fake server (HTTP on loopback; it also counts the prompt with o200k_base).");
        Console.WriteLine();
        var rows = new List<IReadOnlyList<string>>();
        foreach (var r in _e2e)
        {
            var s = r.Samples;
            rows.Add([
                $"{r.Config.Window / 1000:N0}k {r.Config.Counter}",
                r.Name,
                Stats.Format(s.Select(x => x.Total).ToList()),
                Stats.Format(s.Select(x => x.Before).ToList()),
                s.Any(x => x.Summaries > 0) ? Stats.Format(s.Where(x => x.Summaries > 0).Select(x => x.Summary).ToList()) : "–",
                Stats.Format(s.Select(x => x.Model).ToList()),
                Stats.Format(s.Select(x => x.After).ToList()),
                Stats.N(Stats.Median(s.Select(x => (double)x.PromptTokens).ToList())),
                $"{s.Sum(x => x.Summaries)}/{s.Sum(x => x.Refused)}",
            ]);
        }

        Stats.Table(["Window, counter", "Turn", "Total", "Before call", "Summary call", "Model call", "After", "Prompt tokens", "Summaries/refused"], rows, left: 2);
    }

    private sealed record FitConfig(int Window, string Model, string Counter, LlmConnection Connection);

    private sealed record TurnSample(double Total, double Before, double Summary, double Model, double After, int Summaries, int Refused, int PromptTokens, string AssistantId);

    private sealed record E2ERow(FitConfig Config, string Name, List<TurnSample> Samples);

    private sealed record DirectRow(FitConfig Config, string Name, List<double> Times, ContextCompactedEvent? Compacted, int Tokens, string? SummaryId);

    /// <summary>When each model call of the current turn started and ended, and whether it was a summary call.</summary>
    private sealed class CallTimeline
    {
        private readonly List<(bool Summary, long Start, long End)> _calls = [];

        public void Add(bool summary, long start, long end)
        {
            lock (_calls)
            {
                _calls.Add((summary, start, end));
            }
        }

        public void Clear()
        {
            lock (_calls)
            {
                _calls.Clear();
            }
        }

        public List<(bool Summary, long Start, long End)> Snapshot()
        {
            lock (_calls)
            {
                return [.. _calls.OrderBy(c => c.Start)];
            }
        }
    }

    private sealed class TimingChatClient(IChatClient inner, CallTimeline timeline) : DelegatingChatClient(inner)
    {
        public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
        {
            var list = messages as IList<ChatMessage> ?? [.. messages];
            var start = Stopwatch.GetTimestamp();
            try
            {
                return await base.GetResponseAsync(list, options, cancellationToken);
            }
            finally
            {
                timeline.Add(IsSummary(list), start, Stopwatch.GetTimestamp());
            }
        }

        public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
            IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            var list = messages as IList<ChatMessage> ?? [.. messages];
            var start = Stopwatch.GetTimestamp();
            try
            {
                await foreach (var update in base.GetStreamingResponseAsync(list, options, cancellationToken))
                {
                    yield return update;
                }
            }
            finally
            {
                timeline.Add(IsSummary(list), start, Stopwatch.GetTimestamp());
            }
        }

        private static bool IsSummary(IList<ChatMessage> messages) =>
            messages.Count > 0 && messages[0].Text.StartsWith("You compact conversations", StringComparison.Ordinal);
    }

    /// <summary>A summarizer that answers at once, so a directly timed summarize fit is the SDK's own work.</summary>
    private sealed class InstantSummarizer(string summary, string model) : IChatClient
    {
        public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
            Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, summary))
            {
                ModelId = model,
                Usage = new UsageDetails { InputTokenCount = 1000, OutputTokenCount = 200, TotalTokenCount = 1200 },
            });

        public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException();

        public object? GetService(Type serviceType, object? serviceKey = null) => null;

        public void Dispose()
        {
        }
    }
}
