using Dapper;
using Microsoft.Data.Sqlite;

namespace Nexo.Storage;

internal sealed class SqliteWorkspaceRepository(NexoDatabase db) : IWorkspaceRepository
{
    private const string Columns = "id, name, root_path, created_at, updated_at";
    private const string SettingsColumns = WorkspaceSettingsCodec.Columns;

    public Task CreateAsync(Workspace workspace, CancellationToken cancellationToken = default) =>
        Errors.Wrap("create a workspace", async () =>
        {
            await using var c = await db.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using var tx = await c.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                await c.ExecuteAsync(
                    $"INSERT INTO workspaces ({Columns}) VALUES (@Id, @Name, @RootPath, @CreatedAt, @UpdatedAt)",
                    new { workspace.Id, workspace.Name, workspace.RootPath, CreatedAt = Time.ToMs(workspace.CreatedAt), UpdatedAt = Time.ToMs(workspace.UpdatedAt), cancellationToken }, transaction: tx).ConfigureAwait(false);
                await c.ExecuteAsync(
                    "INSERT INTO workspace_settings (workspace_id, created_at, updated_at) VALUES (@Id, @At, @At)",
                    new { workspace.Id, At = Time.ToMs(workspace.CreatedAt), cancellationToken }, transaction: tx).ConfigureAwait(false);
                await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (SqliteException ex) when (Errors.IsUniqueViolation(ex))
            {
                throw ex.Message.Contains("name", StringComparison.Ordinal)
                    ? NexoException.Conflict($"A workspace named '{workspace.Name}' already exists.")
                    : NexoException.Conflict($"A workspace with id '{workspace.Id}' already exists.");
            }

            return 0;
        });

    public Task<Workspace?> GetAsync(string id, CancellationToken cancellationToken = default) =>
        QuerySingle("id = @Value", id, cancellationToken);

    public Task<Workspace?> GetByNameAsync(string name, CancellationToken cancellationToken = default) =>
        QuerySingle("name = @Value COLLATE NOCASE", name, cancellationToken);

    public Task<Workspace?> GetByRootPathAsync(string rootPath, CancellationToken cancellationToken = default) =>
        QuerySingle("root_path = @Value", rootPath, cancellationToken);

    public Task<IReadOnlyList<Workspace>> ListAsync(CancellationToken cancellationToken = default) =>
        Errors.Wrap("list workspaces", async () =>
        {
            await using var c = await db.OpenAsync(cancellationToken).ConfigureAwait(false);
            var rows = await c.QueryAsync<WorkspaceRow>(
                $"SELECT {Columns} FROM workspaces ORDER BY created_at DESC, id DESC", new { cancellationToken }).ConfigureAwait(false);
            return (IReadOnlyList<Workspace>)rows.Select(r => r.ToModel()).ToList();
        });

    public Task<bool> UpdateAsync(Workspace workspace, CancellationToken cancellationToken = default) =>
        Errors.Wrap("update a workspace", async () =>
        {
            await using var c = await db.OpenAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                var n = await c.ExecuteAsync(
                    "UPDATE workspaces SET name = @Name, root_path = @RootPath, updated_at = @UpdatedAt WHERE id = @Id",
                    new { workspace.Id, workspace.Name, workspace.RootPath, UpdatedAt = Time.ToMs(workspace.UpdatedAt), cancellationToken }).ConfigureAwait(false);
                return n > 0;
            }
            catch (SqliteException ex) when (Errors.IsUniqueViolation(ex))
            {
                throw NexoException.Conflict($"A workspace named '{workspace.Name}' already exists.");
            }
        });

    public Task<bool> DeleteAsync(string id, CancellationToken cancellationToken = default) =>
        Errors.Wrap("delete a workspace", async () =>
        {
            await using var c = await db.OpenAsync(cancellationToken).ConfigureAwait(false);
            var n = await c.ExecuteAsync("DELETE FROM workspaces WHERE id = @id", new { id, cancellationToken }).ConfigureAwait(false);
            return n > 0;
        });

    public Task<WorkspaceSettings?> GetSettingsAsync(string workspaceId, CancellationToken cancellationToken = default) =>
        Errors.Wrap("read workspace settings", async () =>
        {
            await using var c = await db.OpenAsync(cancellationToken).ConfigureAwait(false);
            var row = await c.QuerySingleOrDefaultAsync<WorkspaceSettingsRow>(
                $"SELECT {SettingsColumns} FROM workspace_settings WHERE workspace_id = @workspaceId", new { workspaceId, cancellationToken }).ConfigureAwait(false);
            return row?.ToModel();
        });

    public Task SaveSettingsAsync(WorkspaceSettings settings, CancellationToken cancellationToken = default) =>
        Errors.Wrap("save workspace settings", async () =>
        {
            await using var c = await db.OpenAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                await c.ExecuteAsync(WorkspaceSettingsCodec.UpsertSql, WorkspaceSettingsCodec.Parameters(settings)).ConfigureAwait(false);
            }
            catch (SqliteException ex) when (Errors.IsForeignKeyViolation(ex))
            {
                throw NexoException.Validation("llmConnectionId", $"The workspace '{settings.WorkspaceId}' or the LLM connection '{settings.LlmConnectionId}' does not exist.");
            }

            return 0;
        });

    private Task<Workspace?> QuerySingle(string where, string value, CancellationToken cancellationToken) =>
        Errors.Wrap("read a workspace", async () =>
        {
            await using var c = await db.OpenAsync(cancellationToken).ConfigureAwait(false);
            var row = await c.QueryFirstOrDefaultAsync<WorkspaceRow>(
                $"SELECT {Columns} FROM workspaces WHERE {where} LIMIT 1", new { Value = value }).ConfigureAwait(false);
            return row?.ToModel();
        });
}
