using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using StreamJsonRpc;

namespace Nexo.JsonRpcServer.Acp;

/// <summary>
/// Runs one turn of a session (a prompt, an edit-and-resend or a regeneration) and translates its Nexo events
/// into <c>session/update</c> notifications and <c>session/request_permission</c> requests, in order, before the
/// request that started the turn is answered.
/// </summary>
internal sealed partial class AcpTurn
{
    /// <summary>The permission options offered for every tool call: their ids are their kinds.</summary>
    public static readonly IReadOnlyList<PermissionOption> PermissionOptions =
    [
        new() { OptionId = "allow_once", Name = "Allow once", Kind = "allow_once" },
        new() { OptionId = "allow_always", Name = "Always allow", Kind = "allow_always" },
        new() { OptionId = "reject_once", Name = "Reject", Kind = "reject_once" },
        new() { OptionId = "reject_always", Name = "Always reject", Kind = "reject_always" },
    ];

    private readonly AcpAgent _agent;
    private readonly AcpSession _session;
    private readonly AcpSession.TurnState _state;
    private readonly ILogger _logger;
    private readonly List<Task> _permissions = [];
    private JsonObject? _usage;

    private AcpTurn(AcpAgent agent, AcpSession session, AcpSession.TurnState state, ILogger logger)
    {
        _agent = agent;
        _session = session;
        _state = state;
        _logger = logger;
    }

    /// <summary>
    /// Runs a turn. <paramref name="start"/> starts it in the SDK (with the token to pass on); the result's stop reason
    /// becomes the answer. A cancelled turn answers <c>cancelled</c>, never an error.
    /// </summary>
    public static async Task<PromptResponse> RunAsync(
        AcpAgent agent,
        AcpSession session,
        Func<CancellationToken, Task<ChatTurn>> start,
        CancellationToken requestToken,
        ILogger logger)
    {
        var state = session.TryBeginTurn()
            ?? throw AcpErrors.Create(AcpErrors.InvalidRequest, $"The session '{session.Id}' is already running a prompt. Wait for it or send session/cancel.", "conflict");
        try
        {
            var turn = new AcpTurn(agent, session, state, logger);
            return await turn.RunAsync(start, requestToken).ConfigureAwait(false);
        }
        finally
        {
            session.EndTurn(state);
        }
    }

    private async Task<PromptResponse> RunAsync(Func<CancellationToken, Task<ChatTurn>> start, CancellationToken requestToken)
    {
        SendMessageResult? result = null;
        Exception? failure = null;

        // $/cancel_request on the prompt itself ends the turn like session/cancel (the answer is then "cancelled").
        using (requestToken.Register(() => _ = _agent.CancelTurnAsync(_session)))
        {
            try
            {
                // The turn's own event stream (not the process-wide one): only this turn's events, in order.
                await using var turn = await start(_state.StartToken).ConfigureAwait(false);
                await foreach (var e in turn.Events.ConfigureAwait(false))
                {
                    await HandleAsync(e).ConfigureAwait(false);
                }

                result = await turn.Completion.ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                failure = ex;
            }
        }

        await Task.WhenAll(_permissions).ConfigureAwait(false);

        // A title generated while the turn's updates were still going out is announced after them.
        if (_session.TakeDeferredInfo(_state) is { } info)
        {
            await Send(info).ConfigureAwait(false);
        }

        var meta = new JsonObject();
        if (result is not null)
        {
            meta["userMessageId"] = result.UserMessageId;
            meta["assistantMessageId"] = result.AssistantMessageId;
        }

        if (_usage is not null)
        {
            meta["usage"] = _usage.DeepClone();
        }

        string stopReason;
        if (failure is null)
        {
            stopReason = StopReason(result!.StopReason);
        }
        else if (failure is OperationCanceledException && _state.IsCancelled)
        {
            stopReason = "cancelled";
        }
        else
        {
            Log.TurnFailed(_logger, _session.Id, failure.Message);
            throw AcpErrors.From(failure);
        }

        return new PromptResponse { StopReason = stopReason, Meta = new JsonObject { ["nexo"] = meta } };
    }

    private static string StopReason(string nexo) => nexo switch
    {
        "end_turn" or "max_tokens" or "max_turn_requests" or "refusal" or "cancelled" => nexo,
        _ => "end_turn",
    };

