using System.Text.Json;
using Dapper;

namespace Nexo.Sdk.Tests.Messages;

public sealed class MessageRepositoryTests
{
    [Fact]
    public async Task CreateAsync_GivesIncreasingSequences_AndChainsParentsToTheLatestMessage()
    {
        await using var db = new TempDatabase();
        await using var nexo = await db.OpenAsync();
        var (_, chat) = await Seed.ChatAsync(nexo);

        var a = await nexo.Messages.CreateAsync(new NewMessage { ChatId = chat.Id, Role = MessageRole.User, Content = "a" });
        var b = await nexo.Messages.CreateAsync(new NewMessage { ChatId = chat.Id, Role = MessageRole.Assistant, Content = "b" });
        var c = await nexo.Messages.CreateAsync(new NewMessage { ChatId = chat.Id, Role = MessageRole.User, Content = "c" });

        Assert.Equal([1L, 2L, 3L], new[] { a.Sequence, b.Sequence, c.Sequence });
        Assert.Null(a.ParentId);
        Assert.Equal(a.Id, b.ParentId);
        Assert.Equal(b.Id, c.ParentId);
        Assert.Equal(MessageStatus.Complete, c.Status);
        Assert.Equal(c, await nexo.Messages.GetAsync(c.Id) with { Metadata = null });
        Assert.Equal(3, await nexo.MessageRepository.CountAsync(chat.Id));
        Assert.Equal(c.Id, (await nexo.MessageRepository.GetLatestAsync(chat.Id))!.Id);
    }

    [Fact]
    public async Task CreateAsync_RoundTripsEveryField()
    {
        await using var db = new TempDatabase();
        await using var nexo = await db.OpenAsync();
        var (_, chat) = await Seed.ChatAsync(nexo);
        var parent = await nexo.Messages.CreateAsync(new NewMessage { ChatId = chat.Id, Role = MessageRole.User, Content = "q" });
        var at = new DateTimeOffset(2026, 3, 4, 5, 6, 7, 890, TimeSpan.Zero);
        var message = new Message
        {
            Id = "full",
            ChatId = chat.Id,
            ParentId = parent.Id,
            Role = MessageRole.Assistant,
            Content = "answer ✓ ünïcode",
            Reasoning = "thinking",
            ToolCalls = [new ToolCall { Id = "call-1", Name = "read_file", Arguments = JsonDocument.Parse("""{"path":"/a"}""").RootElement, ServerId = "srv", ServerName = "fs" }],
            ToolCallId = null,
            Status = MessageStatus.Error,
            Error = "boom",
            FinishReason = "length",
            Model = "model-x",
            ConnectionId = "conn-1",
            Usage = new TokenUsage { InputTokens = 10, OutputTokens = 20, ReasoningTokens = 5, TotalTokens = 35 },
            Metadata = JsonDocument.Parse("""{"attachments":[1,2],"host":"x"}""").RootElement,
            CreatedAt = at,
            UpdatedAt = at.AddSeconds(1),
        };

        var stored = await nexo.MessageRepository.CreateAsync(message);
        var read = await nexo.MessageRepository.GetAsync("full");

        Assert.NotNull(read);
        Assert.Equal(2, stored.Sequence);
        Assert.Equal(2, read.Sequence);
        Assert.Equal(parent.Id, read.ParentId);
        Assert.Equal(message.Role, read.Role);
        Assert.Equal(message.Content, read.Content);
        Assert.Equal(message.Reasoning, read.Reasoning);
        Assert.Equal(message.Status, read.Status);
        Assert.Equal(message.Error, read.Error);
        Assert.Equal(message.FinishReason, read.FinishReason);
        Assert.Equal(message.Model, read.Model);
        Assert.Equal(message.ConnectionId, read.ConnectionId);
        Assert.Equal(message.Usage, read.Usage);
        Assert.Equal(message.CreatedAt, read.CreatedAt);
        Assert.Equal(message.UpdatedAt, read.UpdatedAt);
        var call = Assert.Single(read.ToolCalls!);
        Assert.Equal(("call-1", "read_file", "srv", "fs"), (call.Id, call.Name, call.ServerId, call.ServerName));
        Assert.Equal("/a", call.Arguments!.Value.GetProperty("path").GetString());
        Assert.Equal("x", read.Metadata!.Value.GetProperty("host").GetString());
        Assert.Equal(2, read.Metadata.Value.GetProperty("attachments").GetArrayLength());
    }

