namespace Nexo.BuiltinTools;

/// <summary>What the built-in tools of one turn share: the chat, the sandbox of the workspace folder, and how files and commands are reached.</summary>
internal sealed class BuiltinToolContext
{
    public required string ChatId { get; init; }

    /// <summary>The workspace folder's sandbox; <see langword="null"/> when the workspace has no folder (no file tools then).</summary>
    public WorkspaceSandbox? Sandbox { get; init; }

    /// <summary>The turn's file access (<see cref="WorkspaceAccess.Files"/>); <see langword="null"/> means the disk.</summary>
    public IWorkspaceFileAccess? Files { get; init; }

    /// <summary>How commands run: the turn's (<see cref="WorkspaceAccess.Commands"/>) or local processes.</summary>
    public ICommandRunner Commands { get; init; } = LocalCommandRunner.Instance;

    /// <summary>The resources of the workspace's MCP servers (<c>read_mcp_resource</c>); <see langword="null"/> without an MCP host.</summary>
    public WorkspaceResources? Resources { get; init; }

    /// <summary>Publishes an event of the turn.</summary>
    public Action<ChatEvent> Emit { get; init; } = _ => { };

    /// <summary>Stores the chat's plan.</summary>
    public Func<IReadOnlyList<PlanEntry>, CancellationToken, Task> SavePlan { get; init; } = (_, _) => Task.CompletedTask;

    /// <summary>The sandbox, or the error of a tool used in a workspace without a folder.</summary>
    public WorkspaceSandbox RequireSandbox(string tool) =>
        Sandbox ?? throw BuiltinToolErrors.Fail(tool, "path", "this workspace has no folder, so there are no files to work on.");
}