    private Task HandleAsync(ChatEvent e)
    {
        switch (e)
        {
            case MessageChunkEvent chunk:
                return Send(new AgentMessageChunk { Content = new TextBlock { Text = chunk.Chunk }, MessageId = chunk.MessageId });
            case ThinkingChunkEvent thought:
                return Send(new AgentThoughtChunk { Content = new TextBlock { Text = thought.Chunk }, MessageId = thought.MessageId });
            case ToolCallsDetectedEvent detected:
                return SendToolCallsAsync(detected);
            case ToolPermissionRequestEvent request:
                foreach (var (callId, preview) in request.Previews)
                {
                    Calls.Previews[callId] = preview;
                }

                // Answered in the background: the engine waits for the answer, and this loop keeps draining.
                _permissions.Add(Task.Run(() => AskPermissionAsync(request)));
                return Task.CompletedTask;
            case ToolExecutionProgressEvent progress:
                return Send(ToolUpdate(progress));
            case PlanUpdatedEvent plan:
                return Send(Plan(plan.Entries));
            case MessageCompleteEvent { TokenUsage: { } usage } complete:
                _usage = new JsonObject
                {
                    ["inputTokens"] = usage.InputTokens,
                    ["outputTokens"] = usage.OutputTokens,
                    ["reasoningTokens"] = usage.ReasoningTokens,
                    ["totalTokens"] = usage.TotalTokens,
                };
                return SendUsageAsync(complete.ChatId, complete.MessageId, usage);
            case ContextCompactedEvent compacted:
                // The context just shrank: the meter shows what the next call will read, and _meta says what happened.
                return Send(new UsageUpdate
                {
                    Used = compacted.Tokens,
                    Size = compacted.ContextWindow,
                    Meta = new JsonObject
                    {
                        ["nexo"] = new JsonObject
                        {
                            ["contextCompacted"] = new JsonObject
                            {
                                ["strategy"] = compacted.Strategy == ContextStrategy.Truncate ? "truncate" : "summarize",
                                ["reason"] = compacted.Reason,
                                ["summaryMessageId"] = compacted.SummaryMessageId,
                                ["compactedMessages"] = compacted.CompactedMessages,
                                ["droppedMessages"] = compacted.DroppedMessages,
                                ["estimated"] = compacted.Estimated,
                            },
                        },
                    },
                });
            default:
                return Task.CompletedTask;
        }
    }

    /// <summary>A <c>plan</c> update with every entry of the plan.</summary>
    public static PlanUpdate Plan(IReadOnlyList<PlanEntry> entries) => new()
    {
        Entries = entries.Select(e => new AcpPlanEntry { Content = e.Content, Priority = e.Priority, Status = e.Status }).ToList(),
    };

    private AcpTurnCalls Calls => _state.Calls;

    private async Task SendToolCallsAsync(ToolCallsDetectedEvent detected)
    {
        foreach (var call in detected.ToolCalls)
        {
            Calls.Calls[call.Id] = call;
            await Send(AcpToolCalls.Start(call, detected.MessageId, "pending", _session.Cwd)).ConfigureAwait(false);
            Calls.Announced(call.Id);
        }
    }

    private ToolCallProgress ToolUpdate(ToolExecutionProgressEvent e) => e.Status switch
    {
        "executing" => new ToolCallProgress { ToolCallId = e.ToolCallId, Status = "in_progress" },
        "completed" => new ToolCallProgress
        {
            ToolCallId = e.ToolCallId,
            Status = "completed",
            RawOutput = AcpToolCalls.RawOutput(e.Result ?? string.Empty),
            Content = FinalContent(e.ToolCallId, e.Result ?? string.Empty, completed: true),
        },
        "progress" => new ToolCallProgress
        {
            ToolCallId = e.ToolCallId,
            Meta = new JsonObject
            {
                ["nexo"] = new JsonObject { ["progress"] = e.Progress, ["total"] = e.Total, ["message"] = e.ProgressMessage },
            },
        },
        _ => new ToolCallProgress
        {
            // error, denied, cancelled: ACP has no "denied" or "cancelled" status; the reason is in the content and _meta.
            ToolCallId = e.ToolCallId,
            Status = "failed",
            RawOutput = new JsonObject { ["error"] = e.Error ?? e.Status },
            Content = FinalContent(e.ToolCallId, e.Error ?? e.Status, completed: false),
            Meta = new JsonObject { ["nexo"] = new JsonObject { ["status"] = e.Status } },
        },
    };

