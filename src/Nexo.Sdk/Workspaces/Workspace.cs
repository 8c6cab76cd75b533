namespace Nexo;

/// <summary>A workspace: a named home for chats, with its own settings, LLM connection and MCP tools.</summary>
public sealed record Workspace
{
    /// <summary>The workspace id.</summary>
    public required string Id { get; init; }

    /// <summary>The display name (unique, case-insensitive).</summary>
    public required string Name { get; init; }

    /// <summary>An optional root folder on disk (offered to MCP servers as a root; a workspace can be found by it).</summary>
    /// <seealso cref="WorkspaceService.FindByRootPathAsync"/>
    public string? RootPath { get; init; }

    /// <summary>When the workspace was created (UTC).</summary>
    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>When the workspace was last changed (UTC).</summary>
    public DateTimeOffset UpdatedAt { get; init; }
}
