namespace Nexo.Sdk.Tests.Chats;

public sealed class CancellationAndErrorTests
{
    [Fact]
    public async Task CancelMessage_MidStream_KeepsPartialContentAsCancelled()
    {
        await using var h = await ChatHarness.CreateAsync();
        var chat = await h.NewChatAsync("t");
        var firstChunk = new TaskCompletionSource();
        h.Model.Enqueue(Step.Text("partial "), Step.Run(() => { firstChunk.SetResult(); return Task.CompletedTask; }), Step.Wait(30_000), Step.Text("never"));

        var turn = h.Nexo.Chats.SendMessageAsync(new SendMessageRequest { ChatId = chat.Id, Content = "long answer please" });
        await firstChunk.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.True(await h.Nexo.Chats.CancelAsync(chat.Id));
        var result = await turn.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal("cancelled", result.StopReason);
        var stored = await h.Nexo.Messages.GetAsync(result.AssistantMessageId);
        Assert.Equal(MessageStatus.Cancelled, stored.Status);
        Assert.Equal("partial ", stored.Content);
        Assert.Single(h.EventsOf<MessageCancelledEvent>(chat.Id));
        Assert.Equal("cancelled", Assert.Single(await h.Nexo.Usage.ListAsync()).Status);
        Assert.False(h.Nexo.Chats.IsBusy(chat.Id));
    }

    [Fact]
    public async Task CallerCancellation_ThrowsAndStoresCancelled()
    {
        await using var h = await ChatHarness.CreateAsync();
        var chat = await h.NewChatAsync("t");
        using var cts = new CancellationTokenSource();
        h.Model.Enqueue(Step.Text("some "), Step.Run(() => { cts.Cancel(); return Task.CompletedTask; }), Step.Wait(30_000));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => h.Nexo.Chats.SendMessageAsync(new SendMessageRequest { ChatId = chat.Id, Content = "x" }, cts.Token));

