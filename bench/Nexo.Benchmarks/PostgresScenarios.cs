using System.Diagnostics;
using System.Globalization;
using Nexo.Storage;
using Nexo.Storage.PostgreSql;
using Npgsql;
using NpgsqlTypes;

namespace Nexo.Benchmarks;

/// <summary>
/// <c>--store postgres</c>: the SDK's PostgreSQL store (<see cref="NexoClient"/> opened with
/// <see cref="NexoPostgresOptions.UsePostgres"/>) beside the same work in hand-written Npgsql, on the same database.
/// Every database is created through <see cref="NexoClient"/>, so both sides run against the same schema, indexes and
/// generated <c>tsvector</c> column.
/// </summary>
internal sealed class PostgresScenarios(Options options, PostgresServer server)
{
    private const string ChatId = "bench-chat";
    private const int Take = 50;
    private static readonly byte[] Key = new byte[32];

    private const string InsertSql =
        $"""
        INSERT INTO messages ({SqliteMessageRepository.Columns}, run_owner)
        VALUES ($1, $2, $3, $4, $5, $6, NULL, NULL, NULL, $7, NULL, NULL, $8, NULL, NULL, NULL, NULL, NULL, NULL, $9, $10, NULL)
        """;

    /// <summary>The hand-written search: one statement, rank every match, keep the best page, headline in the select list.</summary>
    private const string RawSearchSql =
        $"""
        SELECT m.id, m.chat_id, c.workspace_id, c.title, m.role,
               ts_headline('simple', m.content, q, '{PostgresMessageRepository.HeadlineOptions}') AS snippet,
               -ts_rank_cd(m.search, q) AS rank, m.created_at
        FROM messages m JOIN chats c ON c.id = m.chat_id, to_tsquery('simple', $1) q
        WHERE m.search @@ q AND ($2::text IS NULL OR m.chat_id = $2)
        ORDER BY ts_rank_cd(m.search, q) DESC, m.pk DESC
        LIMIT $3
        """;

    /// <summary>(a) Inserting N messages into one chat in one transaction: the SDK beside a prepared INSERT per row, and beside binary COPY.</summary>
    public async Task<IReadOnlyList<Result>> InsertAsync()
    {
        var messages = Scenarios.BuildMessages(ChatId, options.Messages, new TextGenerator(1));
        Console.Error.WriteLine($"Insert: {options.Messages} messages per run, a fresh database per run");

        var warm = await SetupInsertAsync(-1);
        await warm.Client.MessageRepository.CreateManyAsync(messages.Take(1000).ToList());
        await CleanupAsync(warm);
        warm = await SetupInsertAsync(-2);
        await RawInsertAsync(warm.ConnectionString, messages.Take(1000).ToList());
        await CleanupAsync(warm);
        warm = await SetupInsertAsync(-3);
        await RawCopyAsync(warm.ConnectionString, messages.Take(1000).ToList());
        await CleanupAsync(warm);

        var prepared = await Harness.MeasureOnceEachAsync(
            $"Insert {Scenarios.Count(options.Messages)} messages (one batch)",
            options.Runs,
            SetupInsertAsync,
            state => state.Client.MessageRepository.CreateManyAsync(messages),
            state => RawInsertAsync(state.ConnectionString, messages),
            CleanupAsync);
        var copy = await Harness.MeasureOnceEachAsync(
            $"Insert {Scenarios.Count(options.Messages)} messages, raw = binary COPY",
            options.Runs,
            SetupInsertAsync,
            state => state.Client.MessageRepository.CreateManyAsync(messages),
            state => RawCopyAsync(state.ConnectionString, messages),
            CleanupAsync);
        return [prepared, copy];
    }

