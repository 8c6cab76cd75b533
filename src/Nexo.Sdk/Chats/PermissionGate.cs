using System.Collections.Concurrent;
using Nexo.Tools;

namespace Nexo.Chats;

/// <summary>
/// Decides which tool calls of a model call may run: the workspace's rules (by tool id, then by name), what the tool
/// declares (<see cref="NexoToolProperties.RequiresPermission"/>), the permission mode, and, for the calls still
/// undecided, the user's answer to one <see cref="ToolPermissionRequestEvent"/> (a timeout is a deny). The same for every
/// kind of tool.
/// </summary>
internal sealed class PermissionGate(EngineDependencies d)
{
    private readonly ConcurrentDictionary<string, PendingPermission> _pending = new(StringComparer.Ordinal);

    /// <summary>The decisions for <paramref name="calls"/>, by call id; <c>Cancelled</c> when the turn was cancelled while asking.</summary>
    public async Task<(Dictionary<string, bool> Allowed, bool Cancelled)> DecideAsync(TurnContext turn, string assistantId, IReadOnlyList<ToolCall> calls)
    {
        // The rules as they are now, not as they were when the turn started: a rule set mid-turn governs the next call.
        var settings = await d.Workspaces.GetSettingsAsync(turn.Chat.WorkspaceId, turn.Io).ConfigureAwait(false) ?? turn.Settings;
        var decisions = new Dictionary<string, bool?>(StringComparer.Ordinal);
        foreach (var call in calls)
        {
            decisions[call.Id] = turn.Tools.Find(call.ModelName ?? call.Name) is { } tool ? Decide(settings, tool) : false;
        }

        var undecided = calls.Where(c => decisions[c.Id] is null).ToList();
        var cancelled = false;
        if (undecided.Count > 0)
        {
            var answer = await AskAsync(turn, assistantId, undecided).ConfigureAwait(false);
            if (answer is null)
            {
                cancelled = turn.Turn.Token.IsCancellationRequested;
                undecided.ForEach(c => decisions[c.Id] = false);
            }
            else
            {
                undecided.ForEach(c => decisions[c.Id] = answer.Approved && (answer.AllowedToolIds is null || answer.AllowedToolIds.Contains(c.Id)));
                if (answer.Remember)
                {
                    await RememberAsync(turn, undecided, decisions).ConfigureAwait(false);
                }
            }
        }

        return (decisions.ToDictionary(kv => kv.Key, kv => kv.Value == true, StringComparer.Ordinal), cancelled);
    }

    /// <summary>Answers the request of <see cref="ToolPermissionResponse.MessageId"/>.</summary>
    /// <exception cref="NexoException">Validation when no request waits for the message, an id is unknown, or it was already answered.</exception>
    public void Respond(ToolPermissionResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        Validate.Id(response.MessageId, "messageId");
        if (!_pending.TryGetValue(response.MessageId, out var pending))
        {
            throw NexoException.Validation("messageId", $"No tool permission request is waiting for message '{response.MessageId}' (it was answered, timed out, or the turn ended).");
        }

        if (response.AllowedToolIds is { } ids)
        {
            var unknown = ids.Where(id => pending.Calls.All(c => c.Id != id)).ToList();
            if (unknown.Count > 0)
            {
                throw NexoException.Validation("allowedToolIds", $"Unknown tool call id(s) for message '{response.MessageId}': {string.Join(", ", unknown)}.");
            }
        }

        if (!pending.Answer.TrySetResult(response))
        {
            throw NexoException.Validation("messageId", $"The tool permission request of message '{response.MessageId}' was already answered.");
        }
    }

    /// <summary>An explicit rule first, then the tool's own declaration, then the mode; <see langword="null"/> means ask.</summary>
    internal static bool? Decide(WorkspaceSettings settings, OfferedTool tool)
    {
        if (settings.ToolPermissions.TryGetValue(tool.Id, out var rule) || settings.ToolPermissions.TryGetValue(tool.ToolName, out rule))
        {
            if (rule == ToolPermissionRule.AlwaysAllow)
            {
                return true;
            }

            if (rule == ToolPermissionRule.AlwaysDeny)
            {
                return false;
            }

            return null;
        }

        return NexoToolProperties.Declared(tool.Function) switch
        {
            false => true,
            true => null,
            _ => settings.ToolPermissionMode == ToolPermissionMode.AllowAll ? true : null,
        };
    }

    private async Task<ToolPermissionResponse?> AskAsync(TurnContext turn, string assistantId, List<ToolCall> calls)
    {
        var pending = new PendingPermission(calls);
        _pending[assistantId] = pending;
        try
        {
            turn.Emit(new ToolPermissionRequestEvent { ChatId = turn.ChatId, MessageId = assistantId, ToolCalls = calls });
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(turn.Turn.Token);
            timeout.CancelAfter(d.PermissionTimeout);
            try
            {
                return await pending.Answer.Task.WaitAsync(timeout.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // Timed out (a deny) or the turn was cancelled.
                return null;
            }
        }
        finally
        {
            _pending.TryRemove(assistantId, out _);
        }
    }

    private async Task RememberAsync(TurnContext turn, List<ToolCall> calls, Dictionary<string, bool?> decisions)
    {
        var workspaceId = turn.Chat.WorkspaceId;
        var settings = await d.Workspaces.GetSettingsAsync(workspaceId, turn.Io).ConfigureAwait(false) ?? new WorkspaceSettings { WorkspaceId = workspaceId };
        var rules = settings.ToolPermissions.ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal);
        foreach (var call in calls)
        {
            if (turn.Tools.Find(call.ModelName ?? call.Name) is { } tool)
            {
                rules[tool.Id] = decisions[call.Id] == true ? ToolPermissionRule.AlwaysAllow : ToolPermissionRule.AlwaysDeny;
            }
        }

        await d.Workspaces.SaveSettingsAsync(settings with { ToolPermissions = rules, UpdatedAt = d.Time.UtcNowMs() }, turn.Io).ConfigureAwait(false);
    }

    private sealed class PendingPermission(IReadOnlyList<ToolCall> calls)
    {
        public IReadOnlyList<ToolCall> Calls { get; } = calls;

        public TaskCompletionSource<ToolPermissionResponse> Answer { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
