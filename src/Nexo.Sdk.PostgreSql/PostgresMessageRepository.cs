using System.Text;
using Dapper;
using Npgsql;
using NpgsqlTypes;

namespace Nexo.Storage.PostgreSql;

internal sealed class PostgresMessageRepository(PostgresDatabase db) : IMessageRepository
{
    private const string Columns = SqliteMessageRepository.Columns;

    internal const string Insert =
        $"""
        INSERT INTO messages ({Columns}, run_owner)
        VALUES (@id, @chat_id, @parent_id, @seq, @role, @content, @reasoning, @tool_calls, @tool_call_id, @status, @error, @finish_reason, @model, @connection_id, @input_tokens, @output_tokens, @reasoning_tokens, @total_tokens, @metadata, @created_at, @updated_at, @run_owner)
        """;

    // The same keyset pages as SQLite: both bounds are range conditions on ux_messages_chat_seq, so only one page is read
    // however deep it is; the newest page is read newest first and reversed in memory.
    private const string ListAfterSql =
        $"""
        SELECT {Columns} FROM messages
        WHERE chat_id = @chatId AND seq > @after AND seq < coalesce(@before, 9223372036854775807)
        ORDER BY seq ASC LIMIT @take
        """;

    private const string ListNewestSql =
        $"""
        SELECT {Columns} FROM messages
        WHERE chat_id = @chatId AND seq < coalesce(@before, 9223372036854775807)
        ORDER BY seq DESC LIMIT @take
        """;

    public Task<Message> CreateAsync(Message message, CancellationToken cancellationToken = default) =>
        PgErrors.Wrap("store a message", async () =>
        {
            await using var c = await db.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using var tx = await c.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            var seq = await NextSequences(c, tx, message.ChatId, 1, cancellationToken).ConfigureAwait(false);
            var p = new DynamicParameters(MessageRow.ToParameters(message));
            p.Add("seq", seq);
            p.Add("run_owner", OwnerFor(message.Status));
            try
            {
                await c.ExecuteAsync(new CommandDefinition(Insert, p, tx, cancellationToken: cancellationToken)).ConfigureAwait(false);
            }
            catch (PostgresException ex) when (PgErrors.IsForeignKeyViolation(ex))
            {
                throw NexoException.Validation("parentId", $"The parent message '{message.ParentId}' does not exist.");
            }
            catch (PostgresException ex) when (PgErrors.IsUniqueViolation(ex))
            {
                throw NexoException.Conflict($"A message with id '{message.Id}' already exists.");
            }

            await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
            return message with { Sequence = seq };
        });

