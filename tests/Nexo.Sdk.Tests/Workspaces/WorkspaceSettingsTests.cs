namespace Nexo.Sdk.Tests.Workspaces;

public sealed class WorkspaceSettingsTests
{
    [Fact]
    public async Task UpdateSettingsAsync_ChangesOnlyTheFieldsInThePatch()
    {
        await using var db = new TempDatabase();
        var clock = new ManualTimeProvider();
        await using var nexo = await db.OpenAsync(clock);
        var ws = await nexo.Workspaces.CreateAsync(new NewWorkspace { Name = "w" });
        clock.Advance();
        await nexo.Workspaces.UpdateSettingsAsync(ws.Id, new WorkspaceSettingsPatch
        {
            SystemMessage = "Be brief, {{name}}.",
            DefaultModel = "gpt-x",
            Temperature = 0.3,
            MaxTokens = 512,
            MaxAgentIterations = 5,
            ToolPermissionMode = ToolPermissionMode.AllowAll,
        });
        clock.Advance();

        var patched = await nexo.Workspaces.UpdateSettingsAsync(ws.Id, new WorkspaceSettingsPatch { StreamEnabled = false });

        Assert.False(patched.StreamEnabled);
        Assert.Equal("Be brief, {{name}}.", patched.SystemMessage);
        Assert.Equal("gpt-x", patched.DefaultModel);
        Assert.Equal(0.3, patched.Temperature);
        Assert.Equal(512, patched.MaxTokens);
        Assert.Equal(5, patched.MaxAgentIterations);
        Assert.Equal(ToolPermissionMode.AllowAll, patched.ToolPermissionMode);
        Assert.Equal(ws.CreatedAt, patched.CreatedAt);
        Assert.Equal(clock.Now, patched.UpdatedAt);

        await using var reopened = await db.OpenAsync();
        var stored = await reopened.Workspaces.GetSettingsAsync(ws.Id);
        Assert.Equal(patched with { ToolPermissions = stored.ToolPermissions, McpToolIds = stored.McpToolIds }, stored);
    }

    [Fact]
    public async Task UpdateSettingsAsync_EmptyStringsAndClearFlagsResetOptionalValues()
    {
        await using var db = new TempDatabase();
        await using var nexo = await db.OpenAsync();
        var ws = await nexo.Workspaces.CreateAsync(new NewWorkspace { Name = "w" });
        var connection = await nexo.Connections.CreateAsync(new NewLlmConnection { Name = "c", Provider = LlmProviderKind.Echo, BaseUrl = "http://localhost:1" });
        await nexo.Workspaces.UpdateSettingsAsync(ws.Id, new WorkspaceSettingsPatch
        {
            SystemMessage = "s",
            DefaultModel = "m",
            LlmConnectionId = connection.Id,
            Temperature = 1,
            MaxTokens = 10,
        });

        var cleared = await nexo.Workspaces.UpdateSettingsAsync(ws.Id, new WorkspaceSettingsPatch
        {
            SystemMessage = "",
            DefaultModel = "",
            LlmConnectionId = "",
            ClearTemperature = true,
            ClearMaxTokens = true,
        });

        Assert.Null(cleared.SystemMessage);
        Assert.Null(cleared.DefaultModel);
        Assert.Null(cleared.LlmConnectionId);
        Assert.Null(cleared.Temperature);
        Assert.Null(cleared.MaxTokens);
        var stored = await nexo.Workspaces.GetSettingsAsync(ws.Id);
        Assert.Null(stored.SystemMessage);
        Assert.Null(stored.DefaultModel);
        Assert.Null(stored.LlmConnectionId);
        Assert.Null(stored.Temperature);
        Assert.Null(stored.MaxTokens);
    }

    [Fact]
    public async Task UpdateSettingsAsync_ReplacesToolRulesAndToolMaps_AndTheyRoundTrip()
    {
        await using var db = new TempDatabase();
        await using var nexo = await db.OpenAsync();
        var ws = await nexo.Workspaces.CreateAsync(new NewWorkspace { Name = "w" });
        await nexo.Workspaces.UpdateSettingsAsync(ws.Id, new WorkspaceSettingsPatch
        {
            ToolPermissions = new Dictionary<string, ToolPermissionRule> { ["old"] = ToolPermissionRule.AlwaysAllow },
        });

        await nexo.Workspaces.UpdateSettingsAsync(ws.Id, new WorkspaceSettingsPatch
        {
            ToolPermissions = new Dictionary<string, ToolPermissionRule>
            {
                ["srv-1/read_file"] = ToolPermissionRule.AlwaysAllow,
                ["delete_file"] = ToolPermissionRule.AlwaysDeny,
            },
            McpToolIds = new Dictionary<string, IReadOnlyList<string>> { ["srv-1"] = ["read_file", "read_file", " ", "list"] },
        });

        await using var reopened = await db.OpenAsync();
        var stored = await reopened.Workspaces.GetSettingsAsync(ws.Id);
        Assert.Equal(2, stored.ToolPermissions.Count);
        Assert.False(stored.ToolPermissions.ContainsKey("old"));
        Assert.Equal(ToolPermissionRule.AlwaysAllow, stored.ToolPermissions["srv-1/read_file"]);
        Assert.Equal(ToolPermissionRule.AlwaysDeny, stored.ToolPermissions["delete_file"]);
        Assert.Equal(["read_file", "list"], stored.McpToolIds["srv-1"]);
    }

