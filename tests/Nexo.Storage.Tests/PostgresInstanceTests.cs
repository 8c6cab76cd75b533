using System.Diagnostics;
using System.Globalization;
using System.Text;
using Nexo.Storage.PostgreSql;
using Xunit.Abstractions;

namespace Nexo.Storage.Tests;

/// <summary>
/// Several instances on one PostgreSQL database (two stores on one database stand for two hosts): turn claims with
/// leases, cancel requests over LISTEN/NOTIFY and events relayed between instances.
/// </summary>
public sealed class PostgresInstanceTests(ITestOutputHelper output) : StoreTest(StoreKind.Postgres)
{
    private static readonly TimeSpan ShortLease = TimeSpan.FromSeconds(1);

    private PostgresStore HostA => (PostgresStore)Store;

    [Fact]
    public async Task A_running_turn_keeps_its_chat_past_the_lease_length_by_renewing_it()
    {
        HostA.LeaseDuration = ShortLease;
        var chat = await NewChatAsync((await NewWorkspaceAsync()).Id);
        using var hostB = OpenHostB();
        using var a = HostA.CreateTurnClaims(TimeProvider.System);
        using var b = hostB.CreateTurnClaims(TimeProvider.System);
        Assert.Null(await a.TryClaimAsync(chat.Id, CancellationToken.None));
        var firstExpiry = await LeaseExpiryAsync(chat.Id);

        await Task.Delay(ShortLease * 3);

        Assert.Equal(HostA.Holder, await b.TryClaimAsync(chat.Id, CancellationToken.None));
        Assert.True(await LeaseExpiryAsync(chat.Id) > firstExpiry, "the lease was renewed");
        await a.ReleaseAsync(chat.Id);
        Assert.Null(await LeaseExpiryAsync(chat.Id));
    }

    [Fact]
    public async Task A_killed_hosts_chat_is_taken_over_once_its_lease_expires_and_its_partial_answer_is_marked_interrupted()
    {
        HostA.LeaseDuration = ShortLease;
        var chat = await NewChatAsync((await NewWorkspaceAsync()).Id);
        using var hostB = OpenHostB();
        using var b = hostB.CreateTurnClaims(TimeProvider.System);
        var a = HostA.CreateTurnClaims(TimeProvider.System);
        Assert.Null(await a.TryClaimAsync(chat.Id, CancellationToken.None));
        var question = await AddMessageAsync(chat.Id, "question");
        var partial = await AddMessageAsync(chat.Id, "half an ans", MessageRole.Assistant, question.Id, MessageStatus.Streaming);

        // The host dies: nothing is released, nothing renews the lease any more.
        a.Dispose();
        Assert.Equal(HostA.Holder, await b.TryClaimAsync(chat.Id, CancellationToken.None));
        Assert.Equal(MessageStatus.Streaming, (await hostB.Messages.GetAsync(partial.Id))!.Status);

        var clock = Stopwatch.StartNew();
        string? holder;
        while ((holder = await b.TryClaimAsync(chat.Id, CancellationToken.None)) is not null && clock.Elapsed < TimeSpan.FromSeconds(30))
        {
            Assert.Equal(HostA.Holder, holder);
            await Task.Delay(100);
        }

        Assert.Null(holder);
        output.WriteLine($"taken over {clock.ElapsedMilliseconds} ms after the host died (lease {ShortLease.TotalMilliseconds} ms)");
        var marked = (await hostB.Messages.GetAsync(partial.Id))!;
        Assert.Equal(MessageStatus.Error, marked.Status);
        Assert.Equal(SqliteMessageRepository.InterruptedError, marked.Error);
        Assert.Equal("half an ans", marked.Content);
        Assert.Equal(MessageStatus.Complete, (await hostB.Messages.GetAsync(question.Id))!.Status);
        using var otherEngine = hostB.CreateTurnClaims(TimeProvider.System);
        Assert.True(await otherEngine.RequestCancelAsync(chat.Id, CancellationToken.None), "B now holds a live claim");
        await b.ReleaseAsync(chat.Id);
    }

    [Fact]
    public async Task A_turn_whose_lease_was_taken_over_meanwhile_is_told_to_stop()
    {
        HostA.LeaseDuration = ShortLease;
        var chat = await NewChatAsync((await NewWorkspaceAsync()).Id);
        using var a = HostA.CreateTurnClaims(TimeProvider.System);
        Assert.Null(await a.TryClaimAsync(chat.Id, CancellationToken.None));
        using var turnEnded = new CancellationTokenSource();
        var waiting = a.WaitForCancelRequestAsync(chat.Id, turnEnded.Token);

        // What another instance does after A's lease expired while A was cut off from the database.
        await ExecuteRawAsync($"UPDATE chats SET turn_owner = 'elsewhere/other|engine' WHERE id = '{chat.Id}'");

        await waiting.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.True(waiting.IsCompletedSuccessfully);
        await a.ReleaseAsync(chat.Id);
        Assert.Equal("elsewhere/other|engine", await QueryRawAsync<string>("SELECT turn_owner FROM chats WHERE id = @id", new { id = chat.Id }));
    }