    /// <summary>
    /// The content of a call's last update (it replaces what the call showed): the diff of a completed edit (what the
    /// call wrote through the client, else the preview shown when permission was asked, else its arguments), the
    /// terminal a command ran in, and the result text (left out for a completed command: the terminal shows it).
    /// </summary>
    private List<ToolCallContent> FinalContent(string callId, string text, bool completed)
    {
        var content = new List<ToolCallContent>();
        var call = Calls.Calls.GetValueOrDefault(callId);
        if (completed && call is not null && AcpBuiltinTools.IsBuiltin(call) && AcpBuiltinTools.IsEdit(call.Name)
            && (Calls.Writes.GetValueOrDefault(callId)
                ?? AcpToolCalls.Diff(Calls.Previews.GetValueOrDefault(callId), call, _session.Cwd)
                ?? AcpBuiltinTools.DiffFromArguments(call, _session.Cwd)) is { } diff)
        {
            content.Add(diff);
        }

        var terminal = Calls.Terminals.GetValueOrDefault(callId);
        if (terminal is not null)
        {
            content.Add(new ToolCallTerminal { TerminalId = terminal });
        }

        if (terminal is null || !completed)
        {
            content.Add(AcpToolCalls.Text(text));
        }

        return content;
    }

    /// <summary>
    /// Sends <c>usage_update</c>: the tokens in the context now (what the last call read plus what it wrote) out of the
    /// model's context window (<see cref="LlmModel.ContextWindow"/>, else the provider's default; 0 for echo); and <c>cost</c>,
    /// the session's cumulative cost in USD, when every usage record of its chat has a known cost (else it is left out).
    /// </summary>
    private async Task SendUsageAsync(string chatId, string messageId, TokenUsage usage)
    {
        var size = 0;
        AcpCost? cost = null;
        try
        {
            var spent = await _agent.Nexo.Usage.GetSummaryAsync(new UsageFilter { ChatId = chatId }).ConfigureAwait(false);
            if (spent is { Cost: { } amount, CostUnknownRecords: 0 })
            {
                cost = new AcpCost { Amount = amount, Currency = ModelPrice.Currency };
            }
        }
        catch (NexoException ex)
        {
            Log.UsageCostUnknown(_logger, messageId, ex.Message);
        }

        try
        {
            var message = await _agent.Nexo.Messages.GetAsync(messageId).ConfigureAwait(false);
            if (message.ConnectionId is { } connectionId && message.Model is { } model)
            {
                var connection = await _agent.Nexo.Connections.GetAsync(connectionId).ConfigureAwait(false);
                size = Nexo.Context.ContextWindows.For(connection, model) ?? 0;
            }
        }
        catch (NexoException ex)
        {
            Log.UsageSizeUnknown(_logger, messageId, ex.Message);
        }

        await Send(new UsageUpdate
        {
            Used = usage.InputTokens + usage.OutputTokens,
            Size = size,
            Cost = cost,
            Meta = new JsonObject { ["nexo"] = _usage!.DeepClone() },
        }).ConfigureAwait(false);
    }

    private Task Send(SessionUpdate update) => _agent.SendUpdateAsync(_session.Id, update);

    private async Task AskPermissionAsync(ToolPermissionRequestEvent request)
    {
        var answers = await Task.WhenAll(request.ToolCalls.Select(AskOneAsync)).ConfigureAwait(false);
        var allowed = new List<string>();
        var remembered = new List<string>();
        for (var i = 0; i < answers.Length; i++)
        {
            var call = request.ToolCalls[i];
            switch (answers[i])
            {
                case "allow_once":
                    allowed.Add(call.Id);
                    break;
                case "allow_always":
                    allowed.Add(call.Id);
                    remembered.Add(call.Id);
                    break;
                case "reject_always":
                    remembered.Add(call.Id);
                    break;
            }
        }

        // The "always" answers become rules through the SDK's gate, which binds each to the tool the user saw (its
        // server and schema): a changed server or tool asks again.
        try
        {
            await _agent.Nexo.Chats.RespondToolPermissionAsync(
                new ToolPermissionResponse
                {
                    MessageId = request.MessageId,
                    Approved = allowed.Count > 0,
                    AllowedToolIds = allowed,
                    RememberToolIds = remembered,
                },
                CancellationToken.None).ConfigureAwait(false);
        }
        catch (NexoException ex)
        {
            // The request timed out or the turn ended (cancelled) before the client answered.
            Log.PermissionNotDelivered(_logger, _session.Id, ex.Message);
        }
    }

