namespace Nexo.Storage.Tests;

/// <summary>Migrations: idempotent, safe when instances start together, and a newer schema refused without damage.</summary>
public abstract class MigrationConformance(StoreKind kind) : StoreTest(kind)
{
    [Fact]
    public async Task Migrating_again_changes_nothing_and_keeps_the_data()
    {
        var ws = await NewWorkspaceAsync("kept");

        var again = OpenAnother();
        try
        {
            Assert.Equal(Store.LatestVersion, again.Migrate());
            Assert.Equal(ws.Id, (await again.Workspaces.GetByNameAsync("kept"))!.Id);
        }
        finally
        {
            (again as IDisposable)?.Dispose();
        }
    }

    [Fact]
    public async Task A_database_of_a_newer_Nexo_is_refused_with_a_clear_error_and_left_unchanged()
    {
        var ws = await NewWorkspaceAsync("from-the-past");
        await WriteSchemaVersionAsync(Store.LatestVersion + 5);

        var newer = OpenAnother();
        try
        {
            var error = Assert.Throws<NexoException>(() => newer.Migrate());

            Assert.Equal(NexoErrorKind.Database, error.Kind);
            Assert.Contains("written by a newer Nexo", error.Message, StringComparison.Ordinal);
            Assert.Contains("was not changed", error.Message, StringComparison.Ordinal);
            Assert.Equal(Store.LatestVersion + 5, Convert.ToInt32(error.Details!["schemaVersion"], System.Globalization.CultureInfo.InvariantCulture));
            Assert.Equal(ws.Id, (await Store.Workspaces.GetAsync(ws.Id))!.Id);
        }
        finally
        {
            (newer as IDisposable)?.Dispose();
        }
    }

    [Fact]
    public async Task Instances_that_start_at_once_on_a_new_database_migrate_it_once()
    {
        await ResetToEmptyAsync();
        var instances = Enumerable.Range(0, 4).Select(_ => OpenAnother()).ToList();
        try
        {
            var versions = await Task.WhenAll(instances.Select(s => Task.Run(s.Migrate)));

            Assert.All(versions, v => Assert.Equal(Store.LatestVersion, v));
            var now = DateTimeOffset.UtcNow;
            await instances[1].Workspaces.CreateAsync(new Workspace { Id = "one", Name = "one", CreatedAt = now, UpdatedAt = now });
            Assert.NotNull(await instances[3].Workspaces.GetAsync("one"));
            if (Kind == StoreKind.Postgres)
            {
                Assert.Equal(Store.LatestVersion, await QueryRawAsync<long>("SELECT count(*) FROM nexo_schema_migrations"));
            }
        }
        finally
        {
            foreach (var s in instances)
            {
                (s as IDisposable)?.Dispose();
            }
        }
    }
}

public sealed class SqliteMigrationTests() : MigrationConformance(StoreKind.Sqlite);

public sealed class PostgresMigrationTests() : MigrationConformance(StoreKind.Postgres);
