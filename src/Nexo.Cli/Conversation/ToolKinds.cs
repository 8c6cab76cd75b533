namespace Nexo.Cli.Conversation;

/// <summary>What the CLI knows about a tool call's effect: whether it only reads (<c>--yes</c> allows those).</summary>
internal static class ToolKinds
{
    /// <summary>
    /// Whether <paramref name="call"/> only reads: a read-only built-in tool (<see cref="BuiltinToolNames.ReadOnly"/>, its
    /// preview a <c>read</c> or <c>search</c>) or an MCP tool that declares <c>readOnlyHint</c>.
    /// </summary>
    /// <param name="call">The call.</param>
    /// <param name="previews">The previews of the permission request, by call id (built-in calls have one).</param>
    /// <param name="readOnlyMcpTools">The read-only MCP tools, as <c>serverId/toolName</c>.</param>
    public static bool IsReadOnly(ToolCall call, IReadOnlyDictionary<string, ToolCallPreview> previews, IReadOnlySet<string> readOnlyMcpTools)
    {
        if (call.ServerId is { } serverId)
        {
            return readOnlyMcpTools.Contains($"{serverId}/{call.Name}");
        }

        if (!BuiltinToolNames.ReadOnly.Contains(call.Name, StringComparer.Ordinal))
        {
            return false;
        }

        // A built-in call has a preview that says what it does; a tool of the host's that happens to share the name has none.
        return previews.TryGetValue(call.Id, out var preview) && preview.Kind is "read" or "search";
    }

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
