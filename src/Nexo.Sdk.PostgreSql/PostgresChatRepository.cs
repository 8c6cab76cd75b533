using System.Globalization;
using Dapper;
using Npgsql;

namespace Nexo.Storage.PostgreSql;

internal sealed class PostgresChatRepository(PostgresDatabase db) : IChatRepository
{
    private const string Columns = "id, workspace_id, title, pinned, archived, last_message, active_message_id, plan, created_at, updated_at";

    public Task CreateAsync(Chat chat, CancellationToken cancellationToken = default) =>
        PgErrors.Wrap("create a chat", async () =>
        {
            await using var c = await db.OpenAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                await c.ExecuteAsync(new CommandDefinition(
                    $"INSERT INTO chats ({Columns}) VALUES (@Id, @WorkspaceId, @Title, @Pinned, @Archived, @LastMessage, @ActiveMessageId, @Plan, @CreatedAt, @UpdatedAt)",
                    Parameters(chat),
                    cancellationToken: cancellationToken)).ConfigureAwait(false);
            }
            catch (PostgresException ex) when (PgErrors.IsForeignKeyViolation(ex))
            {
                throw NexoException.NotFound("workspace", chat.WorkspaceId);
            }
            catch (PostgresException ex) when (PgErrors.IsUniqueViolation(ex))
            {
                throw NexoException.Conflict($"A chat with id '{chat.Id}' already exists.");
            }

            return 0;
        });

    public Task<Chat?> GetAsync(string id, CancellationToken cancellationToken = default) =>
        PgErrors.Wrap("read a chat", async () =>
        {
            await using var c = await db.OpenAsync(cancellationToken).ConfigureAwait(false);
            var row = await c.QuerySingleOrDefaultAsync<ChatRow>(new CommandDefinition(
                $"SELECT {Columns} FROM chats WHERE id = @id", new { id }, cancellationToken: cancellationToken)).ConfigureAwait(false);
            return row?.ToModel();
        });

    public Task<Page<Chat>> ListAsync(string workspaceId, ChatQuery query, CancellationToken cancellationToken = default) =>
        PgErrors.Wrap("list chats", async () =>
        {
            // Keyset paging over (pinned DESC, updated_at DESC, id DESC); the cursor is "pinned:updated_at:id", as in SQLite.
            long? cPinned = null, cUpdated = null;
            string? cId = null;
            if (query.Cursor is { } cursor)
            {
                var parts = cursor.Split(':', 3);
                if (parts.Length != 3 || !long.TryParse(parts[0], CultureInfo.InvariantCulture, out var p) || !long.TryParse(parts[1], CultureInfo.InvariantCulture, out var u))
                {
                    throw NexoException.Validation("cursor", $"The cursor '{cursor}' is not one this listing returned.");
                }

                (cPinned, cUpdated, cId) = (p, u, parts[2]);
            }

            await using var c = await db.OpenAsync(cancellationToken).ConfigureAwait(false);
            var rows = (await c.QueryAsync<ChatRow>(new CommandDefinition(
                $"""
                SELECT {Columns} FROM chats
                WHERE workspace_id = @workspaceId
                  AND (@includeArchived OR archived = 0)
                  AND (@cId::text IS NULL OR (pinned, updated_at, id) < (@cPinned::bigint, @cUpdated::bigint, @cId::text))
                ORDER BY pinned DESC, updated_at DESC, id DESC
                LIMIT @take
                """,
                new { workspaceId, includeArchived = query.IncludeArchived, cPinned, cUpdated, cId, take = (long)query.Limit + 1 },
                cancellationToken: cancellationToken)).ConfigureAwait(false)).ToList();
            string? next = null;
            if (rows.Count > query.Limit)
            {
                rows.RemoveAt(rows.Count - 1);
                var last = rows[^1];
                next = string.Create(CultureInfo.InvariantCulture, $"{last.pinned}:{last.updated_at}:{last.id}");
            }

            return new Page<Chat> { Items = rows.Select(r => r.ToModel()).ToList(), NextCursor = next };
        });

    public Task<bool> UpdateAsync(Chat chat, CancellationToken cancellationToken = default) =>
        PgErrors.Wrap("update a chat", async () =>
        {
            await using var c = await db.OpenAsync(cancellationToken).ConfigureAwait(false);
            return await c.ExecuteAsync(new CommandDefinition(
                "UPDATE chats SET title = @Title, pinned = @Pinned, archived = @Archived, last_message = @LastMessage, active_message_id = @ActiveMessageId, updated_at = @UpdatedAt WHERE id = @Id",
                Parameters(chat),
                cancellationToken: cancellationToken)).ConfigureAwait(false) > 0;
        });

    public Task<bool> SetPlanAsync(string id, IReadOnlyList<PlanEntry> plan, CancellationToken cancellationToken = default) =>
        PgErrors.Wrap("store a chat's plan", async () =>
        {
            await using var c = await db.OpenAsync(cancellationToken).ConfigureAwait(false);
            return await c.ExecuteAsync(new CommandDefinition(
                "UPDATE chats SET plan = @plan WHERE id = @id",
                new { id, plan = Json.Serialize(plan) },
                cancellationToken: cancellationToken)).ConfigureAwait(false) > 0;
        });

    public Task<bool> DeleteAsync(string id, CancellationToken cancellationToken = default) =>
        PgErrors.Wrap("delete a chat", async () =>
        {
            await using var c = await db.OpenAsync(cancellationToken).ConfigureAwait(false);
            return await c.ExecuteAsync(new CommandDefinition("DELETE FROM chats WHERE id = @id", new { id }, cancellationToken: cancellationToken)).ConfigureAwait(false) > 0;
        });

    public Task<int> DeleteAllAsync(string workspaceId, CancellationToken cancellationToken = default) =>
        PgErrors.Wrap("delete chats", async () =>
        {
            await using var c = await db.OpenAsync(cancellationToken).ConfigureAwait(false);
            return await c.ExecuteAsync(new CommandDefinition("DELETE FROM chats WHERE workspace_id = @workspaceId", new { workspaceId }, cancellationToken: cancellationToken)).ConfigureAwait(false);
        });

    private static object Parameters(Chat chat) => new
    {
        chat.Id,
        chat.WorkspaceId,
        chat.Title,
        Pinned = chat.Pinned ? 1L : 0L,
        Archived = chat.Archived ? 1L : 0L,
        chat.LastMessage,
        chat.ActiveMessageId,
        Plan = chat.Plan is null ? null : Json.Serialize(chat.Plan),
        CreatedAt = Time.ToMs(chat.CreatedAt),
        UpdatedAt = Time.ToMs(chat.UpdatedAt),
    };
}
