using Dapper;

namespace Nexo.Storage.PostgreSql;

internal sealed class PostgresAppSettingRepository(PostgresDatabase db) : IAppSettingRepository
{
    public Task SetAsync(string key, string value, CancellationToken cancellationToken = default) =>
        PgErrors.Wrap("save a setting", async () =>
        {
            await using var c = await db.OpenAsync(cancellationToken).ConfigureAwait(false);
            await c.ExecuteAsync(new CommandDefinition(
                "INSERT INTO app_settings (key, value, updated_at) VALUES (@key, @value, @now) ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at",
                new { key, value, now = Time.ToMs(DateTimeOffset.UtcNow) },
                cancellationToken: cancellationToken)).ConfigureAwait(false);
            return 0;
        });

    public Task<AppSetting?> GetAsync(string key, CancellationToken cancellationToken = default) =>
        PgErrors.Wrap("read a setting", async () =>
        {
            await using var c = await db.OpenAsync(cancellationToken).ConfigureAwait(false);
            var row = await c.QuerySingleOrDefaultAsync<AppSettingRow>(new CommandDefinition(
                "SELECT key, value, updated_at FROM app_settings WHERE key = @key", new { key }, cancellationToken: cancellationToken)).ConfigureAwait(false);
            return row?.ToModel();
        });

    public Task<IReadOnlyList<AppSetting>> ListAsync(CancellationToken cancellationToken = default) =>
        PgErrors.Wrap("list settings", async () =>
        {
            await using var c = await db.OpenAsync(cancellationToken).ConfigureAwait(false);

            // COLLATE "C": byte order, as SQLite's default BINARY collation orders keys.
            var rows = await c.QueryAsync<AppSettingRow>(new CommandDefinition(
                "SELECT key, value, updated_at FROM app_settings ORDER BY key COLLATE \"C\"", cancellationToken: cancellationToken)).ConfigureAwait(false);
            return (IReadOnlyList<AppSetting>)rows.Select(r => r.ToModel()).ToList();
        });

    public Task<bool> DeleteAsync(string key, CancellationToken cancellationToken = default) =>
        PgErrors.Wrap("delete a setting", async () =>
        {
            await using var c = await db.OpenAsync(cancellationToken).ConfigureAwait(false);
            return await c.ExecuteAsync(new CommandDefinition("DELETE FROM app_settings WHERE key = @key", new { key }, cancellationToken: cancellationToken)).ConfigureAwait(false) > 0;
        });
}
