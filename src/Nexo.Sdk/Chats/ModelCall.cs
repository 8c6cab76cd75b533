using System.Diagnostics;
using System.Text;
using Microsoft.Extensions.AI;

namespace Nexo.Chats;

/// <summary>
/// One model call of a turn, recorded: an assistant row created before the call, every chunk published as an event,
/// partial content flushed every <see cref="EngineDependencies.FlushInterval"/>, the final state (complete, cancelled
/// with what arrived, or failed with what arrived) and a usage record written after it.
/// </summary>
internal sealed class ModelCall(EngineDependencies d, UsageRecorder usage)
{
    /// <summary>Creates the assistant row before the call (pending) and announces it.</summary>
    public async Task<Message> StartAsync(TurnContext turn, string parentId, string userId)
    {
        var started = d.Time.UtcNowMs();
        var assistant = await d.Messages.CreateAsync(
            new Message
            {
                Id = Ids.New(),
                ChatId = turn.ChatId,
                ParentId = parentId,
                Role = MessageRole.Assistant,
                Status = MessageStatus.Pending,
                Model = turn.Model,
                ConnectionId = turn.Connection.Id,
                CreatedAt = started,
                UpdatedAt = started,
            },
            turn.Io).ConfigureAwait(false);
        await d.Chats.SetActiveMessageAsync(turn.ChatId, assistant.Id, turn.Io).ConfigureAwait(false);
        turn.Emit(new MessageStartedEvent { ChatId = turn.ChatId, UserMessageId = userId, AssistantMessageId = assistant.Id });
        return assistant;
    }

    /// <summary>
    /// Moves a refused call's row (nothing was answered into it) after a summary stored for the retry: the row is written
    /// again with the same id under the new parent, so the branch stays in storage order and the client keeps receiving
    /// the answer announced by <see cref="StartAsync"/>.
    /// </summary>
    public async Task<Message> MoveAsync(TurnContext turn, Message assistant, string parentId)
    {
        await d.Messages.DeleteAsync(assistant.Id, turn.Io).ConfigureAwait(false);
        var now = d.Time.UtcNowMs();
        var moved = await d.Messages.CreateAsync(assistant with { ParentId = parentId, Status = MessageStatus.Pending, Content = string.Empty, Error = null, UpdatedAt = now }, turn.Io).ConfigureAwait(false);
        await d.Chats.SetActiveMessageAsync(turn.ChatId, moved.Id, turn.Io).ConfigureAwait(false);
        return moved;
    }

    /// <summary>
    /// Runs the call into the assistant row and writes its usage record; failures and cancellation are in the returned
    /// outcome and the stored row, never thrown.
    /// </summary>
    public async Task<CallOutcome> RunAsync(TurnContext turn, Message assistant, IList<ChatMessage> messages, ChatOptions options)
    {
        var outcome = await CallAsync(turn, assistant.Id, messages, options).ConfigureAwait(false);
        await usage.RecordAsync(turn.Chat, assistant.Id, turn.Connection, turn.Model, outcome, turn.Stream, "chat", turn.Io).ConfigureAwait(false);
        return outcome;
    }

    /// <summary>The gap after a partial-content write is at least this many times the write's duration.</summary>
    private const int FlushCostFactor = 10;

