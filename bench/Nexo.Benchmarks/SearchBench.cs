using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Nexo.Storage;

namespace Nexo.Benchmarks;

/// <summary>One search case: p50/p95 of single calls through the SDK and of the baseline SQL, alternated call by call.</summary>
internal sealed record SearchResult(string Name, IReadOnlyList<double> SdkMs, IReadOnlyList<double> BaselineMs)
{
    public static double Percentile(IReadOnlyList<double> values, double p)
    {
        // Nearest rank: the smallest sample with at least p of the samples at or below it.
        var sorted = values.Order().ToArray();
        var rank = (int)Math.Ceiling(p * sorted.Length);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
    }
}

/// <summary>One raw-SQL variant of the search, measured for the experiments table.</summary>
internal sealed record ExperimentResult(string Name, string Case, IReadOnlyList<double> Ms, string Note);

/// <summary>
/// Full-text search over the 1M-message database: the SDK's <c>MessageService.SearchAsync</c> beside the SDK's search
/// SQL before issue 17 (<see cref="BaselineSql"/>), run by hand. Every sample is one call; SDK and baseline calls
/// alternate (which goes first alternates too), so a neighbour's build hits both alike.
/// </summary>
internal sealed class SearchBench(Options options)
{
    /// <summary>The SDK's search SQL before issue 17: it joins and snippets every match before ORDER BY … LIMIT.</summary>
    internal const string BaselineSql =
        """
        SELECT m.id, m.chat_id, c.workspace_id, c.title, m.role,
               snippet(messages_fts, 0, '[', ']', '…', 16) AS snippet, bm25(messages_fts) AS rank, m.created_at
        FROM messages_fts
        JOIN messages m ON m.pk = messages_fts.rowid
        JOIN chats c ON c.id = m.chat_id
        WHERE messages_fts MATCH @match
          AND (@workspaceId IS NULL OR c.workspace_id = @workspaceId)
          AND (@chatId IS NULL OR m.chat_id = @chatId)
        ORDER BY rank
        LIMIT @take
        """;

    private const string SmallWorkspace = "bench-small";
    private const int SmallWorkspaceMessages = 2_000;
    private const int Take = 50;

    public async Task<(IReadOnlyList<SearchResult> Cases, IReadOnlyList<ExperimentResult> Experiments)> RunAsync(string path, NexoClient nexo)
    {
        var raw = new SqliteConnectionStringBuilder { DataSource = path, Pooling = true }.ToString();
        var bench = (await nexo.Workspaces.ListAsync()).Single(w => w.Name == "bench");
        var small = (await nexo.Workspaces.ListAsync()).SingleOrDefault(w => w.Name == SmallWorkspace)
            ?? await CreateSmallWorkspaceAsync(nexo);
        var chats = (await nexo.Chats.ListAsync(bench.Id, new ChatQuery { Limit = 1000 })).Items.OrderBy(c => c.Title, StringComparer.Ordinal).ToList();
        var oneChat = chats[Math.Min(3, chats.Count - 1)];
        var oneChatSize = await nexo.MessageRepository.CountAsync(oneChat.Id);

        var cases = new (string Label, MessageSearchQuery Query)[]
        {
            ("rare word", new() { Text = TextGenerator.RareWord, Limit = Take }),
            ("frequent word", new() { Text = TextGenerator.CommonWord, Limit = Take }),
            ("two words", new() { Text = "model error", Limit = Take }),
            ($"frequent word, one chat ({Count(oneChatSize)} msgs)", new() { Text = TextGenerator.CommonWord, ChatId = oneChat.Id, Limit = Take }),
            ($"frequent word, small workspace ({Count(SmallWorkspaceMessages)} msgs)", new() { Text = TextGenerator.CommonWord, WorkspaceId = small.Id, Limit = Take }),
            ("frequent word, the big workspace", new() { Text = TextGenerator.CommonWord, WorkspaceId = bench.Id, Limit = Take }),
        };

        var results = new List<SearchResult>();
        foreach (var (label, query) in cases)
        {
            var match = SqliteMessageRepository.ToFtsQuery(query.Text);
            var matches = CountMatches(raw, match, query);
            var sdkHits = await nexo.Messages.SearchAsync(query);
            var baselineHits = Run(raw, BaselineSql, match, query);
            CheckSamePage(sdkHits.Select(h => new Hit(h.MessageId, h.Rank, h.Snippet)).ToList(), baselineHits, $"'{query.Text}' ({label})");
            var name = $"{label} ({matches.ToString("N0", CultureInfo.InvariantCulture)} hits)";
            Console.Error.WriteLine($"Search {name}: {match}");
            results.Add(await MeasureAsync(
                options,
                name,
                () => nexo.Messages.SearchAsync(query),
                () => Task.FromResult(Run(raw, BaselineSql, match, query))));
        }

        var experiments = options.SearchExperiments ? Experiments(raw) : [];
        return (results, experiments);
    }

