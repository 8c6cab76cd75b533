using Dapper;
using Microsoft.Data.Sqlite;

namespace Nexo.Storage;

/// <summary>One chat to write with its messages (parents before children, each with its sequence).</summary>
/// <param name="Chat">The chat.</param>
/// <param name="Messages">Its messages; <see cref="Message.Sequence"/> is stored as given.</param>
internal sealed record ChatToWrite(Chat Chat, IReadOnlyList<Message> Messages);

/// <summary>Writes whole chats (forks, imports) in one transaction: every chat and every message, or nothing.</summary>
internal interface IChatImportWriter
{
    /// <summary>Writes <paramref name="chats"/> with their messages, all or nothing.</summary>
    /// <param name="chats">The chats (their workspaces exist) and messages.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    Task WriteAsync(IReadOnlyList<ChatToWrite> chats, CancellationToken cancellationToken);
}

/// <summary>The SQLite <see cref="IChatImportWriter"/>.</summary>
internal sealed class ChatImportWriter(NexoDatabase db) : IChatImportWriter
{
    public Task WriteAsync(IReadOnlyList<ChatToWrite> chats, CancellationToken cancellationToken) =>
        Errors.Wrap("import chats", async () =>
        {
            await using var c = await db.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using var tx = (SqliteTransaction)await c.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            using var command = c.CreateCommand();
            command.Transaction = tx;
            command.CommandText = SqliteMessageRepository.Insert;
            var parameters = new Dictionary<string, SqliteParameter>();
            foreach (var name in SqliteMessageRepository.Columns.Split(", ").Append("run_owner"))
            {
                var p = command.CreateParameter();
                p.ParameterName = "@" + name;
                command.Parameters.Add(p);
                parameters[name] = p;
            }

            foreach (var (chat, messages) in chats)
            {
                try
                {
                    await c.ExecuteAsync(
                        """
                        INSERT INTO chats (id, workspace_id, title, pinned, archived, last_message, active_message_id, last_seq, created_at, updated_at)
                        VALUES (@Id, @WorkspaceId, @Title, @Pinned, @Archived, @LastMessage, @ActiveMessageId, @LastSeq, @CreatedAt, @UpdatedAt)
                        """,
                        new
                        {
                            chat.Id,
                            chat.WorkspaceId,
                            chat.Title,
                            Pinned = chat.Pinned ? 1 : 0,
                            Archived = chat.Archived ? 1 : 0,
                            chat.LastMessage,
                            chat.ActiveMessageId,
                            LastSeq = messages.Count == 0 ? 0 : messages.Max(m => m.Sequence),
                            CreatedAt = Time.ToMs(chat.CreatedAt),
                            UpdatedAt = Time.ToMs(chat.UpdatedAt),
                            cancellationToken,
                        }, transaction: tx).ConfigureAwait(false);
                }
                catch (SqliteException ex) when (Errors.IsForeignKeyViolation(ex))
                {
                    throw NexoException.NotFound("workspace", chat.WorkspaceId);
                }
                catch (SqliteException ex) when (Errors.IsUniqueViolation(ex))
                {
                    throw NexoException.Conflict($"A chat with id '{chat.Id}' already exists.");
                }

                foreach (var m in messages)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    SqliteMessageRepository.Bind(parameters, m, m.Sequence);
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
            }

            await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
            return 0;
        });
}
