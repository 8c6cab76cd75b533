using System.Text.Json;

namespace Nexo.Storage.Tests;

/// <summary>Messages: sequences, keyset pages, branches, deletes, interrupted turns: the same on every store.</summary>
public abstract class MessageConformance(StoreKind kind) : StoreTest(kind)
{
    [Fact]
    public async Task Messages_get_consecutive_sequences_and_pages_by_sequence_from_either_end()
    {
        var chat = await NewChatAsync((await NewWorkspaceAsync()).Id);
        for (var i = 1; i <= 5; i++)
        {
            await AddMessageAsync(chat.Id, $"m{i}");
        }

        var batch = Enumerable.Range(6, 5).Select(i => new Message { Id = $"batch-{i}", ChatId = chat.Id, Role = MessageRole.Assistant, Content = $"m{i}" }).ToList();
        await Store.Messages.CreateManyAsync(batch);

        var newest = await Store.Messages.ListAsync(chat.Id, new MessageQuery { Limit = 3 });
        var before = await Store.Messages.ListAsync(chat.Id, new MessageQuery { Limit = 3, BeforeSequence = newest[0].Sequence });
        var after = await Store.Messages.ListAsync(chat.Id, new MessageQuery { Limit = 4, AfterSequence = 2 });
        var between = await Store.Messages.ListAsync(chat.Id, new MessageQuery { Limit = 100, AfterSequence = 3, BeforeSequence = 6 });

        Assert.Equal([8L, 9L, 10L], newest.Select(m => m.Sequence));
        Assert.Equal(["m8", "m9", "m10"], newest.Select(m => m.Content));
        Assert.Equal([5L, 6L, 7L], before.Select(m => m.Sequence));
        Assert.Equal([3L, 4L, 5L, 6L], after.Select(m => m.Sequence));
        Assert.Equal([4L, 5L], between.Select(m => m.Sequence));
        Assert.Equal(10, await Store.Messages.CountAsync(chat.Id));
        Assert.Equal("m10", (await Store.Messages.GetLatestAsync(chat.Id))!.Content);
    }

    [Fact]
    public async Task A_message_round_trips_every_field()
    {
        var chat = await NewChatAsync((await NewWorkspaceAsync()).Id);
        var at = DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_123);
        var message = new Message
        {
            Id = "full",
            ChatId = chat.Id,
            Role = MessageRole.Assistant,
            Content = "answer",
            Reasoning = "thinking",
            ToolCalls = [new ToolCall { Id = "call-1", Name = "lookup", Arguments = JsonDocument.Parse("""{"q":"x"}""").RootElement }],
            Status = MessageStatus.Complete,
            FinishReason = "stop",
            Model = "m-1",
            ConnectionId = "conn",
            Usage = new TokenUsage { InputTokens = 10, OutputTokens = 20, ReasoningTokens = 3, TotalTokens = 30 },
            Metadata = JsonDocument.Parse("""{"k":[1,2]}""").RootElement,
            CreatedAt = at,
            UpdatedAt = at,
        };

        var stored = await Store.Messages.CreateAsync(message);
        var read = await Store.Messages.GetAsync("full");

