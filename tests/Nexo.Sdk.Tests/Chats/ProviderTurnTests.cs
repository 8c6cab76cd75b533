using Nexo.Testing;

namespace Nexo.Sdk.Tests.Chats;

/// <summary>Whole turns through the real provider clients against local servers speaking each provider's wire format.</summary>
public sealed class ProviderTurnTests
{
    private static async Task<(NexoClient Nexo, TempDatabase Db, Chat Chat, List<NexoEvent> Events)> OpenAsync(
        LlmProviderKind provider, string baseUrl, TimeProvider? time = null)
    {
        var db = new TempDatabase();
        var options = db.Options;
        options.TimeProvider = time;
        options.StreamFlushInterval = TimeSpan.FromMilliseconds(10);
        var nexo = await NexoClient.OpenAsync(options);
        var events = new List<NexoEvent>();
        nexo.Events.Subscribe(e => { lock (events) { events.Add(e); } });
        var ws = await nexo.Workspaces.CreateAsync(new NewWorkspace { Name = "w" });
        var connection = await nexo.Connections.CreateAsync(new NewLlmConnection { Name = "p", Provider = provider, BaseUrl = baseUrl, ApiKey = "sk-test-key", DefaultModel = "m1" });
        await nexo.Workspaces.UpdateSettingsAsync(ws.Id, new WorkspaceSettingsPatch { LlmConnectionId = connection.Id });
        var chat = await nexo.Chats.CreateAsync(new NewChat { WorkspaceId = ws.Id, Title = "t" });
        return (nexo, db, chat, events);
    }

    public static TheoryData<string> Providers => new() { "openai", "anthropic", "ollama" };

    private static async Task<FakeProviderServer> StartAsync(string kind) => kind switch
    {
        "openai" => await FakeOpenAIServer.StartAsync(),
        "anthropic" => await FakeAnthropicServer.StartAsync(),
        _ => await FakeOllamaServer.StartAsync(),
    };

