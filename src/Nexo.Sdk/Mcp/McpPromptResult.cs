namespace Nexo;

/// <summary>An MCP prompt filled in by its server (<c>prompts/get</c>): <see cref="McpHost.GetPromptAsync"/>.</summary>
public sealed record McpPromptResult
{
    /// <summary>What the prompt is for, when the server says.</summary>
    public string? Description { get; init; }

    /// <summary>The prompt's messages, in order.</summary>
    public IReadOnlyList<McpPromptMessage> Messages { get; init; } = [];
}
