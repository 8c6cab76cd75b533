namespace Nexo;

/// <summary>
/// What a per-tool permission rule (<see cref="WorkspaceSettings.ToolPermissions"/>) was made for, kept beside it
/// (internal to the SDK; stored in <c>workspace_settings.tool_rule_fingerprints</c>).
/// </summary>
/// <param name="ServerId">
/// The MCP server a bare-name rule (a key without <c>/</c>) was made for: an <c>always_allow</c> bare-name rule grants
/// only that server's tool of the name (and tools that are not MCP tools). <see langword="null"/> for a rule of a tool
/// that is not an MCP tool, or one saved without a server.
/// </param>
/// <param name="Fingerprint">
/// The fingerprint of the tool when the user remembered the answer (<see cref="Tools.ToolFingerprint"/>); an
/// <c>always_allow</c> rule whose fingerprint differs from the tool's current one grants nothing.
/// <see langword="null"/> for a rule saved through the settings API.
/// </param>
internal sealed record ToolRuleBinding(string? ServerId, string? Fingerprint);