    [Fact]
    public async Task The_startup_sweep_marks_answers_of_expired_leases_interrupted_and_leaves_live_ones_alone()
    {
        HostA.LeaseDuration = ShortLease;
        var ws = await NewWorkspaceAsync();
        var dead = await NewChatAsync(ws.Id);
        var live = await NewChatAsync(ws.Id);
        using var hostB = OpenHostB();
        using var b = hostB.CreateTurnClaims(TimeProvider.System);
        var a = HostA.CreateTurnClaims(TimeProvider.System);
        Assert.Null(await a.TryClaimAsync(dead.Id, CancellationToken.None));
        Assert.Null(await b.TryClaimAsync(live.Id, CancellationToken.None));
        var deadAnswer = await AddMessageAsync(dead.Id, "cut", MessageRole.Assistant, status: MessageStatus.Streaming);
        var liveAnswer = await AddMessageAsync(live.Id, "going", MessageRole.Assistant, status: MessageStatus.Streaming);
        await ExecuteRawAsync($"UPDATE messages SET updated_at = 0 WHERE id = '{liveAnswer.Id}'"); // old, but its chat's lease is live
        a.Dispose();
        await Task.Delay(ShortLease * 2);

        Assert.Equal(1, await hostB.Messages.MarkInterruptedAsync(DateTimeOffset.UtcNow - TimeSpan.FromMinutes(10)));

        Assert.Equal(MessageStatus.Error, (await hostB.Messages.GetAsync(deadAnswer.Id))!.Status);
        Assert.Equal(MessageStatus.Streaming, (await hostB.Messages.GetAsync(liveAnswer.Id))!.Status);
        await b.ReleaseAsync(live.Id);
    }

