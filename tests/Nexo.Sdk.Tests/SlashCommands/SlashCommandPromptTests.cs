using Nexo.SlashCommands;

namespace Nexo.Sdk.Tests.SlashCommands;

/// <summary>How an MCP prompt's messages become the user's turn (the blocks server-everything cannot produce).</summary>
public sealed class SlashCommandPromptTests
{
    private const string Png = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==";

    [Fact]
    public void UserMessagesOnly_AreJoinedWithBlankLines_AndImagesBecomeAttachments()
    {
        var (content, files) = SlashCommandPrompt.Render(Result(
            (MessageRole.User, new McpContentItem { Type = "text", Text = "Describe this picture." }),
            (MessageRole.User, new McpContentItem { Type = "image", MimeType = "image/png", Data = Png }),
            (MessageRole.User, new McpContentItem { Type = "resource_link", Name = "notes", Uri = "file:///notes.md" }),
            (MessageRole.User, new McpContentItem { Type = "audio", MimeType = "audio/wav", Data = "AAAA" })));

        Assert.Equal("Describe this picture.\n\n[resource notes: file:///notes.md]\n\n[audio (audio/wav) not included]", content);
        Assert.Equal([$"data:image/png;base64,{Png}"], files);
    }

    [Fact]
    public void AnExchangeWithAssistantMessages_IsKeptAsText_WithEachChangeOfSpeakerLabelled()
    {
        var (content, files) = SlashCommandPrompt.Render(Result(
            (MessageRole.User, new McpContentItem { Type = "text", Text = "What is 2+2?" }),
            (MessageRole.Assistant, new McpContentItem { Type = "text", Text = "4." }),
            (MessageRole.User, new McpContentItem { Type = "text", Text = "And 3+3?" }),
            (MessageRole.User, new McpContentItem { Type = "text", Text = "Show your work." })));

        Assert.Equal("User: What is 2+2?\n\nAssistant: 4.\n\nUser: And 3+3?\n\nShow your work.", content);
        Assert.Empty(files);
    }

    [Fact]
    public void BinaryResources_AreTextWhenTheyDecodeAsUtf8_ElseANote()
    {
        var (content, _) = SlashCommandPrompt.Render(Result(
            (MessageRole.User, new McpContentItem { Type = "resource", Uri = "demo://a", MimeType = "text/plain", Data = Convert.ToBase64String("plain words"u8) }),
            (MessageRole.User, new McpContentItem { Type = "resource", Uri = "demo://b", MimeType = "application/octet-stream", Data = Convert.ToBase64String([0, 1, 2]) })));

        Assert.Equal("plain words\n\n[resource demo://b (application/octet-stream) not included]", content);
    }

    private static McpPromptResult Result(params (MessageRole Role, McpContentItem Content)[] messages) =>
        new() { Messages = messages.Select(m => new McpPromptMessage { Role = m.Role, Content = m.Content }).ToList() };
}
