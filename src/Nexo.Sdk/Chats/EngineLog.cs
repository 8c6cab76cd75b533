using Microsoft.Extensions.Logging;

namespace Nexo.Chats;

/// <summary>The chat engine's log messages.</summary>
internal static partial class EngineLog
{
    [LoggerMessage(Level = LogLevel.Warning, Message = "Model call failed in chat {ChatId} (message {MessageId}): {Error}")]
    public static partial void ModelCallFailed(ILogger logger, string chatId, string messageId, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Usage of chat {ChatId} not recorded: {Error}")]
    public static partial void UsageNotRecorded(ILogger logger, string chatId, string error);

    [LoggerMessage(Level = LogLevel.Information, Message = "Title generation for chat {ChatId} failed, using the first words instead: {Error}")]
    public static partial void TitleFailed(ILogger logger, string chatId, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Background work failed: {Error}")]
    public static partial void BackgroundFailed(ILogger logger, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The tool {ToolName} threw in chat {ChatId}; the model is told: {Error}")]
    public static partial void ToolThrew(ILogger logger, string toolName, string chatId, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not summarize the history of chat {ChatId}; its oldest turns are left out instead: {Error}")]
    public static partial void SummaryFailed(ILogger logger, string chatId, string error);
}
