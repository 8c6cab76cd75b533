using System.Text.Json;
using Microsoft.Extensions.AI;

namespace Nexo.Chats;

/// <summary>
/// Turns a stored branch into model messages: assistant tool calls are replayed with their results, calls left
/// without a result (a cancelled turn) get one, and failed assistant messages without content are skipped.
/// </summary>
internal static class HistoryBuilder
{
    /// <summary>
    /// The model messages of <paramref name="branch"/>; attachments and tool media are read only from
    /// <paramref name="attachmentsFolder"/>, PDFs sent as documents and tool images and audio sent as the provider takes
    /// them according to <paramref name="media"/> (text only when <see langword="null"/>).
    /// </summary>
    public static List<ChatMessage> Build(IReadOnlyList<Message> branch, string attachmentsFolder, MediaSupport? media = null)
    {
        media ??= MediaSupport.TextOnly;
        var result = new List<ChatMessage>();
        var openCalls = new List<string>();
        var followUp = new List<AIContent>();
        foreach (var m in branch)
        {
            if (m.Role != MessageRole.Tool)
            {
                CloseOpenCalls(result, openCalls);
                AddFollowUp(result, followUp);
            }

            switch (m.Role)
            {
                case MessageRole.System:
                    result.Add(new ChatMessage(ChatRole.System, m.Content));
                    break;
                case MessageRole.User:
                    result.Add(new ChatMessage(ChatRole.User, Attachments.ToContents(m.Content, Attachments.FromMetadata(m.Metadata, attachmentsFolder, m.Id), media.NativePdf)));
                    break;
                case MessageRole.Assistant:
                    var contents = new List<AIContent>();
                    if (m.Content.Length > 0)
                    {
                        contents.Add(new TextContent(m.Content));
                    }

                    foreach (var call in m.ToolCalls ?? [])
                    {
                        contents.Add(new FunctionCallContent(call.Id, call.ModelName ?? call.Name, ToArguments(call.Arguments)));
                        openCalls.Add(call.Id);
                    }

                    if (contents.Count > 0)
                    {
                        result.Add(new ChatMessage(ChatRole.Assistant, contents));
                    }

                    break;
                case MessageRole.Tool when m.ToolCallId is not null && openCalls.Remove(m.ToolCallId):
                    var toolMedia = media.ToolImages == ToolImageRoute.Placeholder && !media.ToolAudio ? [] : ToolMedia.FromMetadata(m.Metadata, attachmentsFolder, m.Id);
                    var content = ToolMedia.Result(m.ToolCallId, m.Content, m.Status == MessageStatus.Error, toolMedia, media, followUp);
                    if (result.Count > 0 && result[^1].Role == ChatRole.Tool)
                    {
                        result[^1].Contents.Add(content);
                    }
                    else
                    {
                        result.Add(new ChatMessage(ChatRole.Tool, [content]));
                    }

                    break;
            }
        }

        CloseOpenCalls(result, openCalls);
        AddFollowUp(result, followUp);
        return result;
    }

    /// <summary>The user message with the media of the tool results just added, when a provider takes them only there.</summary>
    private static void AddFollowUp(List<ChatMessage> result, List<AIContent> followUp)
    {
        if (ToolMedia.FollowUp(followUp) is { } message)
        {
            result.Add(message);
            followUp.Clear();
        }
    }

    private static void CloseOpenCalls(List<ChatMessage> result, List<string> openCalls)
    {
        if (openCalls.Count == 0)
        {
            return;
        }

        var contents = openCalls.Select(id => (AIContent)new FunctionResultContent(id, "Error: the tool call did not finish (the turn was cancelled or interrupted).")).ToList();
        if (result.Count > 0 && result[^1].Role == ChatRole.Tool)
        {
            foreach (var c in contents)
            {
                result[^1].Contents.Add(c);
            }
        }
        else
        {
            result.Add(new ChatMessage(ChatRole.Tool, contents));
        }

        openCalls.Clear();
    }

    private static Dictionary<string, object?>? ToArguments(JsonElement? arguments)
    {
        if (arguments is not { ValueKind: JsonValueKind.Object } a)
        {
            return null;
        }

        var result = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var p in a.EnumerateObject())
        {
            result[p.Name] = p.Value.Clone();
        }

        return result;
    }
}
