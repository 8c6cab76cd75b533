using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Nexo.Transfer;

/// <summary>Renders a chat's active branch as Markdown (<see cref="ChatExportFormat.Markdown"/>).</summary>
internal static class ChatMarkdown
{
    private static readonly JsonSerializerOptions IndentedArguments = new(NexoJson.Options) { WriteIndented = true };

    public static string Render(Chat chat, Workspace workspace, IReadOnlyList<Message> branch)
    {
        var md = new StringBuilder();
        md.Append("# ").AppendLine(chat.Title).AppendLine();
        md.Append("- Chat: `").Append(chat.Id).AppendLine("`");
        md.Append("- Workspace: ").AppendLine(workspace.Name);
        md.Append("- Created: ").AppendLine(Iso(chat.CreatedAt));
        md.Append("- Updated: ").AppendLine(Iso(chat.UpdatedAt));
        foreach (var message in branch)
        {
            md.AppendLine();
            var heading = message.Role switch
            {
                MessageRole.User => "User",
                MessageRole.Assistant => message.Model is null ? "Assistant" : $"Assistant ({message.Model})",
                MessageRole.Tool => $"Tool result (`{message.ToolCallId}`)",
                _ when ContextSummaries.IsSummary(message) => $"Summary of the {ContextSummaries.Messages(message)} earlier messages (context compacted)",
                _ => "System",
            };
            md.Append("## ").AppendLine(heading).AppendLine();
            if (message.Status is not MessageStatus.Complete)
            {
                md.Append('_').Append(StatusName(message.Status)).Append(message.Error is null ? string.Empty : $": {message.Error}").AppendLine("_").AppendLine();
            }

            if (!string.IsNullOrEmpty(message.Reasoning))
            {
                md.AppendLine("<details><summary>Reasoning</summary>").AppendLine();
                md.AppendLine(message.Reasoning.TrimEnd()).AppendLine();
                md.AppendLine("</details>").AppendLine();
            }

            if (message.Role == MessageRole.Tool)
            {
                md.AppendLine(Fence(message.Content.TrimEnd()));
            }
            else if (message.Content.Length > 0)
            {
                md.AppendLine(message.Content.TrimEnd());
            }

            foreach (var call in message.ToolCalls ?? [])
            {
                md.AppendLine();
                md.Append("**Tool call** `").Append(call.Name).Append('`');
                if (call.ServerName is not null)
                {
                    md.Append(" on ").Append(call.ServerName);
                }

                md.Append(" (`").Append(call.Id).AppendLine("`)").AppendLine();
                md.AppendLine(Fence(Arguments(call.Arguments), "json"));
            }
        }

        return md.ToString();
    }

    private static string Arguments(JsonElement? arguments) =>
        arguments is { ValueKind: not JsonValueKind.Undefined } a ? JsonSerializer.Serialize(a, (JsonTypeInfo<JsonElement>)IndentedArguments.GetTypeInfo(typeof(JsonElement))) : "{}";

    private static string Fence(string text, string language = "")
    {
        var fence = "```";
        while (text.Contains(fence, StringComparison.Ordinal))
        {
            fence += "`";
        }

        return $"{fence}{language}\n{text}\n{fence}";
    }

    private static string Iso(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static string StatusName(MessageStatus status) => status switch
    {
        MessageStatus.Pending => "pending",
        MessageStatus.Streaming => "interrupted while streaming",
        MessageStatus.Error => "error",
        MessageStatus.Cancelled => "cancelled",
        _ => "complete",
    };
}
