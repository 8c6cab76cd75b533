namespace Nexo.Sdk.Tests.Chats;

public sealed class ChatPagingTests
{
    [Fact]
    public async Task ListAsync_PutsPinnedFirst_ThenMostRecentlyUpdated()
    {
        await using var db = new TempDatabase();
        var clock = new ManualTimeProvider();
        await using var nexo = await db.OpenAsync(clock);
        var ws = await nexo.Workspaces.CreateAsync(new NewWorkspace { Name = "w" });
        var oldest = await nexo.Chats.CreateAsync(new NewChat { WorkspaceId = ws.Id, Title = "oldest" });
        clock.Advance();
        var middle = await nexo.Chats.CreateAsync(new NewChat { WorkspaceId = ws.Id, Title = "middle" });
        clock.Advance();
        var newest = await nexo.Chats.CreateAsync(new NewChat { WorkspaceId = ws.Id, Title = "newest" });
        clock.Advance();
        await nexo.Chats.UpdateAsync(oldest.Id, new ChatUpdate { Pinned = true });
        clock.Advance();
        await nexo.Chats.UpdateAsync(middle.Id, new ChatUpdate { LastMessage = "touched" });

        var page = await nexo.Chats.ListAsync(ws.Id);

        Assert.Equal([oldest.Id, middle.Id, newest.Id], page.Items.Select(c => c.Id));
        Assert.Null(page.NextCursor);
    }

    [Fact]
    public async Task ListAsync_KeysetPaging_VisitsEveryChatOnceInOrder()
    {
        await using var db = new TempDatabase();
        var clock = new ManualTimeProvider();
        await using var nexo = await db.OpenAsync(clock);
        var ws = await nexo.Workspaces.CreateAsync(new NewWorkspace { Name = "w" });
        var other = await nexo.Workspaces.CreateAsync(new NewWorkspace { Name = "other" });
        await nexo.Chats.CreateAsync(new NewChat { WorkspaceId = other.Id });
        var all = new List<Chat>();
        for (var i = 0; i < 23; i++)
        {
            // Groups of three chats share one timestamp, so the id must break ties.
            if (i % 3 == 0)
            {
                clock.Advance();
            }

            var chat = await nexo.Chats.CreateAsync(new NewChat { WorkspaceId = ws.Id, Title = $"chat {i}" });
            if (i % 5 == 0)
            {
                chat = await nexo.Chats.UpdateAsync(chat.Id, new ChatUpdate { Pinned = true });
            }

            all.Add(chat);
        }

        var expected = all
            .OrderByDescending(c => c.Pinned)
            .ThenByDescending(c => c.UpdatedAt)
            .ThenByDescending(c => c.Id, StringComparer.Ordinal)
            .Select(c => c.Id)
            .ToList();

        var seen = new List<string>();
        var pages = 0;
        string? cursor = null;
        do
        {
            var page = await nexo.Chats.ListAsync(ws.Id, new ChatQuery { Limit = 5, Cursor = cursor });
            Assert.InRange(page.Items.Count, 1, 5);
            seen.AddRange(page.Items.Select(c => c.Id));
            cursor = page.NextCursor;
            pages++;
        }
        while (cursor is not null);

        Assert.Equal(expected, seen);
        Assert.Equal(5, pages);
    }

    [Fact]
    public async Task ListAsync_LastFullPage_HasNoCursor()
    {
        await using var db = new TempDatabase();
        await using var nexo = await db.OpenAsync();
        var ws = await nexo.Workspaces.CreateAsync(new NewWorkspace { Name = "w" });
        for (var i = 0; i < 4; i++)
        {
            await nexo.Chats.CreateAsync(new NewChat { WorkspaceId = ws.Id });
        }

        var first = await nexo.Chats.ListAsync(ws.Id, new ChatQuery { Limit = 2 });
        var second = await nexo.Chats.ListAsync(ws.Id, new ChatQuery { Limit = 2, Cursor = first.NextCursor });

        Assert.NotNull(first.NextCursor);
        Assert.Equal(2, second.Items.Count);
        Assert.Null(second.NextCursor);
        Assert.Empty(first.Items.Select(c => c.Id).Intersect(second.Items.Select(c => c.Id)));
    }

    [Fact]
    public async Task ListAsync_HidesArchivedChats_UnlessAskedFor()
    {
        await using var db = new TempDatabase();
        await using var nexo = await db.OpenAsync();
        var ws = await nexo.Workspaces.CreateAsync(new NewWorkspace { Name = "w" });
        var visible = await nexo.Chats.CreateAsync(new NewChat { WorkspaceId = ws.Id });
        var archived = await nexo.Chats.CreateAsync(new NewChat { WorkspaceId = ws.Id });
        await nexo.Chats.UpdateAsync(archived.Id, new ChatUpdate { Archived = true });

        var normal = await nexo.Chats.ListAsync(ws.Id);
        var everything = await nexo.Chats.ListAsync(ws.Id, new ChatQuery { IncludeArchived = true });

        Assert.Equal(visible.Id, Assert.Single(normal.Items).Id);
        Assert.Equal(new[] { visible.Id, archived.Id }.Order(), everything.Items.Select(c => c.Id).Order());
    }

    [Theory]
    [InlineData("garbage")]
    [InlineData("1:2")]
    [InlineData("x:1:id")]
    [InlineData("1:y:id")]
    [InlineData("")]
    public async Task ListAsync_WithACursorItDidNotReturn_IsAValidationErrorOnCursor(string cursor)
    {
        await using var db = new TempDatabase();
        await using var nexo = await db.OpenAsync();
        var ws = await nexo.Workspaces.CreateAsync(new NewWorkspace { Name = "w" });

        await NexoAssert.ValidationAsync("cursor", () => nexo.Chats.ListAsync(ws.Id, new ChatQuery { Cursor = cursor }));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1001)]
    public async Task ListAsync_WithLimitOutOfRange_IsAValidationErrorOnLimit(int limit)
    {
        await using var db = new TempDatabase();
        await using var nexo = await db.OpenAsync();
        var ws = await nexo.Workspaces.CreateAsync(new NewWorkspace { Name = "w" });

        await NexoAssert.ValidationAsync("limit", () => nexo.Chats.ListAsync(ws.Id, new ChatQuery { Limit = limit }));
    }
}
