namespace Nexo.Sdk.Tests.Validation;

/// <summary>Unknown ids are NotFound (naming the entity and id); taken names and ids are Conflict.</summary>
public sealed class NotFoundAndConflictTests
{
    [Fact]
    public async Task UnknownIds_AreNotFound_NamingTheEntityAndId()
    {
        await using var db = new TempDatabase();
        await using var nexo = await db.OpenAsync();
        var (_, chat) = await Seed.ChatAsync(nexo);

        var ex = await NexoAssert.NotFoundAsync("workspace", () => nexo.Workspaces.GetAsync("nope"));
        Assert.Equal("nope", ex.Details["id"]);
        await NexoAssert.NotFoundAsync("workspace", () => nexo.Workspaces.UpdateAsync("nope", new WorkspaceUpdate { Name = "x" }));
        await NexoAssert.NotFoundAsync("workspace", () => nexo.Workspaces.DeleteAsync("nope"));
        await NexoAssert.NotFoundAsync("workspace", () => nexo.Workspaces.GetSettingsAsync("nope"));
        await NexoAssert.NotFoundAsync("workspace", () => nexo.Workspaces.UpdateSettingsAsync("nope", new WorkspaceSettingsPatch { StreamEnabled = false }));
        await NexoAssert.NotFoundAsync("workspace", () => nexo.Chats.CreateAsync(new NewChat { WorkspaceId = "nope" }));
        await NexoAssert.NotFoundAsync("workspace", () => nexo.Chats.ListAsync("nope"));
        await NexoAssert.NotFoundAsync("workspace", () => nexo.Chats.DeleteAllAsync("nope"));
        await NexoAssert.NotFoundAsync("chat", () => nexo.Chats.GetAsync("nope"));
        await NexoAssert.NotFoundAsync("chat", () => nexo.Chats.UpdateAsync("nope", new ChatUpdate { Title = "t" }));
        await NexoAssert.NotFoundAsync("chat", () => nexo.Chats.DeleteAsync("nope"));
        await NexoAssert.NotFoundAsync("chat", () => nexo.Messages.ListAsync("nope"));
        await NexoAssert.NotFoundAsync("chat", () => nexo.Messages.GetActiveBranchAsync("nope"));
        await NexoAssert.NotFoundAsync("chat", () => nexo.Messages.CreateAsync(new NewMessage { ChatId = "nope", Role = MessageRole.User }));
        await NexoAssert.NotFoundAsync("chat", () => nexo.Messages.DeleteAfterAsync("nope", "m"));
        await NexoAssert.NotFoundAsync("chat", () => nexo.MessageRepository.CreateAsync(new Message { Id = "x", ChatId = "nope", Role = MessageRole.User }));
        await NexoAssert.NotFoundAsync("message", () => nexo.Messages.GetAsync("nope"));
        await NexoAssert.NotFoundAsync("message", () => nexo.Messages.UpdateContentAsync("nope", "c"));
        await NexoAssert.NotFoundAsync("message", () => nexo.Messages.DeleteAfterAsync(chat.Id, "nope"));
        await NexoAssert.NotFoundAsync("LLM connection", () => nexo.Connections.GetAsync("nope"));
        await NexoAssert.NotFoundAsync("LLM connection", () => nexo.Connections.FindAsync("nope"));
        await NexoAssert.NotFoundAsync("LLM connection", () => nexo.Connections.UpdateAsync("nope", new LlmConnectionUpdate { Name = "x" }));
        await NexoAssert.NotFoundAsync("LLM connection", () => nexo.Connections.DeleteAsync("nope"));
        await NexoAssert.NotFoundAsync("MCP server", () => nexo.McpServers.GetAsync("nope"));
        await NexoAssert.NotFoundAsync("MCP server", () => nexo.McpServers.FindAsync("nope"));
        await NexoAssert.NotFoundAsync("MCP server", () => nexo.McpServers.UpdateAsync("nope", new McpServerUpdate { Name = "x" }));
        await NexoAssert.NotFoundAsync("MCP server", () => nexo.McpServers.DeleteAsync("nope"));
        await NexoAssert.NotFoundAsync("prompt", () => nexo.Prompts.GetAsync("nope"));
        await NexoAssert.NotFoundAsync("prompt", () => nexo.Prompts.FindAsync("nope"));
    }

    [Fact]
    public async Task TakenNames_AreConflicts_IgnoringCase()
    {
        await using var db = new TempDatabase();
        await using var nexo = await db.OpenAsync();
        await nexo.Workspaces.CreateAsync(new NewWorkspace { Name = "Taken" });
        await nexo.Connections.CreateAsync(new NewLlmConnection { Name = "Taken", Provider = LlmProviderKind.Echo, BaseUrl = "http://localhost:1" });
        await nexo.McpServers.CreateAsync(new NewMcpServer { Name = "Taken", Transport = McpTransportKind.Stdio, Command = "x" });
        await nexo.Prompts.CreateAsync(new NewPrompt { Name = "Taken", Content = "c" });

        var ex = await NexoAssert.ConflictAsync(() => nexo.Workspaces.CreateAsync(new NewWorkspace { Name = "taken" }));
        Assert.Contains("taken", ex.Message, StringComparison.Ordinal);
        await NexoAssert.ConflictAsync(() => nexo.Connections.CreateAsync(new NewLlmConnection { Name = "TAKEN", Provider = LlmProviderKind.Echo, BaseUrl = "http://localhost:1" }));
        await NexoAssert.ConflictAsync(() => nexo.McpServers.CreateAsync(new NewMcpServer { Name = "taken", Transport = McpTransportKind.Stdio, Command = "x" }));
        await NexoAssert.ConflictAsync(() => nexo.Prompts.CreateAsync(new NewPrompt { Name = " taken ", Content = "c" }));
        Assert.Single(await nexo.Workspaces.ListAsync());
        Assert.Single(await nexo.Connections.ListAsync());
        Assert.Single(await nexo.McpServers.ListAsync());
        Assert.Single(await nexo.Prompts.ListAsync());
    }