        Assert.Equal(1, stored.Sequence);
        Assert.Equal("thinking", read!.Reasoning);
        Assert.Equal("lookup", Assert.Single(read.ToolCalls!).Name);
        Assert.Equal(30, read.Usage!.TotalTokens);
        Assert.Equal("""{"k":[1,2]}""", read.Metadata!.Value.GetRawText());
        Assert.Equal(at, read.CreatedAt);
    }

    [Fact]
    public async Task A_missing_parent_is_a_validation_error_and_a_taken_id_a_conflict()
    {
        var chat = await NewChatAsync((await NewWorkspaceAsync()).Id);
        var first = await AddMessageAsync(chat.Id, "one");

        var parent = await Assert.ThrowsAsync<NexoException>(() => AddMessageAsync(chat.Id, "two", parentId: "nope"));
        var taken = await Assert.ThrowsAsync<NexoException>(() => Store.Messages.CreateAsync(first));
        var noChat = await Assert.ThrowsAsync<NexoException>(() => AddMessageAsync("no-chat", "x"));

        Assert.Equal(NexoErrorKind.Validation, parent.Kind);
        Assert.Equal(NexoErrorKind.Conflict, taken.Kind);
        Assert.Equal(NexoErrorKind.NotFound, noChat.Kind);
        Assert.Equal(1, await Store.Messages.CountAsync(chat.Id));
    }

    [Fact]
    public async Task A_batch_with_a_taken_id_or_a_missing_or_later_parent_stores_none_of_it_and_names_the_row()
    {
        var chat = await NewChatAsync((await NewWorkspaceAsync()).Id);
        var taken = await AddMessageAsync(chat.Id, "before");
        List<Message> Batch() => [.. Enumerable.Range(0, 10).Select(i => new Message
        {
            Id = $"b{i}",
            ChatId = chat.Id,
            ParentId = i == 0 ? null : $"b{i - 1}",
            Role = i % 2 == 0 ? MessageRole.User : MessageRole.Assistant,
            Content = $"batch {i}",
        })];

        var duplicate = Batch();
        duplicate[7] = duplicate[7] with { Id = taken.Id };
        var missing = Batch();
        missing[5] = missing[5] with { ParentId = "nope" };
        var later = Batch();
        later[2] = later[2] with { ParentId = "b6" };

        var conflict = await Assert.ThrowsAsync<NexoException>(() => Store.Messages.CreateManyAsync(duplicate));
        var noParent = await Assert.ThrowsAsync<NexoException>(() => Store.Messages.CreateManyAsync(missing));
        var laterParent = await Assert.ThrowsAsync<NexoException>(() => Store.Messages.CreateManyAsync(later));

        Assert.Equal(NexoErrorKind.Conflict, conflict.Kind);
        Assert.Contains($"'{taken.Id}'", conflict.Message, StringComparison.Ordinal);
        Assert.Equal(NexoErrorKind.Validation, noParent.Kind);
        Assert.Equal("parentId", noParent.Details["field"]);
        Assert.Contains("'nope' of message 'b5'", noParent.Message, StringComparison.Ordinal);
        Assert.Equal(NexoErrorKind.Validation, laterParent.Kind);
        Assert.Contains("'b6' of message 'b2'", laterParent.Message, StringComparison.Ordinal);
        Assert.Equal(1, await Store.Messages.CountAsync(chat.Id));

        await Store.Messages.CreateManyAsync(Batch());
        var stored = await Store.Messages.ListAsync(chat.Id, new MessageQuery { Limit = 100 });
        Assert.Equal(Enumerable.Range(1, 11).Select(i => (long)i), stored.Select(m => m.Sequence));
        Assert.Equal([taken.Id, .. Enumerable.Range(0, 10).Select(i => $"b{i}")], stored.Select(m => m.Id));
        Assert.Equal("b8", stored[^1].ParentId);
    }

    [Fact]
    public async Task A_branch_is_the_leaf_and_its_ancestors_and_stops_at_the_latest_summary()
    {
        var chat = await NewChatAsync((await NewWorkspaceAsync()).Id);
        var q1 = await AddMessageAsync(chat.Id, "q1");
        var a1 = await AddMessageAsync(chat.Id, "a1", MessageRole.Assistant, q1.Id);
        var sibling = await AddMessageAsync(chat.Id, "other answer", MessageRole.Assistant, q1.Id);
        var summary = await AddMessageAsync(chat.Id, "summary of q1/a1", MessageRole.System, a1.Id, metadata: ContextSummaries.Metadata(a1.Id, 2, 0, null));
        var q2 = await AddMessageAsync(chat.Id, "q2", parentId: summary.Id);

        var branch = await Store.Messages.GetBranchAsync(q2.Id);
        var sinceSummary = await Store.Messages.GetBranchSinceSummaryAsync(q2.Id);
        var children = await Store.Messages.GetChildrenAsync(q1.Id);

        Assert.Equal([q1.Id, a1.Id, summary.Id, q2.Id], branch.Select(m => m.Id));
        Assert.Equal([a1.Id, summary.Id, q2.Id], sinceSummary.Select(m => m.Id));
        Assert.Equal([a1.Id, sibling.Id], children.Select(m => m.Id));
    }

    [Fact]
    public async Task Deleting_after_a_message_keeps_it_and_everything_before()
    {
        var chat = await NewChatAsync((await NewWorkspaceAsync()).Id);
        var kept = await AddMessageAsync(chat.Id, "keep");
        await AddMessageAsync(chat.Id, "drop 1");
        await AddMessageAsync(chat.Id, "drop 2");

        Assert.Equal(2, await Store.Messages.DeleteAfterAsync(chat.Id, kept.Id));
        Assert.Equal(kept.Id, (await Store.Messages.GetLatestAsync(chat.Id))!.Id);
        Assert.Equal(NexoErrorKind.NotFound, (await Assert.ThrowsAsync<NexoException>(() => Store.Messages.DeleteAfterAsync(chat.Id, "gone"))).Kind);
    }

    [Fact]
    public async Task Streaming_content_is_saved_and_a_finished_update_writes_every_field()
    {
        var chat = await NewChatAsync((await NewWorkspaceAsync()).Id);
        var answer = await AddMessageAsync(chat.Id, string.Empty, MessageRole.Assistant, status: MessageStatus.Streaming);

        await Store.Messages.UpdateContentAsync(answer.Id, "partial", "why", MessageStatus.Streaming);
        Assert.Equal("partial", (await Store.Messages.GetAsync(answer.Id))!.Content);

        Assert.True(await Store.Messages.UpdateAsync(answer with { Content = "done", Status = MessageStatus.Complete, FinishReason = "stop" }));
        var read = await Store.Messages.GetAsync(answer.Id);
        Assert.Equal(("done", MessageStatus.Complete, "stop"), (read!.Content, read.Status, read.FinishReason));
        Assert.False(await Store.Messages.UpdateAsync(answer with { Id = "missing" }));
    }

    [Fact]
    public async Task Unfinished_messages_of_an_unknown_writer_are_marked_interrupted_once_stale_but_this_process_is_left_alone()
    {
        var chat = await NewChatAsync((await NewWorkspaceAsync()).Id);
        var mine = await AddMessageAsync(chat.Id, "streaming here", MessageRole.Assistant, status: MessageStatus.Streaming);
        var orphan = await AddMessageAsync(chat.Id, "half an ans", MessageRole.Assistant, status: MessageStatus.Streaming);
        await ExecuteRawAsync($"UPDATE messages SET run_owner = NULL, updated_at = 1000 WHERE id = '{orphan.Id}'");
        var foreign = await AddMessageAsync(chat.Id, "elsewhere", MessageRole.Assistant, status: MessageStatus.Pending);
        await ExecuteRawAsync($"UPDATE messages SET run_owner = 'another-machine:1:s1', updated_at = 1000 WHERE id = '{foreign.Id}'");

        var marked = await Store.Messages.MarkInterruptedAsync(DateTimeOffset.UtcNow.AddMinutes(-10));

        Assert.Equal(2, marked);
        Assert.Equal(MessageStatus.Streaming, (await Store.Messages.GetAsync(mine.Id))!.Status);
        var interrupted = await Store.Messages.GetAsync(orphan.Id);
        Assert.Equal(MessageStatus.Error, interrupted!.Status);
        Assert.Equal("half an ans", interrupted.Content);
        Assert.StartsWith("Interrupted", interrupted.Error, StringComparison.Ordinal);
        Assert.Equal(MessageStatus.Error, (await Store.Messages.GetAsync(foreign.Id))!.Status);
    }
}

public sealed class SqliteMessageTests() : MessageConformance(StoreKind.Sqlite);

public sealed class PostgresMessageTests() : MessageConformance(StoreKind.Postgres);
