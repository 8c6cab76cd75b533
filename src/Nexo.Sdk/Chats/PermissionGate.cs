using System.Collections.Concurrent;
using Nexo.Tools;

namespace Nexo.Chats;

/// <summary>
/// Decides which tool calls of a model call may run: the workspace's rules (by tool id, then by name), what the tool
/// declares (<see cref="NexoToolProperties.RequiresPermission"/>), the permission mode, and, for the calls still
/// undecided, the user's answer to one <see cref="ToolPermissionRequestEvent"/> (a timeout is a deny). The same for every
/// kind of tool. In <see cref="ToolPermissionMode.AllowReads"/> mode the tools that only read
/// (<see cref="NexoToolProperties.IsReadOnly"/>) run without asking. The request carries a preview of each built-in call
/// (<see cref="ToolPermissionRequestEvent.Previews"/>): its kind, path, and for an edit the diff, computed without writing.
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
                var remembered = answer.Remember ? undecided : undecided.Where(c => answer.RememberToolIds?.Contains(c.Id) == true).ToList();
                if (remembered.Count > 0)
                {
                    await RememberAsync(turn, remembered, decisions).ConfigureAwait(false);
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

        foreach (var (field, ids) in new[] { ("allowedToolIds", response.AllowedToolIds), ("rememberToolIds", response.RememberToolIds) })
        {
            var unknown = (ids ?? []).Where(id => pending.Calls.All(c => c.Id != id)).ToList();
            if (unknown.Count > 0)
            {
                throw NexoException.Validation(field, $"Unknown tool call id(s) for message '{response.MessageId}': {string.Join(", ", unknown)}.");
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
        if (Rule(settings, tool) is { } rule)
        {
            return rule switch
            {
                ToolPermissionRule.AlwaysAllow => true,
                ToolPermissionRule.AlwaysDeny => false,
                _ => null,
            };
        }

        return NexoToolProperties.Declared(tool.Function) switch
        {
            false => true,
            true => null,
            _ => settings.ToolPermissionMode switch
            {
                ToolPermissionMode.AllowAll => true,
                ToolPermissionMode.AllowReads when NexoToolProperties.IsReadOnly(tool.Function) => true,
                _ => null,
            },
        };
    }

    /// <summary>
    /// The rule that governs <paramref name="tool"/>: the one keyed by its id, then the one keyed by its bare name.
    /// <c>always_deny</c> and <c>ask</c> apply wherever they match (they only take permission away). An
    /// <c>always_allow</c> rule grants only what it was made for (<see cref="Grants"/>); one that does not is skipped,
    /// and with no other rule the tool is decided as if it had none (in <c>ask</c> mode: the user is asked again).
    /// </summary>
    private static ToolPermissionRule? Rule(WorkspaceSettings settings, OfferedTool tool)
    {
        string[] keys = tool.Id == tool.ToolName ? [tool.Id] : [tool.Id, tool.ToolName];
        foreach (var key in keys)
        {
            if (!settings.ToolPermissions.TryGetValue(key, out var rule))
            {
                continue;
            }

            if (rule != ToolPermissionRule.AlwaysAllow || Grants(key, settings.ToolRuleBindings.GetValueOrDefault(key), tool))
            {
                return rule;
            }
        }

        return null;
    }

    /// <summary>
    /// Whether an <c>always_allow</c> rule under <paramref name="key"/> allows <paramref name="tool"/>. A tool that is not
    /// an MCP tool: yes. An MCP tool: a bare-name rule only when it was made for the tool's server; and a remembered rule
    /// only while the tool's fingerprint (its server's command, arguments, URL and variable names, its name and input
    /// schema) is the one the user approved.
    /// </summary>
    private static bool Grants(string key, ToolRuleBinding? binding, OfferedTool tool)
    {
        if (tool.ServerId is null)
        {
            return true;
        }

        if (key != tool.Id && binding?.ServerId != tool.ServerId)
        {
            return false;
        }

        return binding?.Fingerprint is not { } approved || approved == tool.Fingerprint;
    }

    private async Task<ToolPermissionResponse?> AskAsync(TurnContext turn, string assistantId, List<ToolCall> calls)
    {
        var pending = new PendingPermission(calls);
        _pending[assistantId] = pending;
        try
        {
            var previews = await PreviewAsync(turn, calls).ConfigureAwait(false);
            turn.Emit(new ToolPermissionRequestEvent { ChatId = turn.ChatId, MessageId = assistantId, ToolCalls = calls, Previews = previews });
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

    /// <summary>What the built-in calls among <paramref name="calls"/> would do (computed without doing it), by call id.</summary>
    private static async Task<Dictionary<string, ToolCallPreview>> PreviewAsync(TurnContext turn, List<ToolCall> calls)
    {
        var previews = new Dictionary<string, ToolCallPreview>(StringComparer.Ordinal);
        foreach (var call in calls)
        {
            if (turn.Tools.Find(call.ModelName ?? call.Name)?.Function is BuiltinTools.BuiltinTool builtin)
            {
                previews[call.Id] = await builtin.PreviewAsync(BuiltinTools.BuiltinToolArguments.Of(builtin.Name, call.Arguments), turn.Turn.Token).ConfigureAwait(false);
            }
        }

        return previews;
    }

    private async Task RememberAsync(TurnContext turn, List<ToolCall> calls, Dictionary<string, bool?> decisions)
    {
        var workspaceId = turn.Chat.WorkspaceId;
        var settings = await d.Workspaces.GetSettingsAsync(workspaceId, turn.Io).ConfigureAwait(false) ?? new WorkspaceSettings { WorkspaceId = workspaceId };
        var rules = settings.ToolPermissions.ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal);
        var bindings = settings.ToolRuleBindings.ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal);
        foreach (var call in calls)
        {
            if (turn.Tools.Find(call.ModelName ?? call.Name) is { } tool)
            {
                rules[tool.Id] = decisions[call.Id] == true ? ToolPermissionRule.AlwaysAllow : ToolPermissionRule.AlwaysDeny;

                // The rule is for this tool as the user saw it: a changed server or schema makes it ask again.
                if (tool.Fingerprint is { } fingerprint)
                {
                    bindings[tool.Id] = new ToolRuleBinding(tool.ServerId, fingerprint);
                }
                else
                {
                    bindings.Remove(tool.Id);
                }
            }
        }

        var next = settings with { ToolPermissions = rules, ToolRuleBindings = bindings, UpdatedAt = d.Time.UtcNowMs() };
        await d.Workspaces.SaveSettingsAsync(next, turn.Io).ConfigureAwait(false);
    }

    private sealed class PendingPermission(IReadOnlyList<ToolCall> calls)
    {
        public IReadOnlyList<ToolCall> Calls { get; } = calls;

        public TaskCompletionSource<ToolPermissionResponse> Answer { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
