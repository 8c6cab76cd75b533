namespace Nexo.Sdk.Tests.Chats;

/// <summary><see cref="ChatService.StartTurn(SendMessageRequest, CancellationToken)"/>: one turn's own events and its completion.</summary>
public sealed class ChatTurnTests
{
    [Fact]
    public async Task StartTurn_StreamsOnlyThatTurnsEvents_AndCompletesWithItsResult()
    {
        await using var h = await ChatHarness.CreateAsync();
        var chat = await h.NewChatAsync("mine");
        var other = await h.NewChatAsync("other");
        h.Model.Enqueue(Step.Text("Hello "), Step.Wait(100), Step.Text("there"));
        h.Model.Enqueue(Step.Text("other answer"));

        await using var turn = h.Nexo.Chats.StartTurn(new SendMessageRequest { ChatId = chat.Id, Content = "hi" });
        Task<SendMessageResult>? elsewhere = null;
        var events = new List<ChatEvent>();
        await foreach (var e in turn.Events)
        {
            events.Add(e);

            // Another chat's whole turn runs while this one waits between its chunks.
            elsewhere ??= e is MessageChunkEvent ? h.Nexo.Chats.SendMessageAsync(new SendMessageRequest { ChatId = other.Id, Content = "meanwhile" }) : null;
        }

        var result = await turn.Completion;
        Assert.Equal("other answer", (await elsewhere!).AssistantMessage.Content);
        Assert.Contains(h.Events.OfType<MessageChunkEvent>(), c => c.ChatId == other.Id);

        Assert.All(events, e => Assert.Equal(chat.Id, e.ChatId));
        Assert.Equal("Hello there", string.Concat(events.OfType<MessageChunkEvent>().Select(c => c.Chunk)));
        Assert.Equal(["message-started", "message-chunk", "message-chunk", "message-complete", "chat-updated"], events.Select(e => e.EventName));
        Assert.Equal(("Hello there", StopReason.EndTurn), (result.AssistantMessage.Content, result.StopReason));
    }

    [Fact]
    public async Task CancelAsync_EndsTheTurnAsCancelled_KeepingWhatArrived()
    {
        await using var h = await ChatHarness.CreateAsync();
        var chat = await h.NewChatAsync("t");
        h.Model.Enqueue(Step.Text("partial "), Step.Wait(30_000), Step.Text("never"));

        await using var turn = h.Nexo.Chats.StartTurn(new SendMessageRequest { ChatId = chat.Id, Content = "go" });
        await foreach (var e in turn.Events)
        {
            if (e is MessageChunkEvent)
            {
                await turn.CancelAsync();
            }
        }

        var result = await turn.Completion;
        Assert.Equal(StopReason.Cancelled, result.StopReason);
        Assert.Equal(("partial ", MessageStatus.Cancelled), (result.AssistantMessage.Content, result.AssistantMessage.Status));
    }

    [Fact]
    public async Task ARequestError_FaultsTheCompletion_AndTheEventsSimplyEnd()
    {
        await using var h = await ChatHarness.CreateAsync();
        var chat = await h.NewChatAsync("t");

        await using var turn = h.Nexo.Chats.StartTurn(new SendMessageRequest { ChatId = chat.Id, Content = "  " });
        var events = new List<ChatEvent>();
        await foreach (var e in turn.Events)
        {
            events.Add(e);
        }

        var error = await Assert.ThrowsAsync<NexoException>(() => turn.Completion);
        Assert.Equal(NexoErrorKind.Validation, error.Kind);
        Assert.Empty(events);
    }

    [Fact]
    public async Task StartTurn_ForRegenerate_AnswersTheSameUserMessageAgain()
    {
        await using var h = await ChatHarness.CreateAsync();
        var chat = await h.NewChatAsync("t");
        h.Model.Enqueue(Step.Text("first"));
        h.Model.Enqueue(Step.Text("second"));
        var first = await h.Nexo.Chats.SendMessageAsync(new SendMessageRequest { ChatId = chat.Id, Content = "q" });

        await using var turn = h.Nexo.Chats.StartTurn(new RegenerateRequest { ChatId = chat.Id, MessageId = first.AssistantMessageId });
        await foreach (var _ in turn.Events)
        {
        }

        var again = await turn.Completion;
        Assert.Equal((first.UserMessageId, "second"), (again.UserMessageId, again.AssistantMessage.Content));
    }

    [Fact]
    public async Task AReaderThatStalls_GetsTheWholeAnswerInFewerChunks_WhileOneThatKeepsUpGetsEveryChunk()
    {
        const int Words = 20_000;
        await using var h = await ChatHarness.CreateAsync();
        // The 20,000-word answer fills the default window of an OpenAI-compatible server: a window large enough keeps the
        // second turn from compacting it (which would take the second script for the summary).
        await h.Nexo.Connections.UpdateAsync(h.Connection.Id, new LlmConnectionUpdate { Models = [new LlmModel { Id = "model-a", ContextWindow = 1_000_000 }] });
        var chat = await h.NewChatAsync("t");
        var produced = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        h.Model.Enqueue(
        [
            .. Enumerable.Range(0, Words).SelectMany(i => i % 500 == 499 ? new[] { Step.Text($"w{i} "), Step.Wait(20) } : [Step.Text($"w{i} ")]),
            Step.Run(() =>
            {
                produced.TrySetResult();
                return Task.CompletedTask;
            }),
        ]);
        h.Model.Enqueue([.. Enumerable.Range(0, 2_000).Select(i => Step.Text($"k{i} "))]);

        // Stalled: the reader takes the first event, then nothing until every chunk has been produced.
        var stalled = new List<string>();
        await using (var turn = h.Nexo.Chats.StartTurn(new SendMessageRequest { ChatId = chat.Id, Content = "talk" }))
        {
            var first = true;
            await foreach (var e in turn.Events)
            {
                if (first)
                {
                    first = false;
                    await produced.Task;
                }

                if (e is MessageChunkEvent c)
                {
                    stalled.Add(c.Chunk);
                }
            }

            Assert.Equal(StopReason.EndTurn, (await turn.Completion).StopReason);
        }

        // Keeping up: one event per chunk.
        var steady = new List<string>();
        await using (var turn = h.Nexo.Chats.StartTurn(new SendMessageRequest { ChatId = chat.Id, Content = "again" }))
        {
            await foreach (var e in turn.Events)
            {
                if (e is MessageChunkEvent c)
                {
                    steady.Add(c.Chunk);
                }
            }
        }

        Assert.Equal(string.Concat(Enumerable.Range(0, Words).Select(i => $"w{i} ")), string.Concat(stalled));
        Assert.True(stalled.Count < Words / 2, $"{stalled.Count} chunk events for {Words} chunks: nothing was coalesced.");
        Assert.Equal(2_000, steady.Count);
    }
}
