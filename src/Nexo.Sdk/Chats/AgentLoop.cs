using Microsoft.Extensions.AI;

namespace Nexo.Chats;

/// <summary>
/// The agent loop of a turn: a recorded model call, then, while the model asks for tools, a tool step and another call,
/// up to the workspace's <see cref="WorkspaceSettings.MaxAgentIterations"/> model calls (the last one is offered no tools
/// and told to answer). Ends with the turn's result, or throws the model's error after storing it.
/// </summary>
/// <remarks>
/// This is Nexo's own loop rather than MEAI's <c>FunctionInvokingChatClient</c>: the permission gate asks once per model
/// call for every undecided call and waits for the user, one assistant row is stored per model call and every tool
/// result is stored in the model's order before the next call, and the last allowed call still produces an answer.
/// </remarks>
internal sealed class AgentLoop(EngineDependencies d, ModelCall modelCall, ToolRunner tools, Context.ContextFitter context)
{
    public async Task<TurnOutcome> RunAsync(TurnContext turn, Context.TurnHistory history, Message user)
    {
        var maxCalls = Math.Max(1, turn.Settings.MaxAgentIterations);
        var totalUsage = new UsageDetails();
        var parent = history.AnswerParentId ?? user.Id;
        for (var iteration = 1; ; iteration++)
        {
            var lastCall = iteration >= maxCalls;
            if (iteration > 1)
            {
                turn.Emit(new AgentLoopIterationEvent { ChatId = turn.ChatId, Iteration = iteration, MaxIterations = maxCalls, HasToolCalls = true });
            }

            var options = new ChatOptions
            {
                ModelId = turn.Model,
                Temperature = (float?)(turn.Plan.Temperature ?? turn.Settings.Temperature),
                MaxOutputTokens = turn.Settings.MaxTokens,
                Reasoning = turn.Effort is null ? null : new ReasoningOptions { Effort = turn.Effort },
                ResponseFormat = turn.Plan.ResponseFormat,
            };
            if (!turn.Tools.IsEmpty && !lastCall)
            {
                options.Tools = turn.Tools.ForModel();
            }

            var nudge = turn.Tools.IsEmpty || !lastCall || iteration == 1
                ? null
                : new ChatMessage(ChatRole.System, $"You have used the maximum of {maxCalls} model calls for this turn. Do not call tools; answer now with what you found.");

            // The history is fitted into the model's context window before every call (a summary may be stored first).
            var (requestMessages, parentId, _) = await context.FitAsync(turn, history, parent, options.Tools, overflow: null).ConfigureAwait(false);
            parent = parentId;
            if (nudge is not null)
            {
                requestMessages.Add(nudge);
            }

            var assistant = await modelCall.StartAsync(turn, parent, user.Id).ConfigureAwait(false);
            var assistantParent = parent;
            var outcome = await modelCall.RunAsync(turn, assistant, requestMessages, options).ConfigureAwait(false);
            if (outcome.Status == MessageStatus.Error && Context.ContextOverflow.Is(outcome.Error) && outcome.Content.Length == 0 && outcome.ToolCalls.Count == 0)
            {
                // The provider counted more than we did: compact once more and retry once, in the same answer row.
                var overflow = outcome.Error!;
                (requestMessages, parentId, _) = await context.FitAsync(turn, history, parent, options.Tools, overflow).ConfigureAwait(false);
                if (parentId != assistantParent)
                {
                    assistant = await modelCall.MoveAsync(turn, assistant, parentId).ConfigureAwait(false);
                    parent = parentId;
                }

                if (nudge is not null)
                {
                    requestMessages.Add(nudge);
                }

                outcome = await modelCall.RunAsync(turn, assistant, requestMessages, options).ConfigureAwait(false);
                if (outcome.Status == MessageStatus.Error && Context.ContextOverflow.Is(outcome.Error))
                {
                    outcome.Error = new NexoException(
                        NexoErrorKind.Llm,
                        $"The conversation does not fit the model's context window even after compacting it: {outcome.Error!.Message} Start a new chat, fork it from an earlier message, or use a model with a larger window.",
                        outcome.Error)
                    {
                        Details = outcome.Error.Details,
                    };
                }
            }
            if (outcome.Usage is not null)
            {
                totalUsage.Add(outcome.Usage);
            }

            var toolCalls = lastCall ? [] : ToToolCalls(outcome, turn);
            var metadata = assistant.Metadata;
            if (outcome.Status == MessageStatus.Complete && toolCalls.Count == 0 && turn.Plan.ResponseFormat is ChatResponseFormatJson format)
            {
                // The final answer of a structured turn: checked against the schema, the check stored with it; a failed
                // check takes the provider-error path (status error, the text kept, the error thrown).
                (metadata, var invalid) = StructuredOutput.Check(outcome.Content, format, turn.ResponseSchema, metadata);
                if (invalid is not null)
                {
                    outcome.Status = MessageStatus.Error;
                    outcome.Error = invalid;
                    EngineLog.ModelCallFailed(d.Logger, turn.ChatId, assistant.Id, invalid.Message);
                }
            }

            var last = assistant with
            {
                Metadata = metadata,
                Content = outcome.Content,
                Reasoning = outcome.Reasoning.Length == 0 ? null : outcome.Reasoning,
                ToolCalls = toolCalls.Count == 0 ? null : toolCalls,
                Status = outcome.Status,
                Error = outcome.Error?.Message,
                FinishReason = outcome.FinishReason,
                Model = outcome.ResponseModel ?? turn.Model,
                Usage = UsageRecorder.ToTokenUsage(outcome.Usage),
                UpdatedAt = d.Time.UtcNowMs(),
            };
            await d.Messages.UpdateAsync(last, turn.Io).ConfigureAwait(false);

            if (outcome.Status == MessageStatus.Cancelled)
            {
                return await CancelledAsync(turn, assistant.Id, last, totalUsage).ConfigureAwait(false);
            }

            if (outcome.Status == MessageStatus.Error)
            {
                turn.Emit(new MessageErrorEvent { ChatId = turn.ChatId, MessageId = assistant.Id, Error = outcome.Error!.Message, Kind = outcome.Error.Kind });
                await d.Chats.TouchAsync(d.Time, turn.ChatId, last, turn.Emit, turn.Io).ConfigureAwait(false);
                throw outcome.Error;
            }

            turn.Emit(new MessageCompleteEvent { ChatId = turn.ChatId, MessageId = assistant.Id, Content = last.Content, TokenUsage = last.Usage, FinishReason = last.FinishReason });
            if (toolCalls.Count == 0)
            {
                var stopReason = lastCall && outcome.ToolCalls.Count > 0 ? StopReason.MaxTurnRequests : StopReason.FromFinishReason(outcome.FinishReason);
                await d.Chats.TouchAsync(d.Time, turn.ChatId, last, turn.Emit, turn.Io).ConfigureAwait(false);
                return new TurnOutcome(last, totalUsage, stopReason);
            }

            turn.Emit(new ToolCallsDetectedEvent { ChatId = turn.ChatId, MessageId = assistant.Id, ToolCalls = toolCalls });
            var step = await tools.RunAsync(turn, assistant.Id, toolCalls).ConfigureAwait(false);
            history.Current.Add(new ChatMessage(ChatRole.Assistant, [.. outcome.RawContents]));
            history.Current.AddRange(step.Messages);
            parent = step.LastMessageId;
            if (step.Cancelled)
            {
                return await CancelledAsync(turn, assistant.Id, last, totalUsage).ConfigureAwait(false);
            }
        }
    }

