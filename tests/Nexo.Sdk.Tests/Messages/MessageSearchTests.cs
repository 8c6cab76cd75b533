using Dapper;

namespace Nexo.Sdk.Tests.Messages;

public sealed class MessageSearchTests
{
    [Fact]
    public async Task SearchAsync_RanksTheMessageWithMoreAndDenserMatchesFirst()
    {
        await using var db = new TempDatabase();
        await using var nexo = await db.OpenAsync();
        var (_, chat) = await Seed.ChatAsync(nexo);
        var filler = string.Join(' ', Enumerable.Repeat("lorem ipsum dolor sit amet", 20));
        var sparse = await Add(nexo, chat.Id, $"{filler} pelican {filler}");
        var dense = await Add(nexo, chat.Id, "pelican pelican pelican: all about the pelican");
        var middle = await Add(nexo, chat.Id, $"a pelican and another pelican {filler}");
        await Add(nexo, chat.Id, "nothing to see here");

        var hits = await nexo.Messages.SearchAsync(new MessageSearchQuery { Text = "pelican" });

        Assert.Equal([dense.Id, middle.Id, sparse.Id], hits.Select(h => h.MessageId));
        Assert.True(hits[0].Rank < hits[1].Rank && hits[1].Rank < hits[2].Rank, "bm25 rank is ascending (lower is better)");
    }

    [Fact]
    public async Task SearchAsync_ReturnsSnippetsWithMatchesInBrackets_AndChatDetails()
    {
        await using var db = new TempDatabase();
        await using var nexo = await db.OpenAsync();
        var (ws, chat) = await Seed.ChatAsync(nexo, title: "Birds");
        var message = await Add(nexo, chat.Id, "The running heron waded through the marsh", MessageRole.Assistant);

        var hit = Assert.Single(await nexo.Messages.SearchAsync(new MessageSearchQuery { Text = "runn" }));

        Assert.Contains("[running]", hit.Snippet, StringComparison.Ordinal);
        Assert.Equal(message.Id, hit.MessageId);
        Assert.Equal(chat.Id, hit.ChatId);
        Assert.Equal(ws.Id, hit.WorkspaceId);
        Assert.Equal("Birds", hit.ChatTitle);
        Assert.Equal(MessageRole.Assistant, hit.Role);
        Assert.Equal(message.CreatedAt, hit.CreatedAt);
    }

    [Fact]
    public async Task SearchAsync_RequiresEveryWord_AndQuotesMakeAPhrase()
    {
        await using var db = new TempDatabase();
        await using var nexo = await db.OpenAsync();
        var (_, chat) = await Seed.ChatAsync(nexo);
        var adjacent = await Add(nexo, chat.Id, "the quick brown fox");
        var apart = await Add(nexo, chat.Id, "brown bears are quick");
        await Add(nexo, chat.Id, "only quick here");

        var both = await nexo.Messages.SearchAsync(new MessageSearchQuery { Text = "quick brown" });
        var phrase = await nexo.Messages.SearchAsync(new MessageSearchQuery { Text = "\"quick brown\"" });

        Assert.Equal(new[] { adjacent.Id, apart.Id }.Order(), both.Select(h => h.MessageId).Order());
        Assert.Equal(adjacent.Id, Assert.Single(phrase).MessageId);
    }

    [Fact]
    public async Task SearchAsync_IgnoresCaseAndDiacritics()
    {
        await using var db = new TempDatabase();
        await using var nexo = await db.OpenAsync();
        var (_, chat) = await Seed.ChatAsync(nexo);
        var message = await Add(nexo, chat.Id, "Un CAFÉ crème, s'il vous plaît");

        Assert.Equal(message.Id, Assert.Single(await nexo.Messages.SearchAsync(new MessageSearchQuery { Text = "cafe creme" })).MessageId);
    }

    [Fact]
    public async Task SearchAsync_FiltersByWorkspaceAndChat_AndHonoursTheLimit()
    {
        await using var db = new TempDatabase();
        await using var nexo = await db.OpenAsync();
        var (wsA, chatA1) = await Seed.ChatAsync(nexo, "a");
        var chatA2 = await nexo.Chats.CreateAsync(new NewChat { WorkspaceId = wsA.Id });
        var (wsB, chatB) = await Seed.ChatAsync(nexo, "b");
        await Add(nexo, chatA1.Id, "shared word");
        await Add(nexo, chatA2.Id, "shared word");
        await Add(nexo, chatB.Id, "shared word");

        Assert.Equal(3, (await nexo.Messages.SearchAsync(new MessageSearchQuery { Text = "shared" })).Count);
        Assert.All(await nexo.Messages.SearchAsync(new MessageSearchQuery { Text = "shared", WorkspaceId = wsA.Id }), h => Assert.Equal(wsA.Id, h.WorkspaceId));
        Assert.Equal(2, (await nexo.Messages.SearchAsync(new MessageSearchQuery { Text = "shared", WorkspaceId = wsA.Id })).Count);
        Assert.Equal(chatA2.Id, Assert.Single(await nexo.Messages.SearchAsync(new MessageSearchQuery { Text = "shared", ChatId = chatA2.Id })).ChatId);
        Assert.Equal(wsB.Id, Assert.Single(await nexo.Messages.SearchAsync(new MessageSearchQuery { Text = "shared", WorkspaceId = wsB.Id })).WorkspaceId);
        Assert.Empty(await nexo.Messages.SearchAsync(new MessageSearchQuery { Text = "shared", WorkspaceId = wsB.Id, ChatId = chatA1.Id }));
        Assert.Equal(2, (await nexo.Messages.SearchAsync(new MessageSearchQuery { Text = "shared", Limit = 2 })).Count);
    }

