using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.AI;
using Nexo.Chats;

namespace Nexo.Context;

/// <summary>
/// Fits a turn's request into the model's context window before each model call (see <see cref="ContextWindows"/> for the
/// window and <see cref="TokenCounter"/> for the count). When the request fits it is sent whole. When it does not:
/// <list type="bullet">
/// <item><see cref="ContextStrategy.Truncate"/>: the oldest stored turns are left out until it fits (nothing is stored).</item>
/// <item><see cref="ContextStrategy.Summarize"/>: the oldest turns, with the previous summary, are summarized by the same
/// model into a new summary message stored on the branch, keeping the newest turns whole within half of the budget (so a
/// summary is not made again at every turn). When the summary call fails the turn falls back to truncating.</item>
/// </list>
/// The system prompt and the current turn are always sent; turns are never split, so a tool call keeps its result.
/// </summary>
/// <remarks>
/// A window a provider states in a "context length exceeded" error (smaller than the one configured) is remembered for the
/// connection's model for the life of the engine, so only the first turn over it pays for the refused call.
/// </remarks>
internal sealed class ContextFitter(EngineDependencies d, UsageRecorder usage)
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<(string Connection, string Model), int> _stated = new();

    /// <summary>The longest tool result or message quoted to the summarizer, in characters.</summary>
    private const int MaxQuotedChars = 4_000;

    private const string Instructions =
        "You compact conversations so they can continue without their earlier messages. Write a concise summary of the " +
        "conversation below (and of the earlier summary, if there is one): the user's goals, constraints and preferences, " +
        "decisions made, facts, names, numbers, code identifiers and file paths, what tools were called and what they found, " +
        "and what is still open. Write in the conversation's language, in plain prose or short lists. Add nothing that is not " +
        "in it. Answer with the summary only.";

    /// <summary>The request for the next model call, and the parent of its answer (a new summary when one was stored).</summary>
    public async Task<(List<ChatMessage> Messages, string ParentId, int Tokens)> FitAsync(
        TurnContext turn, TurnHistory history, string parentId, IList<AITool>? tools, NexoException? overflow)
    {
        var window = ContextWindows.For(turn.Connection, turn.Model);
        if (window is not { } size)
        {
            return (history.Assemble(), parentId, 0);
        }

        var counter = TokenCounter.For(turn.Connection.Provider, turn.Model);
        var folder = history.AttachmentsFolder;
        var key = (turn.Connection.Id, turn.Model);
        if (overflow is not null && ContextOverflow.StatedWindow(overflow) is { } stated && stated < size)
        {
            _stated[key] = stated;
        }

        if (_stated.TryGetValue(key, out var learned) && learned < size)
        {
            size = learned;
        }

        var budget = size - ContextWindows.ReservedOutput(size, turn.Settings.MaxTokens);
        if (!counter.IsExact)
        {
            budget = budget * 9 / 10;
        }

        if (counter.IsExact && overflow is null && FitsByUtf8Bound(history, tools, budget) is { } bound)
        {
            return (history.Assemble(), parentId, bound);
        }

        var fixedTokens = TokenCounter.ReplyPriming + (history.System is null ? 0 : counter.Count(history.System))
            + counter.Count(tools) + history.Current.Sum(counter.Count);
        var summaryTokens = history.SummaryMessage is { } s ? counter.Count(s) : 0;
        if (overflow is not null)
        {
            // The provider counted more than we did: aim well below what was sent.
            var sent = fixedTokens + summaryTokens + history.Groups.Sum(g => g.Tokens(counter, folder, history.Media));
            budget = Math.Min(budget, sent * 7 / 10);
        }

        var used = fixedTokens + summaryTokens;
        var keepFrom = FirstFitting(history, counter, used, budget, out var keptTokens);
        if (keepFrom == 0 && used + keptTokens <= budget)
        {
            return (history.Assemble(), parentId, used + keptTokens);
        }

        var reason = overflow is null ? "window" : "provider";
        if (turn.Settings.ContextStrategy == ContextStrategy.Summarize)
        {
            var summarized = await SummarizeAsync(turn, history, parentId, counter, size, budget, fixedTokens, reason).ConfigureAwait(false);
            if (summarized is { } done)
            {
                return done;
            }
        }

        // Truncate: the newest turns that fit; the summary too when it still fits with them.
        var withSummary = fixedTokens + summaryTokens <= budget;
        var start = withSummary ? used : fixedTokens;
        keepFrom = FirstFitting(history, counter, start, budget, out keptTokens);
        var left = history.Groups.Take(keepFrom).Sum(g => g.Messages.Count) + (withSummary || history.Summary is null ? 0 : 1);
        var tokens = start + keptTokens;
        turn.Emit(Compacted(turn, ContextStrategy.Truncate, reason, counter, size, budget, tokens) with { CompactedMessages = left });
        return (history.Assemble(keepFrom, withSummary), parentId, tokens);
    }

    /// <summary>
    /// The request's count by <see cref="TokenCounter.Utf8Bound"/> when it is within <paramref name="budget"/>, else
    /// <see langword="null"/>. The bound is at least the exact count, so a request within it is sent whole without the
    /// model's tokenizer being loaded (most turns of most chats; a fresh CLI process saves ≈0.5 s and ≈55 MB).
    /// </summary>
    internal static int? FitsByUtf8Bound(TurnHistory history, IList<AITool>? tools, int budget)
    {
        var bound = TokenCounter.Utf8Bound;
        var total = TokenCounter.ReplyPriming + (history.System is null ? 0 : bound.Count(history.System)) + bound.Count(tools)
            + history.Current.Sum(bound.Count) + (history.SummaryMessage is { } summary ? bound.Count(summary) : 0);
        foreach (var group in history.Groups)
        {
            if (total > budget)
            {
                return null;
            }

            total += group.Tokens(bound, history.AttachmentsFolder, history.Media);
        }

        return total <= budget ? total : null;
    }

    /// <summary>The first of the newest groups that fit in <paramref name="budget"/> with <paramref name="used"/> tokens already taken.</summary>
    private static int FirstFitting(TurnHistory history, TokenCounter counter, int used, int budget, out int tokens)
    {
        tokens = 0;
        var keepFrom = history.Groups.Count;
        for (var i = history.Groups.Count - 1; i >= 0; i--)
        {
            var t = history.Groups[i].Tokens(counter, history.AttachmentsFolder, history.Media);
            if (used + tokens + t > budget)
            {
                break;
            }

            tokens += t;
            keepFrom = i;
        }

        return keepFrom;
    }

    private async Task<(List<ChatMessage>, string, int)?> SummarizeAsync(
        TurnContext turn, TurnHistory history, string parentId, TokenCounter counter, int window, int budget, int fixedTokens, string reason)
    {
        var folder = history.AttachmentsFolder;
        var summaryCap = Math.Clamp(window / 8, 64, 2_048);
        var target = Math.Max(budget / 2, fixedTokens + summaryCap);
        var keepFrom = FirstFitting(history, counter, fixedTokens + summaryCap, target, out var keptTokens);
        if (keepFrom == 0)
        {
            // Nothing older than what must be kept: the summary alone is too much with the current turn.
            return null;
        }

        // What the summarizer reads: the previous summary and the turns to compact, newest first until its own window is
        // full; turns older than that are dropped (they only happen when a long history meets a small window at once).
        var room = window - summaryCap - counter.Count(Instructions) - 64 - (history.Summary is null ? 0 : counter.Count(history.Summary.Content));
        if (!counter.IsExact)
        {
            room = room * 9 / 10;
        }

        var quoted = new List<string>();
        var firstQuoted = keepFrom;
        var quotedTokens = 0;
        for (var i = keepFrom - 1; i >= 0; i--)
        {
            var turnText = Transcript(history.Groups[i].Messages);
            var t = counter.Count(turnText);
            if (quotedTokens + t > room)
            {
                break;
            }

            quoted.Insert(0, turnText);
            quotedTokens += t;
            firstQuoted = i;
        }

        var dropped = history.Groups.Take(firstQuoted).Sum(g => g.Messages.Count);
        var compacted = history.Groups.Take(keepFrom).Sum(g => g.Messages.Count);
        var request = new StringBuilder();
        if (history.Summary is not null)
        {
            request.Append("Earlier summary:\n").Append(history.Summary.Content).Append("\n\n");
        }

        if (dropped > 0)
        {
            request.Append("(").Append(dropped).Append(" older messages were too long to include and are lost.)\n\n");
        }

        request.Append("Conversation to summarize:\n\n").AppendJoin("\n\n", quoted);

        var stopwatch = Stopwatch.StartNew();
        ChatResponse response;
        try
        {
            response = await turn.Client.GetResponseAsync(
                [new ChatMessage(ChatRole.System, Instructions), new ChatMessage(ChatRole.User, request.ToString())],
                new ChatOptions { ModelId = turn.Model, MaxOutputTokens = summaryCap },
                turn.Turn.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || turn.Turn.Token.IsCancellationRequested)
        {
            EngineLog.SummaryFailed(d.Logger, turn.ChatId, LlmErrors.From(ex).Message);
            return null;
        }

        var text = response.Text.Trim();
        if (text.Length == 0)
        {
            EngineLog.SummaryFailed(d.Logger, turn.ChatId, "the model returned an empty summary");
            return null;
        }

        var through = history.Groups[keepFrom - 1].Messages[^1].Id;
        var covered = compacted + (history.Summary is null ? 0 : ContextSummaries.Messages(history.Summary));
        var now = d.Time.UtcNowMs();
        var summary = await d.Messages.CreateAsync(
            new Message
            {
                Id = Ids.New(),
                ChatId = turn.ChatId,
                ParentId = parentId,
                Role = MessageRole.System,
                Content = text,
                Status = MessageStatus.Complete,
                Model = response.ModelId ?? turn.Model,
                ConnectionId = turn.Connection.Id,
                Usage = UsageRecorder.ToTokenUsage(response.Usage),
                Metadata = ContextSummaries.Metadata(through, covered, dropped, history.Summary?.Id),
                CreatedAt = now,
                UpdatedAt = now,
            },
            turn.Io).ConfigureAwait(false);
        await usage.RecordAsync(
            turn.Chat,
            summary.Id,
            turn.Connection,
            turn.Model,
            new CallOutcome { Usage = response.Usage, ResponseModel = response.ModelId, Status = MessageStatus.Complete, LatencyMs = stopwatch.ElapsedMilliseconds },
            stream: false,
            "summary",
            turn.Io).ConfigureAwait(false);

        history.Compacted(summary, keepFrom);
        var tokens = fixedTokens + counter.Count(history.SummaryMessage!) + keptTokens;
        turn.Emit(Compacted(turn, ContextStrategy.Summarize, reason, counter, window, budget, tokens) with
        {
            SummaryMessageId = summary.Id,
            CompactedMessages = compacted,
            DroppedMessages = dropped,
        });
        return (history.Assemble(), summary.Id, tokens);
    }

    private static ContextCompactedEvent Compacted(TurnContext turn, ContextStrategy strategy, string reason, TokenCounter counter, int window, int budget, int tokens) => new()
    {
        ChatId = turn.ChatId,
        Strategy = strategy,
        Reason = reason,
        Tokens = tokens,
        ContextWindow = window,
        Budget = budget,
        Estimated = !counter.IsExact,
    };

    /// <summary>A stored turn as text for the summarizer; long texts are cut in the middle.</summary>
    private static string Transcript(List<Message> messages)
    {
        var text = new StringBuilder();
        foreach (var m in messages)
        {
            switch (m.Role)
            {
                case MessageRole.User:
                    text.Append("User: ").Append(Quote(m.Content)).Append('\n');
                    break;
                case MessageRole.Assistant:
                    if (m.Content.Length > 0)
                    {
                        text.Append("Assistant: ").Append(Quote(m.Content)).Append('\n');
                    }

                    foreach (var call in m.ToolCalls ?? [])
                    {
                        text.Append("Assistant called the tool ").Append(call.Name).Append(' ')
                            .Append(Quote(call.Arguments is { } a ? a.GetRawText() : "{}")).Append('\n');
                    }

                    break;
                case MessageRole.Tool:
                    text.Append(m.Status == MessageStatus.Error ? "Tool error: " : "Tool result: ").Append(Quote(m.Content)).Append('\n');
                    break;
                case MessageRole.System:
                    text.Append("System note: ").Append(Quote(m.Content)).Append('\n');
                    break;
            }
        }

        return text.ToString().TrimEnd();
    }

    private static string Quote(string text) =>
        text.Length <= MaxQuotedChars
            ? text
            : string.Concat(text.AsSpan(0, MaxQuotedChars / 2), $" […{text.Length - MaxQuotedChars} characters left out…] ", text.AsSpan(text.Length - (MaxQuotedChars / 2)));
}
