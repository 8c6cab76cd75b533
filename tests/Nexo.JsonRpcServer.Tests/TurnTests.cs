using System.Text.Json.Nodes;
using Nexo.Testing;

namespace Nexo.JsonRpcServer.Tests;

/// <summary>Chat turns through the real server process against a scripted fake provider on 127.0.0.1.</summary>
public sealed class TurnTests
{
    [Fact]
    public async Task SendMessage_StreamsTheTurnsEventsInOrder_BeforeReturningTheFinalMessage()
    {
        await using var turn = await TurnFixture.StartAsync();
        turn.Provider.Enqueue(FakeResponse.Text("Hel", "lo ", "world").WithUsage(5, 3));

        var response = await turn.Server.RequestAsync("send_message", new { chatId = turn.ChatId, content = "Say hello" }, id: "turn-1");
        var wire = turn.Server.Received.ToList();
        var upToResponse = wire.TakeWhile(m => (string?)m["id"] != "turn-1").Where(m => m["method"] is not null && (string?)m["params"]!["chatId"] == turn.ChatId).ToList();
        var result = response["result"]!;
        var assistantId = (string)result["assistantMessageId"]!;

        Assert.Equal(
            ["message-started", "message-chunk", "message-chunk", "message-chunk", "message-complete", "chat-updated"],
            upToResponse.Select(m => (string)m["method"]!));
        var started = upToResponse[0]["params"]!;
        Assert.Equal((string?)result["userMessageId"], (string?)started["userMessageId"]);
        Assert.Equal(assistantId, (string?)started["assistantMessageId"]);
        Assert.Equal(["Hel", "lo ", "world"], upToResponse.Skip(1).Take(3).Select(m => (string)m["params"]!["chunk"]!));
        Assert.All(upToResponse.Skip(1).Take(4), m => Assert.Equal(assistantId, (string?)m["params"]!["messageId"]));
        var complete = upToResponse[4]["params"]!;
        Assert.Equal("Hello world", (string?)complete["content"]);
        Assert.Equal(8, (int)complete["tokenUsage"]!["totalTokens"]!);
        Assert.False(complete.AsObject().ContainsKey("eventName"));
        Assert.Equal("Hello world", (string?)result["assistantMessage"]!["content"]);
        Assert.Equal("complete", (string?)result["assistantMessage"]!["status"]);
        Assert.Equal("end_turn", (string?)result["stopReason"]);
    }

    [Fact]
    public async Task CancelRequest_OnARunningSendMessage_AnswersRequestCancelled_AndStoresTheTurnAsCancelled()
    {
        await using var turn = await TurnFixture.StartAsync();
        turn.Provider.Enqueue(FakeResponse.Text("partial").WithText(" never", TimeSpan.FromSeconds(30)));

        var pending = turn.Server.RequestAsync("send_message", new { chatId = turn.ChatId, content = "Talk slowly" }, id: "slow-1");
        await turn.Server.NotificationsUntilAsync("message-chunk");
        await turn.Server.NotifyAsync("$/cancelRequest", new { id = "slow-1" });
        var response = await pending;
        var wire = turn.Server.Received.ToList();
        var messages = await turn.Server.CallAsync("get_messages", new { chatId = turn.ChatId });

        Assert.Equal(-32800, (int)response["error"]!["code"]!);
        Assert.Equal("cancelled", (string?)response["error"]!["data"]!["kind"]);
        Assert.Contains(wire.TakeWhile(m => (string?)m["id"] != "slow-1"), m => (string?)m["method"] == "message-cancelled");
        var assistant = messages.AsArray().Single(m => (string?)m!["role"] == "assistant")!;
        Assert.Equal("cancelled", (string?)assistant["status"]);
        Assert.Equal("partial", (string?)assistant["content"]);
    }

    [Fact]
    public async Task CancelMessage_EndsTheRunningTurn_WhichReturnsWithStopReasonCancelled()
    {
        await using var turn = await TurnFixture.StartAsync();
        turn.Provider.Enqueue(FakeResponse.Text("half").WithText(" more", TimeSpan.FromSeconds(30)));

        var pending = turn.Server.RequestAsync("send_message", new { chatId = turn.ChatId, content = "Talk slowly" });
        await turn.Server.NotificationsUntilAsync("message-chunk");
        var cancel = await turn.Server.CallAsync("cancel_message", new { chatId = turn.ChatId });
        var response = await pending;
        var idle = await turn.Server.CallAsync("cancel_message", new { chatId = turn.ChatId });

        Assert.True((bool)cancel["cancelled"]!);
        Assert.Equal("cancelled", (string?)response["result"]!["stopReason"]);
        Assert.Equal("cancelled", (string?)response["result"]!["assistantMessage"]!["status"]);
        Assert.Equal("half", (string?)response["result"]!["assistantMessage"]!["content"]);
        Assert.Contains(turn.Server.DrainNotifications(), m => (string?)m["method"] == "message-cancelled");
        Assert.False((bool)idle["cancelled"]!);
    }

