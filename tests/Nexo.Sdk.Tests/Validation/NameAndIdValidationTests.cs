namespace Nexo.Sdk.Tests.Validation;

/// <summary>Names (empty, blank, too long, control characters) and ids (blank, spaces, too long) of every entity.</summary>
public sealed class NameAndIdValidationTests
{
    public static TheoryData<string> BadNames => new()
    {
        "",
        "   ",
        new string('n', 201),
        "tab\tname",
        "line\nbreak",
        "nul\0char",
    };

    public static TheoryData<string> BadIds => new()
    {
        "",
        "  ",
        "has space",
        "tab\tid",
        new string('i', 201),
    };

    [Theory]
    [MemberData(nameof(BadNames))]
    public async Task BadNames_AreValidationErrorsOnName_ForEveryEntity(string name)
    {
        await using var db = new TempDatabase();
        await using var nexo = await db.OpenAsync();
        var ws = await nexo.Workspaces.CreateAsync(new NewWorkspace { Name = "ok" });

        await NexoAssert.ValidationAsync("name", () => nexo.Workspaces.CreateAsync(new NewWorkspace { Name = name }));
        await NexoAssert.ValidationAsync("name", () => nexo.Workspaces.UpdateAsync(ws.Id, new WorkspaceUpdate { Name = name }));
        await NexoAssert.ValidationAsync("name", () => nexo.Connections.CreateAsync(new NewLlmConnection { Name = name, Provider = LlmProviderKind.Echo, BaseUrl = "http://localhost:1" }));
        await NexoAssert.ValidationAsync("name", () => nexo.McpServers.CreateAsync(new NewMcpServer { Name = name, Transport = McpTransportKind.Stdio, Command = "x" }));
        await NexoAssert.ValidationAsync("name", () => nexo.Prompts.CreateAsync(new NewPrompt { Name = name, Content = "c" }));
        await NexoAssert.ValidationAsync("key", () => nexo.Settings.SetAsync(name, "v"));
        Assert.Equal("ok", Assert.Single(await nexo.Workspaces.ListAsync()).Name);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public async Task BlankNamesOnUpdate_AreValidationErrorsOnName(string name)
    {
        await using var db = new TempDatabase();
        await using var nexo = await db.OpenAsync();
        var connection = await nexo.Connections.CreateAsync(new NewLlmConnection { Name = "c", Provider = LlmProviderKind.Echo, BaseUrl = "http://localhost:1" });
        var server = await nexo.McpServers.CreateAsync(new NewMcpServer { Name = "s", Transport = McpTransportKind.Stdio, Command = "x" });
        var prompt = await nexo.Prompts.CreateAsync(new NewPrompt { Name = "p", Content = "c" });

        await NexoAssert.ValidationAsync("name", () => nexo.Connections.UpdateAsync(connection.Id, new LlmConnectionUpdate { Name = name }));
        await NexoAssert.ValidationAsync("name", () => nexo.McpServers.UpdateAsync(server.Id, new McpServerUpdate { Name = name }));
        await NexoAssert.ValidationAsync("name", () => nexo.Prompts.UpdateAsync(prompt.Id, new PromptUpdate { Name = name }));
    }

    [Fact]
    public async Task NamesOfExactlyTheMaximumLength_AreAccepted()
    {
        await using var db = new TempDatabase();
        await using var nexo = await db.OpenAsync();
        var name = new string('n', 200);

        var ws = await nexo.Workspaces.CreateAsync(new NewWorkspace { Name = name });
        var chat = await nexo.Chats.CreateAsync(new NewChat { WorkspaceId = ws.Id, Title = name });

        Assert.Equal(name, ws.Name);
        Assert.Equal(name, chat.Title);
    }

    [Fact]
    public async Task ChatTitles_TooLongOrWithControlCharacters_AreValidationErrorsOnTitle()
    {
        await using var db = new TempDatabase();
        await using var nexo = await db.OpenAsync();
        var (ws, chat) = await Seed.ChatAsync(nexo);

        await NexoAssert.ValidationAsync("title", () => nexo.Chats.CreateAsync(new NewChat { WorkspaceId = ws.Id, Title = new string('t', 201) }));
        await NexoAssert.ValidationAsync("title", () => nexo.Chats.CreateAsync(new NewChat { WorkspaceId = ws.Id, Title = "a\u0007b" }));
        await NexoAssert.ValidationAsync("title", () => nexo.Chats.UpdateAsync(chat.Id, new ChatUpdate { Title = " " }));
    }

    [Theory]
    [MemberData(nameof(BadIds))]
    public async Task BadIdsGivenOnCreate_AreValidationErrorsOnId(string id)
    {
        await using var db = new TempDatabase();
        await using var nexo = await db.OpenAsync();
        var (ws, chat) = await Seed.ChatAsync(nexo);

        await NexoAssert.ValidationAsync("id", () => nexo.Workspaces.CreateAsync(new NewWorkspace { Id = id, Name = "n" }));
        await NexoAssert.ValidationAsync("id", () => nexo.Chats.CreateAsync(new NewChat { Id = id, WorkspaceId = ws.Id }));
        await NexoAssert.ValidationAsync("id", () => nexo.Messages.CreateAsync(new NewMessage { Id = id, ChatId = chat.Id, Role = MessageRole.User }));
        await NexoAssert.ValidationAsync("id", () => nexo.Connections.CreateAsync(new NewLlmConnection { Id = id, Name = "c", Provider = LlmProviderKind.Echo, BaseUrl = "http://localhost:1" }));
        await NexoAssert.ValidationAsync("id", () => nexo.McpServers.CreateAsync(new NewMcpServer { Id = id, Name = "s", Transport = McpTransportKind.Stdio, Command = "x" }));
        await NexoAssert.ValidationAsync("id", () => nexo.Prompts.CreateAsync(new NewPrompt { Id = id, Name = "p", Content = "c" }));
    }

    [Theory]
    [MemberData(nameof(BadIds))]
    public async Task BadIdsGivenToLookups_AreValidationErrorsNamingTheParameter(string id)
    {
        await using var db = new TempDatabase();
        await using var nexo = await db.OpenAsync();

        await NexoAssert.ValidationAsync("id", () => nexo.Workspaces.GetAsync(id));
        await NexoAssert.ValidationAsync("id", () => nexo.Workspaces.DeleteAsync(id));
        await NexoAssert.ValidationAsync("workspaceId", () => nexo.Workspaces.GetSettingsAsync(id));
        await NexoAssert.ValidationAsync("workspaceId", () => nexo.Chats.CreateAsync(new NewChat { WorkspaceId = id }));
        await NexoAssert.ValidationAsync("workspaceId", () => nexo.Chats.ListAsync(id));
        await NexoAssert.ValidationAsync("workspaceId", () => nexo.Chats.DeleteAllAsync(id));
        await NexoAssert.ValidationAsync("chatId", () => nexo.Chats.GetAsync(id));
        await NexoAssert.ValidationAsync("id", () => nexo.Chats.DeleteAsync(id));
        await NexoAssert.ValidationAsync("chatId", () => nexo.Messages.ListAsync(id));
        await NexoAssert.ValidationAsync("chatId", () => nexo.Messages.GetActiveBranchAsync(id));
        await NexoAssert.ValidationAsync("chatId", () => nexo.Messages.CreateAsync(new NewMessage { ChatId = id, Role = MessageRole.User }));
        await NexoAssert.ValidationAsync("messageId", () => nexo.Messages.GetAsync(id));
        await NexoAssert.ValidationAsync("id", () => nexo.Connections.GetAsync(id));
        await NexoAssert.ValidationAsync("id", () => nexo.Connections.GetSecretsAsync(id));
        await NexoAssert.ValidationAsync("id", () => nexo.McpServers.GetAsync(id));
        await NexoAssert.ValidationAsync("id", () => nexo.McpServers.UpdateStatusAsync(id, McpServerStatus.Connected));
        await NexoAssert.ValidationAsync("id", () => nexo.Prompts.GetAsync(id));
    }

    [Fact]
    public async Task DeleteAfterAsync_WithABlankMessageId_IsAValidationErrorOnMessageId()
    {
        await using var db = new TempDatabase();
        await using var nexo = await db.OpenAsync();
        var (_, chat) = await Seed.ChatAsync(nexo);

        await NexoAssert.ValidationAsync("messageId", () => nexo.Messages.DeleteAfterAsync(chat.Id, " "));
        await NexoAssert.ValidationAsync("activeMessageId", () => nexo.Chats.UpdateAsync(chat.Id, new ChatUpdate { ActiveMessageId = "a b" }));
    }
}