    [Fact]
    public async Task Sequence_IsNeverReused_AfterDeletes()
    {
        await using var db = new TempDatabase();
        await using var nexo = await db.OpenAsync();
        var (_, chat) = await Seed.ChatAsync(nexo);
        await nexo.MessageRepository.CreateManyAsync(Seed.Messages(chat.Id, 5));

        Assert.True(await nexo.MessageRepository.DeleteAsync("m5"));
        var afterDelete = await nexo.Messages.CreateAsync(new NewMessage { ChatId = chat.Id, Role = MessageRole.User, Content = "x" });
        await nexo.Messages.DeleteAfterAsync(chat.Id, "m1");
        var afterTruncate = await nexo.Messages.CreateAsync(new NewMessage { ChatId = chat.Id, Role = MessageRole.User, Content = "y" });
        Assert.True(await nexo.MessageRepository.DeleteAsync("m1"));
        Assert.True(await nexo.MessageRepository.DeleteAsync(afterTruncate.Id));
        var afterEmpty = await nexo.Messages.CreateAsync(new NewMessage { ChatId = chat.Id, Role = MessageRole.User, Content = "z" });

        Assert.Equal(6, afterDelete.Sequence);
        Assert.Equal(7, afterTruncate.Sequence);
        Assert.Equal(8, afterEmpty.Sequence);
    }

    [Fact]
    public async Task CreateManyAsync_StoresTheBatchWithConsecutiveSequences_AfterExistingMessages()
    {
        await using var db = new TempDatabase();
        await using var nexo = await db.OpenAsync();
        var (_, chat) = await Seed.ChatAsync(nexo);
        await nexo.Messages.CreateAsync(new NewMessage { Id = "first", ChatId = chat.Id, Role = MessageRole.System, Content = "s" });

        await nexo.MessageRepository.CreateManyAsync(Seed.Messages(chat.Id, 50));

        var all = await nexo.Messages.ListAsync(chat.Id);
        Assert.Equal(51, all.Count);
        Assert.Equal(Enumerable.Range(1, 51).Select(i => (long)i), all.Select(m => m.Sequence));
        Assert.Equal(["first", .. Enumerable.Range(1, 50).Select(i => $"m{i}")], all.Select(m => m.Id));
        Assert.Equal("message 50", all[^1].Content);
    }

    [Fact]
    public async Task CreateManyAsync_WhenOneRowFails_StoresNoneOfTheBatch()
    {
        await using var db = new TempDatabase();
        await using var nexo = await db.OpenAsync();
        var (_, chat) = await Seed.ChatAsync(nexo);
        var batch = Seed.Messages(chat.Id, 10);
        batch[7] = batch[7] with { Id = "m3" };

        await NexoAssert.ConflictAsync(() => nexo.MessageRepository.CreateManyAsync(batch));

        Assert.Equal(0, await nexo.MessageRepository.CountAsync(chat.Id));
        var next = await nexo.Messages.CreateAsync(new NewMessage { ChatId = chat.Id, Role = MessageRole.User, Content = "after" });
        Assert.Equal(1, next.Sequence);
    }

    [Fact]
    public async Task CreateManyAsync_WithAMissingParent_IsAValidationErrorOnParentId()
    {
        await using var db = new TempDatabase();
        await using var nexo = await db.OpenAsync();
        var (_, chat) = await Seed.ChatAsync(nexo);
        var batch = Seed.Messages(chat.Id, 3);
        batch[1] = batch[1] with { ParentId = "nowhere" };

        await NexoAssert.ValidationAsync("parentId", () => nexo.MessageRepository.CreateManyAsync(batch));
        Assert.Equal(0, await nexo.MessageRepository.CountAsync(chat.Id));
    }

