using System.Runtime.CompilerServices;
using System.Text.Json;
using Dapper;
using Microsoft.Data.Sqlite;
using Nexo.Storage;

namespace Nexo.Sdk.Tests.Fixtures;

/// <summary>
/// Writes the fixture database: a small real database with a few rows in every table, written through the SDK at
/// the current schema version. One file per schema version is kept (<c>schema-vN.db</c>); each is opened by
/// <c>FixtureDatabaseTests</c> to prove that every earlier version migrates to the latest with its data intact.
/// See <c>Fixtures/README.md</c> for when and how to write a new one.
/// </summary>
public static class FixtureDatabase
{
    /// <summary>Set to 1 to write <c>schema-v{latest}.db</c> into the source tree (it never overwrites an existing file).</summary>
    public const string WriteVariable = "NEXO_WRITE_FIXTURE";

    /// <summary>The host-supplied key the fixtures are encrypted with (a test key; it protects nothing real).</summary>
    public static readonly byte[] Key = Convert.FromHexString("6e65786f2d66697874757265732d6b65792d6e6f742d612d7265616c2d6b6579");

    public const string WorkspaceId = "fx-workspace";
    public const string WorkspaceName = "Fixture workspace";
    public const string SecondWorkspaceId = "fx-workspace-2";
    public const string ConnectionId = "fx-connection";
    public const string ApiKey = "sk-fixture-0000000000000000abcd";
    public const string ConnectionHeader = "fixture-header-value";
    public const string StdioServerId = "fx-mcp-stdio";
    public const string StdioEnvValue = "fixture-env-secret-value";
    public const string RuleFingerprint = "0123456789abcdef0123456789abcdef";
    public const string HttpServerId = "fx-mcp-http";
    public const string HttpHeaderValue = "Bearer fixture-mcp-token";
    public const string OAuthServerId = "fx-mcp-oauth";
    public const string OAuthClientId = "fixture-oauth-client";
    public const string OAuthClientSecret = "fixture-oauth-client-secret";
    public const string OAuthAccessToken = "fixture-oauth-access-token";
    public const string ChatId = "fx-chat";
    public const string ArchivedChatId = "fx-chat-archived";
    public const string PromptId = "fx-prompt";
    public const string SearchWord = "zanzibar";
    public const int ChatMessages = 6;

    public static readonly DateTimeOffset Start = new(2026, 1, 1, 9, 0, 0, TimeSpan.Zero);

    /// <summary>The folder of the committed fixtures in the source tree.</summary>
    public static string SourceFolder => Path.GetDirectoryName(ThisFile())!;

