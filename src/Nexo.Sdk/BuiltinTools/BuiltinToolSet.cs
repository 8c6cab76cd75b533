using Microsoft.Extensions.AI;

namespace Nexo.BuiltinTools;

/// <summary>Creates a turn's built-in tools: those the workspace enables, the file and command tools only when it has a folder.</summary>
internal static class BuiltinToolSet
{
    /// <summary>
    /// The built-in tools of one turn of <paramref name="chat"/>: bound to its chat, its workspace's folder (a sandbox
    /// that also keeps out Nexo's own store), the turn's <paramref name="access"/> and <paramref name="emit"/>.
    /// </summary>
    public static IReadOnlyList<AIFunction> ForTurn(
        Chats.EngineDependencies d, Chat chat, Workspace? workspace, WorkspaceSettings settings, WorkspaceAccess? access, Action<ChatEvent> emit)
    {
        if (settings.BuiltinTools.Count == 0)
        {
            return [];
        }

        var context = new BuiltinToolContext
        {
            ChatId = chat.Id,
            Sandbox = workspace?.RootPath is { Length: > 0 } root ? new WorkspaceSandbox(root, d.Store) : null,
            Files = access?.Files,
            Commands = access?.Commands ?? LocalCommandRunner.Instance,
            Emit = emit,
            Resources = d.Mcp is { } mcp ? new WorkspaceResources(mcp, workspace, settings) : null,
            SavePlan = (plan, ct) => d.Chats.SetPlanAsync(chat.Id, plan, ct),
        };
        return Create(settings, context);
    }

    /// <summary>The enabled tools of <paramref name="settings"/>, in <see cref="BuiltinToolNames.All"/> order, bound to <paramref name="context"/>.</summary>
    public static IReadOnlyList<AIFunction> Create(WorkspaceSettings settings, BuiltinToolContext context)
    {
        var tools = new List<AIFunction>();
        foreach (var name in BuiltinToolNames.All)
        {
            if (!settings.BuiltinTools.Contains(name, StringComparer.Ordinal) || (context.Sandbox is null && name is not (BuiltinToolNames.UpdatePlan or BuiltinToolNames.ReadMcpResource)))
            {
                continue;
            }

            tools.Add(name switch
            {
                BuiltinToolNames.ReadFile => new ReadFileTool(context),
                BuiltinToolNames.ListDirectory => new ListDirectoryTool(context),
                BuiltinToolNames.FindFiles => new FindFilesTool(context),
                BuiltinToolNames.SearchText => new SearchTextTool(context),
                BuiltinToolNames.WriteFile => new WriteFileTool(context),
                BuiltinToolNames.EditFile => new EditFileTool(context),
                BuiltinToolNames.RunCommand => new RunCommandTool(context),
                BuiltinToolNames.ReadMcpResource => new ReadMcpResourceTool(context),
                _ => new UpdatePlanTool(context),
            });
        }

        return tools;
    }
}
