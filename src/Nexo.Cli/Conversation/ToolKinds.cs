namespace Nexo.Cli.Conversation;

/// <summary>What the CLI knows about a tool call's effect (<c>--yes</c> allows the built-in ones that only read), and diff lines for the prompt.</summary>
internal static class ToolKinds
{
    /// <summary>
    /// Whether <paramref name="call"/> is a built-in tool that only reads (<see cref="BuiltinToolNames.ReadOnly"/>): its
    /// preview, which only built-in calls have, says <c>read</c> or <c>search</c>.
    /// </summary>
    /// <param name="call">The call.</param>
    /// <param name="previews">The previews of the permission request, by call id.</param>
    public static bool IsReadOnlyBuiltin(ToolCall call, IReadOnlyDictionary<string, ToolCallPreview> previews) =>
        call.ServerId is null
        && BuiltinToolNames.ReadOnly.Contains(call.Name, StringComparer.Ordinal)
        && previews.TryGetValue(call.Id, out var preview)
        && preview.Kind is "read" or "search";

    /// <summary>The lines of a unified diff, at most <paramref name="max"/> of them, then a line counting the rest.</summary>
    /// <param name="diff">The diff.</param>
    /// <param name="max">The most lines kept.</param>
    public static IReadOnlyList<string> DiffLines(string diff, int max)
    {
        var lines = diff.Replace("\r\n", "\n", StringComparison.Ordinal).TrimEnd('\n').Split('\n');
        if (lines.Length <= max)
        {
            return lines;
        }

        return [.. lines.Take(max), $"… {lines.Length - max} more lines"];
    }
}