    [Fact]
    public async Task AnotherProcess_MidTurn_SeesTheLiveAnswerStreaming_CannotStartATurnInThatChat_AndCanCancelIt()
    {
        // Opening a store marks the answers of writers that stopped as interrupted; a writer that still runs in another
        // process (this host, seen from the test process) must be recognised as alive.
        await using var turn = await TurnFixture.StartAsync();
        turn.Provider.Enqueue(FakeResponse.Text("still ").WithText("going", TimeSpan.FromSeconds(30)));
        var pending = turn.Server.RequestAsync("send_message", new { chatId = turn.ChatId, content = "Talk slowly" });
        var started = (await turn.Server.NotificationsUntilAsync("message-chunk")).Single(m => (string?)m["method"] == "message-started");
        var answerId = (string)started["params"]!["assistantMessageId"]!;

        await using (var other = await NexoClient.OpenAsync(await TestStore.OptionsAsync(turn.Server.Directory)))
        {
            Assert.Equal(MessageStatus.Streaming, (await other.Messages.GetAsync(answerId)).Status);

            // One turn per chat across processes: this process may not start another turn in the chat meanwhile.
            var conflict = await Assert.ThrowsAsync<NexoException>(() => other.Chats.SendMessageAsync(new SendMessageRequest { ChatId = turn.ChatId, Content = "me too" }));
            Assert.Equal(NexoErrorKind.Conflict, conflict.Kind);
            Assert.Contains($":{turn.Server.Pid}:", (string)conflict.Details["holder"]!, StringComparison.Ordinal);

            // cancel_message from this process stops the host's turn: the request goes through the database.
            Assert.True(await other.Chats.CancelAsync(turn.ChatId));
            var result = (await pending)["result"]!;
            Assert.Equal("cancelled", (string?)result["stopReason"]);
            Assert.Equal(("cancelled", "still "), ((string?)result["assistantMessage"]!["status"], (string?)result["assistantMessage"]!["content"]));
            Assert.False(await other.Chats.CancelAsync(turn.ChatId)); // nothing runs any more
        }
    }

    [Fact]
    public async Task ProviderFailure_IsAnLlmError_AndTheServerKeepsServing()
    {
        await using var turn = await TurnFixture.StartAsync();
        turn.Provider.Enqueue(FakeResponse.Fail(401, "Invalid API key"));

        var error = await turn.Server.CallErrorAsync("send_message", new { chatId = turn.ChatId, content = "hi" });
        var events = turn.Server.DrainNotifications();
        var still = await turn.Server.CallAsync("get_chats", new { workspaceId = turn.WorkspaceId });

        Assert.Equal(-32020, (int)error["code"]!);
        Assert.Equal("llm", (string?)error["data"]!["kind"]);
        Assert.Contains(events, e => (string?)e["method"] == "message-error");
        Assert.Single(still.AsArray());
    }

    [Fact]
    public async Task UnknownChat_InSendMessage_IsNotFound()
    {
        await using var turn = await TurnFixture.StartAsync();

        var error = await turn.Server.CallErrorAsync("send_message", new { chatId = "no-such-chat", content = "hi" });

        Assert.Equal(-32010, (int)error["code"]!);
    }

