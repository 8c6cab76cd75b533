using System.Text;
using Dapper;
using Microsoft.Data.Sqlite;

namespace Nexo.Storage;

internal sealed class SqliteMessageRepository(NexoDatabase db) : IMessageRepository
{
    internal const string InterruptedError = "Interrupted: the process stopped before this message finished. The partial content was kept.";

    internal const string Columns =
        "id, chat_id, parent_id, seq, role, content, reasoning, tool_calls, tool_call_id, status, error, finish_reason, model, connection_id, input_tokens, output_tokens, reasoning_tokens, total_tokens, metadata, created_at, updated_at";

    internal const string Insert =
        $"""
        INSERT INTO messages ({Columns}, run_owner)
        VALUES (@id, @chat_id, @parent_id, @seq, @role, @content, @reasoning, @tool_calls, @tool_call_id, @status, @error, @finish_reason, @model, @connection_id, @input_tokens, @output_tokens, @reasoning_tokens, @total_tokens, @metadata, @created_at, @updated_at, @run_owner)
        """;

    // Both bounds are range constraints on ux_messages_chat_seq (coalesce keeps "no bound" a constant), so SQLite
    // seeks straight to the page however deep it is, instead of walking the chat from one end and filtering.

    /// <summary>The page after a sequence (optionally before another), oldest first.</summary>
    internal const string ListAfterSql =
        $"""
        SELECT {Columns} FROM messages
        WHERE chat_id = @chatId AND seq > @after AND seq < coalesce(@before, 9223372036854775807)
        ORDER BY seq ASC LIMIT @take
        """;

    /// <summary>
    /// The newest page (optionally before a sequence), read newest first straight off <c>ux_messages_chat_seq</c>
    /// and reversed in memory: only one page is read however long the chat is, and SQLite needs no sort.
    /// </summary>
    internal const string ListNewestSql =
        $"""
        SELECT {Columns} FROM messages
        WHERE chat_id = @chatId AND seq < coalesce(@before, 9223372036854775807)
        ORDER BY seq DESC LIMIT @take
        """;

    public Task<Message> CreateAsync(Message message, CancellationToken cancellationToken = default) =>
        Errors.Wrap("store a message", async () =>
        {
            await using var c = await db.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using var tx = (SqliteTransaction)await c.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            var seq = await NextSequences(c, tx, message.ChatId, 1, cancellationToken).ConfigureAwait(false);
            await InsertOne(c, tx, message, seq, message.ParentId, cancellationToken).ConfigureAwait(false);
            await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
            return message with { Sequence = seq };
        });