        var last = await h.Nexo.MessageRepository.GetLatestAsync(chat.Id);
        Assert.Equal(MessageStatus.Cancelled, last!.Status);
        Assert.Equal("some ", last.Content);
    }

    [Fact]
    public async Task ProviderFailureMidStream_KeepsPartialContent_AndReportsLlmError()
    {
        await using var h = await ChatHarness.CreateAsync();
        var chat = await h.NewChatAsync("t");
        h.Model.Enqueue(Step.Text("half an "), Step.Fail(new HttpRequestException("connection reset by peer")));

        var ex = await Assert.ThrowsAsync<NexoException>(() => h.Nexo.Chats.SendMessageAsync(new SendMessageRequest { ChatId = chat.Id, Content = "x" }));

        Assert.Equal(NexoErrorKind.Llm, ex.Kind);
        var last = await h.Nexo.MessageRepository.GetLatestAsync(chat.Id);
        Assert.Equal(MessageStatus.Error, last!.Status);
        Assert.Equal("half an ", last.Content);
        Assert.Contains("connection reset", last.Error, StringComparison.Ordinal);
        var error = Assert.Single(h.EventsOf<MessageErrorEvent>(chat.Id));
        Assert.Equal(last.Id, error.MessageId);
        Assert.Equal(NexoErrorKind.Llm, error.Kind);
    }

    [Fact]
    public async Task SecondSendOnBusyChat_IsRefusedWithConflict()
    {
        await using var h = await ChatHarness.CreateAsync();
        var chat = await h.NewChatAsync("t");
        var started = new TaskCompletionSource();
        var release = new TaskCompletionSource();
        h.Model.Enqueue(Step.Run(() => { started.SetResult(); return release.Task; }), Step.Text("done"));

        var first = h.Nexo.Chats.SendMessageAsync(new SendMessageRequest { ChatId = chat.Id, Content = "one" });
        await started.Task.WaitAsync(TimeSpan.FromSeconds(10));
        var ex = await Assert.ThrowsAsync<NexoException>(() => h.Nexo.Chats.SendMessageAsync(new SendMessageRequest { ChatId = chat.Id, Content = "two" }));
        release.SetResult();
        await first;

        Assert.Equal(NexoErrorKind.Conflict, ex.Kind);
        Assert.Equal(2, (await h.Nexo.Messages.ListAsync(chat.Id)).Count);
    }

    [Fact]
    public async Task SendOnAChatAnotherClientIsAnswering_IsRefusedWithConflict_UntilThatTurnEnds()
    {
        await using var h = await ChatHarness.CreateAsync();
        var chat = await h.NewChatAsync("t");
        var started = new TaskCompletionSource();
        var release = new TaskCompletionSource();
        h.Model.Enqueue(Step.Run(() => { started.SetResult(); return release.Task; }), Step.Text("done"));
        var otherModel = new ScriptedChatClient();
        otherModel.Enqueue(Step.Text("second answer"));
        await using var other = await NexoClient.OpenAsync(new NexoOptions { DatabasePath = h.DatabasePath, LlmClientFactory = new ScriptedFactory(otherModel) });

        var first = h.Nexo.Chats.SendMessageAsync(new SendMessageRequest { ChatId = chat.Id, Content = "one" });
        await started.Task.WaitAsync(TimeSpan.FromSeconds(10));
        var ex = await Assert.ThrowsAsync<NexoException>(() => other.Chats.SendMessageAsync(new SendMessageRequest { ChatId = chat.Id, Content = "two" }));
        release.SetResult();
        await first;
        var second = await other.Chats.SendMessageAsync(new SendMessageRequest { ChatId = chat.Id, Content = "two, later" });

        Assert.Equal(NexoErrorKind.Conflict, ex.Kind);
        Assert.Equal(chat.Id, ex.Details["chatId"]);
        Assert.Equal("second answer", (await other.Messages.GetAsync(second.AssistantMessageId)).Content);
        Assert.Equal(["one", "done", "two, later", "second answer"], (await h.Nexo.Messages.GetActiveBranchAsync(chat.Id)).Select(m => m.Content));
        await using var raw = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={h.DatabasePath}");
        raw.Open();
        using var cmd = raw.CreateCommand();
        cmd.CommandText = $"SELECT turn_owner IS NULL FROM chats WHERE id = '{chat.Id}'";
        Assert.Equal(1L, cmd.ExecuteScalar()); // released
    }

    [Fact]
    public async Task CancelFromAnotherClient_StopsTheTurn_KeepingThePartialAnswer()
    {
        await using var h = await ChatHarness.CreateAsync();
        var chat = await h.NewChatAsync("t");
        var firstChunk = new TaskCompletionSource();
        h.Model.Enqueue(Step.Text("partial "), Step.Run(() => { firstChunk.SetResult(); return Task.CompletedTask; }), Step.Wait(30_000), Step.Text("never"));
        await using var other = await NexoClient.OpenAsync(new NexoOptions { DatabasePath = h.DatabasePath, LlmClientFactory = new ScriptedFactory(new ScriptedChatClient()) });
        Assert.False(await other.Chats.CancelAsync(chat.Id)); // nothing runs yet

        var turn = h.Nexo.Chats.SendMessageAsync(new SendMessageRequest { ChatId = chat.Id, Content = "long answer please" });
        await firstChunk.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.True(await other.Chats.CancelAsync(chat.Id));
        var result = await turn.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal("cancelled", result.StopReason);
        var stored = await h.Nexo.Messages.GetAsync(result.AssistantMessageId);
        Assert.Equal((MessageStatus.Cancelled, "partial "), (stored.Status, stored.Content));
        Assert.False(await other.Chats.CancelAsync(chat.Id));
        h.Model.Enqueue(Step.Text("next"));
        var next = await h.Nexo.Chats.SendMessageAsync(new SendMessageRequest { ChatId = chat.Id, Content = "again" });
        Assert.Equal("end_turn", next.StopReason); // the old request does not cancel the next turn
    }

    [Fact]
    public async Task AChatClaimedByAProcessThatStopped_IsTakenOver()
    {
        await using var h = await ChatHarness.CreateAsync();
        var chat = await h.NewChatAsync("t");
        h.Model.Enqueue(Step.Text("answered"));
        await using (var raw = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={h.DatabasePath}"))
        {
            raw.Open();
            using var cmd = raw.CreateCommand();
            cmd.CommandText = $"UPDATE chats SET turn_owner = '{Environment.MachineName}:2147483003:s1|dead-engine', turn_claimed_at = 1 WHERE id = '{chat.Id}'";
            cmd.ExecuteNonQuery();
        }

        var result = await h.Nexo.Chats.SendMessageAsync(new SendMessageRequest { ChatId = chat.Id, Content = "hello" });

        Assert.Equal("answered", (await h.Nexo.Messages.GetAsync(result.AssistantMessageId)).Content);
    }

    [Fact]
    public async Task TwoChats_StreamConcurrently()
    {
        await using var h = await ChatHarness.CreateAsync();
        var a = await h.NewChatAsync("a");
        var b = await h.NewChatAsync("b");
        var started = 0;
        var bothStarted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var gate = new TaskCompletionSource();
        Step Meet() => Step.Run(async () =>
        {
            if (Interlocked.Increment(ref started) == 2)
            {
                bothStarted.SetResult();
            }

            await gate.Task;
        });
        h.Model.Enqueue(Step.Text("a1 "), Meet(), Step.Text("a2"));
        h.Model.Enqueue(Step.Text("b1 "), Meet(), Step.Text("b2"));

        var ta = h.Nexo.Chats.SendMessageAsync(new SendMessageRequest { ChatId = a.Id, Content = "x" });
        var tb = h.Nexo.Chats.SendMessageAsync(new SendMessageRequest { ChatId = b.Id, Content = "y" });
        await bothStarted.Task.WaitAsync(TimeSpan.FromSeconds(20)); // both turns are streaming at the same time
        gate.SetResult();
        var results = await Task.WhenAll(ta, tb);

        Assert.Equal(2, results.Select(r => r.AssistantMessage.Content).Distinct().Count());
        Assert.All(results, r => Assert.Equal(MessageStatus.Complete, r.AssistantMessage.Status));
    }

    [Fact]
    public async Task StreamMessage_YieldsTheTurnsEvents_AndStoppingEarlyCancelsIt()
    {
        await using var h = await ChatHarness.CreateAsync();
        var chat = await h.NewChatAsync("t");
        h.Model.Enqueue(Step.Text("a"), Step.Text("b"), Step.Usage(1, 2));
        h.Model.Enqueue(Step.Text("x"), Step.Wait(30_000), Step.Text("y"));

        var names = new List<string>();
        await foreach (var e in h.Nexo.Chats.StreamMessageAsync(new SendMessageRequest { ChatId = chat.Id, Content = "one" }))
        {
            names.Add(e.EventName);
        }

        await foreach (var e in h.Nexo.Chats.StreamMessageAsync(new SendMessageRequest { ChatId = chat.Id, Content = "two" }))
        {
            if (e is MessageChunkEvent)
            {
                break;
            }
        }

        Assert.Equal(["message-started", "message-chunk", "message-chunk", "message-complete", "chat-updated"], names);
        var last = await h.Nexo.MessageRepository.GetLatestAsync(chat.Id);
        Assert.Equal(MessageStatus.Cancelled, last!.Status);
        Assert.Equal("x", last.Content);
    }

    [Fact]
    public async Task InterruptedAnswerOfADeadProcess_IsMarkedWhenTheDatabaseReopens()
    {
        await using var db = new TempDatabase();
        string messageId;
        await using (var nexo = await db.OpenAsync())
        {
            var ws = await nexo.Workspaces.CreateAsync(new NewWorkspace { Name = "w" });
            var chat = await nexo.Chats.CreateAsync(new NewChat { WorkspaceId = ws.Id });
            var m = await nexo.MessageRepository.CreateAsync(new Message { Id = "a1", ChatId = chat.Id, Role = MessageRole.Assistant, Content = "partial", Status = MessageStatus.Streaming });
            messageId = m.Id;
        }

        // Pretend the writer was a process that no longer exists.
        await using (var raw = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={db.Path_}"))
        {
            raw.Open();
            using var cmd = raw.CreateCommand();
            cmd.CommandText = $"UPDATE messages SET run_owner = '{Environment.MachineName}:2147483000:1' WHERE id = 'a1'";
            cmd.ExecuteNonQuery();
        }

        await using var reopened = await db.OpenAsync();
        var stored = await reopened.Messages.GetAsync(messageId);

        Assert.Equal(MessageStatus.Error, stored.Status);
        Assert.Equal("partial", stored.Content);
        Assert.StartsWith("Interrupted", stored.Error, StringComparison.Ordinal);
    }
}
