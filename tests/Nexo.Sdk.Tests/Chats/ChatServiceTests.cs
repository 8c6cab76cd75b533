using Dapper;

namespace Nexo.Sdk.Tests.Chats;

public sealed class ChatServiceTests
{
    [Fact]
    public async Task CreateAsync_WithoutTitle_UsesTheDefaultTitle_AndTrimsGivenTitles()
    {
        await using var db = new TempDatabase();
        await using var nexo = await db.OpenAsync();
        var ws = await nexo.Workspaces.CreateAsync(new NewWorkspace { Name = "w" });

        var untitled = await nexo.Chats.CreateAsync(new NewChat { WorkspaceId = ws.Id, Title = "   " });
        var titled = await nexo.Chats.CreateAsync(new NewChat { WorkspaceId = ws.Id, Title = "  Plans  " });

        Assert.Equal(ChatService.DefaultTitle, untitled.Title);
        Assert.Equal("Plans", titled.Title);
        Assert.Equal(ws.Id, titled.WorkspaceId);
        Assert.False(titled.Pinned);
        Assert.False(titled.Archived);
    }

    [Fact]
    public async Task GetAsync_ReturnsTheStoredChat()
    {
        await using var db = new TempDatabase();
        await using var nexo = await db.OpenAsync();
        var ws = await nexo.Workspaces.CreateAsync(new NewWorkspace { Name = "w" });
        var chat = await nexo.Chats.CreateAsync(new NewChat { Id = "chat-1", WorkspaceId = ws.Id, Title = "t" });

        Assert.Equal("chat-1", chat.Id);
        Assert.Equal(chat, await nexo.Chats.GetAsync("chat-1"));
    }

    [Fact]
    public async Task UpdateAsync_ChangesOnlyGivenFields_AndPersists()
    {
        await using var db = new TempDatabase();
        var clock = new ManualTimeProvider();
        await using var nexo = await db.OpenAsync(clock);
        var (_, chat) = await Seed.ChatAsync(nexo, title: "first");
        clock.Advance();

        var pinned = await nexo.Chats.UpdateAsync(chat.Id, new ChatUpdate { Pinned = true, LastMessage = "preview" });
        var renamed = await nexo.Chats.UpdateAsync(chat.Id, new ChatUpdate { Title = "second", Archived = true });

        Assert.True(pinned.Pinned);
        Assert.Equal("first", pinned.Title);
        Assert.Equal(clock.Now, pinned.UpdatedAt);
        Assert.Equal("second", renamed.Title);
        Assert.True(renamed.Pinned);
        Assert.True(renamed.Archived);
        Assert.Equal("preview", renamed.LastMessage);
        Assert.Equal(chat.CreatedAt, renamed.CreatedAt);
        Assert.Equal(renamed, await nexo.Chats.GetAsync(chat.Id));
    }

    [Fact]
    public async Task UpdateAsync_SetsTheActiveMessage_WhenItBelongsToTheChat()
    {
        await using var db = new TempDatabase();
        await using var nexo = await db.OpenAsync();
        var (_, chat) = await Seed.ChatAsync(nexo);
        var first = await nexo.Messages.CreateAsync(new NewMessage { ChatId = chat.Id, Role = MessageRole.User, Content = "a" });
        await nexo.Messages.CreateAsync(new NewMessage { ChatId = chat.Id, Role = MessageRole.Assistant, Content = "b" });

        var updated = await nexo.Chats.UpdateAsync(chat.Id, new ChatUpdate { ActiveMessageId = first.Id });

        Assert.Equal(first.Id, updated.ActiveMessageId);
        Assert.Equal(first.Id, (await nexo.Chats.GetAsync(chat.Id)).ActiveMessageId);
    }

    [Fact]
    public async Task DeleteChat_CascadesToMessagesAndSearchIndex()
    {
        await using var db = new TempDatabase();
        await using var nexo = await db.OpenAsync();
        var (ws, chat) = await Seed.ChatAsync(nexo);
        var other = await nexo.Chats.CreateAsync(new NewChat { WorkspaceId = ws.Id });
        await nexo.MessageRepository.CreateManyAsync(Seed.Messages(chat.Id, 20));
        await nexo.Messages.CreateAsync(new NewMessage { ChatId = other.Id, Role = MessageRole.User, Content = "message survivor" });

        await nexo.Chats.DeleteAsync(chat.Id);

        await NexoAssert.NotFoundAsync("chat", () => nexo.Chats.GetAsync(chat.Id));
        Assert.Null(await nexo.MessageRepository.GetAsync("m1"));
        Assert.Equal(0, await nexo.MessageRepository.CountAsync(chat.Id));
        var hit = Assert.Single(await nexo.Messages.SearchAsync(new MessageSearchQuery { Text = "message" }));
        Assert.Equal(other.Id, hit.ChatId);

        await using var raw = db.OpenRaw();
        Assert.Equal(1, raw.ExecuteScalar<long>("SELECT count(*) FROM messages_fts WHERE messages_fts MATCH 'message'"));
        raw.Execute("INSERT INTO messages_fts (messages_fts, rank) VALUES ('integrity-check', 1)");
    }

    [Fact]
    public async Task DeleteAllAsync_DeletesOnlyThatWorkspacesChats()
    {
        await using var db = new TempDatabase();
        await using var nexo = await db.OpenAsync();
        var a = await nexo.Workspaces.CreateAsync(new NewWorkspace { Name = "a" });
        var b = await nexo.Workspaces.CreateAsync(new NewWorkspace { Name = "b" });
        for (var i = 0; i < 3; i++)
        {
            await nexo.Chats.CreateAsync(new NewChat { WorkspaceId = a.Id });
        }

        var kept = await nexo.Chats.CreateAsync(new NewChat { WorkspaceId = b.Id });

        Assert.Equal(3, await nexo.Chats.DeleteAllAsync(a.Id));
        Assert.Empty((await nexo.Chats.ListAsync(a.Id)).Items);
        Assert.Equal(kept, Assert.Single((await nexo.Chats.ListAsync(b.Id)).Items));
        Assert.Equal(0, await nexo.Chats.DeleteAllAsync(a.Id));
    }
}