    /// <summary>(b) Reading the newest page of a chat with N messages.</summary>
    public async Task<Result> LastPageAsync()
    {
        var connectionString = await server.RecreateAsync($"nexo_bench_page_{options.Messages}");
        try
        {
            await using var nexo = await OpenAsync(connectionString);
            var ws = await nexo.Workspaces.CreateAsync(new NewWorkspace { Name = "bench" });
            await nexo.Chats.CreateAsync(new NewChat { Id = ChatId, WorkspaceId = ws.Id });
            await nexo.Chats.CreateAsync(new NewChat { Id = "other-chat", WorkspaceId = ws.Id });
            await nexo.MessageRepository.CreateManyAsync(Scenarios.BuildMessages(ChatId, options.Messages, new TextGenerator(2)));
            await nexo.MessageRepository.CreateManyAsync(Scenarios.BuildMessages("other-chat", options.Messages / 10, new TextGenerator(3), "o"));
            await VacuumAsync(connectionString);
            await using var raw = NpgsqlDataSource.Create(connectionString);
            var query = new MessageQuery { Limit = options.PageSize };

            var sdkPage = await nexo.Messages.ListAsync(ChatId, query);
            var rawPage = await RawLastPageAsync(raw, options.PageSize);
            Check(sdkPage.Count == options.PageSize && rawPage.Count == options.PageSize, "both sides read one full page");
            Check(sdkPage.Select(m => m.Id).SequenceEqual(rawPage.Select(m => m.Id)), "both sides read the same page");
            Check(sdkPage.Select(m => m.Content).SequenceEqual(rawPage.Select(m => m.Content)), "both sides read the same contents");
            Check(sdkPage[^1].Sequence == options.Messages, "the page is the newest one");
            Console.Error.WriteLine($"Last page: {options.PageSize} of {options.Messages} messages");

            return await Harness.MeasureRepeatedAsync(
                $"Last page ({options.PageSize}) of a {Scenarios.Count(options.Messages)}-message chat",
                options.Runs,
                () => nexo.Messages.ListAsync(ChatId, query),
                () => RawLastPageAsync(raw, options.PageSize));
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            await server.DropAsync($"nexo_bench_page_{options.Messages}");
        }
    }

    /// <summary>(c) Full-text search over M messages: single calls, SDK and raw alternating call by call.</summary>
    public async Task<IReadOnlyList<SearchResult>> SearchAsync()
    {
        var connectionString = await EnsureSearchDatabaseAsync();
        await using var nexo = await OpenAsync(connectionString);
        await using var raw = NpgsqlDataSource.Create(connectionString);
        var bench = (await nexo.Workspaces.ListAsync()).Single(w => w.Name == "bench");
        var chats = (await nexo.Chats.ListAsync(bench.Id, new ChatQuery { Limit = 1000 })).Items.OrderBy(c => c.Title, StringComparer.Ordinal).ToList();
        var oneChat = chats[Math.Min(3, chats.Count - 1)];
        var oneChatSize = await nexo.MessageRepository.CountAsync(oneChat.Id);

        var cases = new (string Label, MessageSearchQuery Query)[]
        {
            ("rare word", new() { Text = TextGenerator.RareWord, Limit = Take }),
            ($"mid word '{TextGenerator.MidWord}'", new() { Text = TextGenerator.MidWord, Limit = Take }),
            ("frequent word", new() { Text = TextGenerator.CommonWord, Limit = Take }),
            ("two words", new() { Text = "model error", Limit = Take }),
            ("phrase \"the context\"", new() { Text = "\"the context\"", Limit = Take }),
            ($"frequent word, one chat ({Scenarios.Count((int)oneChatSize)} msgs)", new() { Text = TextGenerator.CommonWord, ChatId = oneChat.Id, Limit = Take }),
        };

        var results = new List<SearchResult>();
        foreach (var (label, query) in cases)
        {
            var match = PostgresMessageRepository.ToTsQuery(query.Text);
            var matches = await CountMatchesAsync(raw, match, query.ChatId);
            var sdkHits = await nexo.Messages.SearchAsync(query);
            var rawHits = await RawSearchAsync(raw, match, query);
            CheckSamePage(sdkHits.Select(h => new Hit(h.MessageId, h.Rank, h.Snippet)).ToList(), rawHits, $"'{query.Text}' ({label})");
            var name = $"{label} ({matches.ToString("N0", CultureInfo.InvariantCulture)} hits)";
            Console.Error.WriteLine($"Search {name}: {match}");
            results.Add(await SearchBench.MeasureAsync(
                options,
                name,
                () => nexo.Messages.SearchAsync(query),
                () => RawSearchAsync(raw, match, query)));
        }

        return results;
    }