    [Fact]
    public async Task RenamingToATakenName_IsAConflict_AndChangesNothing()
    {
        await using var db = new TempDatabase();
        await using var nexo = await db.OpenAsync();
        await nexo.Workspaces.CreateAsync(new NewWorkspace { Name = "a" });
        var ws = await nexo.Workspaces.CreateAsync(new NewWorkspace { Name = "b" });
        await nexo.Connections.CreateAsync(new NewLlmConnection { Name = "a", Provider = LlmProviderKind.Echo, BaseUrl = "http://localhost:1" });
        var connection = await nexo.Connections.CreateAsync(new NewLlmConnection { Name = "b", Provider = LlmProviderKind.Echo, BaseUrl = "http://localhost:1" });
        await nexo.McpServers.CreateAsync(new NewMcpServer { Name = "a", Transport = McpTransportKind.Stdio, Command = "x" });
        var server = await nexo.McpServers.CreateAsync(new NewMcpServer { Name = "b", Transport = McpTransportKind.Stdio, Command = "x" });
        await nexo.Prompts.CreateAsync(new NewPrompt { Name = "a", Content = "c" });
        var prompt = await nexo.Prompts.CreateAsync(new NewPrompt { Name = "b", Content = "c" });

        await NexoAssert.ConflictAsync(() => nexo.Workspaces.UpdateAsync(ws.Id, new WorkspaceUpdate { Name = "A" }));
        await NexoAssert.ConflictAsync(() => nexo.Connections.UpdateAsync(connection.Id, new LlmConnectionUpdate { Name = "A" }));
        await NexoAssert.ConflictAsync(() => nexo.McpServers.UpdateAsync(server.Id, new McpServerUpdate { Name = "A" }));
        await NexoAssert.ConflictAsync(() => nexo.Prompts.UpdateAsync(prompt.Id, new PromptUpdate { Name = "A" }));

        Assert.Equal("b", (await nexo.Workspaces.GetAsync(ws.Id)).Name);
        Assert.Equal("b", (await nexo.Connections.GetAsync(connection.Id)).Name);
        Assert.Equal("b", (await nexo.McpServers.GetAsync(server.Id)).Name);
        Assert.Equal("b", (await nexo.Prompts.GetAsync(prompt.Id)).Name);
    }

    [Fact]
    public async Task TakenIds_AreConflicts()
    {
        await using var db = new TempDatabase();
        await using var nexo = await db.OpenAsync();
        var ws = await nexo.Workspaces.CreateAsync(new NewWorkspace { Id = "same", Name = "w" });
        await nexo.Chats.CreateAsync(new NewChat { Id = "same", WorkspaceId = ws.Id });
        await nexo.Messages.CreateAsync(new NewMessage { Id = "same", ChatId = "same", Role = MessageRole.User });
        await nexo.Connections.CreateAsync(new NewLlmConnection { Id = "same", Name = "c", Provider = LlmProviderKind.Echo, BaseUrl = "http://localhost:1" });
        await nexo.McpServers.CreateAsync(new NewMcpServer { Id = "same", Name = "s", Transport = McpTransportKind.Stdio, Command = "x" });
        await nexo.Prompts.CreateAsync(new NewPrompt { Id = "same", Name = "p", Content = "c" });

        await NexoAssert.ConflictAsync(() => nexo.Workspaces.CreateAsync(new NewWorkspace { Id = "same", Name = "w2" }));
        await NexoAssert.ConflictAsync(() => nexo.Chats.CreateAsync(new NewChat { Id = "same", WorkspaceId = ws.Id }));
        await NexoAssert.ConflictAsync(() => nexo.Messages.CreateAsync(new NewMessage { Id = "same", ChatId = "same", Role = MessageRole.User }));
        await NexoAssert.ConflictAsync(() => nexo.Connections.CreateAsync(new NewLlmConnection { Id = "same", Name = "c2", Provider = LlmProviderKind.Echo, BaseUrl = "http://localhost:1" }));
        await NexoAssert.ConflictAsync(() => nexo.McpServers.CreateAsync(new NewMcpServer { Id = "same", Name = "s2", Transport = McpTransportKind.Stdio, Command = "x" }));
        await NexoAssert.ConflictAsync(() => nexo.Prompts.CreateAsync(new NewPrompt { Id = "same", Name = "p2", Content = "c" }));
        Assert.Equal(1, await nexo.MessageRepository.CountAsync("same"));
    }
}
