using Dapper;
using Nexo.Storage;

namespace Nexo.Sdk.Tests.Messages;

/// <summary>
/// The search ranks only the best candidates and reads snippets only for the page (issue 17). These tests compare
/// every page it returns with the full BM25 order of <em>all</em> matches, computed here by a plain query without a
/// limit, on a few thousand chat-like messages in workspaces of very different sizes.
/// </summary>
public sealed class MessageSearchRankingTests(MessageSearchRankingTests.Corpus corpus) : IClassFixture<MessageSearchRankingTests.Corpus>
{
    public static TheoryData<string> Queries => new()
    {
        "context",          // a frequent word (hundreds of matches)
        "model error",      // two words, both required
        "\"model error\"",  // a phrase
        "sear",             // a prefix
        "pelican",          // a rare word
        "Kontext",          // nothing
    };

    [Theory]
    [MemberData(nameof(Queries))]
    public async Task SearchAsync_ReturnsTheTopOfTheFullBm25Order_ForEveryLimit(string text)
    {
        var all = await corpus.FullOrderAsync(text);

        foreach (var limit in new[] { 1, 7, 50, 500 })
        {
            var hits = await corpus.Nexo.Messages.SearchAsync(new MessageSearchQuery { Text = text, Limit = limit });

            AssertPage(all.Take(limit).ToList(), hits);
        }
    }

    [Fact]
    public async Task SearchAsync_OnAFrequentWord_HasMoreMatchesThanOnePage_AndEqualScoresComeNewestFirst()
    {
        var all = await corpus.FullOrderAsync("context");
        var hits = await corpus.Nexo.Messages.SearchAsync(new MessageSearchQuery { Text = "context", Limit = 500 });

        Assert.True(all.Count > 500, $"the corpus has {all.Count} matches for a frequent word, more than the largest page");
        var tie = hits.Zip(hits.Skip(1)).First(p => p.First.Rank == p.Second.Rank);
        Assert.True(corpus.Pk[tie.First.MessageId] > corpus.Pk[tie.Second.MessageId], "equal scores: the newer message first");
    }

    [Theory]
    [MemberData(nameof(Queries))]
    public async Task SearchAsync_InAChat_IsTheFullOrderOfThatChatsMatches_NotTheGlobalPageFiltered(string text)
    {
        var all = await corpus.FullOrderAsync(text);
        foreach (var chat in new[] { corpus.SmallChat, corpus.BigChats[2], corpus.MidChats[0] })
        {
            foreach (var limit in new[] { 3, 50, 500 })
            {
                var hits = await corpus.Nexo.Messages.SearchAsync(new MessageSearchQuery { Text = text, ChatId = chat.Id, Limit = limit });

                AssertPage(all.Where(h => h.ChatId == chat.Id).Take(limit).ToList(), hits);
            }
        }
    }

    [Theory]
    [MemberData(nameof(Queries))]
    public async Task SearchAsync_InAWorkspace_LargeOrSmall_IsTheFullOrderOfThatWorkspacesMatches(string text)
    {
        var all = await corpus.FullOrderAsync(text);

        // The big workspace holds most messages (searched by leaving the others out), the small ones few (searched
        // by listing theirs): both must give exactly the workspace's matches.
        foreach (var ws in new[] { corpus.Big, corpus.Mid, corpus.Small })
        {
            foreach (var limit in new[] { 3, 50, 500 })
            {
                var hits = await corpus.Nexo.Messages.SearchAsync(new MessageSearchQuery { Text = text, WorkspaceId = ws.Id, Limit = limit });

                AssertPage(all.Where(h => h.WorkspaceId == ws.Id).Take(limit).ToList(), hits);
            }
        }
    }

    [Fact]
    public async Task SearchAsync_ASmallWorkspacesPage_IsFull_ThoughItsMatchesRankBelowTheGlobalPage()
    {
        var all = await corpus.FullOrderAsync("context");
        var small = all.Where(h => h.WorkspaceId == corpus.Small.Id).ToList();
        var globalPageFiltered = all.Take(20).Count(h => h.WorkspaceId == corpus.Small.Id);
        Assert.True(small.Count >= 5, $"the small workspace has {small.Count} matches");
        Assert.True(globalPageFiltered < Math.Min(20, small.Count), "filtering the global page would lose the small workspace's matches");

        var hits = await corpus.Nexo.Messages.SearchAsync(new MessageSearchQuery { Text = "context", WorkspaceId = corpus.Small.Id, Limit = 20 });

        Assert.Equal(Math.Min(20, small.Count), hits.Count);
        Assert.All(hits, h => Assert.Equal(corpus.Small.Id, h.WorkspaceId));
    }

