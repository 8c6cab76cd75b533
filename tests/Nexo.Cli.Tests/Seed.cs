namespace Nexo.Cli.Tests;

/// <summary>Writes chats and messages straight into a home's database with the SDK.</summary>
internal static class Seed
{
    public static async Task<(Workspace Workspace, Chat Chat, IReadOnlyList<Message> Messages)> ChatAsync(
        NexoHome home, string workspace, string title, params (MessageRole Role, string Content)[] messages)
    {
        await using var nexo = await home.OpenAsync();
        var ws = await nexo.Workspaces.GetOrCreateDefaultAsync();
        if (workspace != WorkspaceService.DefaultWorkspaceName)
        {
            ws = (await nexo.Workspaces.ListAsync()).FirstOrDefault(w => w.Name == workspace)
                ?? await nexo.Workspaces.CreateAsync(new NewWorkspace { Name = workspace });
        }

        var chat = await nexo.Chats.CreateAsync(new NewChat { WorkspaceId = ws.Id, Title = title });
        var stored = new List<Message>();
        foreach (var (role, content) in messages)
        {
            stored.Add(await nexo.Messages.CreateAsync(new NewMessage { ChatId = chat.Id, Role = role, Content = content }));
        }

        return (ws, chat, stored);
    }
}
