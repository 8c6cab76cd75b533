namespace Nexo;

/// <summary>A prompt offered by an MCP server (<c>prompts/list</c>).</summary>
public sealed record McpPromptInfo
{
    /// <summary>The prompt name.</summary>
    public required string Name { get; init; }

    /// <summary>A title for people, when the server gives one.</summary>
    public string? Title { get; init; }

    /// <summary>What the prompt is for.</summary>
    public string? Description { get; init; }

    /// <summary>The prompt's arguments.</summary>
    public IReadOnlyList<McpPromptArgumentInfo> Arguments { get; init; } = [];
}
