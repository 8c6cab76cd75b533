namespace Nexo;

/// <summary>The input of <see cref="ChatService.ImportAsync"/>.</summary>
public sealed record ChatImportRequest
{
    /// <summary>The workspace the chats are imported into.</summary>
    public required string WorkspaceId { get; init; }

    /// <summary>The file's text.</summary>
    public required string Content { get; init; }

    /// <summary>The format of <see cref="Content"/>; <see cref="ChatImportFormat.Nexo"/> by default.</summary>
    public ChatImportFormat Format { get; init; } = ChatImportFormat.Nexo;
}