    private async Task<InsertState> SetupInsertAsync(int run)
    {
        var name = string.Create(CultureInfo.InvariantCulture, $"nexo_bench_insert_{run + 10}");
        var connectionString = await server.RecreateAsync(name);
        var nexo = await OpenAsync(connectionString);
        var ws = await nexo.Workspaces.CreateAsync(new NewWorkspace { Name = "bench" });
        await nexo.Chats.CreateAsync(new NewChat { Id = ChatId, WorkspaceId = ws.Id });
        return new InsertState(nexo, connectionString, name);
    }

    private async Task CleanupAsync(InsertState state)
    {
        var count = await state.Client.MessageRepository.CountAsync(ChatId);
        Check(count > 0, "the batch was stored");
        await state.Client.DisposeAsync();
        await server.DropAsync(state.Name);
    }

    /// <summary>What a careful hand-written import does: one transaction, the last_seq update, one prepared INSERT, parameters rebound per row.</summary>
    private static async Task RawInsertAsync(string connectionString, IReadOnlyList<Message> messages)
    {
        await using var c = new NpgsqlConnection(connectionString);
        await c.OpenAsync();
        await using var tx = await c.BeginTransactionAsync();
        var first = await NextSequencesAsync(c, tx, messages.Count);
        await using var insert = new NpgsqlCommand(InsertSql, c, tx);
        var p = new[]
        {
            NpgsqlDbType.Text, NpgsqlDbType.Text, NpgsqlDbType.Text, NpgsqlDbType.Bigint, NpgsqlDbType.Text,
            NpgsqlDbType.Text, NpgsqlDbType.Text, NpgsqlDbType.Text, NpgsqlDbType.Bigint, NpgsqlDbType.Bigint,
        }.Select(t => insert.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = t })).ToArray();
        await insert.PrepareAsync();
        for (var i = 0; i < messages.Count; i++)
        {
            var m = messages[i];
            p[0].Value = m.Id;
            p[1].Value = m.ChatId;
            p[2].Value = (object?)m.ParentId ?? DBNull.Value;
            p[3].Value = first + i;
            p[4].Value = m.Role == MessageRole.User ? "user" : "assistant";
            p[5].Value = m.Content;
            p[6].Value = "complete";
            p[7].Value = (object?)m.Model ?? DBNull.Value;
            p[8].Value = m.CreatedAt.ToUnixTimeMilliseconds();
            p[9].Value = m.UpdatedAt.ToUnixTimeMilliseconds();
            await insert.ExecuteNonQueryAsync();
        }

        await tx.CommitAsync();
    }

    /// <summary>The fastest hand-written import: one transaction, the last_seq update, binary COPY of every row.</summary>
    private static async Task RawCopyAsync(string connectionString, IReadOnlyList<Message> messages)
    {
        await using var c = new NpgsqlConnection(connectionString);
        await c.OpenAsync();
        await using var tx = await c.BeginTransactionAsync();
        var first = await NextSequencesAsync(c, tx, messages.Count);
        await using (var copy = await c.BeginBinaryImportAsync(
            "COPY messages (id, chat_id, parent_id, seq, role, content, status, model, created_at, updated_at) FROM STDIN (FORMAT BINARY)"))
        {
            for (var i = 0; i < messages.Count; i++)
            {
                var m = messages[i];
                await copy.StartRowAsync();
                await copy.WriteAsync(m.Id, NpgsqlDbType.Text);
                await copy.WriteAsync(m.ChatId, NpgsqlDbType.Text);
                await WriteNullableAsync(copy, m.ParentId);
                await copy.WriteAsync(first + i, NpgsqlDbType.Bigint);
                await copy.WriteAsync(m.Role == MessageRole.User ? "user" : "assistant", NpgsqlDbType.Text);
                await copy.WriteAsync(m.Content, NpgsqlDbType.Text);
                await copy.WriteAsync("complete", NpgsqlDbType.Text);
                await WriteNullableAsync(copy, m.Model);
                await copy.WriteAsync(m.CreatedAt.ToUnixTimeMilliseconds(), NpgsqlDbType.Bigint);
                await copy.WriteAsync(m.UpdatedAt.ToUnixTimeMilliseconds(), NpgsqlDbType.Bigint);
            }

            await copy.CompleteAsync();
        }

        await tx.CommitAsync();

        static Task WriteNullableAsync(NpgsqlBinaryImporter copy, string? value) =>
            value is null ? copy.WriteNullAsync() : copy.WriteAsync(value, NpgsqlDbType.Text);
    }

    private static async Task<long> NextSequencesAsync(NpgsqlConnection c, NpgsqlTransaction tx, int count)
    {
        await using var seq = new NpgsqlCommand("UPDATE chats SET last_seq = last_seq + $1 WHERE id = $2 RETURNING last_seq", c, tx);
        seq.Parameters.AddWithValue((long)count);
        seq.Parameters.AddWithValue(ChatId);
        return (long)(await seq.ExecuteScalarAsync())! - count + 1;
    }

    /// <summary>The hand-written newest page: newest first with a LIMIT, every column read, then put oldest first.</summary>
    private static async Task<List<RawMessage>> RawLastPageAsync(NpgsqlDataSource source, int take)
    {
        await using var command = source.CreateCommand(
            $"SELECT {SqliteMessageRepository.Columns} FROM messages WHERE chat_id = $1 ORDER BY seq DESC LIMIT $2");
        command.Parameters.AddWithValue(ChatId);
        command.Parameters.AddWithValue((long)take);
        var page = new List<RawMessage>(take);
        await using (var r = await command.ExecuteReaderAsync())
        {
            while (await r.ReadAsync())
            {
                page.Add(RawMessage.Read(r));
            }
        }

        page.Reverse();
        return page;
    }

    private static async Task<List<Hit>> RawSearchAsync(NpgsqlDataSource source, string match, MessageSearchQuery query)
    {
        await using var command = source.CreateCommand(RawSearchSql);
        command.Parameters.AddWithValue(match);
        command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Text, Value = (object?)query.ChatId ?? DBNull.Value });
        command.Parameters.AddWithValue((long)query.Limit);
        var hits = new List<Hit>(query.Limit);
        await using var r = await command.ExecuteReaderAsync();
        while (await r.ReadAsync())
        {
            // Read every column, as the SDK does.
            _ = (r.GetString(1), r.GetString(2), r.GetString(3), r.GetString(4), r.GetInt64(7));
            hits.Add(new Hit(r.GetString(0), r.GetDouble(6), r.GetString(5)));
        }

        return hits;
    }

    private static async Task<long> CountMatchesAsync(NpgsqlDataSource source, string match, string? chatId)
    {
        await using var command = source.CreateCommand("SELECT count(*) FROM messages WHERE search @@ to_tsquery('simple', $1) AND ($2::text IS NULL OR chat_id = $2)");
        command.Parameters.AddWithValue(match);
        command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Text, Value = (object?)chatId ?? DBNull.Value });
        return (long)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>
    /// The SDK's page must be the raw query's page: the same scores in the same order, the same messages for every
    /// score above the page's last one, the same snippets (both order equal scores newest first, so in practice the
    /// same messages throughout).
    /// </summary>
    private static void CheckSamePage(IReadOnlyList<Hit> sdk, IReadOnlyList<Hit> raw, string what)
    {
        Check(sdk.Count == raw.Count, $"both sides find as many hits for {what} ({sdk.Count} vs {raw.Count})");
        Check(sdk.Zip(raw).All(p => Math.Abs(p.First.Rank - p.Second.Rank) < 1e-6), $"both sides rank the page alike for {what}");
        Check(sdk.Select(h => h.Id).SequenceEqual(raw.Select(h => h.Id)), $"both sides find the same messages in the same order for {what}");
        Check(sdk.Zip(raw).All(p => p.First.Snippet == p.Second.Snippet), $"both sides make the same snippets for {what}");
    }

    /// <summary>The 1M-message database: built once through the SDK (not timed); reused when the server outlives the run.</summary>
    private async Task<string> EnsureSearchDatabaseAsync()
    {
        var name = string.Create(CultureInfo.InvariantCulture, $"nexo_bench_search_{options.SearchMessages}");
        var connectionString = server.ConnectionString(name);
        if (await server.ExistsAsync(name))
        {
            try
            {
                await using var c = new NpgsqlConnection(connectionString);
                await c.OpenAsync();
                await using var command = new NpgsqlCommand("SELECT count(*) FROM messages m JOIN chats c ON c.id = m.chat_id JOIN workspaces w ON w.id = c.workspace_id WHERE w.name = 'bench'", c);
                if ((long)(await command.ExecuteScalarAsync())! == options.SearchMessages)
                {
                    Console.Error.WriteLine($"Search: reusing database {name}");
                    return connectionString;
                }
            }
            catch (PostgresException)
            {
                // Not a complete search database: built again below.
            }
        }

        connectionString = await server.RecreateAsync(name);
        Console.Error.WriteLine($"Search: building database {name} with {options.SearchMessages} messages through CreateManyAsync (not timed)…");
        var watch = Stopwatch.StartNew();
        await using (var nexo = await OpenAsync(connectionString))
        {
            var ws = await nexo.Workspaces.CreateAsync(new NewWorkspace { Name = "bench" });
            var text = new TextGenerator(42);
            const int perChat = 100_000;
            for (var done = 0; done < options.SearchMessages; done += perChat)
            {
                var chat = await nexo.Chats.CreateAsync(new NewChat { WorkspaceId = ws.Id, Title = $"chat {done / perChat}" });
                var batch = Scenarios.BuildMessages(chat.Id, Math.Min(perChat, options.SearchMessages - done), text, $"c{done / perChat}-");
                await nexo.MessageRepository.CreateManyAsync(batch);
                Console.Error.WriteLine($"  {done + batch.Count} messages ({watch.Elapsed.TotalSeconds:F0} s)");
            }
        }

        await VacuumAsync(connectionString);
        Console.Error.WriteLine($"Search: built in {watch.Elapsed.TotalSeconds:F0} s");
        return connectionString;
    }

    /// <summary>VACUUM ANALYZE, as autovacuum would do after a bulk load: merges the GIN pending list, sets the visibility map, gathers statistics.</summary>
    private static async Task VacuumAsync(string connectionString)
    {
        await using var c = new NpgsqlConnection(connectionString);
        await c.OpenAsync();
        await using var command = new NpgsqlCommand("VACUUM ANALYZE", c) { CommandTimeout = 0 };
        await command.ExecuteNonQueryAsync();
    }

    private Task<NexoClient> OpenAsync(string connectionString) =>
        NexoClient.OpenAsync(new NexoOptions { EncryptionKey = Key, DataFolder = Path.Combine(options.Folder, "pg-data") }.UsePostgres(connectionString));

    private static void Check(bool condition, string what)
    {
        if (!condition)
        {
            throw new InvalidOperationException($"Benchmark self-check failed: {what}.");
        }
    }

    private sealed record InsertState(NexoClient Client, string ConnectionString, string Name);

    private sealed record Hit(string Id, double Rank, string Snippet);

}
