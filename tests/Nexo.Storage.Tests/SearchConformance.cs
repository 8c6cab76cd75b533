namespace Nexo.Storage.Tests;

/// <summary>Full-text search: the same query rules, scopes, order and result shape on every store.</summary>
public abstract class SearchConformance(StoreKind kind) : StoreTest(kind)
{
    [Fact]
    public async Task Words_are_prefixes_and_every_one_must_match()
    {
        var chat = await NewChatAsync((await NewWorkspaceAsync()).Id, "Deploy notes");
        var both = await AddMessageAsync(chat.Id, "The deployment pipeline failed on staging");
        await AddMessageAsync(chat.Id, "The deployment went fine");
        await AddMessageAsync(chat.Id, "Nothing relevant here");

        var hits = await Store.Messages.SearchAsync(new MessageSearchQuery { Text = "deploy stag" });

        var hit = Assert.Single(hits);
        Assert.Equal(both.Id, hit.MessageId);
        Assert.Equal(chat.Id, hit.ChatId);
        Assert.Equal(chat.WorkspaceId, hit.WorkspaceId);
        Assert.Equal("Deploy notes", hit.ChatTitle);
        Assert.Equal(MessageRole.User, hit.Role);
        Assert.Contains("[deployment]", hit.Snippet, StringComparison.Ordinal);
        Assert.Contains("[staging]", hit.Snippet, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_quoted_phrase_matches_only_those_words_in_a_row()
    {
        var chat = await NewChatAsync((await NewWorkspaceAsync()).Id);
        var inRow = await AddMessageAsync(chat.Id, "please restart the web server now");
        await AddMessageAsync(chat.Id, "the server runs a web app");

        var hits = await Store.Messages.SearchAsync(new MessageSearchQuery { Text = "\"web server\"" });

        Assert.Equal(inRow.Id, Assert.Single(hits).MessageId);
    }

    [Fact]
    public async Task Operators_and_punctuation_a_user_types_are_never_query_syntax()
    {
        var chat = await NewChatAsync((await NewWorkspaceAsync()).Id);
        var target = await AddMessageAsync(chat.Id, "cats and dogs or birds, not fish");

        foreach (var text in new[] { "cats AND dogs", "cats OR", "NOT fish", "cats & (dogs", "birds | !fish", "cats:* dogs*", "\"cats and", "cats' \\ ; --" })
        {
            var hits = await Store.Messages.SearchAsync(new MessageSearchQuery { Text = text });
            Assert.Equal(target.Id, Assert.Single(hits).MessageId);
        }

        Assert.Empty(await Store.Messages.SearchAsync(new MessageSearchQuery { Text = "   \"\" ()" }));
    }

    [Fact]
    public async Task A_search_is_kept_to_its_chat_or_workspace()
    {
        var ws = await NewWorkspaceAsync();
        var chatA = await NewChatAsync(ws.Id);
        var chatB = await NewChatAsync(ws.Id);
        var elsewhere = await NewChatAsync((await NewWorkspaceAsync()).Id);
        var a = await AddMessageAsync(chatA.Id, "kubernetes ingress");
        var b = await AddMessageAsync(chatB.Id, "kubernetes pods");
        var other = await AddMessageAsync(elsewhere.Id, "kubernetes nodes");

        var inChat = await Store.Messages.SearchAsync(new MessageSearchQuery { Text = "kubernetes", ChatId = chatA.Id });
        var inWorkspace = await Store.Messages.SearchAsync(new MessageSearchQuery { Text = "kubernetes", WorkspaceId = ws.Id });
        var chatOfAnotherWorkspace = await Store.Messages.SearchAsync(new MessageSearchQuery { Text = "kubernetes", ChatId = elsewhere.Id, WorkspaceId = ws.Id });
        var everywhere = await Store.Messages.SearchAsync(new MessageSearchQuery { Text = "kubernetes" });

        Assert.Equal([a.Id], inChat.Select(h => h.MessageId));
        Assert.Equal(new[] { a.Id, b.Id }.Order(StringComparer.Ordinal), inWorkspace.Select(h => h.MessageId).Order(StringComparer.Ordinal));
        Assert.Empty(chatOfAnotherWorkspace);
        Assert.Equal(3, everywhere.Count);
        Assert.Contains(other.Id, everywhere.Select(h => h.MessageId));
    }

    [Fact]
    public async Task Better_matches_rank_first_lower_rank_is_better_and_equal_scores_come_newest_first()
    {
        var chat = await NewChatAsync((await NewWorkspaceAsync()).Id);
        var older = await AddMessageAsync(chat.Id, "postgres tuning guide");
        var strong = await AddMessageAsync(chat.Id, "postgres postgres postgres: all about postgres");
        var newer = await AddMessageAsync(chat.Id, "postgres tuning guide");

        var hits = await Store.Messages.SearchAsync(new MessageSearchQuery { Text = "postgres" });

        Assert.Equal([strong.Id, newer.Id, older.Id], hits.Select(h => h.MessageId));
        Assert.True(hits[0].Rank < hits[1].Rank);
        Assert.Equal(hits[1].Rank, hits[2].Rank);
        Assert.Single(await Store.Messages.SearchAsync(new MessageSearchQuery { Text = "postgres", Limit = 1 }));
    }

    [Fact]
    public async Task Edited_and_deleted_messages_are_searched_as_they_are_now()
    {
        var chat = await NewChatAsync((await NewWorkspaceAsync()).Id);
        var edited = await AddMessageAsync(chat.Id, "first draft");
        var deleted = await AddMessageAsync(chat.Id, "draft to delete");

        await Store.Messages.UpdateContentAsync(edited.Id, "final version", null, MessageStatus.Complete);
        await Store.Messages.DeleteAsync(deleted.Id);

        Assert.Empty(await Store.Messages.SearchAsync(new MessageSearchQuery { Text = "draft" }));
        Assert.Equal(edited.Id, Assert.Single(await Store.Messages.SearchAsync(new MessageSearchQuery { Text = "final" })).MessageId);
    }
}

public sealed class SqliteSearchTests() : SearchConformance(StoreKind.Sqlite);

public sealed class PostgresSearchTests() : SearchConformance(StoreKind.Postgres);
