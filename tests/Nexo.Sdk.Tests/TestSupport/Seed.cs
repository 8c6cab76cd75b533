namespace Nexo.Sdk.Tests;

/// <summary>Small builders for the rows most tests need.</summary>
public static class Seed
{
    public static async Task<(Workspace Workspace, Chat Chat)> ChatAsync(NexoClient nexo, string workspaceName = "w", string? title = null)
    {
        var ws = await nexo.Workspaces.FindOrCreateAsync(workspaceName);
        var chat = await nexo.Chats.CreateAsync(new NewChat { WorkspaceId = ws.Id, Title = title });
        return (ws, chat);
    }

    public static async Task<Workspace> FindOrCreateAsync(this WorkspaceService workspaces, string name)
    {
        try
        {
            return await workspaces.FindAsync(name);
        }
        catch (NexoException ex) when (ex.Kind == NexoErrorKind.NotFound)
        {
            return await workspaces.CreateAsync(new NewWorkspace { Name = name });
        }
    }

    /// <summary>Messages for <see cref="IMessageRepository.CreateManyAsync"/>: "message 1" … "message n", ids m1…mn.</summary>
    public static List<Message> Messages(string chatId, int count, DateTimeOffset? at = null, string prefix = "m")
    {
        var time = at ?? new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var list = new List<Message>(count);
        for (var i = 1; i <= count; i++)
        {
            list.Add(new Message
            {
                Id = $"{prefix}{i}",
                ChatId = chatId,
                ParentId = i == 1 ? null : $"{prefix}{i - 1}",
                Role = i % 2 == 1 ? MessageRole.User : MessageRole.Assistant,
                Content = $"message {i}",
                CreatedAt = time.AddSeconds(i),
                UpdatedAt = time.AddSeconds(i),
            });
        }

        return list;
    }
}
