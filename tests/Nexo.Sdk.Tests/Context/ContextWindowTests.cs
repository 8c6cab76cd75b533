using System.Text.Json;
using Nexo.Testing;

namespace Nexo.Sdk.Tests.Context;

/// <summary>
/// Long chats against a local OpenAI-compatible server with a small context window: the server counts each prompt as
/// OpenAI does and answers <c>context_length_exceeded</c> when it is too long, like the real API.
/// </summary>
public sealed class ContextWindowTests
{
    private const int Window = 2_000;
    private const string SystemPrompt = "You are the note keeper. Answer briefly.";

    private sealed class Setup : IAsyncDisposable
    {
        public required FakeOpenAIServer Server { get; init; }

        public required TempDatabase Db { get; init; }

        public required NexoClient Nexo { get; init; }

        public required Chat Chat { get; init; }

        public required List<NexoEvent> Events { get; init; }

        public List<T> EventsOf<T>()
        {
            lock (Events)
            {
                return Events.OfType<T>().ToList();
            }
        }

        public async ValueTask DisposeAsync()
        {
            await Nexo.DisposeAsync();
            await Db.DisposeAsync();
            await Server.DisposeAsync();
        }
    }

    private static async Task<Setup> OpenAsync(ContextStrategy strategy, int serverWindow = Window, int listedWindow = Window, string model = "gpt-4o-mini")
    {
        var server = await FakeOpenAIServer.StartAsync();
        server.ContextWindow = serverWindow;
        var summaries = 0;
        server.Responder = request => IsSummaryRequest(request)
            ? FakeResponse.Text($"Summary {Interlocked.Increment(ref summaries)}: the user has been sending numbered notes about the harbour survey; all were acknowledged.")
            : FakeResponse.Text("Noted.");
        var db = new TempDatabase();
        var nexo = await NexoClient.OpenAsync(db.Options);
        var events = new List<NexoEvent>();
        nexo.Events.Subscribe(e =>
        {
            lock (events)
            {
                events.Add(e);
            }
        });
        var ws = await nexo.Workspaces.CreateAsync(new NewWorkspace { Name = "w" });
        var connection = await nexo.Connections.CreateAsync(new NewLlmConnection
        {
            Name = "small",
            Provider = LlmProviderKind.OpenAICompatible,
            BaseUrl = server.BaseUrl,
            ApiKey = "sk-test-key",
            DefaultModel = model,
            Models = [new LlmModel { Id = model, ContextWindow = listedWindow }],
        });
        await nexo.Workspaces.UpdateSettingsAsync(ws.Id, new WorkspaceSettingsPatch { LlmConnectionId = connection.Id, ContextStrategy = strategy, SystemMessage = SystemPrompt });
        return new Setup { Server = server, Db = db, Nexo = nexo, Events = events, Chat = await nexo.Chats.CreateAsync(new NewChat { WorkspaceId = ws.Id, Title = "notes" }) };
    }

    private static bool IsSummaryRequest(RecordedRequest request) =>
        request.Json?["messages"]?[0]?["content"]?.ToJsonString().Contains("You compact conversations", StringComparison.Ordinal) == true;

    /// <summary>A long user message (about 130 tokens) with its number in it.</summary>
    private static string Note(int i) =>
        $"Note {i}: " + string.Join(' ', Enumerable.Range(0, 12).Select(k => $"the survey boat measured depth {i * 31 + k} metres near buoy {k} at dawn;"));

