using Dapper;

namespace Nexo.Storage;

internal sealed class SqliteAppSettingRepository(NexoDatabase db) : IAppSettingRepository
{
    public Task SetAsync(string key, string value, CancellationToken cancellationToken = default) =>
        Errors.Wrap("save a setting", async () =>
        {
            await using var c = await db.OpenAsync(cancellationToken).ConfigureAwait(false);
            await c.ExecuteAsync(
                "INSERT INTO app_settings (key, value, updated_at) VALUES (@key, @value, @now) ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at",
                new { key, value, now = Time.ToMs(DateTimeOffset.UtcNow), cancellationToken }).ConfigureAwait(false);
            return 0;
        });

    public Task<AppSetting?> GetAsync(string key, CancellationToken cancellationToken = default) =>
        Errors.Wrap("read a setting", async () =>
        {
            await using var c = await db.OpenAsync(cancellationToken).ConfigureAwait(false);
            var row = await c.QuerySingleOrDefaultAsync<AppSettingRow>(
                "SELECT key, value, updated_at FROM app_settings WHERE key = @key", new { key, cancellationToken }).ConfigureAwait(false);
            return row?.ToModel();
        });

    public Task<IReadOnlyList<AppSetting>> ListAsync(CancellationToken cancellationToken = default) =>
        Errors.Wrap("list settings", async () =>
        {
            await using var c = await db.OpenAsync(cancellationToken).ConfigureAwait(false);
            var rows = await c.QueryAsync<AppSettingRow>(
                "SELECT key, value, updated_at FROM app_settings ORDER BY key", new { cancellationToken }).ConfigureAwait(false);
            return (IReadOnlyList<AppSetting>)rows.Select(r => r.ToModel()).ToList();
        });

    public Task<bool> DeleteAsync(string key, CancellationToken cancellationToken = default) =>
        Errors.Wrap("delete a setting", async () =>
        {
            await using var c = await db.OpenAsync(cancellationToken).ConfigureAwait(false);
            return await c.ExecuteAsync("DELETE FROM app_settings WHERE key = @key", new { key, cancellationToken }).ConfigureAwait(false) > 0;
        });
}
