namespace Nexo;

/// <summary>The formats <see cref="ChatService.ExportAsync"/> writes.</summary>
public enum ChatExportFormat
{
    /// <summary>
    /// Nexo JSON (<c>"format": "nexo-chat-export"</c>, version 1), lossless: the chat, its workspace and every message
    /// of every branch with tool calls and results, reasoning, usage, status and metadata (attachments' descriptions).
    /// <see cref="ChatService.ImportAsync"/> reads it back.
    /// </summary>
    Json,

    /// <summary>Markdown of the active branch (the conversation as the model sees it), for reading.</summary>
    Markdown,
}