    [Fact]
    public async Task CreateManyAsync_WithMessagesOfTwoChats_IsAValidationErrorOnMessages()
    {
        await using var db = new TempDatabase();
        await using var nexo = await db.OpenAsync();
        var (ws, chat) = await Seed.ChatAsync(nexo);
        var other = await nexo.Chats.CreateAsync(new NewChat { WorkspaceId = ws.Id });
        var batch = Seed.Messages(chat.Id, 2);
        batch[1] = batch[1] with { ChatId = other.Id, ParentId = null };

        await NexoAssert.ValidationAsync("messages", () => nexo.MessageRepository.CreateManyAsync(batch));
    }

    [Fact]
    public async Task CreateManyAsync_ForAnUnknownChat_IsNotFound()
    {
        await using var db = new TempDatabase();
        await using var nexo = await db.OpenAsync();

        await NexoAssert.NotFoundAsync("chat", () => nexo.MessageRepository.CreateManyAsync(Seed.Messages("no-chat", 2)));
    }

    [Fact]
    public async Task CreateManyAsync_WithNoMessages_DoesNothing()
    {
        await using var db = new TempDatabase();
        await using var nexo = await db.OpenAsync();
        var (_, chat) = await Seed.ChatAsync(nexo);

        await nexo.MessageRepository.CreateManyAsync([]);

        Assert.Equal(1, (await nexo.Messages.CreateAsync(new NewMessage { ChatId = chat.Id, Role = MessageRole.User })).Sequence);
    }

    [Fact]
    public async Task GetBranchAsync_ReturnsTheLeafAndItsAncestorsOnly_OldestFirst()
    {
        await using var db = new TempDatabase();
        await using var nexo = await db.OpenAsync();
        var (_, chat) = await Seed.ChatAsync(nexo);
        var root = await nexo.Messages.CreateAsync(new NewMessage { ChatId = chat.Id, Role = MessageRole.User, Content = "root" });
        var answer = await nexo.Messages.CreateAsync(new NewMessage { ChatId = chat.Id, Role = MessageRole.Assistant, Content = "answer" });
        var left = await nexo.Messages.CreateAsync(new NewMessage { ChatId = chat.Id, Role = MessageRole.User, Content = "left" });
        var right = await nexo.Messages.CreateAsync(new NewMessage { ChatId = chat.Id, Role = MessageRole.User, Content = "right", ParentId = answer.Id });
        var rightReply = await nexo.Messages.CreateAsync(new NewMessage { ChatId = chat.Id, Role = MessageRole.Assistant, Content = "right reply" });

        Assert.Equal([root.Id, answer.Id, left.Id], (await nexo.MessageRepository.GetBranchAsync(left.Id)).Select(m => m.Id));
        Assert.Equal([root.Id, answer.Id, right.Id, rightReply.Id], (await nexo.MessageRepository.GetBranchAsync(rightReply.Id)).Select(m => m.Id));
        Assert.Equal([root.Id], (await nexo.MessageRepository.GetBranchAsync(root.Id)).Select(m => m.Id));
        Assert.Empty(await nexo.MessageRepository.GetBranchAsync("unknown"));
    }

    [Fact]
    public async Task GetActiveBranchAsync_FollowsTheChatsActiveMessage_AndNewMessagesMoveIt()
    {
        await using var db = new TempDatabase();
        await using var nexo = await db.OpenAsync();
        var (_, chat) = await Seed.ChatAsync(nexo);
        var q = await nexo.Messages.CreateAsync(new NewMessage { ChatId = chat.Id, Role = MessageRole.User, Content = "q" });
        var a1 = await nexo.Messages.CreateAsync(new NewMessage { ChatId = chat.Id, Role = MessageRole.Assistant, Content = "a1" });
        var a2 = await nexo.Messages.CreateAsync(new NewMessage { ChatId = chat.Id, Role = MessageRole.Assistant, Content = "a2", ParentId = q.Id });

        Assert.Equal([q.Id, a2.Id], (await nexo.Messages.GetActiveBranchAsync(chat.Id)).Select(m => m.Id));

        await nexo.Chats.UpdateAsync(chat.Id, new ChatUpdate { ActiveMessageId = a1.Id });
        Assert.Equal([q.Id, a1.Id], (await nexo.Messages.GetActiveBranchAsync(chat.Id)).Select(m => m.Id));

        var followUp = await nexo.Messages.CreateAsync(new NewMessage { ChatId = chat.Id, Role = MessageRole.User, Content = "more" });
        Assert.Equal(a1.Id, followUp.ParentId);
        Assert.Equal(followUp.Id, (await nexo.Chats.GetAsync(chat.Id)).ActiveMessageId);
        Assert.Equal([q.Id, a1.Id, followUp.Id], (await nexo.Messages.GetActiveBranchAsync(chat.Id)).Select(m => m.Id));
    }

