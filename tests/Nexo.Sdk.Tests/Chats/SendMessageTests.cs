using Microsoft.Extensions.AI;

namespace Nexo.Sdk.Tests.Chats;

public sealed class SendMessageTests
{
    [Fact]
    public async Task SendMessage_StreamsChunksInOrder_AndPersistsWhatWasStreamed()
    {
        await using var h = await ChatHarness.CreateAsync();
        var chat = await h.NewChatAsync("Fixed title");
        h.Model.Enqueue(Step.Think("Let me "), Step.Think("think."), Step.Text("Hello"), Step.Text(", "), Step.Text("world"), Step.Usage(12, 3));

        var result = await h.Nexo.Chats.SendMessageAsync(new SendMessageRequest { ChatId = chat.Id, Content = "Say hello" });

        var chunks = h.EventsOf<MessageChunkEvent>(chat.Id);
        Assert.Equal(["Hello", ", ", "world"], chunks.Select(c => c.Chunk));
        Assert.All(chunks, c => Assert.Equal(result.AssistantMessageId, c.MessageId));
        var stored = await h.Nexo.Messages.GetAsync(result.AssistantMessageId);
        Assert.Equal(string.Concat(chunks.Select(c => c.Chunk)), stored.Content);
        Assert.Equal("Let me think.", stored.Reasoning);
        Assert.Equal(string.Concat(h.EventsOf<ThinkingChunkEvent>(chat.Id).Select(c => c.Chunk)), stored.Reasoning);
        Assert.Equal(MessageStatus.Complete, stored.Status);
        Assert.Equal("stop", stored.FinishReason);
        Assert.Equal("model-a", stored.Model);
        Assert.Equal(h.Connection.Id, stored.ConnectionId);
        Assert.Equal(new TokenUsage { InputTokens = 12, OutputTokens = 3, TotalTokens = 15 }, stored.Usage);
        Assert.Equal("end_turn", result.StopReason);
        Assert.Equal(
            ["message-started", "thinking-chunk", "thinking-chunk", "message-chunk", "message-chunk", "message-chunk", "message-complete", "chat-updated"],
            h.EventNames(chat.Id));
        var complete = Assert.Single(h.EventsOf<MessageCompleteEvent>(chat.Id));
        Assert.Equal("Hello, world", complete.Content);
        var updated = Assert.Single(h.EventsOf<ChatUpdatedEvent>(chat.Id));
        Assert.Equal("Hello, world", updated.LastMessage);
        Assert.Equal("Hello, world", (await h.Nexo.Chats.GetAsync(chat.Id)).LastMessage);
    }

    [Fact]
    public async Task SendMessage_RecordsUsageWithLatency()
    {
        await using var h = await ChatHarness.CreateAsync();
        var chat = await h.NewChatAsync("t");
        h.Model.Enqueue(Step.Wait(30), Step.Text("ok"), Step.Usage(7, 2));

        var result = await h.Nexo.Chats.SendMessageAsync(new SendMessageRequest { ChatId = chat.Id, Content = "hi" });

        var record = Assert.Single(await h.Nexo.Usage.ListAsync());
        Assert.Equal(result.AssistantMessageId, record.MessageId);
        Assert.Equal(h.Workspace.Id, record.WorkspaceId);
        Assert.Equal(h.Connection.Id, record.ConnectionId);
        Assert.Equal("openai-compatible", record.Provider);
        Assert.Equal((7, 2, 9), (record.InputTokens, record.OutputTokens, record.TotalTokens));
        Assert.True(record.LatencyMs >= 25, $"latency {record.LatencyMs}");
        Assert.True(record.IsStream);
        Assert.Equal("success", record.Status);
    }

    [Fact]
    public async Task SendMessage_StoresTheUserMessageBeforeCallingTheModel()
    {
        await using var h = await ChatHarness.CreateAsync();
        var chat = await h.NewChatAsync("t");
        IReadOnlyList<Message>? seenByModel = null;
        h.Model.Enqueue(Step.Run(async () => seenByModel = await h.Nexo.Messages.ListAsync(chat.Id)), Step.Text("ok"));

        await h.Nexo.Chats.SendMessageAsync(new SendMessageRequest { ChatId = chat.Id, Content = "persist me first" });

        Assert.NotNull(seenByModel);
        Assert.Contains(seenByModel!, m => m.Role == MessageRole.User && m.Content == "persist me first");
        Assert.Contains(seenByModel!, m => m.Role == MessageRole.Assistant && m.Status == MessageStatus.Pending);
    }