    /// <summary>The fixtures copied beside the test assembly, by schema version.</summary>
    public static IReadOnlyDictionary<int, string> Committed()
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "Fixtures");
        return Directory.GetFiles(folder, "schema-v*.db")
            .ToDictionary(f => int.Parse(Path.GetFileNameWithoutExtension(f)["schema-v".Length..], System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>Writes a fixture database at <paramref name="path"/> with the current code and checkpoints it into one file.</summary>
    public static async Task WriteAsync(string path)
    {
        var clock = new ManualTimeProvider(Start);
        await using (var nexo = await NexoClient.OpenAsync(new NexoOptions { DatabasePath = path, EncryptionKey = Key, TimeProvider = clock }))
        {
            await WriteRowsAsync(nexo, clock);
        }

        SqliteConnection.ClearAllPools();
        await using var raw = new SqliteConnection($"Data Source={path};Pooling=False");
        raw.Open();
        raw.Execute("PRAGMA wal_checkpoint(TRUNCATE); VACUUM;");
    }

    private static async Task WriteRowsAsync(NexoClient nexo, ManualTimeProvider clock)
    {
        var ws = await nexo.Workspaces.CreateAsync(new NewWorkspace { Id = WorkspaceId, Name = WorkspaceName, RootPath = "/fixture/project" });
        await nexo.Workspaces.CreateAsync(new NewWorkspace { Id = SecondWorkspaceId, Name = "Second fixture workspace" });
        clock.Advance();

        await nexo.Connections.CreateAsync(new NewLlmConnection
        {
            Id = ConnectionId,
            Name = "Fixture OpenAI",
            Provider = LlmProviderKind.OpenAI,
            BaseUrl = "https://api.openai.example/v1",
            ApiKey = ApiKey,
            Headers = new Dictionary<string, string> { ["X-Fixture"] = ConnectionHeader },
            Models = [new LlmModel { Id = "fixture-model", Name = "Fixture model", SupportsTools = true }],
            DefaultModel = "fixture-model",
        });
        await nexo.McpServers.CreateAsync(new NewMcpServer
        {
            Id = StdioServerId,
            Name = "Fixture stdio server",
            Transport = McpTransportKind.Stdio,
            Command = "node",
            Args = ["server.js", "--fixture"],
            Env = new Dictionary<string, string> { ["FIXTURE_TOKEN"] = StdioEnvValue },
            InheritEnv = ["FIXTURE_PASSTHROUGH"], // schema v5
            WorkingDirectory = "/fixture/project",
        });
        await nexo.McpServers.CreateAsync(new NewMcpServer
        {
            Id = HttpServerId,
            Name = "Fixture http server",
            Transport = McpTransportKind.Http,
            Url = "https://mcp.fixture.example/mcp",
            Headers = new Dictionary<string, string> { ["Authorization"] = HttpHeaderValue },
        });
        await nexo.McpServers.UpdateStatusAsync(StdioServerId, McpServerStatus.Connected, null, [new McpToolInfo { Name = "read_file", Description = "Reads a file" }]);
        await nexo.Workspaces.UpdateSettingsAsync(ws.Id, new WorkspaceSettingsPatch
        {
            SystemMessage = "You are the fixture assistant for {{project}}.",
            LlmConnectionId = ConnectionId,
            DefaultModel = "fixture-model",
            Temperature = 0.4,
            MaxTokens = 2048,
            MaxAgentIterations = 7,
            ToolPermissionMode = ToolPermissionMode.Ask,
            ToolPermissions = new Dictionary<string, ToolPermissionRule> { [$"{StdioServerId}/read_file"] = ToolPermissionRule.AlwaysAllow },
            McpToolIds = new Dictionary<string, IReadOnlyList<string>> { [StdioServerId] = ["read_file"] },
        });

        // schema v6: a remembered rule carries the fingerprint of the tool it was made for.
        var settings = await nexo.Workspaces.GetSettingsAsync(ws.Id);
        await nexo.WorkspaceRepository.SaveSettingsAsync(settings with
        {
            ToolRuleBindings = new Dictionary<string, ToolRuleBinding> { [$"{StdioServerId}/read_file"] = new(StdioServerId, RuleFingerprint) },
        });
        clock.Advance();

        var chat = await nexo.Chats.CreateAsync(new NewChat { Id = ChatId, WorkspaceId = ws.Id, Title = "Fixture chat" });
        var question = await nexo.Messages.CreateAsync(new NewMessage { Id = "fx-m1", ChatId = chat.Id, Role = MessageRole.User, Content = $"Tell me about {SearchWord}." });
        clock.Advance();
        await nexo.MessageRepository.CreateAsync(new Message
        {
            Id = "fx-m2",
            ChatId = chat.Id,
            ParentId = question.Id,
            Role = MessageRole.Assistant,
            Content = "Let me look that up.",
            Reasoning = "The user wants facts.",
            ToolCalls = [new ToolCall { Id = "call-1", Name = "read_file", Arguments = JsonDocument.Parse("""{"path":"notes.md"}""").RootElement, ServerId = StdioServerId }],
            Status = MessageStatus.Complete,
            FinishReason = "tool_calls",
            Model = "fixture-model",
            ConnectionId = ConnectionId,
            Usage = new TokenUsage { InputTokens = 12, OutputTokens = 8, TotalTokens = 20 },
            CreatedAt = clock.Now,
            UpdatedAt = clock.Now,
        });
        await nexo.MessageRepository.CreateAsync(new Message { Id = "fx-m3", ChatId = chat.Id, ParentId = "fx-m2", Role = MessageRole.Tool, ToolCallId = "call-1", Content = $"{SearchWord} is an archipelago.", CreatedAt = clock.Now, UpdatedAt = clock.Now });
        await nexo.MessageRepository.CreateAsync(new Message { Id = "fx-m4", ChatId = chat.Id, ParentId = "fx-m3", Role = MessageRole.Assistant, Content = $"{SearchWord} lies off the coast of Tanzania.", Metadata = JsonDocument.Parse("""{"source":"fixture"}""").RootElement, CreatedAt = clock.Now, UpdatedAt = clock.Now });
        await nexo.MessageRepository.CreateAsync(new Message { Id = "fx-m5", ChatId = chat.Id, ParentId = question.Id, Role = MessageRole.Assistant, Content = "An alternative answer on another branch.", CreatedAt = clock.Now, UpdatedAt = clock.Now });
        await nexo.MessageRepository.CreateAsync(new Message { Id = "fx-m6", ChatId = chat.Id, ParentId = "fx-m4", Role = MessageRole.Assistant, Content = "Interrupted answ", Status = MessageStatus.Streaming, CreatedAt = clock.Now, UpdatedAt = clock.Now });
        await nexo.Chats.UpdateAsync(chat.Id, new ChatUpdate { Pinned = true, LastMessage = $"{SearchWord} lies off the coast", ActiveMessageId = "fx-m4" });
        var archived = await nexo.Chats.CreateAsync(new NewChat { Id = ArchivedChatId, WorkspaceId = ws.Id, Title = "Archived fixture chat" });
        await nexo.Messages.CreateAsync(new NewMessage { Id = "fx-a1", ChatId = archived.Id, Role = MessageRole.System, Content = "An old system note." });
        await nexo.Chats.UpdateAsync(archived.Id, new ChatUpdate { Archived = true });

        await nexo.Prompts.CreateAsync(new NewPrompt { Id = PromptId, Name = "Fixture prompt", Content = "Summarise {{text}} for {{audience}}.", Description = "A fixture prompt" });
        await nexo.Settings.SetAsync("fixture.theme", "dark");
        // schema v7: the cost ledger (a price, a monthly budget, a usage record with its cost and cached tokens).
        await nexo.Usage.SetModelPriceAsync(new ModelPrice { Model = "fixture-model", InputPerMillion = 2.5m, OutputPerMillion = 10m, CachedInputPerMillion = 1.25m });
        await nexo.Workspaces.UpdateSettingsAsync(ws.Id, new WorkspaceSettingsPatch { MonthlyBudgetUsd = 20m });
        // schema v8: the workspace's context strategy.
        await nexo.Workspaces.UpdateSettingsAsync(ws.Id, new WorkspaceSettingsPatch { ContextStrategy = ContextStrategy.Truncate });
        // schema v9: the workspace's built-in tools.
        await nexo.Workspaces.UpdateSettingsAsync(ws.Id, new WorkspaceSettingsPatch { BuiltinTools = [BuiltinToolNames.ReadFile, BuiltinToolNames.SearchText] });
        // schema v10: an OAuth-protected HTTP server with a static client (its secret encrypted) and stored tokens.
        await nexo.McpServers.CreateAsync(new NewMcpServer
        {
            Id = OAuthServerId,
            Name = "Fixture oauth server",
            Transport = McpTransportKind.Http,
            Url = "https://oauth.fixture.example/mcp",
            OAuth = new McpOAuthSettings { ClientId = OAuthClientId, ClientSecret = OAuthClientSecret, Scopes = ["mcp:tools"] },
        });
        await nexo.McpOAuthTokenRepository.SaveAsync(OAuthServerId, new McpOAuthTokens
        {
            AccessToken = OAuthAccessToken,
            RefreshToken = "fixture-oauth-refresh-token",
            ObtainedAt = clock.Now,
            ExpiresAt = clock.Now.AddHours(1),
            ClientId = OAuthClientId,
            ClientSecret = OAuthClientSecret,
            AuthorizationServer = "https://auth.fixture.example",
        }, CancellationToken.None);
        await nexo.Usage.RecordAsync(new UsageRecord
        {
            Id = "fx-usage-1",
            WorkspaceId = ws.Id,
            ChatId = chat.Id,
            MessageId = "fx-m2",
            ConnectionId = ConnectionId,
            Provider = "openai",
            Model = "fixture-model",
            InputTokens = 12,
            CachedInputTokens = 4,
            OutputTokens = 8,
            TotalTokens = 20,
            Cost = 0.000105m,
            LatencyMs = 321,
            IsStream = true,
            CreatedAt = clock.Now,
        });
    }

    /// <summary>The tables of the current schema that hold data (no SQLite or FTS shadow tables).</summary>
    public static IReadOnlyList<string> DataTables(SqliteConnection connection) =>
        connection.Query<string>(
            """
            SELECT name FROM sqlite_master
            WHERE type = 'table' AND name NOT LIKE 'sqlite_%'
              AND name NOT IN (SELECT name || suffix FROM sqlite_master, (SELECT '_data' AS suffix UNION ALL SELECT '_idx' UNION ALL SELECT '_docsize' UNION ALL SELECT '_config' UNION ALL SELECT '_content') WHERE sql LIKE 'CREATE VIRTUAL TABLE%')
            ORDER BY name
            """).ToList();

    /// <summary>The file name for a schema version.</summary>
    public static string FileName(int version) => $"schema-v{version}.db";

    private static string ThisFile([CallerFilePath] string path = "") => path;

    /// <summary>The latest schema version this build writes.</summary>
    public static int LatestVersion => NexoDatabase.LatestVersion;
}