    [Fact]
    public async Task GetActiveBranchAsync_OfAnEmptyChat_IsEmpty()
    {
        await using var db = new TempDatabase();
        await using var nexo = await db.OpenAsync();
        var (_, chat) = await Seed.ChatAsync(nexo);

        Assert.Empty(await nexo.Messages.GetActiveBranchAsync(chat.Id));
        Assert.Null(await nexo.MessageRepository.GetLatestAsync(chat.Id));
    }

    [Fact]
    public async Task UpdateContentAsync_ReplacesContent_KeepsTheRest_AndReindexesSearch()
    {
        await using var db = new TempDatabase();
        var clock = new ManualTimeProvider();
        await using var nexo = await db.OpenAsync(clock);
        var (_, chat) = await Seed.ChatAsync(nexo);
        var message = await nexo.Messages.CreateAsync(new NewMessage { ChatId = chat.Id, Role = MessageRole.Assistant, Content = "original walrus", Reasoning = "why" });
        clock.Advance();

        var updated = await nexo.Messages.UpdateContentAsync(message.Id, "edited narwhal");

        Assert.Equal("edited narwhal", updated.Content);
        Assert.Equal("why", updated.Reasoning);
        Assert.Equal(clock.Now, updated.UpdatedAt);
        Assert.Equal(message.Sequence, (await nexo.Messages.GetAsync(message.Id)).Sequence);
        Assert.Equal("edited narwhal", (await nexo.Messages.GetAsync(message.Id)).Content);
        Assert.Empty(await nexo.Messages.SearchAsync(new MessageSearchQuery { Text = "walrus" }));
        Assert.Equal(message.Id, Assert.Single(await nexo.Messages.SearchAsync(new MessageSearchQuery { Text = "narwhal" })).MessageId);
    }

    [Fact]
    public async Task RepositoryUpdateContentAsync_WritesContentReasoningAndStatus()
    {
        await using var db = new TempDatabase();
        await using var nexo = await db.OpenAsync();
        var (_, chat) = await Seed.ChatAsync(nexo);
        var message = await nexo.MessageRepository.CreateAsync(new Message { Id = "s", ChatId = chat.Id, Role = MessageRole.Assistant, Status = MessageStatus.Pending });

        await nexo.MessageRepository.UpdateContentAsync("s", "partial", "thoughts", MessageStatus.Streaming);

        var read = await nexo.Messages.GetAsync(message.Id);
        Assert.Equal(("partial", "thoughts", MessageStatus.Streaming), (read.Content, read.Reasoning, read.Status));
    }

    [Fact]
    public async Task RepositoryUpdateAsync_WritesMutableFields_AndReportsUnknownIds()
    {
        await using var db = new TempDatabase();
        await using var nexo = await db.OpenAsync();
        var (_, chat) = await Seed.ChatAsync(nexo);
        var message = await nexo.MessageRepository.CreateAsync(new Message { Id = "u", ChatId = chat.Id, Role = MessageRole.Assistant, Status = MessageStatus.Streaming });

        var done = message with
        {
            Content = "done",
            Status = MessageStatus.Complete,
            FinishReason = "stop",
            Usage = new TokenUsage { InputTokens = 1, OutputTokens = 2, TotalTokens = 3 },
            ToolCalls = [new ToolCall { Id = "c", Name = "t" }],
        };
        Assert.True(await nexo.MessageRepository.UpdateAsync(done));
        Assert.False(await nexo.MessageRepository.UpdateAsync(done with { Id = "missing" }));

        var read = await nexo.Messages.GetAsync("u");
        Assert.Equal(("done", MessageStatus.Complete, "stop"), (read.Content, read.Status, read.FinishReason));
        Assert.Equal(done.Usage, read.Usage);
        Assert.Equal("t", Assert.Single(read.ToolCalls!).Name);
    }

