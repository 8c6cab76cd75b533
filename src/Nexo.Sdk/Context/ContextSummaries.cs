using System.Text.Json;
using System.Text.Json.Nodes;

namespace Nexo;

/// <summary>
/// Recognises summary messages (see <see cref="ContextStrategy.Summarize"/>): <c>system</c> messages whose metadata has <c>summary: {throughMessageId, messages, droppedMessages}</c>.
/// A summary stands for every message of its branch up to and including <c>throughMessageId</c>; it is stored on the branch
/// just before the model call that first used it (between the turn's user message, or its last tool result, and the
/// answer), so later turns find it on their branch and re-use it. The latest summary on a branch wins.
/// </summary>
public static class ContextSummaries
{
    /// <summary>The metadata key of a summary.</summary>
    public const string MetadataKey = "summary";

    /// <summary>What the model is told before the summary text.</summary>
    internal const string Preamble = "Summary of the earlier part of this conversation (those messages are not shown):";

    /// <summary>The id of the last message a summary covers, or <see langword="null"/> when <paramref name="message"/> is not a summary.</summary>
    /// <param name="message">A stored message.</param>
    public static string? Through(Message message)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (message.Role != MessageRole.System || message.Metadata is not { ValueKind: JsonValueKind.Object } metadata
            || !metadata.TryGetProperty(MetadataKey, out var summary) || summary.ValueKind != JsonValueKind.Object
            || !summary.TryGetProperty("throughMessageId", out var through) || through.ValueKind != JsonValueKind.String)
        {
            return null;
        }

        return through.GetString();
    }

    /// <summary>Whether the message is a summary.</summary>
    /// <param name="message">A stored message.</param>
    public static bool IsSummary(Message message) => Through(message) is not null;

    /// <summary>The metadata of a new summary.</summary>
    internal static JsonElement Metadata(string throughMessageId, int messages, int dropped, string? previousSummaryId)
    {
        var summary = new JsonObject
        {
            ["throughMessageId"] = throughMessageId,
            ["messages"] = messages,
            ["droppedMessages"] = dropped,
        };
        if (previousSummaryId is not null)
        {
            summary["previousSummaryId"] = previousSummaryId;
        }

        // Written with the default options (their escaping), as before.
        return JsonDocument.Parse(new JsonObject { [MetadataKey] = summary }.ToJsonString()).RootElement.Clone();
    }

    /// <summary>How many messages a stored summary covers (its own and the earlier summaries' together); 0 for another message.</summary>
    /// <param name="summary">A stored summary.</param>
    public static int Messages(Message summary) =>
        summary.Metadata is { ValueKind: JsonValueKind.Object } m && m.TryGetProperty(MetadataKey, out var s)
        && s.ValueKind == JsonValueKind.Object && s.TryGetProperty("messages", out var n) && n.TryGetInt32(out var count) ? count : 0;
}
