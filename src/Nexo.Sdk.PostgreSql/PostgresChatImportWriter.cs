using Npgsql;
using NpgsqlTypes;

namespace Nexo.Storage.PostgreSql;

/// <summary>The PostgreSQL <see cref="IChatImportWriter"/>: forks and imports in one transaction, all or nothing.</summary>
internal sealed class PostgresChatImportWriter(PostgresDatabase db) : IChatImportWriter
{
    public Task WriteAsync(IReadOnlyList<ChatToWrite> chats, CancellationToken cancellationToken) =>
        PgErrors.Wrap("import chats", async () =>
        {
            await using var c = await db.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using var tx = await c.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using var insertChat = new NpgsqlCommand(
                """
                INSERT INTO chats (id, workspace_id, title, pinned, archived, last_message, active_message_id, last_seq, created_at, updated_at)
                VALUES (@id, @workspace_id, @title, @pinned, @archived, @last_message, @active_message_id, @last_seq, @created_at, @updated_at)
                """,
                c,
                tx);
            await using var insertMessage = new NpgsqlCommand(PostgresMessageRepository.Insert, c, tx);
            var parameters = PostgresMessageRepository.Parameters(insertMessage);
            foreach (var (chat, messages) in chats)
            {
                insertChat.Parameters.Clear();
                insertChat.Parameters.Add(new NpgsqlParameter("id", NpgsqlDbType.Text) { Value = chat.Id });
                insertChat.Parameters.Add(new NpgsqlParameter("workspace_id", NpgsqlDbType.Text) { Value = chat.WorkspaceId });
                insertChat.Parameters.Add(new NpgsqlParameter("title", NpgsqlDbType.Text) { Value = chat.Title });
                insertChat.Parameters.Add(new NpgsqlParameter("pinned", NpgsqlDbType.Bigint) { Value = chat.Pinned ? 1L : 0L });
                insertChat.Parameters.Add(new NpgsqlParameter("archived", NpgsqlDbType.Bigint) { Value = chat.Archived ? 1L : 0L });
                insertChat.Parameters.Add(new NpgsqlParameter("last_message", NpgsqlDbType.Text) { Value = (object?)chat.LastMessage ?? DBNull.Value });
                insertChat.Parameters.Add(new NpgsqlParameter("active_message_id", NpgsqlDbType.Text) { Value = (object?)chat.ActiveMessageId ?? DBNull.Value });
                insertChat.Parameters.Add(new NpgsqlParameter("last_seq", NpgsqlDbType.Bigint) { Value = messages.Count == 0 ? 0L : messages.Max(m => m.Sequence) });
                insertChat.Parameters.Add(new NpgsqlParameter("created_at", NpgsqlDbType.Bigint) { Value = Time.ToMs(chat.CreatedAt) });
                insertChat.Parameters.Add(new NpgsqlParameter("updated_at", NpgsqlDbType.Bigint) { Value = Time.ToMs(chat.UpdatedAt) });
                try
                {
                    await insertChat.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }
                catch (PostgresException ex) when (PgErrors.IsForeignKeyViolation(ex))
                {
                    throw NexoException.NotFound("workspace", chat.WorkspaceId);
                }
                catch (PostgresException ex) when (PgErrors.IsUniqueViolation(ex))
                {
                    throw NexoException.Conflict($"A chat with id '{chat.Id}' already exists.");
                }

                foreach (var m in messages)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    PostgresMessageRepository.Bind(parameters, m, m.Sequence);
                    try
                    {
                        await insertMessage.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
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
            }

            await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
            return 0;
        });
}