    [Fact]
    public async Task DeleteAfterAsync_DeletesOnlyLaterMessages_AndMovesTheActiveLeaf()
    {
        await using var db = new TempDatabase();
        await using var nexo = await db.OpenAsync();
        var (ws, chat) = await Seed.ChatAsync(nexo);
        var other = await nexo.Chats.CreateAsync(new NewChat { WorkspaceId = ws.Id });
        await nexo.MessageRepository.CreateManyAsync(Seed.Messages(chat.Id, 6));
        await nexo.MessageRepository.CreateManyAsync(Seed.Messages(other.Id, 6, prefix: "o"));
        await nexo.Chats.UpdateAsync(chat.Id, new ChatUpdate { ActiveMessageId = "m6" });

        var deleted = await nexo.Messages.DeleteAfterAsync(chat.Id, "m2");

        Assert.Equal(4, deleted);
        Assert.Equal(["m1", "m2"], (await nexo.Messages.ListAsync(chat.Id)).Select(m => m.Id));
        Assert.Equal(6, await nexo.MessageRepository.CountAsync(other.Id));
        Assert.Equal("m2", (await nexo.Chats.GetAsync(chat.Id)).ActiveMessageId);
        Assert.Equal(0, await nexo.Messages.DeleteAfterAsync(chat.Id, "m2"));
    }

    [Fact]
    public async Task DeleteAfterAsync_WithAMessageOfAnotherChat_IsNotFound()
    {
        await using var db = new TempDatabase();
        await using var nexo = await db.OpenAsync();
        var (ws, chat) = await Seed.ChatAsync(nexo);
        var other = await nexo.Chats.CreateAsync(new NewChat { WorkspaceId = ws.Id });
        await nexo.MessageRepository.CreateManyAsync(Seed.Messages(other.Id, 2));

        await NexoAssert.NotFoundAsync("message", () => nexo.Messages.DeleteAfterAsync(chat.Id, "m1"));
        Assert.Equal(2, await nexo.MessageRepository.CountAsync(other.Id));
    }

    [Fact]
    public async Task DeleteAsync_KeepsChildrenAndClearsTheirParent()
    {
        await using var db = new TempDatabase();
        await using var nexo = await db.OpenAsync();
        var (_, chat) = await Seed.ChatAsync(nexo);
        await nexo.MessageRepository.CreateManyAsync(Seed.Messages(chat.Id, 3));

        Assert.True(await nexo.MessageRepository.DeleteAsync("m2"));
        Assert.False(await nexo.MessageRepository.DeleteAsync("m2"));

        var child = await nexo.Messages.GetAsync("m3");
        Assert.Null(child.ParentId);
        Assert.Equal(2, await nexo.MessageRepository.CountAsync(chat.Id));
    }

