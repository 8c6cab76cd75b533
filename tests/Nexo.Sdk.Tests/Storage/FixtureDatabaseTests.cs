using Dapper;
using Microsoft.Data.Sqlite;
using Nexo.Sdk.Tests.Fixtures;
using Nexo.Storage;

namespace Nexo.Sdk.Tests.Storage;

public sealed class FixtureDatabaseTests
{
    public static TheoryData<int> FixtureVersions()
    {
        var data = new TheoryData<int>();
        foreach (var version in FixtureDatabase.Committed().Keys.Order())
        {
            data.Add(version);
        }

        return data;
    }

    [Fact]
    public void AFixtureIsCommitted_ForEverySchemaVersion()
    {
        Assert.Equal(Enumerable.Range(1, NexoDatabase.LatestVersion), FixtureDatabase.Committed().Keys.Order());
    }

    [Theory]
    [MemberData(nameof(FixtureVersions))]
    public async Task EveryFixture_WrittenAtItsSchemaVersion_HasThatVersion(int version)
    {
        await using var db = new TempDatabase();
        File.Copy(FixtureDatabase.Committed()[version], db.Path_);

        await using var raw = db.OpenRaw();
        Assert.Equal(version, raw.ExecuteScalar<int>("PRAGMA user_version"));
    }

    [Theory]
    [MemberData(nameof(FixtureVersions))]
    public async Task EveryFixture_MigratesToTheLatestVersion_WithItsDataIntact(int version)
    {
        await using var db = new TempDatabase();
        var source = FixtureDatabase.Committed()[version];
        File.Copy(source, db.Path_);
        var original = await File.ReadAllBytesAsync(source);

        await using (var nexo = await db.OpenAsync(o => o.EncryptionKey = FixtureDatabase.Key))
        {
            Assert.Equal(NexoDatabase.LatestVersion, nexo.SchemaVersion);
            await AssertFixtureDataAsync(nexo, writerGone: true, version);
        }

        SqliteConnection.ClearAllPools();
        await using var raw = db.OpenRaw();
        Assert.Equal(NexoDatabase.LatestVersion, raw.ExecuteScalar<int>("PRAGMA user_version"));
        Assert.Equal("ok", raw.ExecuteScalar<string>("PRAGMA integrity_check"));
        Assert.Empty(raw.Query("PRAGMA foreign_key_check"));
        raw.Execute("INSERT INTO messages_fts (messages_fts, rank) VALUES ('integrity-check', 1)");
        Assert.Equal(original, await File.ReadAllBytesAsync(source));
    }

    [Fact]
    public async Task Generator_FillsEveryTableOfTheCurrentSchema()
    {
        await using var db = new TempDatabase();

        await FixtureDatabase.WriteAsync(db.Path_);

        SqliteConnection.ClearAllPools();
        await using (var raw = db.OpenRaw())
        {
            Assert.Equal(NexoDatabase.LatestVersion, raw.ExecuteScalar<int>("PRAGMA user_version"));
            var tables = FixtureDatabase.DataTables(raw);
            Assert.Contains("messages_fts", tables);
            foreach (var table in tables)
            {
                Assert.True(raw.ExecuteScalar<long>($"SELECT count(*) FROM \"{table}\"") > 0, $"The fixture generator leaves table '{table}' empty.");
            }
        }

        await using (var nexo = await db.OpenAsync(o => o.EncryptionKey = FixtureDatabase.Key))
        {
            await AssertFixtureDataAsync(nexo, writerGone: false, NexoDatabase.LatestVersion);
        }

        if (Environment.GetEnvironmentVariable(FixtureDatabase.WriteVariable) == "1")
        {
            SqliteConnection.ClearAllPools();
            var target = Path.Combine(FixtureDatabase.SourceFolder, FixtureDatabase.FileName(NexoDatabase.LatestVersion));
            Assert.False(File.Exists(target), $"{target} exists already; committed fixtures are never rewritten.");
            var fresh = Path.Combine(db.Folder, "fresh.db");
            await FixtureDatabase.WriteAsync(fresh);
            File.Copy(fresh, target);
        }
    }

