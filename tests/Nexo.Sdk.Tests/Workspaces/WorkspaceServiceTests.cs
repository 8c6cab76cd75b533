using Dapper;

namespace Nexo.Sdk.Tests.Workspaces;

public sealed class WorkspaceServiceTests
{
    [Fact]
    public async Task CreateAsync_StoresWorkspaceWithDefaultSettings()
    {
        await using var db = new TempDatabase();
        await using var nexo = await db.OpenAsync();

        var ws = await nexo.Workspaces.CreateAsync(new NewWorkspace { Name = "  demo  " });
        var settings = await nexo.Workspaces.GetSettingsAsync(ws.Id);

        Assert.Equal("demo", ws.Name);
        Assert.Equal(ws, Assert.Single(await nexo.Workspaces.ListAsync()));
        Assert.Equal(ws.Id, settings.WorkspaceId);
        Assert.True(settings.StreamEnabled);
        Assert.Equal(WorkspaceSettings.DefaultMaxAgentIterations, settings.MaxAgentIterations);
        Assert.Equal(ToolPermissionMode.Ask, settings.ToolPermissionMode);
        Assert.Null(settings.SystemMessage);
        Assert.Null(settings.LlmConnectionId);
        Assert.Null(settings.Temperature);
        Assert.Empty(settings.ToolPermissions);
        Assert.Empty(settings.McpToolIds);
    }

    [Fact]
    public async Task CreateAsync_WithIdAndRootPath_StoresGivenIdAndFullRootPath()
    {
        await using var db = new TempDatabase();
        await using var nexo = await db.OpenAsync();
        var root = Path.Combine(db.Folder, "project") + Path.DirectorySeparatorChar;

        var ws = await nexo.Workspaces.CreateAsync(new NewWorkspace { Id = "ws-1", Name = "p", RootPath = root });

        Assert.Equal("ws-1", ws.Id);
        Assert.Equal(Path.Combine(db.Folder, "project"), ws.RootPath);
        Assert.Equal(ws, await nexo.Workspaces.GetAsync("ws-1"));
        Assert.Equal(ws, await nexo.WorkspaceRepository.GetByRootPathAsync(ws.RootPath!));
    }

    [Fact]
    public async Task CreateAsync_ReadBackFromANewClient_IsEqual()
    {
        await using var db = new TempDatabase();
        Workspace created;
        await using (var first = await db.OpenAsync())
        {
            created = await first.Workspaces.CreateAsync(new NewWorkspace { Name = "persisted", RootPath = db.Folder });
        }

        await using var second = await db.OpenAsync();
        Assert.Equal(created, await second.Workspaces.GetAsync(created.Id));
    }

    [Fact]
    public async Task FindAsync_MatchesIdOrNameIgnoringCase()
    {
        await using var db = new TempDatabase();
        await using var nexo = await db.OpenAsync();
        var ws = await nexo.Workspaces.CreateAsync(new NewWorkspace { Name = "Research" });

        Assert.Equal(ws, await nexo.Workspaces.FindAsync(ws.Id));
        Assert.Equal(ws, await nexo.Workspaces.FindAsync("research"));
        Assert.Equal(ws, await nexo.Workspaces.FindAsync("  RESEARCH "));
        await NexoAssert.NotFoundAsync("workspace", () => nexo.Workspaces.FindAsync("other"));
    }

    [Fact]
    public async Task FindByIdAsync_ReturnsTheWorkspace_OrNullForAnUnknownId_WithoutMatchingNames()
    {
        await using var db = new TempDatabase();
        await using var nexo = await db.OpenAsync();
        var ws = await nexo.Workspaces.CreateAsync(new NewWorkspace { Name = "research" });

        Assert.Equal(ws, await nexo.Workspaces.FindByIdAsync(ws.Id));
        Assert.Null(await nexo.Workspaces.FindByIdAsync("missing"));
        Assert.Null(await nexo.Workspaces.FindByIdAsync("research"));
        await NexoAssert.ValidationAsync("id", () => nexo.Workspaces.FindByIdAsync(" "));
    }

    [Fact]
    public async Task FindByRootPathAsync_MatchesTheNormalizedFolder_OrReturnsNullWithoutCreatingOne()
    {
        await using var db = new TempDatabase();
        await using var nexo = await db.OpenAsync();
        var root = Path.Combine(db.Folder, "project");
        var ws = await nexo.Workspaces.CreateAsync(new NewWorkspace { Name = "p", RootPath = root });

        Assert.Equal(ws, await nexo.Workspaces.FindByRootPathAsync(root + Path.DirectorySeparatorChar));
        Assert.Null(await nexo.Workspaces.FindByRootPathAsync(Path.Combine(db.Folder, "other")));
        Assert.Equal(ws, Assert.Single(await nexo.Workspaces.ListAsync()));
        await NexoAssert.ValidationAsync("rootPath", () => nexo.Workspaces.FindByRootPathAsync(""));
    }

