using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Nexo.Storage;

namespace Nexo.Benchmarks;

/// <summary>
/// The measured operations. Every database is created through <see cref="NexoClient"/>, so the raw side runs
/// against the very same schema, triggers (full-text index) and indexes as the SDK side.
/// </summary>
internal sealed class Scenarios(Options options)
{
    private const string ChatId = "bench-chat";
    private static readonly byte[] Key = new byte[32];
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public string SqliteVersion { get; private set; } = "?";

    /// <summary>(a) Inserting N messages into one chat in one transaction.</summary>
    public async Task<Result> InsertAsync()
    {
        var messages = BuildMessages(ChatId, options.Messages, new TextGenerator(1));
        Console.Error.WriteLine($"Insert: {options.Messages} messages per run, a fresh database per run");

        // Warm-up on a small batch so JIT and first-open costs stay out of the samples.
        var warm = await SetupInsertAsync(-1);
        await warm.Client.MessageRepository.CreateManyAsync(messages.Take(1000).ToList());
        await CleanupAsync(warm);
        warm = await SetupInsertAsync(-2);
        await RawInsertAsync(warm.Path, messages.Take(1000).ToList());
        await CleanupAsync(warm);

        return await Harness.MeasureOnceEachAsync(
            $"Insert {Count(options.Messages)} messages (one batch)",
            options.Runs,
            SetupInsertAsync,
            state => state.Client.MessageRepository.CreateManyAsync(messages),
            state => RawInsertAsync(state.Path, messages),
            CleanupAsync);
    }

    /// <summary>(b) Reading the newest page of a chat with N messages.</summary>
    public async Task<Result> LastPageAsync()
    {
        var path = Path.Combine(options.Folder, $"page-{options.Messages}.db");
        Delete(path);
        await using var nexo = await OpenAsync(path);
        var ws = await nexo.Workspaces.CreateAsync(new NewWorkspace { Name = "bench" });
        await nexo.Chats.CreateAsync(new NewChat { Id = ChatId, WorkspaceId = ws.Id });
        await nexo.Chats.CreateAsync(new NewChat { Id = "other-chat", WorkspaceId = ws.Id });
        await nexo.MessageRepository.CreateManyAsync(BuildMessages(ChatId, options.Messages, new TextGenerator(2)));
        await nexo.MessageRepository.CreateManyAsync(BuildMessages("other-chat", options.Messages / 10, new TextGenerator(3), "o"));
        var rawConnectionString = new SqliteConnectionStringBuilder { DataSource = path, Pooling = true }.ToString();
        var query = new MessageQuery { Limit = options.PageSize };

        var sdkPage = await nexo.Messages.ListAsync(ChatId, query);
        var rawPage = RawLastPage(rawConnectionString, options.PageSize);
        Check(sdkPage.Count == options.PageSize && rawPage.Count == options.PageSize, "both sides read one full page");
        Check(sdkPage.Select(m => m.Id).SequenceEqual(rawPage.Select(m => m.Id)), "both sides read the same page");
        Check(sdkPage[^1].Sequence == options.Messages, "the page is the newest one");
        Console.Error.WriteLine($"Last page: {options.PageSize} of {options.Messages} messages");

        return await Harness.MeasureRepeatedAsync(
            $"Last page ({options.PageSize}) of a {Count(options.Messages)}-message chat",
            options.Runs,
            () => nexo.Messages.ListAsync(ChatId, query),
            () => Task.FromResult(RawLastPage(rawConnectionString, options.PageSize)));
    }

    /// <summary>(c) Full-text search over M messages, per call: see <see cref="SearchBench"/>.</summary>
    public async Task<(IReadOnlyList<SearchResult> Cases, IReadOnlyList<ExperimentResult> Experiments)> SearchAsync()
    {
        var path = Path.Combine(options.Folder, $"search-{options.SearchMessages}.db");
        await EnsureSearchDatabaseAsync(path);
        await using var nexo = await OpenAsync(path);
        using (var c = new SqliteConnection($"Data Source={path}"))
        {
            c.Open();
            SqliteVersion = c.ServerVersion;
        }

        return await new SearchBench(options).RunAsync(path, nexo);
    }