    /// <summary>The rows every fixture holds (the fixture of schema <paramref name="version"/>), read through the current SDK.</summary>
    private static async Task AssertFixtureDataAsync(NexoClient nexo, bool writerGone, int version)
    {
        var ws = await nexo.Workspaces.GetAsync(FixtureDatabase.WorkspaceId);
        Assert.Equal((FixtureDatabase.WorkspaceName, "/fixture/project"), (ws.Name, ws.RootPath));
        Assert.Equal(ws, await nexo.Workspaces.FindAsync(FixtureDatabase.WorkspaceName.ToUpperInvariant()));
        Assert.Equal(2, (await nexo.Workspaces.ListAsync()).Count);

        var settings = await nexo.Workspaces.GetSettingsAsync(ws.Id);
        Assert.Equal("You are the fixture assistant for {{project}}.", settings.SystemMessage);
        Assert.Equal((FixtureDatabase.ConnectionId, "fixture-model", 0.4, 2048, 7), (settings.LlmConnectionId, settings.DefaultModel, settings.Temperature, settings.MaxTokens, settings.MaxAgentIterations));
        Assert.Equal(ToolPermissionRule.AlwaysAllow, settings.ToolPermissions[$"{FixtureDatabase.StdioServerId}/read_file"]);
        if (version >= 6)
        {
            Assert.Equal(new ToolRuleBinding(FixtureDatabase.StdioServerId, FixtureDatabase.RuleFingerprint), settings.ToolRuleBindings[$"{FixtureDatabase.StdioServerId}/read_file"]);
        }
        else
        {
            Assert.Empty(settings.ToolRuleBindings); // rules stored before v6 have no fingerprint: they keep working as saved
        }
        Assert.Equal(["read_file"], settings.McpToolIds[FixtureDatabase.StdioServerId]);

        var connection = await nexo.Connections.GetAsync(FixtureDatabase.ConnectionId);
        Assert.Equal(("…abcd", "fixture-model"), (connection.ApiKeyPreview, connection.DefaultModel));
        var connectionSecrets = await nexo.Connections.GetSecretsAsync(connection.Id);
        Assert.Equal(FixtureDatabase.ApiKey, connectionSecrets.ApiKey);
        Assert.Equal(FixtureDatabase.ConnectionHeader, connectionSecrets.Headers["X-Fixture"]);

        var stdio = await nexo.McpServers.GetAsync(FixtureDatabase.StdioServerId);
        // Stored as connected by the process that wrote the fixture: once that process is gone it reads as disconnected, its tools kept.
        Assert.Equal(("node", writerGone ? McpServerStatus.Disconnected : McpServerStatus.Connected), (stdio.Command, stdio.Status));
        Assert.Equal(["server.js", "--fixture"], stdio.Args);
        Assert.Equal("read_file", Assert.Single(stdio.Tools).Name);
        Assert.Equal(FixtureDatabase.StdioEnvValue, (await nexo.McpServers.GetSecretsAsync(stdio.Id)).Env["FIXTURE_TOKEN"]);
        Assert.Equal(FixtureDatabase.HttpHeaderValue, (await nexo.McpServers.GetSecretsAsync(FixtureDatabase.HttpServerId)).Headers["Authorization"]);
        var http = await nexo.McpServers.GetAsync(FixtureDatabase.HttpServerId);
        Assert.Equal((null, false), (http.OAuth, http.Authorized)); // no server used OAuth before schema v10
        if (version >= 10)
        {
            var oauth = await nexo.McpServers.GetAsync(FixtureDatabase.OAuthServerId);
            Assert.Equal((FixtureDatabase.OAuthClientId, "***", true), (oauth.OAuth!.ClientId, oauth.OAuth.ClientSecret, oauth.Authorized));
            Assert.Equal(["mcp:tools"], oauth.OAuth.Scopes);
            Assert.Equal(FixtureDatabase.OAuthClientSecret, (await nexo.McpServers.GetSecretsAsync(oauth.Id)).OAuthClientSecret);
            Assert.Equal(FixtureDatabase.OAuthAccessToken, (await nexo.McpOAuthTokenRepository.GetAsync(oauth.Id, CancellationToken.None))!.AccessToken);
        }
        else
        {
            Assert.Null(await nexo.McpServers.FindByIdAsync(FixtureDatabase.OAuthServerId));
        }

        var chat = await nexo.Chats.GetAsync(FixtureDatabase.ChatId);
        Assert.Equal(("Fixture chat", true, "fx-m4"), (chat.Title, chat.Pinned, chat.ActiveMessageId));
        Assert.Equal([FixtureDatabase.ChatId], (await nexo.Chats.ListAsync(ws.Id)).Items.Select(c => c.Id));
        Assert.Equal(2, (await nexo.Chats.ListAsync(ws.Id, new ChatQuery { IncludeArchived = true })).Items.Count);

        var messages = await nexo.Messages.ListAsync(chat.Id);
        Assert.Equal(Enumerable.Range(1, FixtureDatabase.ChatMessages).Select(i => $"fx-m{i}"), messages.Select(m => m.Id));
        Assert.Equal(Enumerable.Range(1, FixtureDatabase.ChatMessages).Select(i => (long)i), messages.Select(m => m.Sequence));
        var toolCall = Assert.Single(messages[1].ToolCalls!);
        Assert.Equal(("read_file", "notes.md"), (toolCall.Name, toolCall.Arguments!.Value.GetProperty("path").GetString()));
        Assert.Equal(20, messages[1].Usage!.TotalTokens);
        Assert.Equal("fixture", messages[3].Metadata!.Value.GetProperty("source").GetString());
        // Left streaming by a writer that is gone: opening the database marks it interrupted, content kept.
        // While the writer (this process) is alive it stays streaming.
        Assert.Equal(writerGone ? MessageStatus.Error : MessageStatus.Streaming, messages[5].Status);
        Assert.Equal("Interrupted answ", messages[5].Content);
        if (writerGone)
        {
            Assert.StartsWith("Interrupted", messages[5].Error, StringComparison.Ordinal);
        }
        Assert.Equal(["fx-m1", "fx-m2", "fx-m3", "fx-m4"], (await nexo.Messages.GetActiveBranchAsync(chat.Id)).Select(m => m.Id));

        var hits = await nexo.Messages.SearchAsync(new MessageSearchQuery { Text = FixtureDatabase.SearchWord });
        Assert.Equal(["fx-m1", "fx-m3", "fx-m4"], hits.Select(h => h.MessageId).Order());
        Assert.All(hits, h => Assert.Contains($"[{FixtureDatabase.SearchWord}]", h.Snippet, StringComparison.OrdinalIgnoreCase));

        var prompt = await nexo.Prompts.GetAsync(FixtureDatabase.PromptId);
        Assert.Equal(["text", "audience"], prompt.Variables);
        Assert.Equal("dark", await nexo.Settings.GetAsync("fixture.theme"));
        var usage = Assert.Single(await nexo.Usage.ListAsync());
        Assert.Equal(("fx-usage-1", 321L, true), (usage.Id, usage.LatencyMs, usage.IsStream));
        // Before schema v8 every workspace summarized; the v8 fixture's workspace truncates.
        Assert.Equal(version >= 8 ? ContextStrategy.Truncate : ContextStrategy.Summarize, settings.ContextStrategy);
        // Before schema v9 no workspace had built-in tools, and no chat a plan.
        Assert.Equal(version >= 9 ? ["read_file", "search_text"] : [], settings.BuiltinTools);
        Assert.Null(chat.Plan);
        if (version >= 7)
        {
            Assert.Equal((0.000105m, 4L), (usage.Cost, usage.CachedInputTokens));
            var price = Assert.Single(await nexo.Usage.GetModelPricesAsync());
            Assert.Equal(("fixture-model", 2.5m, 10m, (decimal?)1.25m, (decimal?)null), (price.Model, price.InputPerMillion, price.OutputPerMillion, price.CachedInputPerMillion, price.ReasoningPerMillion));
            Assert.Equal(20m, settings.MonthlyBudgetUsd);
        }
        else
        {
            // records made before the cost ledger have no cost: unknown, not free; nothing is priced and there is no budget.
            Assert.Equal((null, 0L), (usage.Cost, usage.CachedInputTokens));
            Assert.Equal((null, 1L), ((await nexo.Usage.GetSummaryAsync()).Cost, (await nexo.Usage.GetSummaryAsync()).CostUnknownRecords));
            Assert.Empty(await nexo.Usage.GetModelPricesAsync());
            Assert.Null(settings.MonthlyBudgetUsd);
        }

        // The migrated database keeps working: sequences continue after the stored ones.
        var next = await nexo.Messages.CreateAsync(new NewMessage { ChatId = chat.Id, Role = MessageRole.User, Content = "after the migration" });
        Assert.Equal(FixtureDatabase.ChatMessages + 1, next.Sequence);
    }
}
