namespace Nexo;

/// <summary>One message of an MCP prompt (<c>prompts/get</c>): who speaks and what.</summary>
public sealed record McpPromptMessage
{
    /// <summary>Who the message is from: <see cref="MessageRole.User"/> or <see cref="MessageRole.Assistant"/>.</summary>
    public required MessageRole Role { get; init; }

    /// <summary>The message's content block (text, image, audio, an embedded resource or a resource link).</summary>
    public required McpContentItem Content { get; init; }
}
