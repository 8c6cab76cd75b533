using Dapper;
using Nexo.Storage;

namespace Nexo.Sdk.Tests.Messages;

public sealed class MessagePagingTests
{
    [Fact]
    public async Task ListAsync_WithoutBounds_ReturnsTheNewestPage_OldestFirst()
    {
        await using var db = new TempDatabase();
        await using var nexo = await db.OpenAsync();
        var (_, chat) = await Seed.ChatAsync(nexo);
        await nexo.MessageRepository.CreateManyAsync(Seed.Messages(chat.Id, 250));

        var page = await nexo.Messages.ListAsync(chat.Id, new MessageQuery { Limit = 100 });

        Assert.Equal(Enumerable.Range(151, 100).Select(i => (long)i), page.Select(m => m.Sequence));
    }

    [Fact]
    public async Task ListAsync_BeforeSequence_WalksBackToTheStartWithoutGapsOrOverlaps()
    {
        await using var db = new TempDatabase();
        await using var nexo = await db.OpenAsync();
        var (_, chat) = await Seed.ChatAsync(nexo);
        await nexo.MessageRepository.CreateManyAsync(Seed.Messages(chat.Id, 95));

        var pages = new List<IReadOnlyList<Message>>();
        long? before = null;
        while (true)
        {
            var page = await nexo.Messages.ListAsync(chat.Id, new MessageQuery { Limit = 20, BeforeSequence = before });
            if (page.Count == 0)
            {
                break;
            }

            Assert.Equal(page.OrderBy(m => m.Sequence), page);
            pages.Add(page);
            before = page[0].Sequence;
        }

        Assert.Equal([20, 20, 20, 20, 15], pages.Select(p => p.Count));
        var walked = pages.AsEnumerable().Reverse().SelectMany(p => p).Select(m => m.Id);
        Assert.Equal(Enumerable.Range(1, 95).Select(i => $"m{i}"), walked);
    }

    [Fact]
    public async Task ListAsync_AfterSequence_WalksForwardOldestFirst()
    {
        await using var db = new TempDatabase();
        await using var nexo = await db.OpenAsync();
        var (_, chat) = await Seed.ChatAsync(nexo);
        await nexo.MessageRepository.CreateManyAsync(Seed.Messages(chat.Id, 45));

        var walked = new List<long>();
        long after = 0;
        while (true)
        {
            var page = await nexo.Messages.ListAsync(chat.Id, new MessageQuery { Limit = 10, AfterSequence = after });
            if (page.Count == 0)
            {
                break;
            }

            walked.AddRange(page.Select(m => m.Sequence));
            after = page[^1].Sequence;
        }

        Assert.Equal(Enumerable.Range(1, 45).Select(i => (long)i), walked);
    }

    [Fact]
    public async Task ListAsync_AfterAndBefore_ReturnsTheWindowBetween()
    {
        await using var db = new TempDatabase();
        await using var nexo = await db.OpenAsync();
        var (_, chat) = await Seed.ChatAsync(nexo);
        await nexo.MessageRepository.CreateManyAsync(Seed.Messages(chat.Id, 30));

        var window = await nexo.Messages.ListAsync(chat.Id, new MessageQuery { AfterSequence = 10, BeforeSequence = 15 });

        Assert.Equal([11L, 12L, 13L, 14L], window.Select(m => m.Sequence));
    }

    [Fact]
    public async Task ListAsync_SkipsDeletedSequences_AndOnlyReturnsThatChat()
    {
        await using var db = new TempDatabase();
        await using var nexo = await db.OpenAsync();
        var (ws, chat) = await Seed.ChatAsync(nexo);
        var other = await nexo.Chats.CreateAsync(new NewChat { WorkspaceId = ws.Id });
        await nexo.MessageRepository.CreateManyAsync(Seed.Messages(chat.Id, 10));
        await nexo.MessageRepository.CreateManyAsync(Seed.Messages(other.Id, 10, prefix: "o"));
        await nexo.MessageRepository.DeleteAsync("m9");

        var page = await nexo.Messages.ListAsync(chat.Id, new MessageQuery { Limit = 3 });

        Assert.Equal(["m7", "m8", "m10"], page.Select(m => m.Id));
    }

    [Fact]
    public async Task ListAsync_OfAnEmptyChat_IsEmpty()
    {
        await using var db = new TempDatabase();
        await using var nexo = await db.OpenAsync();
        var (_, chat) = await Seed.ChatAsync(nexo);

        Assert.Empty(await nexo.Messages.ListAsync(chat.Id));
    }

    [Theory]
    [InlineData(SqliteMessageRepository.ListNewestSql)]
    [InlineData(SqliteMessageRepository.ListAfterSql)]
    public async Task ListQueries_SeekTheChatSequenceIndex_WithoutScanningOrSorting(string sql)
    {
        await using var db = new TempDatabase();
        await using var nexo = await db.OpenAsync();
        var (_, chat) = await Seed.ChatAsync(nexo);
        await nexo.MessageRepository.CreateManyAsync(Seed.Messages(chat.Id, 200));
        await using var raw = db.OpenRaw();
        raw.Execute("ANALYZE;");

        var plan = raw.Query<(long id, long parent, long notUsed, string detail)>("EXPLAIN QUERY PLAN " + sql, new { chatId = chat.Id, before = (long?)150, after = (long?)100, take = 100 })
            .Select(step => step.detail)
            .ToList();

        // Both bounds seek on the index (a page deep in history is read directly, not found by walking from the end).
        Assert.Contains(plan, step => step.StartsWith("SEARCH messages USING INDEX ux_messages_chat_seq (chat_id=? AND seq", StringComparison.Ordinal) && step.Contains("seq<?", StringComparison.Ordinal));
        Assert.DoesNotContain(plan, step => step.StartsWith("SCAN messages", StringComparison.Ordinal));
        Assert.DoesNotContain(plan, step => step.Contains("TEMP B-TREE", StringComparison.Ordinal));
    }
}
