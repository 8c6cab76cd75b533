using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.AI;
using Nexo.Tools;

namespace Nexo.Chats;

/// <summary>
/// Runs the tool calls of one model call: the permission gate decides, the allowed calls run in parallel (each an
/// <see cref="AIFunction"/> invocation, traced as an <c>execute_tool</c> span when the client pipeline has OpenTelemetry),
/// and one tool message per call is stored in the order the model asked, each after the previous one on the branch.
/// A tool failure is a result the model sees, never an exception.
/// </summary>
internal sealed class ToolRunner(EngineDependencies d, PermissionGate gate)
{
    private const string CancelledText = "The tool call was cancelled.";

    public async Task<ToolStep> RunAsync(TurnContext turn, string assistantId, IReadOnlyList<ToolCall> calls)
    {
        var (allowed, cancelled) = await gate.DecideAsync(turn, assistantId, calls).ConfigureAwait(false);
        turn.Emit(new ToolExecutionStartedEvent { ChatId = turn.ChatId, MessageId = assistantId, ToolCallsCount = calls.Count });
        var runs = new (ToolOutcome Outcome, bool Denied)[calls.Count];
        var running = new List<Task>();
        for (var i = 0; i < calls.Count; i++)
        {
            var index = i;
            var call = calls[i];
            var tool = turn.Tools.Find(call.ModelName ?? call.Name);
            if (cancelled || !allowed[call.Id] || tool is null)
            {
                var reason = cancelled ? CancelledText
                    : tool is null ? $"Unknown tool '{call.ModelName ?? call.Name}': it is not enabled in this workspace."
                    : "The user denied this tool call.";
                runs[index] = (ToolOutcome.Error(reason), !cancelled);
                Progress(turn, assistantId, call, cancelled ? "cancelled" : "denied", error: reason);
                continue;
            }

            running.Add(Task.Run(async () => runs[index] = (await InvokeAsync(turn, assistantId, call, tool).ConfigureAwait(false), false)));
        }

        await Task.WhenAll(running).ConfigureAwait(false);
        cancelled |= turn.Turn.Token.IsCancellationRequested;

        var parent = assistantId;
        var results = new List<AIContent>();
        var followUp = new List<AIContent>();
        var support = MediaSupport.For(turn.Connection, turn.Model);
        var completed = new List<ToolCallResult>(calls.Count);
        for (var i = 0; i < calls.Count; i++)
        {
            var (outcome, denied) = runs[i];
            var message = await StoreAsync(turn, parent, calls[i], outcome, denied).ConfigureAwait(false);
            parent = message.Id;
            results.Add(ToolMedia.Result(calls[i].Id, outcome.Text, outcome.IsError, outcome.Media, support, followUp));
            completed.Add(new ToolCallResult
            {
                ToolCallId = calls[i].Id, ToolName = calls[i].Name, ToolMessageId = message.Id, IsError = outcome.IsError, StructuredContent = outcome.StructuredContent,
            });
        }

        await d.Chats.SetActiveMessageAsync(turn.ChatId, parent, turn.Io).ConfigureAwait(false);
        var failed = runs.Count(r => r.Outcome.IsError);
        turn.Emit(new ToolExecutionCompletedEvent
        {
            ChatId = turn.ChatId, MessageId = assistantId, ToolCallsCount = calls.Count, SuccessfulCount = calls.Count - failed, FailedCount = failed,
            Results = completed,
        });
        List<ChatMessage> messages = [new ChatMessage(ChatRole.Tool, results)];
        if (ToolMedia.FollowUp(followUp) is { } media)
        {
            messages.Add(media);
        }

        return new ToolStep(messages, parent, cancelled);
    }

    private async Task<ToolOutcome> InvokeAsync(TurnContext turn, string assistantId, ToolCall call, OfferedTool tool)
    {
        Progress(turn, assistantId, call, "executing");
        var closed = false;
        var gateLock = new Lock();
        var context = new ToolCallContext(turn.ChatId, turn.Chat.WorkspaceId, assistantId, call, turn.Workspace?.RootPath, (progress, total, message) =>
        {
            lock (gateLock)
            {
                if (!closed)
                {
                    Progress(turn, assistantId, call, "progress", progress: progress, total: total, message: message);
                }
            }
        });

        using var activity = StartActivity(turn.Client, call, tool);
        var watch = Stopwatch.StartNew();
        ToolOutcome outcome;
        ToolCallContext.Current = context;
        try
        {
            var arguments = new AIFunctionArguments(Arguments(call.Arguments));
            var result = await tool.Function.InvokeAsync(arguments, turn.Turn.Token).ConfigureAwait(false);
            outcome = ToolOutcome.FromResult(tool.Function, result, watch.ElapsedMilliseconds);
        }
        catch (OperationCanceledException) when (turn.Turn.Token.IsCancellationRequested)
        {
            outcome = ToolOutcome.Error(CancelledText);
        }
        catch (NexoException ex)
        {
            outcome = ToolOutcome.Error(ex.Message);
        }
#pragma warning disable CA1031 // A tool's failure is a result the model sees; the turn goes on.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            EngineLog.ToolThrew(d.Logger, tool.ModelName, turn.ChatId, ex.Message);
            outcome = ToolOutcome.Error($"The tool '{tool.ToolName}' failed: {ex.Message}", watch.ElapsedMilliseconds);
        }
        finally
        {
            ToolCallContext.Current = null;
            lock (gateLock)
            {
                closed = true;
            }
        }