    /// <summary>
    /// The page must be the baseline's page: the same scores in the same order, the same messages for every score
    /// above the page's last one (equal scores at the cut may be other messages: the baseline's order among equal
    /// scores is whatever SQLite's sorter left; the SDK orders them newest first), and the same snippets.
    /// </summary>
    private static void CheckSamePage(IReadOnlyList<Hit> sdk, IReadOnlyList<Hit> baseline, string what)
    {
        Check(sdk.Count == baseline.Count, $"both sides find as many hits for {what}");
        Check(sdk.Zip(baseline).All(p => Math.Abs(p.First.Rank - p.Second.Rank) < 1e-9), $"both sides rank the page alike for {what}");
        if (sdk.Count == 0)
        {
            return;
        }

        var last = sdk[^1].Rank;
        foreach (var group in sdk.Where(h => h.Rank < last - 1e-9).GroupBy(h => Math.Round(h.Rank, 9)))
        {
            var theirs = baseline.Where(h => Math.Abs(Math.Round(h.Rank, 9) - group.Key) < 1e-12).Select(h => h.Id).Order(StringComparer.Ordinal);
            Check(group.Select(h => h.Id).Order(StringComparer.Ordinal).SequenceEqual(theirs), $"both sides find the same messages for {what}");
        }

        var snippets = baseline.ToDictionary(h => h.Id, h => h.Snippet, StringComparer.Ordinal);
        Check(sdk.All(h => !snippets.TryGetValue(h.Id, out var s) || s == h.Snippet), $"both sides make the same snippets for {what}");
    }

    internal static async Task<SearchResult> MeasureAsync(Options options, string name, Func<Task> sdk, Func<Task> baseline)
    {
        // Warm-up, and a sample count that gives each case a few seconds per side (at least --search-samples).
        var warm = Stopwatch.StartNew();
        for (var i = 0; i < 3; i++)
        {
            await sdk();
            await baseline();
        }

        var perPair = warm.Elapsed.TotalMilliseconds / 3;
        var samples = (int)Math.Clamp(6000 / perPair, options.SearchSamples, 10 * options.SearchSamples);
        var sdkMs = new List<double>(samples);
        var baselineMs = new List<double>(samples);
        for (var i = 0; i < samples; i++)
        {
            foreach (var side in i % 2 == 0 ? new[] { 0, 1 } : [1, 0])
            {
                var watch = Stopwatch.StartNew();
                await (side == 0 ? sdk() : baseline());
                (side == 0 ? sdkMs : baselineMs).Add(watch.Elapsed.TotalMilliseconds);
            }
        }

        Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  {name}: {samples} calls each: SDK p50 {SearchResult.Percentile(sdkMs, 0.5):F2} ms, baseline p50 {SearchResult.Percentile(baselineMs, 0.5):F2} ms"));
        return new SearchResult(name, sdkMs, baselineMs);
    }

    /// <summary>Raw-SQL variants for the frequent word and the two words: where the time goes, and what the options would give.</summary>
    private List<ExperimentResult> Experiments(string raw)
    {
        const string RankColumn =
            """
            SELECT m.id, m.chat_id, c.workspace_id, c.title, m.role,
                   snippet(messages_fts, 0, '[', ']', '…', 16) AS snippet, messages_fts.rank AS rank, m.created_at
            FROM messages_fts
            JOIN messages m ON m.pk = messages_fts.rowid
            JOIN chats c ON c.id = m.chat_id
            WHERE messages_fts MATCH @match
            ORDER BY messages_fts.rank
            LIMIT @take
            """;
        const string RankOnly = "SELECT rowid AS id, bm25(messages_fts) AS rank, '' AS snippet FROM messages_fts WHERE messages_fts MATCH @match ORDER BY rank, rowid DESC LIMIT @take";
        const string CountOnly = "SELECT count(*) AS id, 0.0 AS rank, '' AS snippet FROM messages_fts WHERE messages_fts MATCH @match";
        var recencyBound =
            $"""
            SELECT rowid AS id, bm25(messages_fts) AS rank, '' AS snippet FROM messages_fts
            WHERE messages_fts MATCH @match
              AND rowid >= (SELECT coalesce(min(rowid), 0) FROM (SELECT rowid FROM messages_fts WHERE messages_fts MATCH @match ORDER BY rowid DESC LIMIT {options.RecencyBound}))
            ORDER BY rank, rowid DESC LIMIT @take
            """;

        var list = new List<ExperimentResult>();
        foreach (var text in new[] { TextGenerator.CommonWord, "model error" })
        {
            var query = new MessageSearchQuery { Text = text, Limit = Take };
            var prefix = SqliteMessageRepository.ToFtsQuery(text);
            var exact = prefix.Replace("*", string.Empty, StringComparison.Ordinal);
            var exactTop = Run(raw, RankOnly, prefix, query).Select(h => h.Id).ToHashSet(StringComparer.Ordinal);
            var variants = new (string Name, string Sql, string Match)[]
            {
                ("baseline: join + snippet for every match, then sort", BaselineSql, prefix),
                ("FTS5 ORDER BY rank LIMIT (rank column; join + snippet after the limit)", RankColumn, prefix),
                ("SDK now: bm25 top-k of rowids, then join + snippet for the page", MessageSearchSql.AllSql, prefix),
                ("phase 1 alone: bm25 top-k of rowids (the floor of exact ranking)", RankOnly, prefix),
                ("phase 1 with exact terms instead of prefixes (what a prefix index could give)", RankOnly, exact),
                ($"recency bound: bm25 over the newest {options.RecencyBound.ToString("N0", CultureInfo.InvariantCulture)} matches only (inexact)", recencyBound, prefix),
                ("count(*) of the matches (walking the doclist, no ranking)", CountOnly, prefix),
            };
            foreach (var (name, sql, match) in variants)
            {
                var page = Run(raw, sql, match, query);
                var note = sql == recencyBound ? $"{page.Count(h => exactTop.Contains(h.Id))} of {Take} hits are the exact top {Take}" : string.Empty;
                for (var i = 0; i < 2; i++)
                {
                    Run(raw, sql, match, query);
                }

                var ms = new List<double>();
                for (var i = 0; i < options.SearchSamples; i++)
                {
                    var watch = Stopwatch.StartNew();
                    Run(raw, sql, match, query);
                    ms.Add(watch.Elapsed.TotalMilliseconds);
                }

                Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  experiment '{text}', {name}: p50 {SearchResult.Percentile(ms, 0.5):F2} ms"));
                list.Add(new ExperimentResult(name, text, ms, note));
            }
        }

        return list;
    }