    /// <summary>What a built-in call would do, shown with its permission request: the diff of an edit, or why it will fail.</summary>
    private List<ToolCallContent>? PreviewContent(ToolCall call)
    {
        if (Calls.Previews.GetValueOrDefault(call.Id) is not { } preview)
        {
            return null;
        }

        if (AcpToolCalls.Diff(preview, call, _session.Cwd) is { } diff)
        {
            return [diff];
        }

        return preview.Error is { } error ? [AcpToolCalls.Text($"This call will fail: {error}")] : null;
    }

    /// <summary>Asks the client about one call; the chosen option kind, or <see langword="null"/> when cancelled or failed.</summary>
    private async Task<string?> AskOneAsync(ToolCall call)
    {
        if (_state.IsCancelled)
        {
            return null;
        }

        var request = new RequestPermissionRequest
        {
            SessionId = _session.Id,
            ToolCall = new ToolCallFields
            {
                ToolCallId = call.Id,
                Title = AcpToolCalls.Title(call, _session.Cwd),
                Name = call.Name,
                Kind = AcpToolCalls.Kind(call),
                Status = "pending",
                Content = PreviewContent(call),
                Locations = AcpToolCalls.Locations(call, _session.Cwd),
                RawInput = AcpToolCalls.RawInput(call),
            },
            Options = PermissionOptions,
        };
        try
        {
            // The client must answer a cancelled request ("cancelled"), but the turn does not wait for it to.
            var pending = _agent.Rpc.InvokeWithParameterObjectAsync<RequestPermissionResponse>("session/request_permission", request, _state.RequestsToken);
            _ = pending.ContinueWith(t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
            var response = await pending.WaitAsync(_state.RequestsToken).ConfigureAwait(false);
            if (response?.Outcome is { Outcome: "selected", OptionId: { } option })
            {
                var kind = PermissionOptions.FirstOrDefault(o => o.OptionId == option)?.Kind;
                if (kind is null)
                {
                    Log.UnknownOption(_logger, _session.Id, option);
                }

                return kind;
            }

            return null;
        }
        catch (OperationCanceledException)
        {
            return null;
        }
        catch (Exception ex) when (ex is RemoteInvocationException or ConnectionLostException or ObjectDisposedException)
        {
            Log.PermissionFailed(_logger, _session.Id, ex.Message);
            return null;
        }
    }

    private static partial class Log
    {
        [LoggerMessage(Level = LogLevel.Warning, Message = "Turn of session {SessionId} failed: {Error}")]
        public static partial void TurnFailed(ILogger logger, string sessionId, string error);

        [LoggerMessage(Level = LogLevel.Debug, Message = "Permission answer of session {SessionId} not delivered: {Error}")]
        public static partial void PermissionNotDelivered(ILogger logger, string sessionId, string error);

        [LoggerMessage(Level = LogLevel.Warning, Message = "session/request_permission of session {SessionId} failed; the call is denied: {Error}")]
        public static partial void PermissionFailed(ILogger logger, string sessionId, string error);

        [LoggerMessage(Level = LogLevel.Warning, Message = "The client of session {SessionId} chose an unknown permission option '{Option}'; the call is denied.")]
        public static partial void UnknownOption(ILogger logger, string sessionId, string option);

        [LoggerMessage(Level = LogLevel.Debug, Message = "The context window for the usage of message {MessageId} is unknown: {Error}")]
        public static partial void UsageSizeUnknown(ILogger logger, string messageId, string error);

        [LoggerMessage(Level = LogLevel.Debug, Message = "The session cost for the usage of message {MessageId} is unknown: {Error}")]
        public static partial void UsageCostUnknown(ILogger logger, string messageId, string error);
    }
}