    private async Task<CallOutcome> CallAsync(TurnContext turn, string messageId, IList<ChatMessage> messages, ChatOptions options)
    {
        var outcome = new CallOutcome();
        var content = new StringBuilder();
        var reasoning = new StringBuilder();
        var stopwatch = Stopwatch.StartNew();
        var flushEvery = d.FlushInterval;
        TimeSpan? lastFlush = null;
        var flushGap = flushEvery;
        var chatId = turn.ChatId;
        void OnText(string text)
        {
            content.Append(text);
            turn.Emit(new MessageChunkEvent { ChatId = chatId, MessageId = messageId, Chunk = text });
        }

        void OnReasoning(string text)
        {
            reasoning.Append(text);
            turn.Emit(new ThinkingChunkEvent { ChatId = chatId, MessageId = messageId, Chunk = text });
        }

        try
        {
            if (turn.Stream)
            {
                var calls = new List<FunctionCallContent>();
                TextReasoningContent? signed = null;
                await foreach (var update in turn.Client.GetStreamingResponseAsync(messages, options, turn.Turn.Token).ConfigureAwait(false))
                {
                    foreach (var item in update.Contents)
                    {
                        switch (item)
                        {
                            case TextReasoningContent r:
                                if (!string.IsNullOrEmpty(r.Text))
                                {
                                    OnReasoning(r.Text);
                                }

                                signed = r.ProtectedData is null ? signed : r;
                                break;
                            case TextContent t when !string.IsNullOrEmpty(t.Text):
                                OnText(t.Text);
                                break;
                            case FunctionCallContent f:
                                calls.Add(f);
                                break;
                            case UsageContent u:
                                outcome.Usage ??= new UsageDetails();
                                outcome.Usage.Add(u.Details);
                                break;
                        }
                    }

                    if (update.FinishReason is { } finish)
                    {
                        outcome.FinishReason = finish.Value;
                    }

                    outcome.ResponseModel ??= update.ModelId;
                    if (lastFlush is null || stopwatch.Elapsed - lastFlush.Value >= flushGap)
                    {
                        // Each write rewrites (and re-indexes) the whole answer so far: its cost grows with the answer,
                        // so the gap grows with it, keeping the writes to about a tenth of the time.
                        var started = stopwatch.Elapsed;
                        await d.Messages.UpdateContentAsync(messageId, content.ToString(), reasoning.Length == 0 ? null : reasoning.ToString(), MessageStatus.Streaming, turn.Io).ConfigureAwait(false);
                        lastFlush = stopwatch.Elapsed;
                        flushGap = TimeSpan.FromTicks(Math.Max(flushEvery.Ticks, (lastFlush.Value - started).Ticks * FlushCostFactor));
                    }
                }

                if (reasoning.Length > 0 || signed is not null)
                {
                    outcome.RawContents.Add(new TextReasoningContent(reasoning.ToString()) { ProtectedData = signed?.ProtectedData });
                }

                if (content.Length > 0)
                {
                    outcome.RawContents.Add(new TextContent(content.ToString()));
                }

                outcome.RawContents.AddRange(calls);
            }
            else
            {
                var response = await turn.Client.GetResponseAsync(messages, options, turn.Turn.Token).ConfigureAwait(false);
                foreach (var item in response.Messages.SelectMany(m => m.Contents))
                {
                    switch (item)
                    {
                        case TextReasoningContent r when !string.IsNullOrEmpty(r.Text):
                            OnReasoning(r.Text);
                            break;
                        case TextContent t when !string.IsNullOrEmpty(t.Text):
                            OnText(t.Text);
                            break;
                    }
                }

                outcome.Usage = response.Usage;
                outcome.FinishReason = response.FinishReason?.Value;
                outcome.ResponseModel = response.ModelId;
                outcome.RawContents = response.Messages.SelectMany(m => m.Contents).Where(c => c is not UsageContent).ToList();
            }

            outcome.ToolCalls = outcome.RawContents.OfType<FunctionCallContent>().ToList();
            outcome.Status = MessageStatus.Complete;
        }
        catch (OperationCanceledException) when (turn.Turn.Token.IsCancellationRequested)
        {
            outcome.Status = MessageStatus.Cancelled;
        }
        catch (Exception ex)
        {
            outcome.Status = MessageStatus.Error;
            outcome.Error = LlmErrors.From(ex);
            EngineLog.ModelCallFailed(d.Logger, chatId, messageId, outcome.Error.Message);
        }

        outcome.Content = content.ToString();
        outcome.Reasoning = reasoning.ToString();
        outcome.LatencyMs = stopwatch.ElapsedMilliseconds;
        return outcome;
    }
}