    [Fact]
    public async Task MarkInterruptedAsync_OnlyMarksUnfinishedMessagesNotWrittenSinceTheCutoff()
    {
        await using var db = new TempDatabase();
        await using var nexo = await db.OpenAsync();
        var (_, chat) = await Seed.ChatAsync(nexo);
        var cutoff = new DateTimeOffset(2026, 5, 1, 0, 0, 0, TimeSpan.Zero);
        var old = cutoff.AddMinutes(-5);
        var recent = cutoff.AddMinutes(5);
        Message Make(string id, MessageStatus status, DateTimeOffset at) =>
            new() { Id = id, ChatId = chat.Id, Role = MessageRole.Assistant, Content = $"partial {id}", Status = status, CreatedAt = at, UpdatedAt = at };
        foreach (var m in new[]
        {
            Make("old-streaming", MessageStatus.Streaming, old),
            Make("old-pending", MessageStatus.Pending, old),
            Make("recent-streaming", MessageStatus.Streaming, recent),
            Make("old-complete", MessageStatus.Complete, old),
            Make("old-cancelled", MessageStatus.Cancelled, old),
        })
        {
            await nexo.MessageRepository.CreateAsync(m);
        }

        // These rows stand for writers Nexo cannot identify (older versions): only their age counts.
        await using (var raw = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={db.Path_}"))
        {
            raw.Open();
            using var cmd = raw.CreateCommand();
            cmd.CommandText = "UPDATE messages SET run_owner = NULL";
            cmd.ExecuteNonQuery();
        }

        var marked = await nexo.MessageRepository.MarkInterruptedAsync(cutoff);

        Assert.Equal(2, marked);
        foreach (var id in new[] { "old-streaming", "old-pending" })
        {
            var m = await nexo.Messages.GetAsync(id);
            Assert.Equal(MessageStatus.Error, m.Status);
            Assert.Equal($"partial {id}", m.Content);
            Assert.False(string.IsNullOrWhiteSpace(m.Error));
        }

        var untouched = await nexo.Messages.GetAsync("recent-streaming");
        Assert.Equal((MessageStatus.Streaming, null, recent), (untouched.Status, untouched.Error, untouched.UpdatedAt));
        Assert.Equal(MessageStatus.Complete, (await nexo.Messages.GetAsync("old-complete")).Status);
        Assert.Equal(MessageStatus.Cancelled, (await nexo.Messages.GetAsync("old-cancelled")).Status);
        Assert.Equal(0, await nexo.MessageRepository.MarkInterruptedAsync(cutoff));
    }

    [Fact]
    public async Task MarkInterruptedAsync_MarksADeadWritersMessagesAtOnce_AndNeverALiveWritersOnes()
    {
        await using var db = new TempDatabase();
        await using var nexo = await db.OpenAsync();
        var (_, chat) = await Seed.ChatAsync(nexo);
        var now = DateTimeOffset.UtcNow;
        await nexo.MessageRepository.CreateAsync(new Message { Id = "mine", ChatId = chat.Id, Role = MessageRole.Assistant, Content = "live", Status = MessageStatus.Streaming, CreatedAt = now.AddHours(-1), UpdatedAt = now.AddHours(-1) });
        await nexo.MessageRepository.CreateAsync(new Message { Id = "dead", ChatId = chat.Id, Role = MessageRole.Assistant, Content = "orphan", Status = MessageStatus.Streaming, CreatedAt = now, UpdatedAt = now });
        await using (var raw = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={db.Path_}"))
        {
            raw.Open();
            using var cmd = raw.CreateCommand();
            cmd.CommandText = $"UPDATE messages SET run_owner = '{Environment.MachineName}:2147483001:5' WHERE id = 'dead'";
            cmd.ExecuteNonQuery();
        }

        var marked = await nexo.MessageRepository.MarkInterruptedAsync(now.AddDays(-1));

        Assert.Equal(1, marked);
        Assert.Equal(MessageStatus.Error, (await nexo.Messages.GetAsync("dead")).Status);
        Assert.Equal("orphan", (await nexo.Messages.GetAsync("dead")).Content);
        Assert.Equal(MessageStatus.Streaming, (await nexo.Messages.GetAsync("mine")).Status);
    }

    [Fact]
    public async Task Messages_AreStoredWithTheirRoleAndStatusWireNames()
    {
        await using var db = new TempDatabase();
        await using var nexo = await db.OpenAsync();
        var (_, chat) = await Seed.ChatAsync(nexo);
        await nexo.MessageRepository.CreateAsync(new Message { Id = "t", ChatId = chat.Id, Role = MessageRole.Tool, ToolCallId = "call-9", Status = MessageStatus.Cancelled });

        await using var raw = db.OpenRaw();
        var row = raw.QuerySingle<(string role, string status, string tool_call_id)>("SELECT role, status, tool_call_id FROM messages WHERE id = 't'");
        Assert.Equal(("tool", "cancelled", "call-9"), row);
        Assert.Equal("call-9", (await nexo.Messages.GetAsync("t")).ToolCallId);
    }
}
