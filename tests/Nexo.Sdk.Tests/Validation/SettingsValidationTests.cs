namespace Nexo.Sdk.Tests.Validation;

/// <summary>Workspace settings, messages, searches, prompts, app settings and usage queries.</summary>
public sealed class SettingsValidationTests
{
    [Theory]
    [InlineData(-0.01)]
    [InlineData(2.01)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public async Task TemperatureOutOfRange_IsAValidationErrorOnTemperature(double temperature)
    {
        await using var db = new TempDatabase();
        await using var nexo = await db.OpenAsync();
        var ws = await nexo.Workspaces.CreateAsync(new NewWorkspace { Name = "w" });

        await NexoAssert.ValidationAsync("temperature", () => nexo.Workspaces.UpdateSettingsAsync(ws.Id, new WorkspaceSettingsPatch { Temperature = temperature }));
        Assert.Null((await nexo.Workspaces.GetSettingsAsync(ws.Id)).Temperature);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(2.0)]
    public async Task TemperatureAtTheBounds_IsAccepted(double temperature)
    {
        await using var db = new TempDatabase();
        await using var nexo = await db.OpenAsync();
        var ws = await nexo.Workspaces.CreateAsync(new NewWorkspace { Name = "w" });

        await nexo.Workspaces.UpdateSettingsAsync(ws.Id, new WorkspaceSettingsPatch { Temperature = temperature });

        Assert.Equal(temperature, (await nexo.Workspaces.GetSettingsAsync(ws.Id)).Temperature);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-5)]
    [InlineData(101)]
    public async Task MaxAgentIterationsOutOfRange_IsAValidationErrorOnMaxAgentIterations(int iterations)
    {
        await using var db = new TempDatabase();
        await using var nexo = await db.OpenAsync();
        var ws = await nexo.Workspaces.CreateAsync(new NewWorkspace { Name = "w" });

        await NexoAssert.ValidationAsync("maxAgentIterations", () => nexo.Workspaces.UpdateSettingsAsync(ws.Id, new WorkspaceSettingsPatch { MaxAgentIterations = iterations }));
        Assert.Equal(WorkspaceSettings.DefaultMaxAgentIterations, (await nexo.Workspaces.GetSettingsAsync(ws.Id)).MaxAgentIterations);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(10_000_001)]
    public async Task MaxTokensOutOfRange_IsAValidationErrorOnMaxTokens(int maxTokens)
    {
        await using var db = new TempDatabase();
        await using var nexo = await db.OpenAsync();
        var ws = await nexo.Workspaces.CreateAsync(new NewWorkspace { Name = "w" });

        await NexoAssert.ValidationAsync("maxTokens", () => nexo.Workspaces.UpdateSettingsAsync(ws.Id, new WorkspaceSettingsPatch { MaxTokens = maxTokens }));
    }

    [Fact]
    public async Task AnUnknownConnection_IsAValidationErrorOnLlmConnectionId()
    {
        await using var db = new TempDatabase();
        await using var nexo = await db.OpenAsync();
        var ws = await nexo.Workspaces.CreateAsync(new NewWorkspace { Name = "w" });

        await NexoAssert.ValidationAsync("llmConnectionId", () => nexo.Workspaces.UpdateSettingsAsync(ws.Id, new WorkspaceSettingsPatch { LlmConnectionId = "missing" }));
    }

    [Fact]
    public async Task ToolRulesWithAnEmptyToolName_AreValidationErrorsOnToolPermissionConfig()
    {
        await using var db = new TempDatabase();
        await using var nexo = await db.OpenAsync();
        var ws = await nexo.Workspaces.CreateAsync(new NewWorkspace { Name = "w" });

        await NexoAssert.ValidationAsync("toolPermissionConfig", () => nexo.Workspaces.UpdateSettingsAsync(ws.Id, new WorkspaceSettingsPatch
        {
            ToolPermissions = new Dictionary<string, ToolPermissionRule> { [" "] = ToolPermissionRule.AlwaysAllow },
        }));
    }

    [Fact]
    public async Task ToolMapsWithABadServerId_AreValidationErrorsOnMcpToolIds()
    {
        await using var db = new TempDatabase();
        await using var nexo = await db.OpenAsync();
        var ws = await nexo.Workspaces.CreateAsync(new NewWorkspace { Name = "w" });

        await NexoAssert.ValidationAsync("mcpToolIds", () => nexo.Workspaces.UpdateSettingsAsync(ws.Id, new WorkspaceSettingsPatch
        {
            McpToolIds = new Dictionary<string, IReadOnlyList<string>> { ["bad id"] = ["t"] },
        }));
    }