    [Theory]
    [InlineData(ContextStrategy.Summarize)]
    [InlineData(ContextStrategy.Truncate)]
    public async Task TwoHundredLongTurns_InASmallWindow_AllSucceed_AndEveryUserMessageIsKept(ContextStrategy strategy)
    {
        await using var s = await OpenAsync(strategy);
        const int Turns = 200;
        for (var i = 1; i <= Turns; i++)
        {
            var result = await s.Nexo.Chats.SendMessageAsync(new SendMessageRequest { ChatId = s.Chat.Id, Content = Note(i) });
            Assert.Equal((StopReason.EndTurn, MessageStatus.Complete, "Noted."), (result.StopReason, result.AssistantMessage.Status, result.AssistantMessage.Content));
        }

        // No request was refused, and no error reached the chat.
        Assert.All(s.Server.PromptTokenCounts, n => Assert.True(n < Window, $"a prompt of {n} tokens was sent to a {Window}-token window"));
        Assert.Empty(s.EventsOf<MessageErrorEvent>());

        var branch = await s.Nexo.Messages.GetActiveBranchAsync(s.Chat.Id);
        Assert.Equal(Enumerable.Range(1, Turns).Select(Note), branch.Where(m => m.Role == MessageRole.User).Select(m => m.Content));
        Assert.Equal(Turns, branch.Count(m => m.Role == MessageRole.Assistant && m.Status == MessageStatus.Complete));

        var lastRequest = s.Server.ChatRequests.Last(r => !IsSummaryRequest(r));
        var sent = lastRequest.Json!["messages"]!.AsArray();
        Assert.StartsWith(SystemPrompt, (string)sent[0]!["content"]!, StringComparison.Ordinal); // the summary, if any, follows it in the same message
        Assert.Single(sent, m => (string?)m!["role"] == "system");
        Assert.Contains($"Note {Turns}:", sent[^1]!["content"]!.ToJsonString(), StringComparison.Ordinal);
        Assert.DoesNotContain("Note 1:", lastRequest.Body, StringComparison.Ordinal);
        var compacted = s.EventsOf<ContextCompactedEvent>();
        Assert.NotEmpty(compacted);
        Assert.All(compacted, e => Assert.Equal((s.Chat.Id, Window, "window", false), (e.ChatId, e.ContextWindow, e.Reason, e.Estimated)));

        var summaries = branch.Where(m => m.Role == MessageRole.System).ToList();
        var summaryRequests = s.Server.ChatRequests.Count(IsSummaryRequest);
        if (strategy == ContextStrategy.Truncate)
        {
            Assert.Empty(summaries);
            Assert.Equal(0, summaryRequests);
            Assert.All(compacted, e => Assert.Equal((ContextStrategy.Truncate, (string?)null), (e.Strategy, e.SummaryMessageId)));
            return;
        }

        // Each summary is stored on the branch, marked as a summary, made once and re-used by the turns after it.
        Assert.NotEmpty(summaries);
        Assert.Equal(summaries.Count, summaryRequests);
        Assert.True(summaries.Count <= Turns / 4, $"{summaries.Count} summaries for {Turns} turns: they are not re-used");
        Assert.Equal(summaries.Select(m => m.Id), compacted.Select(e => e.SummaryMessageId));
        Assert.All(compacted, e => Assert.Equal(ContextStrategy.Summarize, e.Strategy));
        var latest = summaries[^1];
        var metadata = latest.Metadata!.Value.GetProperty("summary");
        var through = metadata.GetProperty("throughMessageId").GetString();
        Assert.Contains(branch.TakeWhile(m => m.Id != latest.Id), m => m.Id == through);
        Assert.Contains(latest.Content, lastRequest.Body, StringComparison.Ordinal);
        Assert.True(metadata.GetProperty("messages").GetInt32() > branch.TakeWhile(m => m.Id != through).Count(m => m.Role != MessageRole.System), "the summary counts the messages of the summaries before it");

        // The summary calls are in the usage ledger, marked as such.
        var usage = await s.Nexo.Usage.ListAsync(pageSize: 1000);
        Assert.Equal(summaries.Count, usage.Count(u => u.RequestType == "summary"));
    }

    [Fact]
    public async Task AProviderWithASmallerWindowThanListed_AnswersContextLengthExceeded_AndTheTurnCompactsAndRetriesOnce()
    {
        // The connection says 8,000 tokens; the server allows 2,000: the first long request is refused with OpenAI's error.
        await using var s = await OpenAsync(ContextStrategy.Summarize, serverWindow: Window, listedWindow: 8_000);
        for (var i = 1; i <= 30; i++)
        {
            var result = await s.Nexo.Chats.SendMessageAsync(new SendMessageRequest { ChatId = s.Chat.Id, Content = Note(i) });
            Assert.Equal(MessageStatus.Complete, result.AssistantMessage.Status);
        }

        var retried = Assert.Single(s.EventsOf<ContextCompactedEvent>(), e => e.Reason == "provider");
        Assert.Equal((ContextStrategy.Summarize, Window), (retried.Strategy, retried.ContextWindow));
        Assert.Contains(s.Server.PromptTokenCounts, n => n >= Window);
        Assert.Empty(s.EventsOf<MessageErrorEvent>());

        // The refused call and its retry are one answer, placed after the summary made for the retry.
        var branch = await s.Nexo.Messages.GetActiveBranchAsync(s.Chat.Id);
        Assert.Equal(30, branch.Count(m => m.Role == MessageRole.Assistant));
        var summaryIndex = branch.ToList().FindIndex(m => m.Id == retried.SummaryMessageId);
        Assert.Equal(MessageRole.Assistant, branch[summaryIndex + 1].Role);
        Assert.Equal(MessageStatus.Complete, branch[summaryIndex + 1].Status);
    }