    [Fact]
    public async Task SendMessage_FlushesPartialContentWhileStreaming()
    {
        await using var h = await ChatHarness.CreateAsync();
        var chat = await h.NewChatAsync("t");
        Message? midway = null;
        h.Model.Enqueue(
            Step.Text("first part. "),
            Step.Wait(80),
            Step.Text("second part. "),
            Step.Run(async () => midway = await h.Nexo.MessageRepository.GetLatestAsync(chat.Id)),
            Step.Text("end"));

        await h.Nexo.Chats.SendMessageAsync(new SendMessageRequest { ChatId = chat.Id, Content = "go" });

        Assert.NotNull(midway);
        Assert.Equal(MessageStatus.Streaming, midway!.Status);
        Assert.StartsWith("first part. ", midway.Content, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SendMessage_SendsSystemPromptHistorySettingsAndOverrides()
    {
        await using var h = await ChatHarness.CreateAsync();
        await h.Nexo.Workspaces.UpdateSettingsAsync(h.Workspace.Id, new WorkspaceSettingsPatch
        {
            SystemMessage = "You help in {{workspace}} with {{model}}.",
            Temperature = 0.2,
            MaxTokens = 321,
        });
        var chat = await h.NewChatAsync("t");
        h.Model.Enqueue(Step.Text("first answer"));
        h.Model.Enqueue(Step.Text("second answer"));

        await h.Nexo.Chats.SendMessageAsync(new SendMessageRequest { ChatId = chat.Id, Content = "one" });
        await h.Nexo.Chats.SendMessageAsync(new SendMessageRequest { ChatId = chat.Id, Content = "two", SelectedModel = "model-b", ReasoningEffort = ReasoningEffort.High });

        var requests = h.Model.Requests.ToList();
        var (messages, options) = requests[1];
        Assert.Equal(ChatRole.System, messages[0].Role);
        Assert.Equal("You help in test with model-b.", messages[0].Text);
        Assert.Equal(["one", "first answer", "two"], messages.Skip(1).Select(m => m.Text));
        Assert.Equal("model-b", options!.ModelId);
        Assert.Equal(0.2f, options.Temperature);
        Assert.Equal(321, options.MaxOutputTokens);
        Assert.Equal(ReasoningEffort.High, options.Reasoning?.Effort);
        Assert.Equal("model-a", requests[0].Options!.ModelId);
    }

    [Fact]
    public async Task SendMessage_WithoutConnection_FailsNotConfigured_AndStoresNothing()
    {
        await using var db = new TempDatabase();
        var options = db.Options;
        options.LlmClientFactory = new ScriptedFactory(new ScriptedChatClient());
        await using var nexo = await NexoClient.OpenAsync(options);
        var ws = await nexo.Workspaces.CreateAsync(new NewWorkspace { Name = "w" });
        var chat = await nexo.Chats.CreateAsync(new NewChat { WorkspaceId = ws.Id });

        var ex = await Assert.ThrowsAsync<NexoException>(() => nexo.Chats.SendMessageAsync(new SendMessageRequest { ChatId = chat.Id, Content = "hi" }));

        Assert.Equal(NexoErrorKind.NotConfigured, ex.Kind);
        Assert.Contains("nexo connection add", ex.Message, StringComparison.Ordinal);
        Assert.Empty(await nexo.Messages.ListAsync(chat.Id));
    }

    [Fact]
    public async Task SendMessage_RejectsBadInput_WithTypedErrors()
    {
        await using var h = await ChatHarness.CreateAsync();
        var chat = await h.NewChatAsync("t");

        var empty = await Assert.ThrowsAsync<NexoException>(() => h.Nexo.Chats.SendMessageAsync(new SendMessageRequest { ChatId = chat.Id, Content = "   " }));
        var unknownChat = await Assert.ThrowsAsync<NexoException>(() => h.Nexo.Chats.SendMessageAsync(new SendMessageRequest { ChatId = "nope", Content = "x" }));
        var effort = await Assert.ThrowsAsync<NexoException>(() => h.Nexo.Chats.SendMessageAsync(new SendMessageRequest { ChatId = chat.Id, Content = "x", ReasoningEffort = (ReasoningEffort)42 }));
        var file = await Assert.ThrowsAsync<NexoException>(() => h.Nexo.Chats.SendMessageAsync(new SendMessageRequest { ChatId = chat.Id, Content = "x", Files = ["/no/such/file.txt"] }));
        var connection = await Assert.ThrowsAsync<NexoException>(() => h.Nexo.Chats.SendMessageAsync(new SendMessageRequest { ChatId = chat.Id, Content = "x", LlmConnectionId = "missing" }));

        Assert.Equal(NexoErrorKind.Validation, empty.Kind);
        Assert.Equal(NexoErrorKind.NotFound, unknownChat.Kind);
        Assert.Equal("reasoningEffort", effort.Details["field"]);
        Assert.Equal("files", file.Details["field"]);
        Assert.Equal(NexoErrorKind.NotFound, connection.Kind);
        Assert.Empty(await h.Nexo.Messages.ListAsync(chat.Id));
    }

    [Fact]
    public async Task SendMessage_InlinesTextFilesAndSendsImages()
    {
        await using var h = await ChatHarness.CreateAsync();
        var chat = await h.NewChatAsync("t");
        var folder = Directory.CreateTempSubdirectory("nexo-files").FullName;
        var text = Path.Combine(folder, "notes.md");
        await File.WriteAllTextAsync(text, "# Notes\nbuy milk");
        var png = "data:image/png;base64," + Convert.ToBase64String([0x89, 0x50, 0x4E, 0x47, 1, 2, 3]);
        h.Model.Enqueue(Step.Text("seen"));
        h.Model.Enqueue(Step.Text("again"));

        var result = await h.Nexo.Chats.SendMessageAsync(new SendMessageRequest { ChatId = chat.Id, Content = "read these", Files = [text, png] });
        await h.Nexo.Chats.SendMessageAsync(new SendMessageRequest { ChatId = chat.Id, Content = "and now?" });

        var user = h.Model.Requests.First().Messages.Last();
        Assert.Contains(user.Contents.OfType<TextContent>(), c => c.Text.Contains("<file name=\"notes.md\">", StringComparison.Ordinal) && c.Text.Contains("buy milk", StringComparison.Ordinal));
        var image = Assert.Single(user.Contents.OfType<DataContent>());
        Assert.Equal("image/png", image.MediaType);
        var replayed = h.Model.Requests.Last().Messages.First(m => m.Role == ChatRole.User);
        Assert.Single(replayed.Contents.OfType<DataContent>());
        Assert.Contains(replayed.Contents.OfType<TextContent>(), c => c.Text.Contains("buy milk", StringComparison.Ordinal));
        var stored = await h.Nexo.Messages.GetAsync(result.UserMessageId);
        Assert.Equal(2, stored.Metadata!.Value.GetProperty("files").GetArrayLength());
        Directory.Delete(folder, true);
    }
}

public sealed class ResolveModelTests
{
    [Fact]
    public async Task ResolveModel_FollowsOverridesThenWorkspaceThenDefaultConnection()
    {
        await using var h = await ChatHarness.CreateAsync();
        var other = await h.Nexo.Connections.CreateAsync(new NewLlmConnection { Name = "other", Provider = LlmProviderKind.Ollama, BaseUrl = "http://127.0.0.1:11434", DefaultModel = "llama" });

        var fromWorkspace = await h.Nexo.Chats.ResolveModelAsync(h.Workspace.Id);
        var overridden = await h.Nexo.Chats.ResolveModelAsync(h.Workspace.Id, "other", "qwen");
        var bare = await h.Nexo.Workspaces.CreateAsync(new NewWorkspace { Name = "bare" });
        var fromDefault = await h.Nexo.Chats.ResolveModelAsync(bare.Id);

        Assert.Equal((h.Connection.Id, "model-a"), (fromWorkspace.Connection.Id, fromWorkspace.Model));
        Assert.Equal((other.Id, "qwen"), (overridden.Connection.Id, overridden.Model));
        Assert.Equal(h.Connection.Id, fromDefault.Connection.Id); // the first connection created is the default
        var unknown = await Assert.ThrowsAsync<NexoException>(() => h.Nexo.Chats.ResolveModelAsync("no-such-workspace"));
        Assert.Equal(NexoErrorKind.NotFound, unknown.Kind);
    }
}
