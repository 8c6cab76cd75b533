using System.Globalization;
using Dapper;
using Microsoft.Data.Sqlite;

namespace Nexo.Storage;

internal sealed class SqliteChatRepository(NexoDatabase db) : IChatRepository
{
    private const string Columns = "id, workspace_id, title, pinned, archived, last_message, active_message_id, plan, created_at, updated_at";

    public Task CreateAsync(Chat chat, CancellationToken cancellationToken = default) =>
        Errors.Wrap("create a chat", async () =>
        {
            await using var c = await db.OpenAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                await c.ExecuteAsync(
                    $"INSERT INTO chats ({Columns}) VALUES (@Id, @WorkspaceId, @Title, @Pinned, @Archived, @LastMessage, @ActiveMessageId, @Plan, @CreatedAt, @UpdatedAt)",
                    Parameters(chat)).ConfigureAwait(false);
            }
            catch (SqliteException ex) when (Errors.IsForeignKeyViolation(ex))
            {
                throw NexoException.NotFound("workspace", chat.WorkspaceId);
            }
            catch (SqliteException ex) when (Errors.IsUniqueViolation(ex))
            {
                throw NexoException.Conflict($"A chat with id '{chat.Id}' already exists.");
            }

            return 0;
        });

    public Task<Chat?> GetAsync(string id, CancellationToken cancellationToken = default) =>
        Errors.Wrap("read a chat", async () =>
        {
            await using var c = await db.OpenAsync(cancellationToken).ConfigureAwait(false);
            var row = await c.QuerySingleOrDefaultAsync<ChatRow>(
                $"SELECT {Columns} FROM chats WHERE id = @id", new { id, cancellationToken }).ConfigureAwait(false);
            return row?.ToModel();
        });

    public Task<Page<Chat>> ListAsync(string workspaceId, ChatQuery query, CancellationToken cancellationToken = default) =>
        Errors.Wrap("list chats", async () =>
        {
            // Keyset paging over (pinned DESC, updated_at DESC, id DESC); the cursor is "pinned:updated_at:id".
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
            var rows = (await c.QueryAsync<ChatRow>(
                $"""
                SELECT {Columns} FROM chats
                WHERE workspace_id = @workspaceId
                  AND (@includeArchived = 1 OR archived = 0)
                  AND (@cId IS NULL OR (pinned, updated_at, id) < (@cPinned, @cUpdated, @cId))
                ORDER BY pinned DESC, updated_at DESC, id DESC
                LIMIT @take
                """,
                new { workspaceId, includeArchived = query.IncludeArchived ? 1 : 0, cPinned, cUpdated, cId, take = query.Limit + 1, cancellationToken }).ConfigureAwait(false)).ToList();
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
        Errors.Wrap("update a chat", async () =>
        {
            await using var c = await db.OpenAsync(cancellationToken).ConfigureAwait(false);
            var n = await c.ExecuteAsync(
                "UPDATE chats SET title = @Title, pinned = @Pinned, archived = @Archived, last_message = @LastMessage, active_message_id = @ActiveMessageId, updated_at = @UpdatedAt WHERE id = @Id",
                Parameters(chat)).ConfigureAwait(false);
            return n > 0;
        });

    public Task<bool> SetPlanAsync(string id, IReadOnlyList<PlanEntry> plan, CancellationToken cancellationToken = default) =>
        Errors.Wrap("store a chat's plan", async () =>
        {
            await using var c = await db.OpenAsync(cancellationToken).ConfigureAwait(false);
            var n = await c.ExecuteAsync(
                "UPDATE chats SET plan = @plan WHERE id = @id",
                new { id, plan = Json.Serialize(plan), cancellationToken }).ConfigureAwait(false);
            return n > 0;
        });

    public Task<bool> DeleteAsync(string id, CancellationToken cancellationToken = default) =>
        Errors.Wrap("delete a chat", async () =>
        {
            await using var c = await db.OpenAsync(cancellationToken).ConfigureAwait(false);
            return await c.ExecuteAsync("DELETE FROM chats WHERE id = @id", new { id, cancellationToken }).ConfigureAwait(false) > 0;
        });

    public Task<int> DeleteAllAsync(string workspaceId, CancellationToken cancellationToken = default) =>
        Errors.Wrap("delete chats", async () =>
        {
            await using var c = await db.OpenAsync(cancellationToken).ConfigureAwait(false);
            return await c.ExecuteAsync("DELETE FROM chats WHERE workspace_id = @workspaceId", new { workspaceId, cancellationToken }).ConfigureAwait(false);
        });

    private static ChatParameters Parameters(Chat chat) => new()
    {
        Id = chat.Id,
        WorkspaceId = chat.WorkspaceId,
        Title = chat.Title,
        Pinned = chat.Pinned ? 1 : 0,
        Archived = chat.Archived ? 1 : 0,
        LastMessage = chat.LastMessage,
        ActiveMessageId = chat.ActiveMessageId,
        Plan = chat.Plan is null ? null : Json.Serialize(chat.Plan),
        CreatedAt = Time.ToMs(chat.CreatedAt),
        UpdatedAt = Time.ToMs(chat.UpdatedAt),
    };

    /// <summary>A chat's columns as SQL parameters (a named type: Dapper.AOT generates its binding).</summary>
    internal sealed class ChatParameters
    {
        public required string Id { get; init; }

        public required string WorkspaceId { get; init; }

        public required string Title { get; init; }

        public int Pinned { get; init; }

        public int Archived { get; init; }

        public string? LastMessage { get; init; }

        public string? ActiveMessageId { get; init; }

        public string? Plan { get; init; }

        public long CreatedAt { get; init; }

        public long UpdatedAt { get; init; }
    }
}