    [Fact]
    public async Task SearchAsync_WithAChatAndAWorkspace_NeedsBoth_AndUnknownScopesFindNothing()
    {
        var all = await corpus.FullOrderAsync("context");
        var chat = corpus.MidChats[1];

        var inItsWorkspace = await corpus.Nexo.Messages.SearchAsync(new MessageSearchQuery { Text = "context", ChatId = chat.Id, WorkspaceId = corpus.Mid.Id, Limit = 50 });
        var inAnother = await corpus.Nexo.Messages.SearchAsync(new MessageSearchQuery { Text = "context", ChatId = chat.Id, WorkspaceId = corpus.Big.Id });
        var unknownChat = await corpus.Nexo.Messages.SearchAsync(new MessageSearchQuery { Text = "context", ChatId = "no-such-chat" });
        var unknownWorkspace = await corpus.Nexo.Messages.SearchAsync(new MessageSearchQuery { Text = "context", WorkspaceId = "no-such-workspace" });

        AssertPage(all.Where(h => h.ChatId == chat.Id).Take(50).ToList(), inItsWorkspace);
        Assert.NotEmpty(inItsWorkspace);
        Assert.Empty(inAnother);
        Assert.Empty(unknownChat);
        Assert.Empty(unknownWorkspace);
    }

    [Fact]
    public async Task SearchAsync_GivesEveryHitOfAPageItsSnippet_WithTheMatchInBrackets()
    {
        foreach (var query in new[]
        {
            new MessageSearchQuery { Text = "context", Limit = 500 },
            new MessageSearchQuery { Text = "sear", WorkspaceId = corpus.Small.Id, Limit = 500 },
            new MessageSearchQuery { Text = "model error", ChatId = corpus.BigChats[0].Id, Limit = 500 },
            new MessageSearchQuery { Text = "\"model error\"", Limit = 500 },
        })
        {
            var hits = await corpus.Nexo.Messages.SearchAsync(query);

            Assert.NotEmpty(hits);
            Assert.All(hits, h => Assert.Matches(@"\[(context|sear\w*|model|error|model error)\]", h.Snippet));
        }
    }

    [Theory]
    [InlineData("All")]
    [InlineData("Chat")]
    [InlineData("WorkspaceListed")]
    [InlineData("WorkspaceComplement")]
    public async Task SearchSql_RanksOnTheIndexAlone_AndReadsMessagesOnlyForThePage(string scope)
    {
        await using var raw = corpus.OpenRaw();

        var plan = raw.Query<(long id, long parent, long notUsed, string detail)>(
            "EXPLAIN QUERY PLAN " + MessageSearchSql.For(Enum.Parse<MessageSearchSql.Scope>(scope)),
            new { match = "\"context\"*", take = 50, chatId = corpus.BigChats[0].Id, workspaceId = corpus.Big.Id }).ToList();
        var ranking = Descendants(plan, plan.Single(step => step.detail == "MATERIALIZE top").id).ToList();

        // Phase 1 never reads the messages table row by row (only rowid lists off the covering index), and no step
        // hands a rowid to FTS5 (which would evaluate the whole MATCH again per row).
        Assert.Contains(ranking, step => step.StartsWith("SCAN messages_fts VIRTUAL TABLE", StringComparison.Ordinal));
        Assert.DoesNotContain(ranking, step => step.Contains("INTEGER PRIMARY KEY", StringComparison.Ordinal));
        Assert.DoesNotContain(ranking, step => step.StartsWith("SCAN m ", StringComparison.Ordinal) || step.StartsWith("SCAN messages ", StringComparison.Ordinal));
        Assert.DoesNotContain(plan, step => step.detail.Contains("VIRTUAL TABLE INDEX 0:=", StringComparison.Ordinal));
        Assert.Contains(plan, step => step.detail.StartsWith("SEARCH top USING AUTOMATIC", StringComparison.Ordinal));

        static IEnumerable<string> Descendants(List<(long id, long parent, long notUsed, string detail)> plan, long id) =>
            plan.Where(step => step.parent == id).SelectMany(step => Descendants(plan, step.id).Prepend(step.detail));
    }

    private static void AssertPage(IReadOnlyList<Corpus.Ranked> expected, IReadOnlyList<MessageSearchHit> hits)
    {
        Assert.Equal(expected.Select(e => e.Id), hits.Select(h => h.MessageId));
        Assert.Equal(expected.Select(e => e.Rank), hits.Select(h => h.Rank));
        Assert.Equal(expected.Select(e => e.Snippet), hits.Select(h => h.Snippet));
        Assert.Equal(expected.Select(e => e.ChatId), hits.Select(h => h.ChatId));
        Assert.Equal(expected.Select(e => e.WorkspaceId), hits.Select(h => h.WorkspaceId));
    }

    /// <summary>
    /// Three workspaces of chat-like messages: "big" (4 chats × 700), "mid" (2 × 150) and "small" (1 × 40). Words
    /// are drawn from a 400-word vocabulary with a skew towards its start, so some words are in a quarter of the
    /// messages and most in a few; lengths run from 2 to 60 words. Built once for the class.
    /// </summary>
    public sealed class Corpus : IAsyncLifetime
    {
        private readonly TempDatabase _db = new();

