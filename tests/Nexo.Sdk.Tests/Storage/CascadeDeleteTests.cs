using Dapper;

namespace Nexo.Sdk.Tests.Storage;

public sealed class CascadeDeleteTests
{
    [Fact]
    public async Task DeleteWorkspace_RemovesEveryDependentRow_AndLeavesTheIndexConsistent()
    {
        await using var db = new TempDatabase();
        await using var nexo = await db.OpenAsync();
        var doomed = await nexo.Workspaces.CreateAsync(new NewWorkspace { Name = "doomed" });
        var kept = await nexo.Workspaces.CreateAsync(new NewWorkspace { Name = "kept" });
        for (var i = 0; i < 3; i++)
        {
            var chat = await nexo.Chats.CreateAsync(new NewChat { WorkspaceId = doomed.Id });
            await nexo.MessageRepository.CreateManyAsync(Seed.Messages(chat.Id, 40, prefix: $"d{i}-"));
        }

        var keptChat = await nexo.Chats.CreateAsync(new NewChat { WorkspaceId = kept.Id });
        await nexo.MessageRepository.CreateManyAsync(Seed.Messages(keptChat.Id, 10, prefix: "k-"));

        await nexo.Workspaces.DeleteAsync(doomed.Id);

        await using var raw = db.OpenRaw();
        Assert.Equal(1, raw.ExecuteScalar<long>("SELECT count(*) FROM workspace_settings"));
        Assert.Equal(1, raw.ExecuteScalar<long>("SELECT count(*) FROM chats"));
        Assert.Equal(10, raw.ExecuteScalar<long>("SELECT count(*) FROM messages"));
        Assert.Equal(10, raw.ExecuteScalar<long>("SELECT count(*) FROM messages_fts WHERE messages_fts MATCH 'message'"));
        Assert.Empty(raw.Query("PRAGMA foreign_key_check"));
        raw.Execute("INSERT INTO messages_fts (messages_fts, rank) VALUES ('integrity-check', 1)");
    }

    [Fact]
    public async Task DeleteAllChats_RemovesTheirMessagesFromTheSearchIndex()
    {
        await using var db = new TempDatabase();
        await using var nexo = await db.OpenAsync();
        var (ws, chat) = await Seed.ChatAsync(nexo);
        await nexo.MessageRepository.CreateManyAsync(Seed.Messages(chat.Id, 30));

        await nexo.Chats.DeleteAllAsync(ws.Id);

        await using var raw = db.OpenRaw();
        Assert.Equal(0, raw.ExecuteScalar<long>("SELECT count(*) FROM messages"));
        Assert.Equal(0, raw.ExecuteScalar<long>("SELECT count(*) FROM messages_fts WHERE messages_fts MATCH 'message'"));
        raw.Execute("INSERT INTO messages_fts (messages_fts, rank) VALUES ('integrity-check', 1)");
    }

    [Fact]
    public async Task DeleteLlmConnection_NullsTheSettingOfEveryWorkspaceThatUsedIt()
    {
        await using var db = new TempDatabase();
        await using var nexo = await db.OpenAsync();
        var used = await nexo.Connections.CreateAsync(new NewLlmConnection { Name = "used", Provider = LlmProviderKind.Echo, BaseUrl = "http://localhost:1" });
        var other = await nexo.Connections.CreateAsync(new NewLlmConnection { Name = "other", Provider = LlmProviderKind.Echo, BaseUrl = "http://localhost:2" });
        var a = await nexo.Workspaces.CreateAsync(new NewWorkspace { Name = "a" });
        var b = await nexo.Workspaces.CreateAsync(new NewWorkspace { Name = "b" });
        var c = await nexo.Workspaces.CreateAsync(new NewWorkspace { Name = "c" });
        await nexo.Workspaces.UpdateSettingsAsync(a.Id, new WorkspaceSettingsPatch { LlmConnectionId = used.Id });
        await nexo.Workspaces.UpdateSettingsAsync(b.Id, new WorkspaceSettingsPatch { LlmConnectionId = used.Id });
        await nexo.Workspaces.UpdateSettingsAsync(c.Id, new WorkspaceSettingsPatch { LlmConnectionId = other.Id });

        await nexo.Connections.DeleteAsync(used.Id);

        Assert.Null((await nexo.Workspaces.GetSettingsAsync(a.Id)).LlmConnectionId);
        Assert.Null((await nexo.Workspaces.GetSettingsAsync(b.Id)).LlmConnectionId);
        Assert.Equal(other.Id, (await nexo.Workspaces.GetSettingsAsync(c.Id)).LlmConnectionId);
    }
}