    [Fact]
    public async Task UpdateSettingsAsync_BindsANewBareNameRuleToTheOneServerEnablingTheTool_AndKeepsRememberedFingerprintsOfUnchangedRules()
    {
        await using var db = new TempDatabase();
        await using var nexo = await db.OpenAsync();
        var ws = await nexo.Workspaces.CreateAsync(new NewWorkspace { Name = "w" });
        await nexo.Workspaces.UpdateSettingsAsync(ws.Id, new WorkspaceSettingsPatch
        {
            McpToolIds = new Dictionary<string, IReadOnlyList<string>> { ["srv-1"] = ["read_file", "list"], ["srv-2"] = ["list"] },
        });
        var remembered = (await nexo.Workspaces.GetSettingsAsync(ws.Id)) with
        {
            ToolPermissions = new Dictionary<string, ToolPermissionRule> { ["srv-2/list"] = ToolPermissionRule.AlwaysAllow, ["srv-1/list"] = ToolPermissionRule.AlwaysAllow },
            ToolRuleBindings = new Dictionary<string, ToolRuleBinding> { ["srv-2/list"] = new("srv-2", "f2"), ["srv-1/list"] = new("srv-1", "f1") },
        };
        await nexo.WorkspaceRepository.SaveSettingsAsync(remembered);

        // A client writes the whole map back: unchanged rules keep what they were made for; a changed one loses it.
        await nexo.Workspaces.UpdateSettingsAsync(ws.Id, new WorkspaceSettingsPatch
        {
            ToolPermissions = new Dictionary<string, ToolPermissionRule>
            {
                ["srv-2/list"] = ToolPermissionRule.AlwaysAllow,
                ["srv-1/list"] = ToolPermissionRule.AlwaysDeny,
                ["read_file"] = ToolPermissionRule.AlwaysAllow,
                ["list"] = ToolPermissionRule.AlwaysAllow,
                ["other"] = ToolPermissionRule.AlwaysAllow,
            },
        });

        await using var reopened = await db.OpenAsync();
        var bindings = (await reopened.Workspaces.GetSettingsAsync(ws.Id)).ToolRuleBindings;
        Assert.Equal(new ToolRuleBinding("srv-2", "f2"), bindings["srv-2/list"]);
        Assert.Equal(new ToolRuleBinding("srv-1", null), bindings["read_file"]);
        Assert.False(bindings.ContainsKey("srv-1/list"));
        Assert.False(bindings.ContainsKey("list")); // two servers enable "list": the rule is bound to neither
        Assert.False(bindings.ContainsKey("other"));
        Assert.Equal(2, bindings.Count);
    }

    [Fact]
    public async Task UpdateSettingsAsync_WithExistingConnection_StoresIt()
    {
        await using var db = new TempDatabase();
        await using var nexo = await db.OpenAsync();
        var ws = await nexo.Workspaces.CreateAsync(new NewWorkspace { Name = "w" });
        var connection = await nexo.Connections.CreateAsync(new NewLlmConnection { Name = "c", Provider = LlmProviderKind.OpenAI, BaseUrl = "https://api.example.com/v1" });

        await nexo.Workspaces.UpdateSettingsAsync(ws.Id, new WorkspaceSettingsPatch { LlmConnectionId = connection.Id });

        Assert.Equal(connection.Id, (await nexo.Workspaces.GetSettingsAsync(ws.Id)).LlmConnectionId);
    }

    [Fact]
    public async Task SaveSettingsAsync_WithUnknownConnection_IsAValidationErrorFromTheForeignKey()
    {
        await using var db = new TempDatabase();
        await using var nexo = await db.OpenAsync();
        var ws = await nexo.Workspaces.CreateAsync(new NewWorkspace { Name = "w" });
        var settings = await nexo.Workspaces.GetSettingsAsync(ws.Id);

        await NexoAssert.ValidationAsync("llmConnectionId", () => nexo.WorkspaceRepository.SaveSettingsAsync(settings with { LlmConnectionId = "missing" }));
    }
}