        public NexoClient Nexo { get; private set; } = null!;

        public Workspace Big { get; private set; } = null!;

        public Workspace Mid { get; private set; } = null!;

        public Workspace Small { get; private set; } = null!;

        public IReadOnlyList<Chat> BigChats { get; private set; } = [];

        public IReadOnlyList<Chat> MidChats { get; private set; } = [];

        public Chat SmallChat { get; private set; } = null!;

        /// <summary>Message id → rowid (larger is newer).</summary>
        public IReadOnlyDictionary<string, long> Pk { get; private set; } = new Dictionary<string, long>();

        public async Task InitializeAsync()
        {
            Nexo = await _db.OpenAsync();
            var random = new Random(17);
            var vocabulary = Vocabulary();
            Big = await Nexo.Workspaces.CreateAsync(new NewWorkspace { Name = "big" });
            Mid = await Nexo.Workspaces.CreateAsync(new NewWorkspace { Name = "mid" });
            Small = await Nexo.Workspaces.CreateAsync(new NewWorkspace { Name = "small" });
            BigChats = await ChatsAsync(Big, 4, 700, "b");
            MidChats = await ChatsAsync(Mid, 2, 150, "m");
            SmallChat = (await ChatsAsync(Small, 1, 40, "s"))[0];
            await using var raw = _db.OpenRaw();
            Pk = (await raw.QueryAsync<(string id, long pk)>("SELECT id, pk FROM messages")).ToDictionary(r => r.id, r => r.pk);

            async Task<IReadOnlyList<Chat>> ChatsAsync(Workspace ws, int chats, int messages, string prefix)
            {
                var list = new List<Chat>();
                for (var i = 0; i < chats; i++)
                {
                    var chat = await Nexo.Chats.CreateAsync(new NewChat { WorkspaceId = ws.Id, Title = $"{ws.Name} {i}" });
                    var batch = Seed.Messages(chat.Id, messages, prefix: $"{prefix}{i}-")
                        .Select(m => m with { Content = Text(random, vocabulary) })
                        .ToList();
                    await Nexo.MessageRepository.CreateManyAsync(batch);
                    list.Add(chat);
                }

                return list;
            }
        }

        public Microsoft.Data.Sqlite.SqliteConnection OpenRaw() => _db.OpenRaw();

        /// <summary>Every match of <paramref name="text"/>, best first by BM25, equal scores newest first: no limit, no shortcut.</summary>
        public async Task<IReadOnlyList<Ranked>> FullOrderAsync(string text)
        {
            await using var raw = _db.OpenRaw();
            var rows = await raw.QueryAsync<Ranked>(
                """
                SELECT m.id AS Id, bm25(messages_fts) AS Rank, snippet(messages_fts, 0, '[', ']', '…', 16) AS Snippet,
                       m.chat_id AS ChatId, c.workspace_id AS WorkspaceId
                FROM messages_fts
                JOIN messages m ON m.pk = messages_fts.rowid
                JOIN chats c ON c.id = m.chat_id
                WHERE messages_fts MATCH @match
                ORDER BY Rank, m.pk DESC
                """,
                new { match = SqliteMessageRepository.ToFtsQuery(text) });
            return rows.ToList();
        }

        public async Task DisposeAsync()
        {
            await Nexo.DisposeAsync();
            await _db.DisposeAsync();
        }

        private static string Text(Random random, string[] vocabulary)
        {
            var words = random.Next(10) == 0 ? random.Next(2, 5) : random.Next(5, 61);
            var parts = new string[words];
            for (var i = 0; i < words; i++)
            {
                var u = random.NextDouble();
                parts[i] = vocabulary[(int)(u * u * u * vocabulary.Length)];
            }

            if (random.Next(300) == 0)
            {
                parts[random.Next(words)] = "pelican";
            }

            return string.Join(' ', parts);
        }

        private static string[] Vocabulary()
        {
            string[] seeds = ["the", "a", "to", "and", "of", "is", "it", "you", "context", "model", "error", "search", "searching", "function", "value", "file", "test", "data", "query", "page"];
            var syllables = new[] { "ka", "lo", "mi", "ren", "sa", "tu", "vel", "xo", "zar", "pi", "dun", "gre" };
            var words = new List<string>(seeds);
            for (var i = 0; words.Count < 400; i++)
            {
                var word = syllables[i % syllables.Length] + syllables[i / syllables.Length % syllables.Length] + syllables[i / 144 % syllables.Length];
                if (!words.Contains(word))
                {
                    words.Add(word);
                }
            }

            return [.. words];
        }

        /// <summary>One match in the full order.</summary>
        public sealed class Ranked
        {
            public string Id { get; init; } = "";

            public double Rank { get; init; }

            public string Snippet { get; init; } = "";

            public string ChatId { get; init; } = "";

            public string WorkspaceId { get; init; } = "";
        }
    }
}