    [Fact]
    public async Task AnInvalidRootPath_IsAValidationErrorOnRootPath()
    {
        await using var db = new TempDatabase();
        await using var nexo = await db.OpenAsync();

        await NexoAssert.ValidationAsync("rootPath", () => nexo.Workspaces.CreateAsync(new NewWorkspace { Name = "w", RootPath = "bad\0path" }));
        await NexoAssert.ValidationAsync("rootPath", () => nexo.Workspaces.GetOrCreateForFolderAsync("  "));
    }

    [Fact]
    public async Task MessageInput_IsValidated()
    {
        await using var db = new TempDatabase();
        await using var nexo = await db.OpenAsync();
        var (ws, chat) = await Seed.ChatAsync(nexo);
        var other = await nexo.Chats.CreateAsync(new NewChat { WorkspaceId = ws.Id });
        var foreign = await nexo.Messages.CreateAsync(new NewMessage { ChatId = other.Id, Role = MessageRole.User, Content = "x" });
        using var array = System.Text.Json.JsonDocument.Parse("[1,2]");

        await NexoAssert.ValidationAsync("metadata", () => nexo.Messages.CreateAsync(new NewMessage { ChatId = chat.Id, Role = MessageRole.User, Metadata = array.RootElement }));
        await NexoAssert.ValidationAsync("parentId", () => nexo.Messages.CreateAsync(new NewMessage { ChatId = chat.Id, Role = MessageRole.User, ParentId = foreign.Id }));
        await NexoAssert.ValidationAsync("parentId", () => nexo.Messages.CreateAsync(new NewMessage { ChatId = chat.Id, Role = MessageRole.User, ParentId = "missing" }));
        await NexoAssert.ValidationAsync("activeMessageId", () => nexo.Chats.UpdateAsync(chat.Id, new ChatUpdate { ActiveMessageId = foreign.Id }));
        await NexoAssert.ValidationAsync("content", () => nexo.Messages.UpdateContentAsync(foreign.Id, null!));
        Assert.Equal(0, await nexo.MessageRepository.CountAsync(chat.Id));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(10_001)]
    public async Task MessagePageLimitOutOfRange_IsAValidationErrorOnLimit(int limit)
    {
        await using var db = new TempDatabase();
        await using var nexo = await db.OpenAsync();
        var (_, chat) = await Seed.ChatAsync(nexo);

        await NexoAssert.ValidationAsync("limit", () => nexo.Messages.ListAsync(chat.Id, new MessageQuery { Limit = limit }));
    }

    [Theory]
    [InlineData("", 50, "query")]
    [InlineData("   ", 50, "query")]
    [InlineData("ok", 0, "limit")]
    [InlineData("ok", 501, "limit")]
    public async Task SearchInput_IsValidated(string text, int limit, string field)
    {
        await using var db = new TempDatabase();
        await using var nexo = await db.OpenAsync();

        await NexoAssert.ValidationAsync(field, () => nexo.Messages.SearchAsync(new MessageSearchQuery { Text = text, Limit = limit }));
    }

    [Fact]
    public async Task PromptAndAppSettingInput_IsValidated()
    {
        await using var db = new TempDatabase();
        await using var nexo = await db.OpenAsync();
        var prompt = await nexo.Prompts.CreateAsync(new NewPrompt { Name = "p", Content = "c" });

        await NexoAssert.ValidationAsync("content", () => nexo.Prompts.CreateAsync(new NewPrompt { Name = "q", Content = "  " }));
        await NexoAssert.ValidationAsync("content", () => nexo.Prompts.UpdateAsync(prompt.Id, new PromptUpdate { Content = "" }));
        await NexoAssert.ValidationAsync("value", () => nexo.Settings.SetAsync("k", null!));
        await NexoAssert.ValidationAsync("key", () => nexo.Settings.GetAsync(" "));
        await NexoAssert.ValidationAsync("key", () => nexo.Settings.DeleteAsync(""));
    }

    [Fact]
    public async Task UsageQueries_AreValidated()
    {
        await using var db = new TempDatabase();
        await using var nexo = await db.OpenAsync();
        var start = new DateTimeOffset(2026, 1, 2, 0, 0, 0, TimeSpan.Zero);
        var backwards = new UsageFilter { Start = start, End = start.AddDays(-1) };

        await NexoAssert.ValidationAsync("endDate", () => nexo.Usage.GetSummaryAsync(backwards));
        await NexoAssert.ValidationAsync("endDate", () => nexo.Usage.GetBreakdownAsync(backwards));
        await NexoAssert.ValidationAsync("endDate", () => nexo.Usage.ListAsync(backwards));
        await NexoAssert.ValidationAsync("page", () => nexo.Usage.ListAsync(page: 0));
        await NexoAssert.ValidationAsync("limit", () => nexo.Usage.ListAsync(pageSize: 0));
        await NexoAssert.ValidationAsync("limit", () => nexo.Usage.ListAsync(pageSize: 1001));
    }
}
