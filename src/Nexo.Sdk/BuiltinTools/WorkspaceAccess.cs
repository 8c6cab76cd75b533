namespace Nexo;

/// <summary>
/// How one turn's built-in tools reach the workspace: its files and its commands. Unset parts use the local disk and
/// local processes. An editor host passes its own (for example the ACP agent, through the editor's file system and
/// terminals when the editor offers them).
/// </summary>
public sealed record WorkspaceAccess
{
    /// <summary>Reads and writes text files; the disk when <see langword="null"/>.</summary>
    public IWorkspaceFileAccess? Files { get; init; }

    /// <summary>Runs commands; local processes when <see langword="null"/>.</summary>
    public ICommandRunner? Commands { get; init; }
}
