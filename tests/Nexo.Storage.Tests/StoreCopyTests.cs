using System.Security.Cryptography;
using Microsoft.Data.Sqlite;
using Nexo.Security;
using Nexo.Storage.PostgreSql;
using Nexo.Testing;

namespace Nexo.Storage.Tests;

/// <summary>
/// A whole store copied SQLite → PostgreSQL → SQLite (<c>nexo db copy</c>): every row arrives, secrets are encrypted
/// again with the target's key, both sides agree on each table's count and checksum, and a copy that cannot be complete
/// writes nothing.
/// </summary>
public sealed class StoreCopyTests : IAsyncLifetime
{
    private const string ApiKey = "sk-live-copy-0123456789abcdef";
    private readonly List<string> _folders = [];
    private readonly List<string> _databases = [];
    private readonly List<IDisposable> _stores = [];

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var store in _stores)
        {
            store.Dispose();
        }

        foreach (var database in _databases)
        {
            await PostgresCluster.Shared.DropDatabaseAsync(database);
        }

        SqliteConnection.ClearAllPools();
        foreach (var folder in _folders)
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task A_store_copied_to_PostgreSQL_and_back_keeps_every_row_and_secret_under_the_targets_key()
    {
        var sqlite = Side(NewSqlite());
        await FillAsync(sqlite);
        var postgres = Side(await NewPostgresAsync());
        var back = Side(NewSqlite());

        var filled = await StoreCopier.ChecksumsAsync(sqlite, CancellationToken.None);
        var there = await StoreCopier.CopyAsync(sqlite, postgres, null, CancellationToken.None);
        Assert.Equal(filled, await StoreCopier.ChecksumsAsync(sqlite, CancellationToken.None));
        var again = await StoreCopier.CopyAsync(postgres, back, null, CancellationToken.None);

        var source = await StoreCopier.ChecksumsAsync(sqlite, CancellationToken.None);
        Assert.Equal(source, there);
        Assert.Equal(source, again);
        Assert.Equal(source, await StoreCopier.ChecksumsAsync(postgres, CancellationToken.None));
        Assert.Equal(3, source.Single(t => t.Name == "chats").Rows);
        Assert.Equal(7, source.Single(t => t.Name == "messages").Rows);
        Assert.All(source.Where(t => t.Name != "workspace_settings"), t => Assert.True(t.Rows > 0, $"{t.Name} has no rows to copy"));

        foreach (var side in new[] { postgres, back })
        {
            var store = side.Store;
            var workspace = await store.Workspaces.GetByNameAsync("Copied");
            Assert.NotNull(workspace);
            var chats = await store.Chats.ListAsync(workspace!.Id, new ChatQuery { Limit = 10 });
            Assert.Equal(["first", "second"], chats.Items.Select(c => c.Title).Order(StringComparer.Ordinal));
            var first = chats.Items.Single(c => c.Title == "first");
            var page = await store.Messages.ListAsync(first.Id, new MessageQuery { Limit = 10 });
            Assert.Equal(["hello there", "the original answer", "an edited question", "a kangaroo answer"], page.Select(m => m.Content));
            var leaf = page[^1];
            Assert.Equal(["hello there", "the original answer", "an edited question", "a kangaroo answer"], (await store.Messages.GetBranchAsync(leaf.Id)).Select(m => m.Content));
            var hits = await store.Messages.SearchAsync(new MessageSearchQuery { Text = "kangaroo" });
            Assert.Equal(leaf.Id, Assert.Single(hits).MessageId);

            var connection = await store.LlmConnections(side.Protector).GetByNameAsync("openai");
            var secrets = await store.LlmConnections(side.Protector).GetSecretsAsync(connection!.Id);
            Assert.Equal(ApiKey, secrets!.ApiKey);
            Assert.Equal("team-header-secret", secrets.Headers["X-Team"]);
            var server = await store.McpServers(side.Protector).GetByNameAsync("remote");
            var serverSecrets = await store.McpServers(side.Protector).GetSecretsAsync(server!.Id);
            Assert.Equal("env-secret-value", serverSecrets!.Env["TOKEN"]);
            Assert.Equal(["--api-key", "sk-args-secret-987654321"], serverSecrets.Args);
            Assert.Equal("https://user:url-password@mcp.example/mcp?api_key=url-key-secret", serverSecrets.Url);
            Assert.Equal("at-secret-0123", (await store.McpOAuthTokens(side.Protector).GetAsync(server.Id, CancellationToken.None))!.AccessToken);
            Assert.Equal("Summarize {{text}}", (await store.Prompts.GetByNameAsync("summary"))!.Content);
            Assert.Equal("dark", (await store.AppSettings.GetAsync("theme"))!.Value);
            Assert.Equal(1.25m, (await store.Usage.FindPriceAsync(connection.Id, "gpt-4o", CancellationToken.None))!.InputPerMillion);
            Assert.Equal(1234, (await store.Usage.GetSummaryAsync(new UsageFilter())).TotalInputTokens);

            // Encrypted with the target's key: the source's key cannot read them.
            var wrongKey = Assert.ThrowsAsync<NexoException>(() => store.LlmConnections(sqlite.Protector).GetSecretsAsync(connection.Id));
            Assert.Equal(NexoErrorKind.Security, (await wrongKey).Kind);
        }
    }

    [Fact]
    public async Task A_target_that_holds_data_is_refused_and_left_as_it_was()
    {
        var source = Side(NewSqlite());
        await FillAsync(source);
        var target = Side(await NewPostgresAsync());
        target.Store.Migrate();
        var now = DateTimeOffset.UtcNow;
        await target.Store.Workspaces.CreateAsync(new Workspace { Id = "keep", Name = "Already here", CreatedAt = now, UpdatedAt = now });
        var before = await StoreCopier.ChecksumsAsync(target, CancellationToken.None);

        var error = await Assert.ThrowsAsync<NexoException>(() => StoreCopier.CopyAsync(source, target, null, CancellationToken.None));

        Assert.Equal(NexoErrorKind.Conflict, error.Kind);
        Assert.Contains("already holds data", error.Message, StringComparison.Ordinal);
        Assert.Equal(before, await StoreCopier.ChecksumsAsync(target, CancellationToken.None));
    }

    [Fact]
    public async Task A_source_whose_secrets_the_given_key_cannot_read_writes_nothing()
    {
        var written = Side(NewSqlite());
        await FillAsync(written);
        var wrongKey = written with { Protector = new SecretProtector(RandomNumberGenerator.GetBytes(32)) };
        var target = Side(await NewPostgresAsync());

        var error = await Assert.ThrowsAsync<NexoException>(() => StoreCopier.CopyAsync(wrongKey, target, null, CancellationToken.None));

        Assert.Equal(NexoErrorKind.Security, error.Kind);
        Assert.Contains("llm_connections.api_key_enc", error.Message, StringComparison.Ordinal);
        Assert.All(await StoreCopier.ChecksumsAsync(target, CancellationToken.None), t => Assert.Equal(0, t.Rows));
    }

    [Fact]
    public async Task Copying_a_store_onto_itself_is_refused()
    {
        var store = Side(NewSqlite());

        var error = await Assert.ThrowsAsync<NexoException>(() => StoreCopier.CopyAsync(store, store, null, CancellationToken.None));

        Assert.Equal(NexoErrorKind.Validation, error.Kind);
    }

    [Fact]
    public async Task CopyStoreToAsync_moves_a_SQLite_clients_chats_secrets_and_attachments_to_a_PostgreSQL_client_that_works_on_its_own_key()
    {
        var home = Directory.CreateTempSubdirectory("nexo-copy-home-").FullName;
        _folders.Add(home);
        var dataFolder = Directory.CreateTempSubdirectory("nexo-copy-pg-").FullName;
        _folders.Add(dataFolder);
        var connectionString = await PostgresCluster.Shared.CreateDatabaseAsync();
        _databases.Add(connectionString);
        var key = RandomNumberGenerator.GetBytes(32);
        string chatId;
        await using (var sqlite = await NexoClient.OpenAsync(new NexoOptions { DatabasePath = Path.Combine(home, "nexo.db") }))
        {
            var connection = await sqlite.Connections.CreateAsync(new NewLlmConnection { Name = "offline", Provider = LlmProviderKind.Echo, BaseUrl = "http://localhost", ApiKey = ApiKey });
            var workspace = await sqlite.Workspaces.CreateAsync(new NewWorkspace { Name = "moving" });
            await sqlite.Workspaces.UpdateSettingsAsync(workspace.Id, new WorkspaceSettingsPatch { LlmConnectionId = connection.Id });
            var chat = await sqlite.Chats.CreateAsync(new NewChat { WorkspaceId = workspace.Id, Title = "to move" });
            chatId = chat.Id;
            await sqlite.Chats.SendMessageAsync(new SendMessageRequest { ChatId = chat.Id, Content = "a wombat question" });
            var attachment = Path.Combine(sqlite.DataFolder, "attachments", "m1", "note.txt");
            Directory.CreateDirectory(Path.GetDirectoryName(attachment)!);
            await File.WriteAllTextAsync(attachment, "attached bytes");

            await using var postgres = await NexoClient.OpenAsync(new NexoOptions { EncryptionKey = key, DataFolder = dataFolder }.UsePostgres(connectionString));
            var tables = await sqlite.CopyStoreToAsync(postgres);

            Assert.Equal(2, tables.Single(t => t.Name == "messages").Rows);
            Assert.Equal("attached bytes", await File.ReadAllTextAsync(Path.Combine(dataFolder, "attachments", "m1", "note.txt")));
        }

        // Opened again on its own key (its key check was not overwritten by the source's), the copy is a working store.
        await using var reopened = await NexoClient.OpenAsync(new NexoOptions { EncryptionKey = key, DataFolder = dataFolder }.UsePostgres(connectionString));
        var copied = await reopened.Connections.FindAsync("offline");
        Assert.Equal(ApiKey, (await reopened.Connections.GetSecretsAsync(copied.Id)).ApiKey);
        Assert.Equal(chatId, Assert.Single(await reopened.Messages.SearchAsync(new MessageSearchQuery { Text = "wombat" }), h => h.Role == MessageRole.User).ChatId);
        var answer = await reopened.Chats.SendMessageAsync(new SendMessageRequest { ChatId = chatId, Content = "and one more" });
        Assert.Equal("and one more", answer.AssistantMessage.Content);
    }

    private static StoreCopier.Side Side(INexoStore store) => new(store, new SecretProtector(RandomNumberGenerator.GetBytes(32)));

    private SqliteStore NewSqlite()
    {
        var folder = Directory.CreateTempSubdirectory("nexo-copy-").FullName;
        _folders.Add(folder);
        return new SqliteStore(new NexoDatabase(Path.Combine(folder, "nexo.db")));
    }

    private async Task<PostgresStore> NewPostgresAsync()
    {
        var connectionString = await PostgresCluster.Shared.CreateDatabaseAsync();
        _databases.Add(connectionString);
        var store = new PostgresStore(connectionString);
        _stores.Add(store);
        return store;
    }

    /// <summary>A bit of everything: two workspaces, chats with a branch, every kind of secret, prompts, settings, usage, prices.</summary>
    private static async Task FillAsync(StoreCopier.Side side)
    {
        var store = side.Store;
        store.Migrate();
        var now = DateTimeOffset.UtcNow;
        var workspace = new Workspace { Id = "ws1", Name = "Copied", CreatedAt = now, UpdatedAt = now };
        await store.Workspaces.CreateAsync(workspace);
        await store.Workspaces.CreateAsync(new Workspace { Id = "ws2", Name = "Other", CreatedAt = now, UpdatedAt = now });
        var connections = store.LlmConnections(side.Protector);
        await connections.CreateAsync(
            new LlmConnection { Id = "c1", Name = "OpenAI", Provider = LlmProviderKind.OpenAI, BaseUrl = "https://api.example", CreatedAt = now, UpdatedAt = now },
            new LlmConnectionSecrets { ApiKey = ApiKey, Headers = new Dictionary<string, string> { ["X-Team"] = "team-header-secret" } });

        var first = new Chat { Id = "chat1", WorkspaceId = "ws1", Title = "first", CreatedAt = now, UpdatedAt = now };
        await store.Chats.CreateAsync(first);
        await store.Chats.CreateAsync(new Chat { Id = "chat2", WorkspaceId = "ws1", Title = "second", CreatedAt = now, UpdatedAt = now });
        await store.Chats.CreateAsync(new Chat { Id = "chat3", WorkspaceId = "ws2", Title = "third", CreatedAt = now, UpdatedAt = now });
        var question = await Add(store, "chat1", "hello there", MessageRole.User, null, now);
        var original = await Add(store, "chat1", "the original answer", MessageRole.Assistant, question.Id, now.AddSeconds(1));
        var edited = await Add(store, "chat1", "an edited question", MessageRole.User, original.Id, now.AddSeconds(2));
        await Add(store, "chat1", "a kangaroo answer", MessageRole.Assistant, edited.Id, now.AddSeconds(3));
        await Add(store, "chat1", "a discarded branch", MessageRole.User, null, now.AddSeconds(4), deleteAfter: true);
        var other = await Add(store, "chat2", "second chat question", MessageRole.User, null, now);
        await Add(store, "chat2", "second chat answer", MessageRole.Assistant, other.Id, now.AddSeconds(1));
        await Add(store, "chat3", "in the other workspace", MessageRole.User, null, now);

        var servers = store.McpServers(side.Protector);
        await servers.CreateAsync(
            new McpServer
            {
                Id = "s1", Name = "remote", Transport = McpTransportKind.Stdio, Command = "node",
                Args = ["--api-key", "sk-args-secret-987654321"],
                CreatedAt = now, UpdatedAt = now,
            },
            new McpServerSecrets { Env = new Dictionary<string, string> { ["TOKEN"] = "env-secret-value" } });
        await servers.UpdateAsync(
            (await servers.GetAsync("s1"))! with { Transport = McpTransportKind.Http, Url = "https://user:url-password@mcp.example/mcp?api_key=url-key-secret" },
            null,
            keepEnv: true,
            keepHeaders: true,
            keepArgs: true,
            keepUrl: false,
            keepOAuth: true);
        Assert.True(await store.McpOAuthTokens(side.Protector).SaveAsync("s1", new McpOAuthTokens { AccessToken = "at-secret-0123", ObtainedAt = now }, CancellationToken.None));

        await store.Prompts.CreateAsync(new Prompt { Id = "p1", Name = "summary", Content = "Summarize {{text}}", CreatedAt = now, UpdatedAt = now });
        await store.AppSettings.SetAsync("theme", "dark");
        await store.Usage.AddAsync(new UsageRecord { Id = "u1", WorkspaceId = "ws1", ChatId = "chat1", Provider = "openai", Model = "gpt-4o", InputTokens = 1234, OutputTokens = 56, TotalTokens = 1290, CreatedAt = now });
        await store.Usage.SetPricesAsync([new ModelPrice { ConnectionId = "c1", Model = "gpt-4o", InputPerMillion = 1.25m, OutputPerMillion = 10m, CreatedAt = now, UpdatedAt = now }]);
    }

    private static async Task<Message> Add(INexoStore store, string chatId, string content, MessageRole role, string? parentId, DateTimeOffset at, bool deleteAfter = false)
    {
        var message = await store.Messages.CreateAsync(new Message
        {
            Id = Guid.NewGuid().ToString("N"),
            ChatId = chatId,
            ParentId = parentId,
            Role = role,
            Content = content,
            CreatedAt = at,
            UpdatedAt = at,
        });
        if (deleteAfter)
        {
            Assert.True(await store.Messages.DeleteAsync(message.Id));
        }

        return message;
    }
}