        if (outcome.IsError)
        {
            activity?.SetStatus(ActivityStatusCode.Error, outcome.Text);
            turn.Emit(new ToolExecutionErrorEvent { ChatId = turn.ChatId, MessageId = assistantId, ToolCallId = call.Id, ToolName = call.Name, Error = outcome.Text });
            Progress(turn, assistantId, call, "error", error: outcome.Text);
        }
        else
        {
            Progress(turn, assistantId, call, "completed", result: outcome.Text);
        }

        return outcome;
    }

    /// <summary>
    /// An <c>execute_tool</c> span (OpenTelemetry GenAI conventions) on the client pipeline's <see cref="ActivitySource"/>,
    /// the one <c>UseOpenTelemetry()</c> adds, as MEAI's own function-invoking client does.
    /// </summary>
    private static Activity? StartActivity(IChatClient client, ToolCall call, OfferedTool tool)
    {
        var source = client.GetService<ActivitySource>();
        if (source is null || !source.HasListeners())
        {
            return null;
        }

        return source.StartActivity(
            $"execute_tool {tool.ModelName}",
            ActivityKind.Internal,
            default(ActivityContext),
            [
                new("gen_ai.operation.name", "execute_tool"),
                new("gen_ai.tool.name", tool.ModelName),
                new("gen_ai.tool.call.id", call.Id),
                new("gen_ai.tool.type", "function"),
                new("gen_ai.tool.description", tool.Function.Description),
            ]);
    }

    private static Dictionary<string, object?> Arguments(JsonElement? arguments) =>
        arguments is { ValueKind: JsonValueKind.Object } obj
            ? obj.EnumerateObject().ToDictionary(p => p.Name, p => (object?)p.Value.Clone(), StringComparer.Ordinal)
            : new Dictionary<string, object?>(StringComparer.Ordinal);

    private static void Progress(
        TurnContext turn, string assistantId, ToolCall call, string status, string? result = null, string? error = null, double? progress = null, double? total = null, string? message = null) =>
        turn.Emit(new ToolExecutionProgressEvent
        {
            ChatId = turn.ChatId, MessageId = assistantId, ToolCallId = call.Id, ToolName = call.Name, Status = status,
            Result = result, Error = error, Progress = progress, Total = total, ProgressMessage = message,
        });

    private async Task<Message> StoreAsync(TurnContext turn, string parentId, ToolCall call, ToolOutcome outcome, bool denied)
    {
        var now = d.Time.UtcNowMs();
        var metadata = new JsonObject
        {
            ["toolName"] = call.Name,
            ["isError"] = outcome.IsError,
            ["denied"] = denied,
        };
        if (call.ServerId is not null)
        {
            metadata["serverId"] = call.ServerId;
        }

        var id = Ids.New();
        if (outcome.Metadata is { } extra)
        {
            var result = JsonNode.Parse(extra.GetRawText())!.AsObject();

            // Images and audio go to files beside the database (attachments/<message id>/), not into the row.
            await ToolMedia.StoreAsync(result, Path.Combine(d.AttachmentsFolder, id), turn.Io).ConfigureAwait(false);
            metadata["result"] = result;
        }

        return await d.Messages.CreateAsync(
            new Message
            {
                Id = id,
                ChatId = turn.ChatId,
                ParentId = parentId,
                Role = MessageRole.Tool,
                Content = outcome.Text,
                ToolCallId = call.Id,
                Status = outcome.IsError ? MessageStatus.Error : MessageStatus.Complete,
                Error = outcome.IsError ? outcome.Text : null,
                Metadata = NexoJson.ToElement(metadata),
                CreatedAt = now,
                UpdatedAt = now,
            },
            turn.Io).ConfigureAwait(false);
    }
}

/// <summary>
/// What a tool step gives the loop: the messages for the model (the tool results, then a user message with the media a
/// provider takes only there), the last stored message, whether the turn was cancelled.
/// </summary>
internal sealed record ToolStep(List<ChatMessage> Messages, string LastMessageId, bool Cancelled);