    [Theory]
    [InlineData("\"foo AND (bar")]
    [InlineData("foo AND (bar")]
    [InlineData("foo OR")]
    [InlineData("NOT foo")]
    [InlineData("AND OR NOT NEAR")]
    [InlineData("NEAR(foo bar, 2)")]
    [InlineData("foo*bar*")]
    [InlineData("*")]
    [InlineData("\"")]
    [InlineData("\"\"")]
    [InlineData("\"\"\"")]
    [InlineData("\"!!!\"")]
    [InlineData("( ) { } [ ]")]
    [InlineData("-foo +bar ^baz")]
    [InlineData("content:foo")]
    [InlineData("{content}: foo")]
    [InlineData("a:b:c")]
    [InlineData("'")]
    [InlineData("''")]
    [InlineData("--")]
    [InlineData("...")]
    [InlineData("_")]
    [InlineData("__init__")]
    [InlineData("foo\"bar")]
    [InlineData("\\ / % ; @ # $ &")]
    [InlineData("😀 ü 中文")]
    [InlineData("DROP TABLE messages; --")]
    public async Task SearchAsync_WithFtsSyntaxInUserInput_NeverThrows(string text)
    {
        await using var db = new TempDatabase();
        await using var nexo = await db.OpenAsync();
        var (_, chat) = await Seed.ChatAsync(nexo);
        await Add(nexo, chat.Id, "foo and bar and baz, content: 中文 __init__ test");

        var hits = await nexo.Messages.SearchAsync(new MessageSearchQuery { Text = text });

        Assert.All(hits, h => Assert.Equal(chat.Id, h.ChatId));
    }

    [Fact]
    public async Task SearchAsync_WithRandomPunctuationHeavyInput_NeverThrows()
    {
        await using var db = new TempDatabase();
        await using var nexo = await db.OpenAsync();
        var (_, chat) = await Seed.ChatAsync(nexo);
        await Add(nexo, chat.Id, "alpha beta gamma \"quoted\" (paren) col:on star* a-b o'k");
        const string alphabet = "ab \"\"()*:^+-'.,;{}[]_\\/NEAROT\t";
        var random = new Random(20260115);

        for (var i = 0; i < 300; i++)
        {
            var text = new string(Enumerable.Range(0, random.Next(1, 16)).Select(_ => alphabet[random.Next(alphabet.Length)]).ToArray());
            var query = new MessageSearchQuery { Text = text };

            var ex = await Record.ExceptionAsync(() => nexo.MessageRepository.SearchAsync(query));

            Assert.True(ex is null, $"Searching for [{text}] threw: {ex}");
        }
    }

    [Fact]
    public async Task SearchAsync_TreatsAnUnclosedQuoteAsAPhrase_AndOperatorsAsWords()
    {
        await using var db = new TempDatabase();
        await using var nexo = await db.OpenAsync();
        var (_, chat) = await Seed.ChatAsync(nexo);
        var target = await Add(nexo, chat.Id, "foo and bar");
        await Add(nexo, chat.Id, "foo bar");

        var unclosed = await nexo.Messages.SearchAsync(new MessageSearchQuery { Text = "\"foo AND (bar" });
        var operatorWord = await nexo.Messages.SearchAsync(new MessageSearchQuery { Text = "foo AND bar" });

        Assert.Equal(target.Id, Assert.Single(unclosed).MessageId);
        Assert.Equal(target.Id, Assert.Single(operatorWord).MessageId);
    }

    [Fact]
    public async Task SearchAsync_WithOnlyPunctuation_FindsNothing()
    {
        await using var db = new TempDatabase();
        await using var nexo = await db.OpenAsync();
        var (_, chat) = await Seed.ChatAsync(nexo);
        await Add(nexo, chat.Id, "anything at all");

        Assert.Empty(await nexo.Messages.SearchAsync(new MessageSearchQuery { Text = "(*) -- ..." }));
    }

    [Fact]
    public async Task DeletedAndEditedMessages_LeaveNoStaleSearchRows()
    {
        await using var db = new TempDatabase();
        await using var nexo = await db.OpenAsync();
        var (_, chat) = await Seed.ChatAsync(nexo);
        var deleted = await Add(nexo, chat.Id, "ephemeral otter");
        var edited = await Add(nexo, chat.Id, "ephemeral beaver");
        await nexo.MessageRepository.DeleteAsync(deleted.Id);
        await nexo.Messages.UpdateContentAsync(edited.Id, "permanent beaver");

        await using var raw = db.OpenRaw();
        Assert.Equal(0, raw.ExecuteScalar<long>("SELECT count(*) FROM messages_fts WHERE messages_fts MATCH 'ephemeral'"));
        Assert.Equal(0, raw.ExecuteScalar<long>("SELECT count(*) FROM messages_fts WHERE messages_fts MATCH 'otter'"));
        Assert.Equal(1, raw.ExecuteScalar<long>("SELECT count(*) FROM messages_fts WHERE messages_fts MATCH 'permanent'"));
        raw.Execute("INSERT INTO messages_fts (messages_fts, rank) VALUES ('integrity-check', 1)");
    }

    private static Task<Message> Add(NexoClient nexo, string chatId, string content, MessageRole role = MessageRole.User) =>
        nexo.Messages.CreateAsync(new NewMessage { ChatId = chatId, Role = role, Content = content });
}