    private static LlmProviderKind KindOf(string kind) => kind switch
    {
        "openai" => LlmProviderKind.OpenAICompatible,
        "anthropic" => LlmProviderKind.Anthropic,
        _ => LlmProviderKind.Ollama,
    };

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task StreamedTurn_ChunksConcatenateToTheStoredAnswer_AndUsageIsRecorded(string kind)
    {
        await using var server = await StartAsync(kind);
        var (nexo, db, chat, events) = await OpenAsync(KindOf(kind), server.BaseUrl);
        await using var _ = db;
        await using var __ = nexo;
        server.Enqueue(FakeResponse.Empty.WithReasoning("Think", "ing").WithText("The ", "answer ", "is 42.").WithUsage(20, 5));

        var result = await nexo.Chats.SendMessageAsync(new SendMessageRequest { ChatId = chat.Id, Content = "What is it?" });

        var chunks = events.OfType<MessageChunkEvent>().Select(e => e.Chunk).ToList();
        Assert.Equal("The answer is 42.", string.Concat(chunks));
        Assert.Equal(string.Concat(chunks), result.AssistantMessage.Content);
        Assert.Equal("Thinking", result.AssistantMessage.Reasoning);
        Assert.Equal(MessageStatus.Complete, (await nexo.Messages.GetAsync(result.AssistantMessageId)).Status);
        var usage = Assert.Single(await nexo.Usage.ListAsync());
        Assert.Equal((20L, 5L), (usage.InputTokens, usage.OutputTokens));
        Assert.Contains("What is it?", server.LastChatRequest!.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CancelMessage_StopsAnHttpStreamPromptly_AndKeepsThePartialAnswer()
    {
        await using var server = await FakeOpenAIServer.StartAsync();
        var (nexo, db, chat, events) = await OpenAsync(LlmProviderKind.OpenAICompatible, server.BaseUrl);
        await using var _ = db;
        await using var __ = nexo;
        server.Enqueue(FakeResponse.Text("first ").WithText("second", TimeSpan.FromSeconds(30)));
        var firstChunk = new TaskCompletionSource();
        using var sub = nexo.Events.Subscribe(e => { if (e is MessageChunkEvent) { firstChunk.TrySetResult(); } });

        var turn = nexo.Chats.SendMessageAsync(new SendMessageRequest { ChatId = chat.Id, Content = "go" });
        await firstChunk.Task.WaitAsync(TimeSpan.FromSeconds(10));
        await nexo.Chats.CancelAsync(chat.Id);
        var result = await turn.WaitAsync(TimeSpan.FromSeconds(5));

        Assert.Equal("cancelled", result.StopReason);
        Assert.Equal("first ", (await nexo.Messages.GetAsync(result.AssistantMessageId)).Content);
        Assert.Equal(MessageStatus.Cancelled, (await nexo.Messages.GetAsync(result.AssistantMessageId)).Status);
    }

    [Fact]
    public async Task ServerDroppingTheConnectionMidStream_KeepsThePartialAnswerAsError()
    {
        await using var server = await FakeOpenAIServer.StartAsync();
        var (nexo, db, chat, events) = await OpenAsync(LlmProviderKind.OpenAICompatible, server.BaseUrl);
        await using var _ = db;
        await using var __ = nexo;
        server.Enqueue(FakeResponse.Text("kept ", "also kept ", "lost").DroppingAfter(2));

        var ex = await Assert.ThrowsAsync<NexoException>(() => nexo.Chats.SendMessageAsync(new SendMessageRequest { ChatId = chat.Id, Content = "go" }));

        Assert.Equal(NexoErrorKind.Llm, ex.Kind);
        var last = await nexo.MessageRepository.GetLatestAsync(chat.Id);
        Assert.Equal(MessageStatus.Error, last!.Status);
        Assert.Equal("kept also kept ", last.Content);
        Assert.Single(events.OfType<MessageErrorEvent>());
        Assert.Single(server.ChatRequests); // a broken stream is not replayed
    }

    [Fact]
    public async Task MalformedFrame_IsAClearLlmError_AndThePartialAnswerIsKept()
    {
        await using var server = await FakeOpenAIServer.StartAsync();
        var (nexo, db, chat, _) = await OpenAsync(LlmProviderKind.OpenAICompatible, server.BaseUrl);
        await using var d = db;
        await using var n = nexo;
        server.Enqueue(FakeResponse.Text("good ", "bad").MalformedAfter(1));

        var ex = await Assert.ThrowsAsync<NexoException>(() => nexo.Chats.SendMessageAsync(new SendMessageRequest { ChatId = chat.Id, Content = "go" }));

        Assert.Equal(NexoErrorKind.Llm, ex.Kind);
        var last = await nexo.MessageRepository.GetLatestAsync(chat.Id);
        Assert.Equal("good ", last!.Content);
        Assert.Equal(MessageStatus.Error, last.Status);
        Assert.False(string.IsNullOrWhiteSpace(last.Error));
    }

    [Fact]
    public async Task RateLimitThenSuccess_IsRetriedHonouringRetryAfter()
    {
        await using var server = await FakeOpenAIServer.StartAsync();
        var time = new ImmediateTimeProvider();
        var (nexo, db, chat, _) = await OpenAsync(LlmProviderKind.OpenAICompatible, server.BaseUrl, time);
        await using var d = db;
        await using var n = nexo;
        server.Enqueue(FakeResponse.Fail(429, "Slow down", retryAfter: TimeSpan.FromSeconds(2)), FakeResponse.Text("finally"));

        var result = await nexo.Chats.SendMessageAsync(new SendMessageRequest { ChatId = chat.Id, Content = "go" });

        Assert.Equal("finally", result.AssistantMessage.Content);
        Assert.Equal(2, server.ChatRequests.Count);
        Assert.Contains(TimeSpan.FromSeconds(2), time.Delays);
    }

    [Fact]
    public async Task TwoChats_StreamConcurrentlyOverHttp()
    {
        await using var server = await FakeOpenAIServer.StartAsync();
        var (nexo, db, chat, _) = await OpenAsync(LlmProviderKind.OpenAICompatible, server.BaseUrl);
        await using var d = db;
        await using var n = nexo;
        var other = await nexo.Chats.CreateAsync(new NewChat { WorkspaceId = chat.WorkspaceId, Title = "o" });
        server.Responder = r => FakeResponse.Text("one ", "two ", "three").WithChunkDelay(TimeSpan.FromMilliseconds(50));

        var results = await Task.WhenAll(
            nexo.Chats.SendMessageAsync(new SendMessageRequest { ChatId = chat.Id, Content = "a" }),
            nexo.Chats.SendMessageAsync(new SendMessageRequest { ChatId = other.Id, Content = "b" }));

        Assert.All(results, r => Assert.Equal("one two three", r.AssistantMessage.Content));
    }
}
