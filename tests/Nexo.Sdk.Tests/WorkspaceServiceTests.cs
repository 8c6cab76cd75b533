namespace Nexo.Sdk.Tests;

public sealed class WorkspaceServiceTests
{
    [Fact]
    public async Task CreateAsync_StoresWorkspaceWithDefaultSettings()
    {
        await using var db = new TempDatabase();
        await using var nexo = await db.OpenAsync();

        var ws = await nexo.Workspaces.CreateAsync(new NewWorkspace { Name = "  demo  " });
        var settings = await nexo.Workspaces.GetSettingsAsync(ws.Id);

        Assert.Equal("demo", ws.Name);
        Assert.Equal(ws, Assert.Single(await nexo.Workspaces.ListAsync()));
        Assert.True(settings.StreamEnabled);
        Assert.Equal(WorkspaceSettings.DefaultMaxAgentIterations, settings.MaxAgentIterations);
        Assert.Equal(ToolPermissionMode.Ask, settings.ToolPermissionMode);
    }

    [Fact]
    public async Task DeleteAsync_CascadesToChatsAndMessages()
    {
        await using var db = new TempDatabase();
        await using var nexo = await db.OpenAsync();
        var ws = await nexo.Workspaces.CreateAsync(new NewWorkspace { Name = "w" });
        var chat = await nexo.Chats.CreateAsync(new NewChat { WorkspaceId = ws.Id });
        var message = await nexo.Messages.CreateAsync(new NewMessage { ChatId = chat.Id, Role = MessageRole.User, Content = "hello cascade" });

        await nexo.Workspaces.DeleteAsync(ws.Id);

        Assert.Null(await nexo.ChatRepository.GetAsync(chat.Id));
        Assert.Null(await nexo.MessageRepository.GetAsync(message.Id));
        Assert.Empty(await nexo.MessageRepository.SearchAsync(new MessageSearchQuery { Text = "cascade" }));
    }
}