    private static async Task<Workspace> CreateSmallWorkspaceAsync(NexoClient nexo)
    {
        Console.Error.WriteLine($"Search: adding workspace '{SmallWorkspace}' with {SmallWorkspaceMessages} messages (not timed)");
        var ws = await nexo.Workspaces.CreateAsync(new NewWorkspace { Name = SmallWorkspace });
        var chat = await nexo.Chats.CreateAsync(new NewChat { WorkspaceId = ws.Id, Title = "small chat" });
        await nexo.MessageRepository.CreateManyAsync(Scenarios.BuildMessages(chat.Id, SmallWorkspaceMessages, new TextGenerator(7), "s"));
        return ws;
    }

    /// <summary>Runs one search SQL by hand on a pooled connection, reading the columns the SDK reads.</summary>
    private static List<Hit> Run(string connectionString, string sql, string match, MessageSearchQuery query)
    {
        using var c = new SqliteConnection(connectionString);
        c.Open();
        using var command = c.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddWithValue("@match", match);
        command.Parameters.AddWithValue("@workspaceId", (object?)query.WorkspaceId ?? DBNull.Value);
        command.Parameters.AddWithValue("@chatId", (object?)query.ChatId ?? DBNull.Value);
        command.Parameters.AddWithValue("@take", query.Limit);
        var hits = new List<Hit>(query.Limit);
        using var r = command.ExecuteReader();
        var id = r.GetOrdinal("id");
        var rank = r.GetOrdinal("rank");
        var snippet = r.GetOrdinal("snippet");
        while (r.Read())
        {
            // Read every column, as the SDK does.
            for (var i = 0; i < r.FieldCount; i++)
            {
                _ = r.GetValue(i);
            }

            hits.Add(new Hit(Convert.ToString(r.GetValue(id), CultureInfo.InvariantCulture)!, r.GetDouble(rank), r.GetString(snippet)));
        }

        return hits;
    }

    private static long CountMatches(string connectionString, string match, MessageSearchQuery query)
    {
        using var c = new SqliteConnection(connectionString);
        c.Open();
        using var command = c.CreateCommand();
        command.CommandText =
            """
            SELECT count(*) FROM messages_fts
            JOIN messages m ON m.pk = messages_fts.rowid
            JOIN chats c ON c.id = m.chat_id
            WHERE messages_fts MATCH $match
              AND ($workspaceId IS NULL OR c.workspace_id = $workspaceId)
              AND ($chatId IS NULL OR m.chat_id = $chatId)
            """;
        command.Parameters.AddWithValue("$match", match);
        command.Parameters.AddWithValue("$workspaceId", (object?)query.WorkspaceId ?? DBNull.Value);
        command.Parameters.AddWithValue("$chatId", (object?)query.ChatId ?? DBNull.Value);
        return (long)command.ExecuteScalar()!;
    }

    private static void Check(bool condition, string what)
    {
        if (!condition)
        {
            throw new InvalidOperationException($"Benchmark self-check failed: {what}.");
        }
    }

    private static string Count(long n) => n >= 1000 && n % 1000 == 0 ? $"{n / 1000}k" : n.ToString("N0", CultureInfo.InvariantCulture);

    private sealed record Hit(string Id, double Rank, string Snippet);
}