    [Fact]
    public async Task ListAsync_ReturnsNewestFirst()
    {
        await using var db = new TempDatabase();
        var clock = new ManualTimeProvider();
        await using var nexo = await db.OpenAsync(clock);
        var a = await nexo.Workspaces.CreateAsync(new NewWorkspace { Name = "a" });
        clock.Advance();
        var b = await nexo.Workspaces.CreateAsync(new NewWorkspace { Name = "b" });
        clock.Advance();
        var c = await nexo.Workspaces.CreateAsync(new NewWorkspace { Name = "c" });

        Assert.Equal([c.Id, b.Id, a.Id], (await nexo.Workspaces.ListAsync()).Select(w => w.Id));
    }

    [Fact]
    public async Task UpdateAsync_ChangesOnlyGivenFields_AndEmptyRootPathClearsIt()
    {
        await using var db = new TempDatabase();
        var clock = new ManualTimeProvider();
        await using var nexo = await db.OpenAsync(clock);
        var ws = await nexo.Workspaces.CreateAsync(new NewWorkspace { Name = "old", RootPath = db.Folder });
        clock.Advance();

        var renamed = await nexo.Workspaces.UpdateAsync(ws.Id, new WorkspaceUpdate { Name = "new" });
        Assert.Equal("new", renamed.Name);
        Assert.Equal(db.Folder, renamed.RootPath);
        Assert.Equal(ws.CreatedAt, renamed.CreatedAt);
        Assert.Equal(clock.Now, renamed.UpdatedAt);
        Assert.Equal(renamed, await nexo.Workspaces.GetAsync(ws.Id));

        var cleared = await nexo.Workspaces.UpdateAsync(ws.Id, new WorkspaceUpdate { RootPath = "" });
        Assert.Null(cleared.RootPath);
        Assert.Equal("new", cleared.Name);
        Assert.Null((await nexo.Workspaces.GetAsync(ws.Id)).RootPath);
    }

    [Fact]
    public async Task GetOrCreateDefaultAsync_CreatesTheDefaultOnce()
    {
        await using var db = new TempDatabase();
        await using var nexo = await db.OpenAsync();

        var first = await nexo.Workspaces.GetOrCreateDefaultAsync();
        var second = await nexo.Workspaces.GetOrCreateDefaultAsync();

        Assert.Equal(WorkspaceService.DefaultWorkspaceName, first.Name);
        Assert.Equal(first, second);
        Assert.Single(await nexo.Workspaces.ListAsync());
    }

    [Fact]
    public async Task GetOrCreateForFolderAsync_ReusesTheFolderWorkspace_AndSuffixesATakenName()
    {
        await using var db = new TempDatabase();
        await using var nexo = await db.OpenAsync();
        var folder = Path.Combine(db.Folder, "proj");
        await nexo.Workspaces.CreateAsync(new NewWorkspace { Name = "proj" });

        var created = await nexo.Workspaces.GetOrCreateForFolderAsync(folder + Path.DirectorySeparatorChar);
        var again = await nexo.Workspaces.GetOrCreateForFolderAsync(folder);

        Assert.Equal("proj (2)", created.Name);
        Assert.Equal(folder, created.RootPath);
        Assert.Equal(created, again);
        Assert.Equal(2, (await nexo.Workspaces.ListAsync()).Count);
    }

    [Fact]
    public async Task DeleteAsync_CascadesToSettingsChatsMessagesAndSearchIndex()
    {
        await using var db = new TempDatabase();
        await using var nexo = await db.OpenAsync();
        var ws = await nexo.Workspaces.CreateAsync(new NewWorkspace { Name = "w" });
        var other = await nexo.Workspaces.CreateAsync(new NewWorkspace { Name = "other" });
        var chat = await nexo.Chats.CreateAsync(new NewChat { WorkspaceId = ws.Id });
        var kept = await nexo.Chats.CreateAsync(new NewChat { WorkspaceId = other.Id });
        var message = await nexo.Messages.CreateAsync(new NewMessage { ChatId = chat.Id, Role = MessageRole.User, Content = "hello cascade" });
        await nexo.Messages.CreateAsync(new NewMessage { ChatId = kept.Id, Role = MessageRole.User, Content = "kept cascade" });

        await nexo.Workspaces.DeleteAsync(ws.Id);

        await NexoAssert.NotFoundAsync("workspace", () => nexo.Workspaces.GetAsync(ws.Id));
        Assert.Null(await nexo.WorkspaceRepository.GetSettingsAsync(ws.Id));
        Assert.Null(await nexo.ChatRepository.GetAsync(chat.Id));
        Assert.Null(await nexo.MessageRepository.GetAsync(message.Id));
        var hit = Assert.Single(await nexo.MessageRepository.SearchAsync(new MessageSearchQuery { Text = "cascade" }));
        Assert.Equal(kept.Id, hit.ChatId);

        await using var raw = db.OpenRaw();
        Assert.Equal(0, raw.ExecuteScalar<long>("SELECT count(*) FROM workspace_settings WHERE workspace_id = @id", new { id = ws.Id }));
        Assert.Equal(1, raw.ExecuteScalar<long>("SELECT count(*) FROM messages_fts WHERE messages_fts MATCH 'cascade'"));
        Assert.NotNull(await nexo.WorkspaceRepository.GetSettingsAsync(other.Id));
    }
}
