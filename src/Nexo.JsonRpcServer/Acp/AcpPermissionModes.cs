namespace Nexo.JsonRpcServer.Acp;

/// <summary>
/// The <c>mode</c> config option of a session: the workspace's tool permission mode (<see cref="ToolPermissionMode"/>),
/// <c>ask</c>, <c>allow_reads</c> or <c>allow_all</c>. Choosing one stores it in the workspace's settings, so the next
/// tool call of every session (and every face) of the workspace is decided by it; per-tool rules still come first.
/// </summary>
internal static class AcpPermissionModes
{
    /// <summary>The config option id.</summary>
    public const string ConfigId = "mode";

    private static readonly (ToolPermissionMode Mode, string Value, string Name, string Description)[] Modes =
    [
        (ToolPermissionMode.Ask, "ask", "Ask", "Ask before every tool call that no rule allows."),
        (ToolPermissionMode.AllowReads, "allow_reads", "Allow reads", "Read, list and search the workspace without asking; ask before edits, commands and other tools."),
        (ToolPermissionMode.AllowAll, "allow_all", "Allow all", "Run every tool call without asking, unless a rule denies it."),
    ];

    /// <summary>The option, showing the workspace's current mode.</summary>
    public static SessionConfigOption Build(WorkspaceSettings settings) => new()
    {
        Id = ConfigId,
        Name = "Permission mode",
        Description = "Which tool calls run without asking (the workspace's tool permission mode).",
        Category = "mode",
        CurrentValue = Value(settings.ToolPermissionMode),
        Options = Modes.Select(m => (object)new SessionConfigSelectOption { Value = m.Value, Name = m.Name, Description = m.Description }).ToList(),
    };

    /// <summary>The wire value of a mode.</summary>
    public static string Value(ToolPermissionMode mode) => Modes.FirstOrDefault(m => m.Mode == mode).Value ?? "ask";

    /// <summary>Stores a chosen value as the workspace's permission mode.</summary>
    /// <exception cref="StreamJsonRpc.LocalRpcException">Invalid params for an unknown value.</exception>
    public static async Task SelectAsync(NexoClient nexo, string workspaceId, string value, CancellationToken cancellationToken)
    {
        var match = Modes.Where(m => m.Value == value).Select(m => (ToolPermissionMode?)m.Mode).FirstOrDefault()
            ?? throw AcpErrors.Invalid("value", $"'{value}' is not a permission mode; use {string.Join(", ", Modes.Select(m => $"'{m.Value}'"))}.");
        await nexo.Workspaces.UpdateSettingsAsync(workspaceId, new WorkspaceSettingsPatch { ToolPermissionMode = match }, cancellationToken).ConfigureAwait(false);
    }
}