    [Fact]
    public async Task EditAndResend_AndRegenerate_RunNewTurnsOnNewBranches()
    {
        await using var turn = await TurnFixture.StartAsync();
        turn.Provider.Enqueue(FakeResponse.Text("first"), FakeResponse.Text("second"), FakeResponse.Text("third"));

        var sent = (await turn.Server.CallAsync("send_message", new { chatId = turn.ChatId, content = "one" }))!;
        var edited = await turn.Server.CallAsync("edit_and_resend_message", new { chatId = turn.ChatId, messageId = (string)sent["userMessageId"]!, newContent = "one, edited" });
        var regenerated = await turn.Server.CallAsync("regenerate_message", new { chatId = turn.ChatId, messageId = (string)edited["assistantMessageId"]! });

        Assert.Equal("second", (string?)edited["assistantMessage"]!["content"]);
        Assert.NotEqual((string?)sent["userMessageId"], (string?)edited["userMessageId"]);
        Assert.Equal("third", (string?)regenerated["assistantMessage"]!["content"]);
        Assert.Contains("one, edited", turn.Provider.ChatRequests[^1].Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GenerateChatTitle_StoresTheTitle_AndAnnouncesChatUpdated()
    {
        await using var turn = await TurnFixture.StartAsync();
        turn.Provider.Enqueue(FakeResponse.Text("Trip planning"));

        var result = await turn.Server.CallAsync("generate_chat_title", new { chatId = turn.ChatId, userPrompt = "Help me plan a trip to Lisbon" });
        var updated = await turn.Server.NotificationsUntilAsync("chat-updated");
        var chats = await turn.Server.CallAsync("get_chats", new { workspaceId = turn.WorkspaceId });

        Assert.Equal("Trip planning", (string?)result["title"]);
        Assert.Equal("Trip planning", (string?)updated[^1]["params"]!["title"]);
        Assert.Equal("Trip planning", (string?)chats[0]!["title"]);
    }

    [Fact]
    public async Task TestLlmConnection_AndGetLlmModels_ListTheProvidersModels()
    {
        await using var turn = await TurnFixture.StartAsync();
        turn.Provider.Models.Add("fresh-model");

        var tested = await turn.Server.CallAsync("test_llm_connection", new { provider = "openai-compatible", baseUrl = turn.Provider.BaseUrl, apiKey = "sk-test" });
        var stored = await turn.Server.CallAsync("get_llm_models", new { connectionId = turn.ConnectionId });
        var refreshed = await turn.Server.CallAsync("get_llm_models", new { connectionId = turn.ConnectionId, refresh = true });
        turn.Provider.EnqueueModels(FakeResponse.Fail(401, "Invalid API key"));
        var refused = await turn.Server.CallErrorAsync("test_llm_connection", new { provider = "openai-compatible", baseUrl = turn.Provider.BaseUrl, apiKey = "bad" });

        Assert.Contains("fresh-model", tested.AsArray().Select(m => (string)m!["id"]!));
        Assert.Equal(["fake-model"], stored.AsArray().Select(m => (string)m!["id"]!));
        Assert.Contains("fresh-model", refreshed.AsArray().Select(m => (string)m!["id"]!));
        Assert.Contains("fresh-model", (await turn.Server.CallAsync("get_llm_models", new { connectionId = turn.ConnectionId })).AsArray().Select(m => (string)m!["id"]!));
        Assert.Equal(-32020, (int)refused["code"]!);
    }

    [Fact]
    public async Task EchoProvider_StreamsALongTurnOffline_EveryChunkOnTheWireBeforeTheResult()
    {
        await using var server = await ServerProcess.StartInitializedAsync();
        var connection = await server.CallAsync("create_llm_connection", new { name = "echo", provider = "echo", baseUrl = "http://localhost", defaultModel = "echo" });
        var workspace = await server.CallAsync("create_workspace", new { name = "offline" });
        await server.CallAsync("save_workspace_settings", new { workspaceId = (string)workspace["id"]!, llmConnectionId = (string)connection["id"]! });
        var chat = await server.CallAsync("create_chat", new { workspaceId = (string)workspace["id"]!, title = "echo" });
        var content = string.Join(' ', Enumerable.Range(1, 3000).Select(i => $"w{i}"));

        var response = await server.RequestAsync("send_message", new { chatId = (string)chat["id"]!, content }, id: "long");
        var beforeResult = server.Received.TakeWhile(m => (string?)m["id"] != "long").ToList();
        var chunks = beforeResult.Where(n => (string?)n["method"] == "message-chunk").Select(n => (string)n["params"]!["chunk"]!).ToList();

        Assert.Equal(content, (string?)response["result"]!["assistantMessage"]!["content"]);
        Assert.Equal(3000, chunks.Count);
        Assert.Equal(content, string.Concat(chunks));
        Assert.Contains(beforeResult, n => (string?)n["method"] == "message-complete");
    }

    [Fact]
    public async Task StdinClosedDuringATurn_CancelsAndStoresIt_AndTheProcessExits()
    {
        var turn = await TurnFixture.StartAsync();
        await using (turn.Provider)
        {
            turn.Provider.Enqueue(FakeResponse.Text("cut").WithText(" off", TimeSpan.FromSeconds(30)));
            var pending = turn.Server.RequestAsync("send_message", new { chatId = turn.ChatId, content = "long story" });
            await turn.Server.NotificationsUntilAsync("message-chunk");

            turn.Server.CloseInput();
            var response = await pending;
            var code = await turn.Server.WaitForExitAsync();
            await using var reopened = await ServerProcess.StartAsync(directory: turn.Server.Directory);
            await reopened.InitializeAsync();
            var messages = await reopened.CallAsync("get_messages", new { chatId = turn.ChatId });

            Assert.Equal(-32800, (int)response["error"]!["code"]!);
            Assert.Equal(0, code);
            Assert.Equal("cancelled", (string?)messages.AsArray().Single(m => (string?)m!["role"] == "assistant")!["status"]);
        }
    }
}
