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
    /// The model messages of <paramref name="branch"/>; attachments are read only from <paramref name="attachmentsFolder"/>,
    /// PDFs as documents with <paramref name="nativePdf"/> (see <see cref="Attachments.SendsPdfNatively"/>).
    /// </summary>
    public static List<ChatMessage> Build(IReadOnlyList<Message> branch, string attachmentsFolder, bool nativePdf = false)
    {
        var result = new List<ChatMessage>();
        var openCalls = new List<string>();
        foreach (var m in branch)
        {
            if (m.Role != MessageRole.Tool)
            {
                CloseOpenCalls(result, openCalls);
            }

            switch (m.Role)
            {
                case MessageRole.System:
                    result.Add(new ChatMessage(ChatRole.System, m.Content));
                    break;
                case MessageRole.User:
                    result.Add(new ChatMessage(ChatRole.User, Attachments.ToContents(m.Content, Attachments.FromMetadata(m.Metadata, attachmentsFolder, m.Id), nativePdf)));
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
                    var text = m.Status == MessageStatus.Error ? "Error: " + m.Content : m.Content;
                    if (result.Count > 0 && result[^1].Role == ChatRole.Tool)
                    {
                        result[^1].Contents.Add(new FunctionResultContent(m.ToolCallId, text));
                    }
                    else
                    {
                        result.Add(new ChatMessage(ChatRole.Tool, [new FunctionResultContent(m.ToolCallId, text)]));
                    }

                    break;
            }
        }

        CloseOpenCalls(result, openCalls);
        return result;
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