    [Fact]
    public async Task AMessageLongerThanTheWindow_FailsWithAClearLlmError_AndTheUserMessageIsKept()
    {
        await using var s = await OpenAsync(ContextStrategy.Summarize);
        await s.Nexo.Chats.SendMessageAsync(new SendMessageRequest { ChatId = s.Chat.Id, Content = Note(1) });
        var huge = string.Join(' ', Enumerable.Range(0, 300).Select(Note));

        var error = await Assert.ThrowsAsync<NexoException>(() => s.Nexo.Chats.SendMessageAsync(new SendMessageRequest { ChatId = s.Chat.Id, Content = huge }));

        Assert.Equal(NexoErrorKind.Llm, error.Kind);
        Assert.Contains("does not fit the model's context window", error.Message, StringComparison.Ordinal);
        Assert.Contains("maximum context length is 2000 tokens", error.Message, StringComparison.Ordinal);
        var branch = await s.Nexo.Messages.GetActiveBranchAsync(s.Chat.Id);
        Assert.Equal(huge, branch.Last(m => m.Role == MessageRole.User).Content);
        Assert.Equal(MessageStatus.Error, branch[^1].Status);
    }

    [Fact]
    public async Task RegeneratingAnAnswerMadeAfterASummary_ReusesTheSummary_AndTheNewAnswerIsASiblingOfTheFirst()
    {
        await using var s = await OpenAsync(ContextStrategy.Summarize);
        SendMessageResult? compactedTurn = null;
        for (var i = 1; compactedTurn is null; i++)
        {
            var result = await s.Nexo.Chats.SendMessageAsync(new SendMessageRequest { ChatId = s.Chat.Id, Content = Note(i) });
            if (s.EventsOf<ContextCompactedEvent>().Count > 0)
            {
                compactedTurn = result;
            }
        }

        var summaryId = s.EventsOf<ContextCompactedEvent>().Single().SummaryMessageId;
        var first = await s.Nexo.Messages.GetAsync(compactedTurn.AssistantMessageId);
        Assert.Equal(summaryId, first.ParentId);
        var summaryRequests = s.Server.ChatRequests.Count(IsSummaryRequest);

        var again = await s.Nexo.Chats.RegenerateAsync(new RegenerateRequest { ChatId = s.Chat.Id, MessageId = first.Id });

        Assert.Equal(summaryId, again.AssistantMessage.ParentId);
        Assert.Equal(summaryRequests, s.Server.ChatRequests.Count(IsSummaryRequest));
        Assert.Single(s.EventsOf<ContextCompactedEvent>());
        var summary = await s.Nexo.Messages.GetAsync(summaryId!);
        Assert.Contains(summary.Content, s.Server.ChatRequests[^1].Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExportsOfACompactedChat_ShowTheSummary_AndTheNexoJsonKeepsItsMarker()
    {
        await using var s = await OpenAsync(ContextStrategy.Summarize);
        for (var i = 1; i <= 25; i++)
        {
            await s.Nexo.Chats.SendMessageAsync(new SendMessageRequest { ChatId = s.Chat.Id, Content = Note(i) });
        }

        var summary = (await s.Nexo.Messages.GetActiveBranchAsync(s.Chat.Id)).First(m => m.Role == MessageRole.System);
        var markdown = await s.Nexo.Chats.ExportAsync(s.Chat.Id, ChatExportFormat.Markdown);
        Assert.Contains(summary.Content, markdown, StringComparison.Ordinal);
        Assert.Contains("Summary of", markdown, StringComparison.Ordinal);

        var json = JsonDocument.Parse(await s.Nexo.Chats.ExportAsync(s.Chat.Id, ChatExportFormat.Json));
        var exported = json.RootElement.GetProperty("messages").EnumerateArray()
            .Single(m => m.GetProperty("content").GetString() == summary.Content);
        Assert.Equal("system", exported.GetProperty("role").GetString());
        Assert.True(exported.GetProperty("metadata").GetProperty("summary").TryGetProperty("throughMessageId", out _));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-5)]
    [InlineData(255)]
    public async Task AModelWindowTooSmallToHoldATurn_IsAValidationError_AndTheConnectionIsUnchanged(int window)
    {
        await using var s = await OpenAsync(ContextStrategy.Summarize);
        var connection = await s.Nexo.Connections.FindAsync("small");

        var error = await Assert.ThrowsAsync<NexoException>(() => s.Nexo.Connections.UpdateAsync(connection.Id, new LlmConnectionUpdate { Models = [new LlmModel { Id = "gpt-4o-mini", ContextWindow = window }] }));

        Assert.Equal((NexoErrorKind.Validation, "models"), (error.Kind, error.Details["field"]));
        Assert.Contains("at least 256 tokens", error.Message, StringComparison.Ordinal);
        Assert.Equal(Window, (await s.Nexo.Connections.GetAsync(connection.Id)).Models.Single().ContextWindow);
    }
}
