using Dapper;
using Npgsql;

namespace Nexo.Storage.PostgreSql;

internal sealed class PostgresWorkspaceRepository(PostgresDatabase db) : IWorkspaceRepository
{
    private const string Columns = "id, name, root_path, created_at, updated_at";
    private const string SettingsColumns = WorkspaceSettingsCodec.Columns;

    public Task CreateAsync(Workspace workspace, CancellationToken cancellationToken = default) =>
        PgErrors.Wrap("create a workspace", async () =>
        {
            await using var c = await db.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using var tx = await c.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                await c.ExecuteAsync(new CommandDefinition(
                    $"INSERT INTO workspaces ({Columns}) VALUES (@Id, @Name, @RootPath, @CreatedAt, @UpdatedAt)",
                    new { workspace.Id, workspace.Name, workspace.RootPath, CreatedAt = Time.ToMs(workspace.CreatedAt), UpdatedAt = Time.ToMs(workspace.UpdatedAt) },
                    tx,
                    cancellationToken: cancellationToken)).ConfigureAwait(false);
                await c.ExecuteAsync(new CommandDefinition(
                    "INSERT INTO workspace_settings (workspace_id, created_at, updated_at) VALUES (@Id, @At, @At)",
                    new { workspace.Id, At = Time.ToMs(workspace.CreatedAt) },
                    tx,
                    cancellationToken: cancellationToken)).ConfigureAwait(false);
                await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (PostgresException ex) when (PgErrors.IsUniqueViolation(ex))
            {
                throw ex.ConstraintName == "ux_workspaces_name"
                    ? NexoException.Conflict($"A workspace named '{workspace.Name}' already exists.")
                    : NexoException.Conflict($"A workspace with id '{workspace.Id}' already exists.");
            }

            return 0;
        });

    public Task<Workspace?> GetAsync(string id, CancellationToken cancellationToken = default) =>
        QuerySingle("id = @Value", id, cancellationToken);

    public Task<Workspace?> GetByNameAsync(string name, CancellationToken cancellationToken = default) =>
        QuerySingle("lower(name) = lower(@Value)", name, cancellationToken);

    public Task<Workspace?> GetByRootPathAsync(string rootPath, CancellationToken cancellationToken = default) =>
        QuerySingle("root_path = @Value", rootPath, cancellationToken);

    public Task<IReadOnlyList<Workspace>> ListAsync(CancellationToken cancellationToken = default) =>
        PgErrors.Wrap("list workspaces", async () =>
        {
            await using var c = await db.OpenAsync(cancellationToken).ConfigureAwait(false);
            var rows = await c.QueryAsync<WorkspaceRow>(new CommandDefinition(
                $"SELECT {Columns} FROM workspaces ORDER BY created_at DESC, id DESC", cancellationToken: cancellationToken)).ConfigureAwait(false);
            return (IReadOnlyList<Workspace>)rows.Select(r => r.ToModel()).ToList();
        });

    public Task<bool> UpdateAsync(Workspace workspace, CancellationToken cancellationToken = default) =>
        PgErrors.Wrap("update a workspace", async () =>
        {
            await using var c = await db.OpenAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                var n = await c.ExecuteAsync(new CommandDefinition(
                    "UPDATE workspaces SET name = @Name, root_path = @RootPath, updated_at = @UpdatedAt WHERE id = @Id",
                    new { workspace.Id, workspace.Name, workspace.RootPath, UpdatedAt = Time.ToMs(workspace.UpdatedAt) },
                    cancellationToken: cancellationToken)).ConfigureAwait(false);
                return n > 0;
            }
            catch (PostgresException ex) when (PgErrors.IsUniqueViolation(ex))
            {
                throw NexoException.Conflict($"A workspace named '{workspace.Name}' already exists.");
            }
        });

    public Task<bool> DeleteAsync(string id, CancellationToken cancellationToken = default) =>
        PgErrors.Wrap("delete a workspace", async () =>
        {
            await using var c = await db.OpenAsync(cancellationToken).ConfigureAwait(false);
            return await c.ExecuteAsync(new CommandDefinition("DELETE FROM workspaces WHERE id = @id", new { id }, cancellationToken: cancellationToken)).ConfigureAwait(false) > 0;
        });

    public Task<WorkspaceSettings?> GetSettingsAsync(string workspaceId, CancellationToken cancellationToken = default) =>
        PgErrors.Wrap("read workspace settings", async () =>
        {
            await using var c = await db.OpenAsync(cancellationToken).ConfigureAwait(false);
            var row = await c.QuerySingleOrDefaultAsync<WorkspaceSettingsRow>(new CommandDefinition(
                $"SELECT {SettingsColumns} FROM workspace_settings WHERE workspace_id = @workspaceId", new { workspaceId }, cancellationToken: cancellationToken)).ConfigureAwait(false);
            return row?.ToModel();
        });

    public Task SaveSettingsAsync(WorkspaceSettings settings, CancellationToken cancellationToken = default) =>
        PgErrors.Wrap("save workspace settings", async () =>
        {
            await using var c = await db.OpenAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                await c.ExecuteAsync(new CommandDefinition(WorkspaceSettingsCodec.UpsertSql, WorkspaceSettingsCodec.Parameters(settings), cancellationToken: cancellationToken)).ConfigureAwait(false);
            }
            catch (PostgresException ex) when (PgErrors.IsForeignKeyViolation(ex))
            {
                throw NexoException.Validation("llmConnectionId", $"The workspace '{settings.WorkspaceId}' or the LLM connection '{settings.LlmConnectionId}' does not exist.");
            }

            return 0;
        });

    private Task<Workspace?> QuerySingle(string where, string value, CancellationToken cancellationToken) =>
        PgErrors.Wrap("read a workspace", async () =>
        {
            await using var c = await db.OpenAsync(cancellationToken).ConfigureAwait(false);
            var row = await c.QueryFirstOrDefaultAsync<WorkspaceRow>(new CommandDefinition(
                $"SELECT {Columns} FROM workspaces WHERE {where} LIMIT 1", new { Value = value }, cancellationToken: cancellationToken)).ConfigureAwait(false);
            return row?.ToModel();
        });
}