    public Task CreateManyAsync(IReadOnlyList<Message> messages, CancellationToken cancellationToken = default) =>
        PgErrors.Wrap("store messages", async () =>
        {
            if (messages.Count == 0)
            {
                return 0;
            }

            var chatId = messages[0].ChatId;
            if (messages.Any(m => m.ChatId != chatId))
            {
                throw NexoException.Validation("messages", "All messages of one batch must belong to the same chat.");
            }

            // A parent must come before its answers in the batch, as with one INSERT per row (COPY checks foreign keys
            // only at the end of the statement, so it would also take a forward reference).
            var ids = messages.Select(m => m.Id).ToHashSet(StringComparer.Ordinal);
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var m in messages)
            {
                if (m.ParentId is { } parent && ids.Contains(parent) && !seen.Contains(parent))
                {
                    throw NexoException.Validation("parentId", $"The parent message '{parent}' of message '{m.Id}' does not exist.");
                }

                seen.Add(m.Id);
            }

            // Binary COPY: one round trip for the whole batch (one prepared INSERT per row took 5-6x as long, see
            // bench/README.md). A duplicate id or a missing parent aborts the COPY without saying which row; the
            // batch is then inserted row by row in a new transaction, which fails on that row with the precise error.
            try
            {
                await CopyAsync(chatId, messages, cancellationToken).ConfigureAwait(false);
            }
            catch (PostgresException ex) when (PgErrors.IsForeignKeyViolation(ex) || PgErrors.IsUniqueViolation(ex))
            {
                await InsertRowsAsync(chatId, messages, cancellationToken).ConfigureAwait(false);
            }

            return 0;
        });

    private async Task CopyAsync(string chatId, IReadOnlyList<Message> messages, CancellationToken cancellationToken)
    {
        await using var c = await db.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var tx = await c.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        var last = await NextSequences(c, tx, chatId, messages.Count, cancellationToken).ConfigureAwait(false);
        var first = last - messages.Count + 1;
        await using (var copy = await c.BeginBinaryImportAsync($"COPY messages ({Columns}, run_owner) FROM STDIN (FORMAT BINARY)", cancellationToken).ConfigureAwait(false))
        {
            for (var i = 0; i < messages.Count; i++)
            {
                await WriteRowAsync(copy, messages[i], first + i, cancellationToken).ConfigureAwait(false);
            }

            await copy.CompleteAsync(cancellationToken).ConfigureAwait(false);
        }

        await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task InsertRowsAsync(string chatId, IReadOnlyList<Message> messages, CancellationToken cancellationToken)
    {
        await using var c = await db.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var tx = await c.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        var last = await NextSequences(c, tx, chatId, messages.Count, cancellationToken).ConfigureAwait(false);
        var first = last - messages.Count + 1;
        await using var command = new NpgsqlCommand(Insert, c, tx);
        var parameters = Parameters(command);
        await command.PrepareAsync(cancellationToken).ConfigureAwait(false);
        for (var i = 0; i < messages.Count; i++)
        {
            var m = messages[i];
            Bind(parameters, m, first + i);
            try
            {
                await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (PostgresException ex) when (PgErrors.IsForeignKeyViolation(ex))
            {
                throw NexoException.Validation("parentId", $"The parent message '{m.ParentId}' of message '{m.Id}' does not exist.");
            }
            catch (PostgresException ex) when (PgErrors.IsUniqueViolation(ex))
            {
                throw NexoException.Conflict($"A message with id '{m.Id}' already exists.");
            }
        }

        await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>One row of the COPY, in the order of <see cref="Columns"/> and <c>run_owner</c>, as <see cref="Bind"/> binds it.</summary>
    private static async Task WriteRowAsync(NpgsqlBinaryImporter copy, Message m, long seq, CancellationToken cancellationToken)
    {
        await copy.StartRowAsync(cancellationToken).ConfigureAwait(false);
        await Text(m.Id).ConfigureAwait(false);
        await Text(m.ChatId).ConfigureAwait(false);
        await Text(m.ParentId).ConfigureAwait(false);
        await Bigint(seq).ConfigureAwait(false);
        await Text(Enums.Name(m.Role)).ConfigureAwait(false);
        await Text(m.Content).ConfigureAwait(false);
        await Text(m.Reasoning).ConfigureAwait(false);
        await Text(m.ToolCalls is null ? null : Json.Serialize(m.ToolCalls)).ConfigureAwait(false);
        await Text(m.ToolCallId).ConfigureAwait(false);
        await Text(Enums.Name(m.Status)).ConfigureAwait(false);
        await Text(m.Error).ConfigureAwait(false);
        await Text(m.FinishReason).ConfigureAwait(false);
        await Text(m.Model).ConfigureAwait(false);
        await Text(m.ConnectionId).ConfigureAwait(false);
        await Bigint(m.Usage?.InputTokens).ConfigureAwait(false);
        await Bigint(m.Usage?.OutputTokens).ConfigureAwait(false);
        await Bigint(m.Usage?.ReasoningTokens).ConfigureAwait(false);
        await Bigint(m.Usage?.TotalTokens).ConfigureAwait(false);
        await Text(Json.ElementToString(m.Metadata)).ConfigureAwait(false);
        await Bigint(Time.ToMs(m.CreatedAt)).ConfigureAwait(false);
        await Bigint(Time.ToMs(m.UpdatedAt)).ConfigureAwait(false);
        await Text(OwnerFor(m.Status)).ConfigureAwait(false);

        Task Text(string? value) => value is null ? copy.WriteNullAsync(cancellationToken) : copy.WriteAsync(value, NpgsqlDbType.Text, cancellationToken);

        Task Bigint(long? value) => value is { } v ? copy.WriteAsync(v, NpgsqlDbType.Bigint, cancellationToken) : copy.WriteNullAsync(cancellationToken);
    }

    public Task<Message?> GetAsync(string id, CancellationToken cancellationToken = default) =>
        PgErrors.Wrap("read a message", async () =>
        {
            await using var c = await db.OpenAsync(cancellationToken).ConfigureAwait(false);
            var row = await c.QuerySingleOrDefaultAsync<MessageRow>(new CommandDefinition(
                $"SELECT {Columns} FROM messages WHERE id = @id", new { id }, cancellationToken: cancellationToken)).ConfigureAwait(false);
            return row?.ToModel();
        });

    public Task<IReadOnlyList<Message>> ListAsync(string chatId, MessageQuery query, CancellationToken cancellationToken = default) =>
        PgErrors.Wrap("read messages", async () =>
        {
            await using var c = await db.OpenAsync(cancellationToken).ConfigureAwait(false);
            var args = new { chatId, before = query.BeforeSequence, after = query.AfterSequence, take = (long)query.Limit };
            var sql = query.AfterSequence is not null ? ListAfterSql : ListNewestSql;
            var page = (await c.QueryAsync<MessageRow>(new CommandDefinition(sql, args, cancellationToken: cancellationToken)).ConfigureAwait(false))
                .Select(r => r.ToModel()).ToList();
            if (query.AfterSequence is null)
            {
                page.Reverse();
            }

            return (IReadOnlyList<Message>)page;
        });

    public Task<IReadOnlyList<Message>> GetBranchAsync(string leafMessageId, CancellationToken cancellationToken = default) =>
        PgErrors.Wrap("read a branch", async () =>
        {
            await using var c = await db.OpenAsync(cancellationToken).ConfigureAwait(false);
            var rows = await c.QueryAsync<MessageRow>(new CommandDefinition(
                $"""
                WITH RECURSIVE branch (id) AS (
                    SELECT id FROM messages WHERE id = @leafMessageId
                    UNION ALL
                    SELECT m.parent_id FROM messages m JOIN branch b ON m.id = b.id WHERE m.parent_id IS NOT NULL
                )
                SELECT {Columns} FROM messages WHERE id IN (SELECT id FROM branch) ORDER BY seq ASC
                """,
                new { leafMessageId },
                cancellationToken: cancellationToken)).ConfigureAwait(false);
            return (IReadOnlyList<Message>)rows.Select(r => r.ToModel()).ToList();
        });

    public Task<IReadOnlyList<Message>> GetChildrenAsync(string parentId, CancellationToken cancellationToken = default) =>
        PgErrors.Wrap("read a message's answers", async () =>
        {
            await using var c = await db.OpenAsync(cancellationToken).ConfigureAwait(false);
            var rows = await c.QueryAsync<MessageRow>(new CommandDefinition(
                $"SELECT {Columns} FROM messages WHERE parent_id = @parentId ORDER BY seq ASC", new { parentId }, cancellationToken: cancellationToken)).ConfigureAwait(false);
            return (IReadOnlyList<Message>)rows.Select(r => r.ToModel()).ToList();
        });

    public Task<IReadOnlyList<Message>> GetBranchSinceSummaryAsync(string leafMessageId, CancellationToken cancellationToken = default) =>
        PgErrors.Wrap("read a branch", async () =>
        {
            await using var c = await db.OpenAsync(cancellationToken).ConfigureAwait(false);

            // As in SQLite: walks up from the leaf; once a summary is met, its throughMessageId becomes the target and the
            // walk stops there.
            var rows = await c.QueryAsync<MessageRow>(new CommandDefinition(
                $"""
                WITH RECURSIVE branch (id, parent_id, target) AS (
                    SELECT id, parent_id, {SummaryTarget("")} FROM messages WHERE id = @leafMessageId
                    UNION ALL
                    SELECT m.id, m.parent_id, coalesce(b.target, {SummaryTarget("m.")})
                    FROM messages m JOIN branch b ON m.id = b.parent_id
                    WHERE b.target IS NULL OR b.id <> b.target
                )
                SELECT {Columns} FROM messages WHERE id IN (SELECT id FROM branch) ORDER BY seq ASC
                """,
                new { leafMessageId },
                cancellationToken: cancellationToken)).ConfigureAwait(false);
            return (IReadOnlyList<Message>)rows.Select(r => r.ToModel()).ToList();
        });

    // Metadata is always written from a parsed JSON value, so the cast cannot fail; CASE keeps it to system messages.
    private static string SummaryTarget(string alias) =>
        $"CASE WHEN {alias}role = 'system' AND {alias}metadata IS NOT NULL THEN ({alias}metadata::jsonb -> '{ContextSummaries.MetadataKey}' ->> 'throughMessageId') END";

    public Task<Message?> GetLatestAsync(string chatId, CancellationToken cancellationToken = default) =>
        PgErrors.Wrap("read a message", async () =>
        {
            await using var c = await db.OpenAsync(cancellationToken).ConfigureAwait(false);
            var row = await c.QueryFirstOrDefaultAsync<MessageRow>(new CommandDefinition(
                $"SELECT {Columns} FROM messages WHERE chat_id = @chatId ORDER BY seq DESC LIMIT 1", new { chatId }, cancellationToken: cancellationToken)).ConfigureAwait(false);
            return row?.ToModel();
        });

    public Task<long> CountAsync(string chatId, CancellationToken cancellationToken = default) =>
        PgErrors.Wrap("count messages", async () =>
        {
            await using var c = await db.OpenAsync(cancellationToken).ConfigureAwait(false);
            return await c.ExecuteScalarAsync<long>(new CommandDefinition(
                "SELECT count(*) FROM messages WHERE chat_id = @chatId", new { chatId }, cancellationToken: cancellationToken)).ConfigureAwait(false);
        });

    public Task<bool> UpdateAsync(Message message, CancellationToken cancellationToken = default) =>
        PgErrors.Wrap("update a message", async () =>
        {
            await using var c = await db.OpenAsync(cancellationToken).ConfigureAwait(false);
            var p = new DynamicParameters(MessageRow.ToParameters(message));
            p.Add("run_owner", OwnerFor(message.Status));
            return await c.ExecuteAsync(new CommandDefinition(
                """
                UPDATE messages SET content = @content, reasoning = @reasoning, tool_calls = @tool_calls, tool_call_id = @tool_call_id,
                    status = @status, error = @error, finish_reason = @finish_reason, model = @model, connection_id = @connection_id,
                    input_tokens = @input_tokens, output_tokens = @output_tokens, reasoning_tokens = @reasoning_tokens,
                    total_tokens = @total_tokens, metadata = @metadata, updated_at = @updated_at, run_owner = @run_owner
                WHERE id = @id
                """,
                p,
                cancellationToken: cancellationToken)).ConfigureAwait(false) > 0;
        });

    public Task UpdateContentAsync(string id, string content, string? reasoning, MessageStatus status, CancellationToken cancellationToken = default) =>
        PgErrors.Wrap("save message content", async () =>
        {
            await using var c = await db.OpenAsync(cancellationToken).ConfigureAwait(false);
            await c.ExecuteAsync(new CommandDefinition(
                "UPDATE messages SET content = @content, reasoning = @reasoning, status = @status, updated_at = @now, run_owner = @owner WHERE id = @id",
                new { id, content, reasoning, status = Enums.Name(status), now = Time.ToMs(DateTimeOffset.UtcNow), owner = OwnerFor(status) },
                cancellationToken: cancellationToken)).ConfigureAwait(false);
            return 0;
        });

    public Task<int> DeleteAfterAsync(string chatId, string messageId, CancellationToken cancellationToken = default) =>
        PgErrors.Wrap("delete messages", async () =>
        {
            await using var c = await db.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using var tx = await c.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            var seq = await c.ExecuteScalarAsync<long?>(new CommandDefinition(
                "SELECT seq FROM messages WHERE id = @messageId AND chat_id = @chatId", new { chatId, messageId }, tx, cancellationToken: cancellationToken)).ConfigureAwait(false)
                ?? throw NexoException.NotFound("message", messageId);
            var n = await c.ExecuteAsync(new CommandDefinition(
                "DELETE FROM messages WHERE chat_id = @chatId AND seq > @seq", new { chatId, seq }, tx, cancellationToken: cancellationToken)).ConfigureAwait(false);
            await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
            return n;
        });

    public Task<bool> DeleteAsync(string id, CancellationToken cancellationToken = default) =>
        PgErrors.Wrap("delete a message", async () =>
        {
            await using var c = await db.OpenAsync(cancellationToken).ConfigureAwait(false);
            return await c.ExecuteAsync(new CommandDefinition("DELETE FROM messages WHERE id = @id", new { id }, cancellationToken: cancellationToken)).ConfigureAwait(false) > 0;
        });

    public Task<int> MarkInterruptedAsync(DateTimeOffset updatedBefore, CancellationToken cancellationToken = default) =>
        PgErrors.Wrap("mark interrupted messages", async () =>
        {
            await using var c = await db.OpenAsync(cancellationToken).ConfigureAwait(false);
            var owners = (await c.QueryAsync<string>(new CommandDefinition(
                "SELECT DISTINCT run_owner FROM messages WHERE status IN ('pending', 'streaming') AND run_owner IS NOT NULL",
                cancellationToken: cancellationToken)).ConfigureAwait(false)).ToList();
            var dead = owners.Where(o => o != RunOwner.Current && RunOwner.IsDeadLocalProcess(o)).ToArray();
            var foreign = owners.Where(o => !RunOwner.IsLocal(o)).ToArray();
            return await c.ExecuteAsync(new CommandDefinition(
                $"""
                UPDATE messages m SET status = 'error', error = @error, updated_at = @now, run_owner = NULL
                WHERE m.status IN ('pending', 'streaming')
                  AND (((m.run_owner IS NULL OR m.run_owner = ANY(@foreign)) AND m.updated_at < @before) OR m.run_owner = ANY(@dead)
                       OR EXISTS (SELECT 1 FROM chats c WHERE c.id = m.chat_id AND c.turn_owner IS NOT NULL AND c.turn_lease_expires_at < {PostgresTurnClaims.NowMs}))
                  AND NOT EXISTS (SELECT 1 FROM chats c WHERE c.id = m.chat_id AND c.turn_owner IS NOT NULL AND c.turn_lease_expires_at >= {PostgresTurnClaims.NowMs})
                """,
                new { error = SqliteMessageRepository.InterruptedError, now = Time.ToMs(DateTimeOffset.UtcNow), before = Time.ToMs(updatedBefore), dead, foreign },
                cancellationToken: cancellationToken)).ConfigureAwait(false);
        });

    public Task<IReadOnlyList<MessageSearchHit>> SearchAsync(MessageSearchQuery query, CancellationToken cancellationToken = default) =>
        PgErrors.Wrap("search messages", async () =>
        {
            var match = ToTsQuery(query.Text);
            if (match.Length == 0)
            {
                return (IReadOnlyList<MessageSearchHit>)[];
            }

            var scope = query.ChatId is not null
                ? "AND m.chat_id = @chatId AND (@workspaceId::text IS NULL OR EXISTS (SELECT 1 FROM chats WHERE id = @chatId AND workspace_id = @workspaceId))"
                : query.WorkspaceId is not null
                    ? "AND m.chat_id IN (SELECT id FROM chats WHERE workspace_id = @workspaceId)"
                    : string.Empty;
            await using var c = await db.OpenAsync(cancellationToken).ConfigureAwait(false);
            var rows = await c.QueryAsync<(string id, string chat_id, string workspace_id, string title, string role, string snippet, double rank, long created_at)>(new CommandDefinition(
                $"""
                WITH q AS (SELECT to_tsquery('simple', @match) AS query),
                top AS MATERIALIZED (
                  SELECT m.pk, ts_rank_cd(m.search, q.query) AS score
                  FROM messages m CROSS JOIN q
                  WHERE m.search @@ q.query
                  {scope}
                  ORDER BY score DESC, m.pk DESC
                  LIMIT @take
                )
                SELECT m.id, m.chat_id, c.workspace_id, c.title, m.role,
                       ts_headline('simple', m.content, q.query, '{HeadlineOptions}') AS snippet,
                       (-top.score)::float8 AS rank, m.created_at
                FROM top
                JOIN messages m ON m.pk = top.pk
                JOIN chats c ON c.id = m.chat_id
                CROSS JOIN q
                ORDER BY top.score DESC, top.pk DESC
                """,
                new { match, workspaceId = query.WorkspaceId, chatId = query.ChatId, take = (long)query.Limit },
                cancellationToken: cancellationToken)).ConfigureAwait(false);
            return (IReadOnlyList<MessageSearchHit>)rows.Select(r => new MessageSearchHit
            {
                MessageId = r.id,
                ChatId = r.chat_id,
                WorkspaceId = r.workspace_id,
                ChatTitle = r.title,
                Role = Enums.Parse<MessageRole>(r.role),
                Snippet = r.snippet,
                Rank = r.rank,
                CreatedAt = Time.FromMs(r.created_at),
            }).ToList();
        });

    /// <summary>The snippet: the best fragment of about 16 words, matches in <c>[</c> <c>]</c> as SQLite's <c>snippet()</c> marks them.</summary>
    internal const string HeadlineOptions = "StartSel=[, StopSel=], MaxWords=16, MinWords=8, ShortWord=0, MaxFragments=1, FragmentDelimiter=\"…\"";

    /// <summary>
    /// Turns what a person types into a safe <c>tsquery</c> with the rules of the SQLite search
    /// (<see cref="SqliteMessageRepository.ToFtsQuery"/>): quoted phrases stay phrases (words in a row, <c>&lt;-&gt;</c>),
    /// other words become prefix terms (<c>:*</c>), all terms must match (<c>&amp;</c>). Only runs of letters and digits
    /// reach the query, each as a quoted lexeme, so operators a user types (<c>&amp; | ! ( ) : *</c>, <c>AND</c>,
    /// <c>OR</c>, <c>NOT</c>) are words or separators, never syntax.
    /// </summary>
    internal static string ToTsQuery(string text)
    {
        var terms = new List<string>();
        var i = 0;
        while (i < text.Length)
        {
            if (char.IsWhiteSpace(text[i]))
            {
                i++;
                continue;
            }

            if (text[i] == '"')
            {
                var end = text.IndexOf('"', i + 1);
                var phrase = end < 0 ? text[(i + 1)..] : text[(i + 1)..end];
                i = end < 0 ? text.Length : end + 1;
                AddTerm(terms, phrase, prefix: false);
                continue;
            }

            var start = i;
            while (i < text.Length && !char.IsWhiteSpace(text[i]) && text[i] != '"')
            {
                i++;
            }

            AddTerm(terms, text[start..i], prefix: true);
        }

        return string.Join(" & ", terms);

        static void AddTerm(List<string> terms, string words, bool prefix)
        {
            var tokens = new List<string>();
            var token = new StringBuilder();
            foreach (var ch in words + " ")
            {
                if (char.IsLetterOrDigit(ch))
                {
                    token.Append(char.ToLowerInvariant(ch));
                }
                else if (token.Length > 0)
                {
                    tokens.Add("'" + token + "'");
                    token.Clear();
                }
            }

            if (tokens.Count == 0)
            {
                return;
            }

            var term = string.Join(" <-> ", tokens) + (prefix ? ":*" : string.Empty);
            terms.Add(tokens.Count > 1 ? "(" + term + ")" : term);
        }
    }

    /// <summary>Unfinished messages carry this process's identity; finished ones none.</summary>
    private static string? OwnerFor(MessageStatus status) =>
        status is MessageStatus.Pending or MessageStatus.Streaming ? RunOwner.Current : null;

    private static async Task<long> NextSequences(NpgsqlConnection c, System.Data.Common.DbTransaction tx, string chatId, int count, CancellationToken cancellationToken) =>
        await c.ExecuteScalarAsync<long?>(new CommandDefinition(
            "UPDATE chats SET last_seq = last_seq + @count WHERE id = @chatId RETURNING last_seq", new { chatId, count = (long)count }, tx, cancellationToken: cancellationToken)).ConfigureAwait(false)
        ?? throw NexoException.NotFound("chat", chatId);

    internal static Dictionary<string, NpgsqlParameter> Parameters(NpgsqlCommand command)
    {
        var parameters = new Dictionary<string, NpgsqlParameter>();
        foreach (var name in Columns.Split(", ").Append("run_owner"))
        {
            var type = name is "seq" or "input_tokens" or "output_tokens" or "reasoning_tokens" or "total_tokens" or "created_at" or "updated_at"
                ? NpgsqlDbType.Bigint
                : NpgsqlDbType.Text;
            parameters[name] = command.Parameters.Add(new NpgsqlParameter(name, type));
        }

        return parameters;
    }

    internal static void Bind(Dictionary<string, NpgsqlParameter> p, Message m, long seq)
    {
        p["id"].Value = m.Id;
        p["chat_id"].Value = m.ChatId;
        p["parent_id"].Value = (object?)m.ParentId ?? DBNull.Value;
        p["seq"].Value = seq;
        p["role"].Value = Enums.Name(m.Role);
        p["content"].Value = m.Content;
        p["reasoning"].Value = (object?)m.Reasoning ?? DBNull.Value;
        p["tool_calls"].Value = m.ToolCalls is null ? DBNull.Value : Json.Serialize(m.ToolCalls);
        p["tool_call_id"].Value = (object?)m.ToolCallId ?? DBNull.Value;
        p["status"].Value = Enums.Name(m.Status);
        p["error"].Value = (object?)m.Error ?? DBNull.Value;
        p["finish_reason"].Value = (object?)m.FinishReason ?? DBNull.Value;
        p["model"].Value = (object?)m.Model ?? DBNull.Value;
        p["connection_id"].Value = (object?)m.ConnectionId ?? DBNull.Value;
        p["input_tokens"].Value = (object?)m.Usage?.InputTokens ?? DBNull.Value;
        p["output_tokens"].Value = (object?)m.Usage?.OutputTokens ?? DBNull.Value;
        p["reasoning_tokens"].Value = (object?)m.Usage?.ReasoningTokens ?? DBNull.Value;
        p["total_tokens"].Value = (object?)m.Usage?.TotalTokens ?? DBNull.Value;
        p["metadata"].Value = (object?)Json.ElementToString(m.Metadata) ?? DBNull.Value;
        p["created_at"].Value = Time.ToMs(m.CreatedAt);
        p["updated_at"].Value = Time.ToMs(m.UpdatedAt);
        p["run_owner"].Value = (object?)OwnerFor(m.Status) ?? DBNull.Value;
    }
}
