using System.Text.Json.Nodes;

namespace Nexo.JsonRpcServer.Acp;

/// <summary>
/// A stored branch as <c>session/update</c> notifications (for <c>session/load</c>): user messages as
/// <c>user_message_chunk</c>, reasoning as <c>agent_thought_chunk</c>, answers as <c>agent_message_chunk</c> and each
/// tool call as one <c>tool_call</c> in its final state (completed or failed, with its raw input and output; a built-in
/// tool's kind, locations and, for an edit, the diff of its arguments).
/// Chunks carry the Nexo message id as <c>messageId</c>.
/// </summary>
internal static class AcpReplay
{
    /// <param name="branch">The active branch.</param>
    /// <param name="cwd">The session's folder: paths of built-in tool calls are resolved against it.</param>
    public static IEnumerable<SessionUpdate> Updates(IReadOnlyList<Message> branch, string cwd)
    {
        var results = new Dictionary<string, Message>(StringComparer.Ordinal);
        foreach (var m in branch)
        {
            if (m.Role == MessageRole.Tool && m.ToolCallId is { } id)
            {
                results[id] = m;
            }
        }

        foreach (var m in branch)
        {
            switch (m.Role)
            {
                case MessageRole.User:
                    foreach (var block in AcpPrompt.Replay(m))
                    {
                        yield return new UserMessageChunk { Content = block, MessageId = m.Id };
                    }

                    break;
                case MessageRole.Assistant:
                    if (!string.IsNullOrEmpty(m.Reasoning))
                    {
                        yield return new AgentThoughtChunk { Content = new TextBlock { Text = m.Reasoning }, MessageId = m.Id };
                    }

                    if (m.Content.Length > 0)
                    {
                        yield return new AgentMessageChunk { Content = new TextBlock { Text = m.Content }, MessageId = m.Id };
                    }

                    foreach (var call in m.ToolCalls ?? [])
                    {
                        yield return ToolCall(call, m.Id, results.GetValueOrDefault(call.Id), cwd);
                    }

                    break;
            }
        }
    }

    private static ToolCallStart ToolCall(ToolCall call, string messageId, Message? result, string cwd)
    {
        var start = AcpToolCalls.Start(call, messageId, "failed", cwd);
        if (result is null)
        {
            const string Unfinished = "The tool call did not finish (the turn was cancelled or interrupted).";
            return start with { RawOutput = new JsonObject { ["error"] = Unfinished }, Content = AcpToolCalls.TextContent(Unfinished) };
        }

        var failed = result.Status == MessageStatus.Error;

        // A completed edit of a built-in tool shows its change again (from the call's arguments: the file may have changed since).
        var diff = !failed && AcpBuiltinTools.IsBuiltin(call) && AcpBuiltinTools.IsEdit(call.Name) ? AcpBuiltinTools.DiffFromArguments(call, cwd) : null;
        return start with
        {
            Status = failed ? "failed" : "completed",
            RawOutput = failed ? new JsonObject { ["error"] = result.Content } : AcpToolCalls.RawOutput(result.Content),
            Content = diff is null ? AcpToolCalls.TextContent(result.Content) : [diff, AcpToolCalls.Text(result.Content)],
        };
    }
}
