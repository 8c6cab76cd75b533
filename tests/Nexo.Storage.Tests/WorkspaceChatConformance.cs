namespace Nexo.Storage.Tests;

/// <summary>Workspaces, their settings and chats: the same behaviour on every store.</summary>
public abstract class WorkspaceChatConformance(StoreKind kind) : StoreTest(kind)
{
    [Fact]
    public async Task A_workspace_is_found_by_id_by_name_in_any_case_and_by_root_path()
    {
        var now = DateTimeOffset.FromUnixTimeMilliseconds(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        var ws = new Workspace { Id = "w1", Name = "Research", RootPath = "/srv/research", CreatedAt = now, UpdatedAt = now };
        await Store.Workspaces.CreateAsync(ws);

        Assert.Equal(ws, await Store.Workspaces.GetAsync("w1"));
        Assert.Equal(ws, await Store.Workspaces.GetByNameAsync("rESEARCH"));
        Assert.Equal(ws, await Store.Workspaces.GetByRootPathAsync("/srv/research"));
        Assert.Null(await Store.Workspaces.GetAsync("missing"));
    }

    [Fact]
    public async Task A_second_workspace_with_the_same_name_in_another_case_or_the_same_id_is_a_conflict()
    {
        var ws = await NewWorkspaceAsync("Alpha");

        var byName = await Assert.ThrowsAsync<NexoException>(() => NewWorkspaceAsync("ALPHA"));
        var byId = await Assert.ThrowsAsync<NexoException>(() => Store.Workspaces.CreateAsync(ws with { Name = "Beta" }));

        Assert.Equal(NexoErrorKind.Conflict, byName.Kind);
        Assert.Contains("named 'ALPHA'", byName.Message, StringComparison.Ordinal);
        Assert.Equal(NexoErrorKind.Conflict, byId.Kind);
        Assert.Contains("id", byId.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Workspace_settings_are_stored_with_defaults_and_saved_whole()
    {
        var ws = await NewWorkspaceAsync();
        var defaults = await Store.Workspaces.GetSettingsAsync(ws.Id);
        Assert.NotNull(defaults);
        Assert.True(defaults.StreamEnabled);
        Assert.Equal(10, defaults.MaxAgentIterations);

        var changed = defaults with
        {
            SystemMessage = "Be brief.",
            Temperature = 0.25,
            MaxTokens = 512,
            StreamEnabled = false,
            DisabledTools = ["shell"],
            BuiltinTools = ["read_file"],
            MonthlyBudgetUsd = 12.5m,
            ContextStrategy = ContextStrategy.Truncate,
        };
        await Store.Workspaces.SaveSettingsAsync(changed);
        var read = await Store.Workspaces.GetSettingsAsync(ws.Id);

        Assert.Equal("Be brief.", read!.SystemMessage);
        Assert.Equal(0.25, read.Temperature);
        Assert.Equal(512, read.MaxTokens);
        Assert.False(read.StreamEnabled);
        Assert.Equal(["shell"], read.DisabledTools);
        Assert.Equal(["read_file"], read.BuiltinTools);
        Assert.Equal(12.5m, read.MonthlyBudgetUsd);
        Assert.Equal(ContextStrategy.Truncate, read.ContextStrategy);
    }

    [Fact]
    public async Task Deleting_a_workspace_deletes_its_settings_chats_and_messages()
    {
        var ws = await NewWorkspaceAsync();
        var chat = await NewChatAsync(ws.Id);
        var message = await AddMessageAsync(chat.Id, "hello");
        var other = await NewChatAsync((await NewWorkspaceAsync()).Id);

        Assert.True(await Store.Workspaces.DeleteAsync(ws.Id));

        Assert.Null(await Store.Workspaces.GetSettingsAsync(ws.Id));
        Assert.Null(await Store.Chats.GetAsync(chat.Id));
        Assert.Null(await Store.Messages.GetAsync(message.Id));
        Assert.NotNull(await Store.Chats.GetAsync(other.Id));
        Assert.False(await Store.Workspaces.DeleteAsync(ws.Id));
    }

    [Fact]
    public async Task A_chat_in_a_missing_workspace_is_not_found()
    {
        var error = await Assert.ThrowsAsync<NexoException>(() => NewChatAsync("no-such-workspace"));

        Assert.Equal(NexoErrorKind.NotFound, error.Kind);
    }

    [Fact]
    public async Task Chats_are_listed_pinned_first_then_newest_in_pages_that_join_up_without_gaps()
    {
        var ws = await NewWorkspaceAsync();
        var start = DateTimeOffset.UtcNow.AddHours(-1);
        var made = new List<Chat>();
        for (var i = 0; i < 7; i++)
        {
            made.Add(await NewChatAsync(ws.Id, $"chat {i}", start.AddMinutes(i % 3), pinned: i == 2));
        }

        var archived = await NewChatAsync(ws.Id, "old", start.AddMinutes(30));
        await Store.Chats.UpdateAsync(archived with { Archived = true });

        var seen = new List<Chat>();
        string? cursor = null;
        do
        {
            var page = await Store.Chats.ListAsync(ws.Id, new ChatQuery { Limit = 3, Cursor = cursor });
            Assert.True(page.Items.Count <= 3);
            seen.AddRange(page.Items);
            cursor = page.NextCursor;
        }
        while (cursor is not null);

        var expected = made.OrderByDescending(c => c.Pinned).ThenByDescending(c => c.UpdatedAt).ThenByDescending(c => c.Id, StringComparer.Ordinal).Select(c => c.Id).ToList();
        Assert.Equal(expected, seen.Select(c => c.Id).ToList());
        Assert.Equal(made[2].Id, seen[0].Id);
        Assert.Contains(archived.Id, (await Store.Chats.ListAsync(ws.Id, new ChatQuery { IncludeArchived = true })).Items.Select(c => c.Id));
    }

    [Fact]
    public async Task A_cursor_the_listing_never_returned_is_a_validation_error()
    {
        var ws = await NewWorkspaceAsync();

        var error = await Assert.ThrowsAsync<NexoException>(() => Store.Chats.ListAsync(ws.Id, new ChatQuery { Cursor = "not-a-cursor" }));

        Assert.Equal(NexoErrorKind.Validation, error.Kind);
    }

    [Fact]
    public async Task A_plan_is_stored_without_touching_the_rest_of_the_chat()
    {
        var ws = await NewWorkspaceAsync();
        var chat = await NewChatAsync(ws.Id, "planned");

        Assert.True(await Store.Chats.SetPlanAsync(chat.Id, [new PlanEntry { Content = "write tests", Priority = "high", Status = "in_progress" }]));
        var read = await Store.Chats.GetAsync(chat.Id);

        Assert.Equal("planned", read!.Title);
        Assert.Equal("write tests", Assert.Single(read.Plan!).Content);
        Assert.False(await Store.Chats.SetPlanAsync("missing", []));
    }

    [Fact]
    public async Task Deleting_all_chats_of_a_workspace_leaves_other_workspaces_alone()
    {
        var ws = await NewWorkspaceAsync();
        await NewChatAsync(ws.Id);
        await NewChatAsync(ws.Id);
        var kept = await NewChatAsync((await NewWorkspaceAsync()).Id);

        Assert.Equal(2, await Store.Chats.DeleteAllAsync(ws.Id));
        Assert.NotNull(await Store.Chats.GetAsync(kept.Id));
    }
}

public sealed class SqliteWorkspaceChatTests() : WorkspaceChatConformance(StoreKind.Sqlite);

public sealed class PostgresWorkspaceChatTests() : WorkspaceChatConformance(StoreKind.Postgres);
