using System.Text.Json;

namespace Nexo.Cli.Output;

/// <summary>Reads a chat's messages and renders them as a transcript on a terminal (exports are the SDK's <see cref="ChatService.ExportAsync"/>).</summary>
internal static class Transcript
{
    /// <summary>Every message of a chat (all branches), oldest first, read page by page.</summary>
    public static async Task<IReadOnlyList<Message>> ReadAllAsync(NexoClient nexo, string chatId, CancellationToken ct)
    {
        var all = new List<Message>();
        long after = -1;
        while (true)
        {
            var page = await nexo.Messages.ListAsync(chatId, new MessageQuery { AfterSequence = after, Limit = 1000 }, ct).ConfigureAwait(false);
            all.AddRange(page);
            if (page.Count < 1000)
            {
                return all;
            }

            after = page[^1].Sequence;
        }
    }

    /// <summary>Writes the messages for reading; on a terminal (<paramref name="terminal"/>) without control sequences.</summary>
    public static void WriteReadable(TextWriter writer, Style style, IReadOnlyList<Message> messages, bool terminal)
    {
        string T(string? text) => TerminalText.ForTerminal(text, terminal);

        var first = true;
        foreach (var message in messages)
        {
            if (!first)
            {
                writer.WriteLine();
            }

            first = false;
            var who = message.Role switch
            {
                MessageRole.User => style.Bold(style.Green("you")),
                MessageRole.Assistant => style.Bold(style.Cyan("assistant")) + (message.Model is null ? string.Empty : style.Dim($" ({T(message.Model)})")),
                MessageRole.Tool => style.Bold(style.Yellow("tool result")) + style.Dim($" ({T(message.ToolCallId)})"),
                _ when ContextSummaries.IsSummary(message) => style.Bold("summary") + style.Dim($" (of the {ContextSummaries.Messages(message)} earlier messages; the context was compacted)"),
                _ => style.Bold("system"),
            };
            var status = message.Status is MessageStatus.Complete ? string.Empty : style.Dim($" [{StatusName(message.Status)}]");
            writer.WriteLine($"{who}{status} {style.Dim("· " + Formats.Time(message.CreatedAt))}");
            if (!string.IsNullOrEmpty(message.Reasoning))
            {
                writer.WriteLine(style.Dim(T(message.Reasoning.TrimEnd())));
            }

            if (message.Content.Length > 0)
            {
                writer.WriteLine(T(message.Content.TrimEnd()));
            }

            foreach (var call in message.ToolCalls ?? [])
            {
                writer.WriteLine(style.Yellow($"→ {T(call.Name)}") + style.Dim(T($"{(call.ServerName is null ? string.Empty : $" ({call.ServerName})")} {Arguments(call.Arguments)}")));
            }

            if (message.Error is not null)
            {
                writer.WriteLine(style.Red($"error: {T(message.Error)}"));
            }
        }
    }

    private static string Arguments(JsonElement? arguments) =>
        arguments is { ValueKind: not JsonValueKind.Undefined } a ? JsonSerializer.Serialize(a, JsonOutput.CompactInfo<JsonElement>()) : "{}";

    private static string StatusName(MessageStatus status) => status switch
    {
        MessageStatus.Pending => "pending",
        MessageStatus.Streaming => "interrupted while streaming",
        MessageStatus.Error => "error",
        MessageStatus.Cancelled => "cancelled",
        _ => "complete",
    };
}