    private async Task<InsertState> SetupInsertAsync(int run)
    {
        var path = Path.Combine(options.Folder, $"insert-{run}.db");
        Delete(path);
        var nexo = await OpenAsync(path);
        var ws = await nexo.Workspaces.CreateAsync(new NewWorkspace { Name = "bench" });
        await nexo.Chats.CreateAsync(new NewChat { Id = ChatId, WorkspaceId = ws.Id });
        return new InsertState(nexo, path);
    }

    private static async Task CleanupAsync(InsertState state)
    {
        var count = await state.Client.MessageRepository.CountAsync(ChatId);
        Check(count > 0, "the batch was stored");
        await state.Client.DisposeAsync();
        SqliteConnection.ClearAllPools();
        Delete(state.Path);
    }

    /// <summary>What a careful hand-written import does: one transaction, one prepared INSERT, parameters rebound per row.</summary>
    private Task RawInsertAsync(string path, IReadOnlyList<Message> messages)
    {
        using var c = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, ForeignKeys = true }.ToString());
        c.Open();
        SqliteVersion = c.ServerVersion;
        using (var pragma = c.CreateCommand())
        {
            pragma.CommandText = "PRAGMA synchronous = NORMAL;";
            pragma.ExecuteNonQuery();
        }

        using var tx = c.BeginTransaction();
        long last;
        using (var seq = c.CreateCommand())
        {
            seq.Transaction = tx;
            seq.CommandText = "UPDATE chats SET last_seq = last_seq + $n WHERE id = $chat RETURNING last_seq";
            seq.Parameters.AddWithValue("$n", messages.Count);
            seq.Parameters.AddWithValue("$chat", ChatId);
            last = (long)seq.ExecuteScalar()!;
        }

        using var insert = c.CreateCommand();
        insert.Transaction = tx;
        insert.CommandText =
            """
            INSERT INTO messages (id, chat_id, parent_id, seq, role, content, reasoning, tool_calls, tool_call_id, status, error, finish_reason, model, connection_id, input_tokens, output_tokens, reasoning_tokens, total_tokens, metadata, created_at, updated_at)
            VALUES ($id, $chat_id, $parent_id, $seq, $role, $content, NULL, NULL, NULL, $status, NULL, NULL, $model, NULL, NULL, NULL, NULL, NULL, NULL, $created_at, $updated_at)
            """;
        var id = insert.Parameters.Add("$id", SqliteType.Text);
        var chat = insert.Parameters.Add("$chat_id", SqliteType.Text);
        var parent = insert.Parameters.Add("$parent_id", SqliteType.Text);
        var seqNo = insert.Parameters.Add("$seq", SqliteType.Integer);
        var role = insert.Parameters.Add("$role", SqliteType.Text);
        var content = insert.Parameters.Add("$content", SqliteType.Text);
        var status = insert.Parameters.Add("$status", SqliteType.Text);
        var model = insert.Parameters.Add("$model", SqliteType.Text);
        var created = insert.Parameters.Add("$created_at", SqliteType.Integer);
        var updated = insert.Parameters.Add("$updated_at", SqliteType.Integer);
        insert.Prepare();
        var first = last - messages.Count + 1;
        for (var i = 0; i < messages.Count; i++)
        {
            var m = messages[i];
            id.Value = m.Id;
            chat.Value = m.ChatId;
            parent.Value = (object?)m.ParentId ?? DBNull.Value;
            seqNo.Value = first + i;
            role.Value = m.Role == MessageRole.User ? "user" : "assistant";
            content.Value = m.Content;
            status.Value = "complete";
            model.Value = (object?)m.Model ?? DBNull.Value;
            created.Value = m.CreatedAt.ToUnixTimeMilliseconds();
            updated.Value = m.UpdatedAt.ToUnixTimeMilliseconds();
            insert.ExecuteNonQuery();
        }

        tx.Commit();
        return Task.CompletedTask;
    }

    /// <summary>The hand-written newest page: newest first with a LIMIT, every column read, then put oldest first.</summary>
    private static List<RawMessage> RawLastPage(string connectionString, int take)
    {
        using var c = new SqliteConnection(connectionString);
        c.Open();
        using var command = c.CreateCommand();
        command.CommandText =
            """
            SELECT id, chat_id, parent_id, seq, role, content, reasoning, tool_calls, tool_call_id, status, error, finish_reason, model, connection_id, input_tokens, output_tokens, reasoning_tokens, total_tokens, metadata, created_at, updated_at
            FROM messages WHERE chat_id = $chat ORDER BY seq DESC LIMIT $take
            """;
        command.Parameters.AddWithValue("$chat", ChatId);
        command.Parameters.AddWithValue("$take", take);
        var page = new List<RawMessage>(take);
        using (var r = command.ExecuteReader())
        {
            while (r.Read())
            {
                page.Add(RawMessage.Read(r));
            }
        }

        page.Reverse();
        return page;
    }

    private async Task EnsureSearchDatabaseAsync(string path)
    {
        if (File.Exists(path))
        {
            await using var existing = await OpenAsync(path);
            var count = 0L;
            foreach (var chat in (await existing.Chats.ListAsync((await existing.Workspaces.FindAsync("bench")).Id, new ChatQuery { Limit = 1000 })).Items)
            {
                count += await existing.MessageRepository.CountAsync(chat.Id);
            }

            if (count == options.SearchMessages)
            {
                Console.Error.WriteLine($"Search: reusing {path} ({count} messages)");
                return;
            }

            SqliteConnection.ClearAllPools();
        }

        Delete(path);
        Console.Error.WriteLine($"Search: building {path} with {options.SearchMessages} messages (not timed)…");
        var watch = Stopwatch.StartNew();
        await using var nexo = await OpenAsync(path);
        var ws = await nexo.Workspaces.CreateAsync(new NewWorkspace { Name = "bench" });
        var text = new TextGenerator(42);
        const int perChat = 100_000;
        for (var done = 0; done < options.SearchMessages; done += perChat)
        {
            var chat = await nexo.Chats.CreateAsync(new NewChat { WorkspaceId = ws.Id, Title = $"chat {done / perChat}" });
            var batch = BuildMessages(chat.Id, Math.Min(perChat, options.SearchMessages - done), text, $"c{done / perChat}-");
            await nexo.MessageRepository.CreateManyAsync(batch);
            Console.Error.WriteLine($"  {done + batch.Count} messages ({watch.Elapsed.TotalSeconds:F0} s)");
        }

        using var raw = new SqliteConnection($"Data Source={path}");
        raw.Open();
        using var optimize = raw.CreateCommand();
        optimize.CommandText = "INSERT INTO messages_fts (messages_fts) VALUES ('optimize'); PRAGMA wal_checkpoint(TRUNCATE);";
        optimize.ExecuteNonQuery();
        Console.Error.WriteLine($"Search: built in {watch.Elapsed.TotalSeconds:F0} s");
    }

    internal static List<Message> BuildMessages(string chatId, int count, TextGenerator text, string prefix = "m")
    {
        var list = new List<Message>(count);
        for (var i = 0; i < count; i++)
        {
            var at = Start.AddSeconds(i);
            list.Add(new Message
            {
                Id = string.Create(CultureInfo.InvariantCulture, $"{prefix}{i}"),
                ChatId = chatId,
                ParentId = i == 0 ? null : string.Create(CultureInfo.InvariantCulture, $"{prefix}{i - 1}"),
                Role = i % 2 == 0 ? MessageRole.User : MessageRole.Assistant,
                Content = text.Next(),
                Model = i % 2 == 0 ? null : "bench-model",
                CreatedAt = at,
                UpdatedAt = at,
            });
        }

        return list;
    }

    private static Task<NexoClient> OpenAsync(string path) => NexoClient.OpenAsync(new NexoOptions { DatabasePath = path, EncryptionKey = Key });

    private static void Delete(string path)
    {
        foreach (var file in new[] { path, path + "-wal", path + "-shm" })
        {
            File.Delete(file);
        }
    }

    private static void Check(bool condition, string what)
    {
        if (!condition)
        {
            throw new InvalidOperationException($"Benchmark self-check failed: {what}.");
        }
    }

    internal static string Count(int n) => n >= 1_000_000 && n % 1_000_000 == 0 ? $"{n / 1_000_000}M" : n >= 1000 && n % 1000 == 0 ? $"{n / 1000}k" : n.ToString(CultureInfo.InvariantCulture);

    private sealed record InsertState(NexoClient Client, string Path);

}