    public Task CreateManyAsync(IReadOnlyList<Message> messages, CancellationToken cancellationToken = default) =>
        Errors.Wrap("store messages", async () =>
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

            await using var c = await db.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using var tx = (SqliteTransaction)await c.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            var last = await NextSequences(c, tx, chatId, messages.Count, cancellationToken).ConfigureAwait(false);
            var first = last - messages.Count + 1;

            using var command = c.CreateCommand();
            command.Transaction = tx;
            command.CommandText = Insert;
            var parameters = new Dictionary<string, SqliteParameter>();
            foreach (var name in Columns.Split(", ").Append("run_owner"))
            {
                var p = command.CreateParameter();
                p.ParameterName = "@" + name;
                command.Parameters.Add(p);
                parameters[name] = p;
            }

            command.Prepare();
            for (var i = 0; i < messages.Count; i++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var m = messages[i];
                Bind(parameters, m, first + i);
                try
                {
                    await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }
                catch (SqliteException ex) when (Errors.IsForeignKeyViolation(ex))
                {
                    throw NexoException.Validation("parentId", $"The parent message '{m.ParentId}' of message '{m.Id}' does not exist.");
                }
                catch (SqliteException ex) when (Errors.IsUniqueViolation(ex))
                {
                    throw NexoException.Conflict($"A message with id '{m.Id}' already exists.");
                }
            }

            await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
            return 0;
        });

    public Task<Message?> GetAsync(string id, CancellationToken cancellationToken = default) =>
        Errors.Wrap("read a message", async () =>
        {
            await using var c = await db.OpenAsync(cancellationToken).ConfigureAwait(false);
            var row = await c.QuerySingleOrDefaultAsync<MessageRow>(
                $"SELECT {Columns} FROM messages WHERE id = @id", new { id, cancellationToken }).ConfigureAwait(false);
            return row?.ToModel();
        });

    public Task<IReadOnlyList<Message>> ListAsync(string chatId, MessageQuery query, CancellationToken cancellationToken = default) =>
        Errors.Wrap("read messages", async () =>
        {
            await using var c = await db.OpenAsync(cancellationToken).ConfigureAwait(false);
            var args = new { chatId, before = query.BeforeSequence, after = query.AfterSequence, take = query.Limit };
            var sql = query.AfterSequence is not null ? ListAfterSql : ListNewestSql;
            var rows = await c.QueryAsync<MessageRow>(sql, args).ConfigureAwait(false);
            var page = rows.Select(r => r.ToModel()).ToList();
            if (query.AfterSequence is null)
            {
                page.Reverse();
            }

            return (IReadOnlyList<Message>)page;
        });

    public Task<IReadOnlyList<Message>> GetBranchAsync(string leafMessageId, CancellationToken cancellationToken = default) =>
        Errors.Wrap("read a branch", async () =>
        {
            await using var c = await db.OpenAsync(cancellationToken).ConfigureAwait(false);
            var rows = await c.QueryAsync<MessageRow>(
                $"""
                WITH RECURSIVE branch (id) AS (
                    SELECT id FROM messages WHERE id = @leafMessageId
                    UNION ALL
                    SELECT m.parent_id FROM messages m JOIN branch b ON m.id = b.id WHERE m.parent_id IS NOT NULL
                )
                SELECT {Columns} FROM messages WHERE id IN (SELECT id FROM branch) ORDER BY seq ASC
                """,
                new { leafMessageId }).ConfigureAwait(false);
            return (IReadOnlyList<Message>)rows.Select(r => r.ToModel()).ToList();
        });

    public Task<IReadOnlyList<Message>> GetChildrenAsync(string parentId, CancellationToken cancellationToken = default) =>
        Errors.Wrap("read a message's answers", async () =>
        {
            await using var c = await db.OpenAsync(cancellationToken).ConfigureAwait(false);
            var rows = await c.QueryAsync<MessageRow>(
                $"SELECT {Columns} FROM messages WHERE parent_id = @parentId ORDER BY seq ASC", new { parentId, cancellationToken }).ConfigureAwait(false);
            return (IReadOnlyList<Message>)rows.Select(r => r.ToModel()).ToList();
        });

    public Task<IReadOnlyList<Message>> GetBranchSinceSummaryAsync(string leafMessageId, CancellationToken cancellationToken = default) =>
        Errors.Wrap("read a branch", async () =>
        {
            await using var c = await db.OpenAsync(cancellationToken).ConfigureAwait(false);
            // Walks up from the leaf; once a summary is met, its throughMessageId becomes the target and the walk stops
            // there (a target that is not an ancestor only lets the walk reach the root: the whole branch, as before).
            var rows = await c.QueryAsync<MessageRow>(
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
                new { leafMessageId }).ConfigureAwait(false);
            return (IReadOnlyList<Message>)rows.Select(r => r.ToModel()).ToList();
        });

    private static string SummaryTarget(string alias) =>
        $"CASE WHEN {alias}role = 'system' AND json_valid({alias}metadata) THEN json_extract({alias}metadata, '$.{ContextSummaries.MetadataKey}.throughMessageId') END";

    public Task<Message?> GetLatestAsync(string chatId, CancellationToken cancellationToken = default) =>
        Errors.Wrap("read a message", async () =>
        {
            await using var c = await db.OpenAsync(cancellationToken).ConfigureAwait(false);
            var row = await c.QueryFirstOrDefaultAsync<MessageRow>(
                $"SELECT {Columns} FROM messages WHERE chat_id = @chatId ORDER BY seq DESC LIMIT 1", new { chatId, cancellationToken }).ConfigureAwait(false);
            return row?.ToModel();
        });

    public Task<long> CountAsync(string chatId, CancellationToken cancellationToken = default) =>
        Errors.Wrap("count messages", async () =>
        {
            await using var c = await db.OpenAsync(cancellationToken).ConfigureAwait(false);
            return await c.ExecuteScalarAsync<long>(
                "SELECT count(*) FROM messages WHERE chat_id = @chatId", new { chatId, cancellationToken }).ConfigureAwait(false);
        });

    public Task<bool> UpdateAsync(Message message, CancellationToken cancellationToken = default) =>
        Errors.Wrap("update a message", async () =>
        {
            await using var c = await db.OpenAsync(cancellationToken).ConfigureAwait(false);
            var n = await c.ExecuteAsync(
                """
                UPDATE messages SET content = @content, reasoning = @reasoning, tool_calls = @tool_calls, tool_call_id = @tool_call_id,
                    status = @status, error = @error, finish_reason = @finish_reason, model = @model, connection_id = @connection_id,
                    input_tokens = @input_tokens, output_tokens = @output_tokens, reasoning_tokens = @reasoning_tokens,
                    total_tokens = @total_tokens, metadata = @metadata, updated_at = @updated_at, run_owner = @run_owner
                WHERE id = @id
                """,
                WithOwner(message)).ConfigureAwait(false);
            return n > 0;
        });

    public Task UpdateContentAsync(string id, string content, string? reasoning, MessageStatus status, CancellationToken cancellationToken = default) =>
        Errors.Wrap("save message content", async () =>
        {
            await using var c = await db.OpenAsync(cancellationToken).ConfigureAwait(false);
            await c.ExecuteAsync(
                "UPDATE messages SET content = @content, reasoning = @reasoning, status = @status, updated_at = @now, run_owner = @owner WHERE id = @id",
                new { id, content, reasoning, status = Enums.Name(status), now = Time.ToMs(DateTimeOffset.UtcNow), owner = OwnerFor(status), cancellationToken }).ConfigureAwait(false);
            return 0;
        });

    public Task<int> DeleteAfterAsync(string chatId, string messageId, CancellationToken cancellationToken = default) =>
        Errors.Wrap("delete messages", async () =>
        {
            await using var c = await db.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using var tx = await c.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            var seq = await c.ExecuteScalarAsync<long?>(
                "SELECT seq FROM messages WHERE id = @messageId AND chat_id = @chatId", new { chatId, messageId, cancellationToken }, transaction: tx).ConfigureAwait(false)
                ?? throw NexoException.NotFound("message", messageId);
            var n = await c.ExecuteAsync(
                "DELETE FROM messages WHERE chat_id = @chatId AND seq > @seq", new { chatId, seq, cancellationToken }, transaction: tx).ConfigureAwait(false);
            await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
            return n;
        });

    public Task<bool> DeleteAsync(string id, CancellationToken cancellationToken = default) =>
        Errors.Wrap("delete a message", async () =>
        {
            await using var c = await db.OpenAsync(cancellationToken).ConfigureAwait(false);
            return await c.ExecuteAsync("DELETE FROM messages WHERE id = @id", new { id, cancellationToken }).ConfigureAwait(false) > 0;
        });

    public Task<int> MarkInterruptedAsync(DateTimeOffset updatedBefore, CancellationToken cancellationToken = default) =>
        Errors.Wrap("mark interrupted messages", async () =>
        {
            await using var c = await db.OpenAsync(cancellationToken).ConfigureAwait(false);
            var owners = (await c.QueryAsync<string>(
                "SELECT DISTINCT run_owner FROM messages WHERE status IN ('pending', 'streaming') AND run_owner IS NOT NULL", new { cancellationToken }).ConfigureAwait(false)).ToList();
            var dead = owners.Where(o => o != RunOwner.Current && RunOwner.IsDeadLocalProcess(o)).ToList();
            var foreign = owners.Where(o => !RunOwner.IsLocal(o)).ToList();
            var sql = $"""
                UPDATE messages SET status = 'error', error = @error, updated_at = @now, run_owner = NULL
                WHERE status IN ('pending', 'streaming')
                  AND (((run_owner IS NULL{(foreign.Count > 0 ? " OR run_owner IN (SELECT value FROM json_each(@foreign))" : string.Empty)}) AND updated_at < @before)
                       {(dead.Count > 0 ? " OR run_owner IN (SELECT value FROM json_each(@dead))" : string.Empty)})
                """;

            // The owner lists go in as JSON arrays (json_each), not Dapper's list expansion (vanilla Dapper's
            // reflection-based SqlMapper, which the native nexo must not reach).
            return await c.ExecuteAsync(
                sql,
                new { error = InterruptedError, now = Time.ToMs(DateTimeOffset.UtcNow), before = Time.ToMs(updatedBefore), dead = Json.Serialize(dead), foreign = Json.Serialize(foreign) }).ConfigureAwait(false);
        });

    private static MessageParameters WithOwner(Message m) => MessageRow.ToParameters(m) with { run_owner = OwnerFor(m.Status) };

    public Task<IReadOnlyList<MessageSearchHit>> SearchAsync(MessageSearchQuery query, CancellationToken cancellationToken = default) =>
        Errors.Wrap("search messages", async () =>
        {
            var match = ToFtsQuery(query.Text);
            if (match.Length == 0)
            {
                return (IReadOnlyList<MessageSearchHit>)[];
            }

            await using var c = await db.OpenAsync(cancellationToken).ConfigureAwait(false);
            var scope = await SearchScopeAsync(c, query, cancellationToken).ConfigureAwait(false);
            var rows = await c.QueryAsync<SearchHitRow>(
                MessageSearchSql.For(scope),
                new SearchArgs(match, query.WorkspaceId, query.ChatId, query.Limit)).ConfigureAwait(false);
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

    internal sealed record SearchArgs(string match, string? workspaceId, string? chatId, int take);

    /// <summary>
    /// Picks how the search is restricted: a chat by its own rowids; a workspace by its messages' rowids or, when it
    /// holds more than the others, by excluding theirs (both give exactly the workspace's messages).
    /// </summary>
    private static async Task<MessageSearchSql.Scope> SearchScopeAsync(SqliteConnection c, MessageSearchQuery query, CancellationToken cancellationToken)
    {
        if (query.ChatId is not null)
        {
            return MessageSearchSql.Scope.Chat;
        }

        if (query.WorkspaceId is null)
        {
            return MessageSearchSql.Scope.All;
        }

        var sizes = await c.QuerySingleAsync<WorkspaceSizesRow>(
            MessageSearchSql.WorkspaceSizesSql, new { workspaceId = query.WorkspaceId, cancellationToken }).ConfigureAwait(false);
        return sizes.inside > sizes.outside ? MessageSearchSql.Scope.WorkspaceComplement : MessageSearchSql.Scope.WorkspaceListed;
    }

    /// <summary>
    /// Turns what a person types into a safe FTS5 query: quoted phrases stay phrases, other words become prefix
    /// terms, all terms must match. FTS5 operators typed by the user are treated as words, never as syntax.
    /// </summary>
    internal static string ToFtsQuery(string text)
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
                if (phrase.Trim().Length > 0)
                {
                    terms.Add(Quote(phrase.Trim()));
                }

                continue;
            }

            var start = i;
            while (i < text.Length && !char.IsWhiteSpace(text[i]) && text[i] != '"')
            {
                i++;
            }

            var word = new string(text[start..i].Where(ch => char.IsLetterOrDigit(ch) || ch == '_' || ch == '-' || ch == '.' || ch == '\'').ToArray()).Trim('-', '.', '\'');
            if (word.Length > 0)
            {
                terms.Add(Quote(word) + "*");
            }
        }

        return string.Join(' ', terms);

        static string Quote(string s) => new StringBuilder().Append('"').Append(s.Replace("\"", "\"\"", StringComparison.Ordinal)).Append('"').ToString();
    }

    internal static void Bind(Dictionary<string, SqliteParameter> p, Message m, long seq)
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

    /// <summary>Unfinished messages carry this process's identity; finished ones none.</summary>
    private static string? OwnerFor(MessageStatus status) =>
        status is MessageStatus.Pending or MessageStatus.Streaming ? RunOwner.Current : null;

    private static async Task<long> NextSequences(SqliteConnection c, SqliteTransaction tx, string chatId, int count, CancellationToken cancellationToken) =>
        await c.ExecuteScalarAsync<long?>(
            "UPDATE chats SET last_seq = last_seq + @count WHERE id = @chatId RETURNING last_seq", new { chatId, count, cancellationToken }, transaction: tx).ConfigureAwait(false)
        ?? throw NexoException.NotFound("chat", chatId);

    private static async Task InsertOne(SqliteConnection c, SqliteTransaction tx, Message m, long seq, string? parentId, CancellationToken cancellationToken)
    {
        var p = MessageRow.ToParameters(m) with { seq = seq, run_owner = OwnerFor(m.Status) };
        try
        {
            await c.ExecuteAsync(Insert, p, transaction: tx).ConfigureAwait(false);
        }
        catch (SqliteException ex) when (Errors.IsForeignKeyViolation(ex))
        {
            throw NexoException.Validation("parentId", $"The parent message '{parentId}' does not exist.");
        }
        catch (SqliteException ex) when (Errors.IsUniqueViolation(ex))
        {
            throw NexoException.Conflict($"A message with id '{m.Id}' already exists.");
        }
    }
}
