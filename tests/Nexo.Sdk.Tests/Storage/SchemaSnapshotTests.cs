using Dapper;
using Snapshooter.Xunit;

namespace Nexo.Sdk.Tests.Storage;

public sealed class SchemaSnapshotTests
{
    [Fact]
    public async Task Schema_MatchesTheReviewedSnapshot()
    {
        await using var db = new TempDatabase();
        await using (await db.OpenAsync())
        {
        }

        await using var raw = db.OpenRaw();
        var objects = raw.Query<(string type, string name, string? sql)>("SELECT type, name, sql FROM sqlite_master ORDER BY name")
            .Select(o => new SchemaObject(o.type, o.name, o.sql?.Split('\n').Select(l => l.TrimEnd()).ToArray()))
            .ToList();

        Snapshot.Match(new { UserVersion = raw.ExecuteScalar<int>("PRAGMA user_version"), Objects = objects });
    }

    private sealed record SchemaObject(string Type, string Name, string[]? Sql);
}