    private async Task<TurnOutcome> CancelledAsync(TurnContext turn, string assistantId, Message last, UsageDetails usage)
    {
        turn.Emit(new MessageCancelledEvent { ChatId = turn.ChatId, MessageId = assistantId });
        await d.Chats.TouchAsync(d.Time, turn.ChatId, last, turn.Emit, turn.Io).ConfigureAwait(false);
        turn.Turn.ThrowIfCallerCancelled();
        return new TurnOutcome(last, usage, StopReason.Cancelled);
    }

    /// <summary>
    /// The model's calls as stored and shown, each with its own id: a call whose provider id is empty or already taken
    /// in this answer gets a new one (the provider's kept in <see cref="ToolCall.ProviderCallId"/>), and the answer
    /// replayed to the model carries the new id too, so every call and its result pair up and no permission decision
    /// covers two calls.
    /// </summary>
    private static List<ToolCall> ToToolCalls(CallOutcome outcome, TurnContext turn)
    {
        var taken = new HashSet<string>(StringComparer.Ordinal);
        var calls = new List<ToolCall>(outcome.ToolCalls.Count);
        foreach (var call in outcome.ToolCalls)
        {
            var id = call.CallId;
            string? providerId = null;
            if (string.IsNullOrEmpty(id) || !taken.Add(id))
            {
                providerId = id;
                id = "call_" + Guid.NewGuid().ToString("N");
                taken.Add(id);
                var index = outcome.RawContents.IndexOf(call);
                if (index >= 0)
                {
                    outcome.RawContents[index] = new FunctionCallContent(id, call.Name, call.Arguments) { RawRepresentation = call.RawRepresentation };
                }
            }

            var tool = turn.Tools.Find(call.Name);
            calls.Add(new ToolCall
            {
                Id = id,
                ProviderCallId = providerId,
                Name = tool?.ToolName ?? call.Name,
                ModelName = call.Name,
                Arguments = call.Arguments is null ? null : System.Text.Json.JsonSerializer.SerializeToElement(call.Arguments, NexoJson.Info<IDictionary<string, object?>>()),
                ServerId = tool?.ServerId,
                ServerName = tool?.ServerName,
            });
        }

        return calls;
    }
}

/// <summary>How the agent loop ended: the last assistant message, the usage of every call, why it stopped.</summary>
internal sealed record TurnOutcome(Message Last, UsageDetails Usage, StopReason StopReason);