    [Fact]
    public async Task A_cancel_requested_on_another_instance_reaches_the_running_turn_by_notification()
    {
        var chat = await NewChatAsync((await NewWorkspaceAsync()).Id);
        using var hostB = OpenHostB();
        using var a = HostA.CreateTurnClaims(TimeProvider.System);
        using var b = hostB.CreateTurnClaims(TimeProvider.System);
        var latencies = new List<double>();
        for (var i = 0; i < 20; i++)
        {
            Assert.Null(await a.TryClaimAsync(chat.Id, CancellationToken.None));
            using var turnEnded = new CancellationTokenSource();
            var waiting = a.WaitForCancelRequestAsync(chat.Id, turnEnded.Token);
            await HostA.Notifications.EnsureListeningAsync(CancellationToken.None);
            await Task.Delay(20); // the wait has read the row: what comes now can only come by notification
            Assert.False(waiting.IsCompleted);

            var clock = Stopwatch.StartNew();
            Assert.True(await b.RequestCancelAsync(chat.Id, CancellationToken.None));
            await waiting.WaitAsync(TimeSpan.FromSeconds(30));
            latencies.Add(clock.Elapsed.TotalMilliseconds);
            await a.ReleaseAsync(chat.Id);
        }

        latencies.Sort();
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"cancel request on B to A's wait ending (20 runs, request included): p50 {latencies[9]:F1} ms, max {latencies[^1]:F1} ms"));
        Assert.Equal(20, latencies.Count);
    }

    [Fact]
    public async Task A_cancel_request_reaches_the_turn_after_its_listening_connection_was_cut()
    {
        var chat = await NewChatAsync((await NewWorkspaceAsync()).Id);
        using var hostB = OpenHostB();
        using var a = HostA.CreateTurnClaims(TimeProvider.System);
        using var b = hostB.CreateTurnClaims(TimeProvider.System);
        Assert.Null(await a.TryClaimAsync(chat.Id, CancellationToken.None));
        using var turnEnded = new CancellationTokenSource();
        var waiting = a.WaitForCancelRequestAsync(chat.Id, turnEnded.Token);
        await HostA.Notifications.EnsureListeningAsync(CancellationToken.None);
        var listener = HostA.Notifications.ListenerProcessId!.Value;

        await ExecuteRawAsync($"SELECT pg_terminate_backend({listener})");
        Assert.True(await b.RequestCancelAsync(chat.Id, CancellationToken.None));

        await waiting.WaitAsync(TimeSpan.FromSeconds(30));
        var clock = Stopwatch.StartNew();
        while (HostA.Notifications.Reconnections == 0 && clock.Elapsed < TimeSpan.FromSeconds(30))
        {
            await Task.Delay(50);
        }

        Assert.Equal(1, HostA.Notifications.Reconnections);
        Assert.NotEqual(listener, HostA.Notifications.ListenerProcessId);
        await a.ReleaseAsync(chat.Id);
    }

    [Fact]
    public async Task Events_published_on_one_instance_reach_the_others_subscribers_in_order_with_chunk_text_intact_and_never_twice_at_home()
    {
        using var hostB = OpenHostB();
        var streamA = new NexoEventStream();
        var streamB = new NexoEventStream();
        using var relayA = HostA.EventRelay!.Attach(streamA);
        using var relayB = hostB.EventRelay!.Attach(streamB);
        await HostA.Relay.ListeningAsync(CancellationToken.None);
        await hostB.Relay.ListeningAsync(CancellationToken.None);
        var atA = new List<NexoEvent>();
        var atB = new List<NexoEvent>();
        var doneAtB = new TaskCompletionSource();
        using var subA = streamA.Subscribe(e => { lock (atA) { atA.Add(e); } });
        using var subB = streamB.Subscribe(e =>
        {
            lock (atB)
            {
                atB.Add(e);
            }

            if (e is MessageCompleteEvent)
            {
                doneAtB.TrySetResult();
            }
        });

        const int chunks = 2000;
        var expected = new StringBuilder();
        var big = string.Concat(Enumerable.Repeat("Ünïcödé \"quoted\" line\n", 1000)); // ≈ 23 kB: sent by reference
        streamA.Publish(new MessageStartedEvent { ChatId = "c1", UserMessageId = "u1", AssistantMessageId = "m1" });
        streamA.Publish(new McpServerStatusChangedEvent { ServerId = "s1", Name = "local", Status = McpServerStatus.Connected });
        for (var i = 0; i < chunks; i++)
        {
            var text = i % 7 == 0 ? $"«{i}» \"é\"\n" : $"w{i} ";
            expected.Append(text);
            streamA.Publish(new MessageChunkEvent { ChatId = "c1", MessageId = "m1", Chunk = text });
            if (i % 500 == 0)
            {
                await Task.Delay(5); // let the sender go out with a partial batch too
            }
        }

        var clock = Stopwatch.StartNew();
        streamA.Publish(new MessageCompleteEvent { ChatId = "c1", MessageId = "m1", Content = big });
        await doneAtB.Task.WaitAsync(TimeSpan.FromSeconds(60));
        var lastEventLatency = clock.Elapsed;

        List<NexoEvent> received;
        lock (atB)
        {
            received = [.. atB];
        }

        Assert.IsType<MessageStartedEvent>(received[0]);
        Assert.Equal("m1", ((MessageStartedEvent)received[0]).AssistantMessageId);
        Assert.Equal(big, Assert.IsType<MessageCompleteEvent>(received[^1]).Content);
        var relayedChunks = received.Skip(1).SkipLast(1).Select(e => Assert.IsType<MessageChunkEvent>(e)).ToList();
        Assert.All(relayedChunks, c => Assert.Equal("m1", c.MessageId));
        Assert.Equal(expected.ToString(), string.Concat(relayedChunks.Select(c => c.Chunk)));
        Assert.DoesNotContain(received, e => e is McpServerStatusChangedEvent);
        Assert.Equal(chunks + 3, atA.Count); // A's own events, once each: its own notifications are not published again
        Assert.Equal(0, hostB.Relay.NotificationsSent);
        Assert.Equal(1, HostA.Relay.EventsSentByReference);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{chunks + 2} events published on A ({expected.Length} chunk chars + a {big.Length}-char complete): {HostA.Relay.EventsSent} events after coalescing in {HostA.Relay.NotificationsSent} notifications; B received {received.Count} events; last event (by reference) arrived {lastEventLatency.TotalMilliseconds:F1} ms after publish"));
    }

    [Fact]
    public async Task A_single_event_reaches_the_other_instance_on_its_own()
    {
        using var hostB = OpenHostB();
        var streamA = new NexoEventStream();
        var streamB = new NexoEventStream();
        using var relayA = HostA.EventRelay!.Attach(streamA);
        using var relayB = hostB.EventRelay!.Attach(streamB);
        await HostA.Relay.ListeningAsync(CancellationToken.None);
        await hostB.Relay.ListeningAsync(CancellationToken.None);
        var latencies = new List<double>();
        for (var i = 0; i < 30; i++)
        {
            var arrived = new TaskCompletionSource<NexoEvent>(TaskCreationOptions.RunContinuationsAsynchronously);
            using var sub = streamB.Subscribe(e => arrived.TrySetResult(e));
            var clock = Stopwatch.StartNew();
            streamA.Publish(new MessageChunkEvent { ChatId = "c", MessageId = "m", Chunk = $"chunk {i}" });
            var e = await arrived.Task.WaitAsync(TimeSpan.FromSeconds(30));
            latencies.Add(clock.Elapsed.TotalMilliseconds);
            Assert.Equal($"chunk {i}", Assert.IsType<MessageChunkEvent>(e).Chunk);
        }

        latencies.Sort();
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"one chunk event A → B (30 runs): p50 {latencies[14]:F1} ms, max {latencies[^1]:F1} ms"));
    }

    private PostgresStore OpenHostB() => (PostgresStore)OpenAnother();

    private Task<long?> LeaseExpiryAsync(string chatId) =>
        QueryRawAsync<long?>("SELECT turn_lease_expires_at FROM chats WHERE id = @chatId", new { chatId });
}
