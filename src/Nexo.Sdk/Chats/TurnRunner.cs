using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Nexo.Prompts;
using Nexo.Tools;

namespace Nexo.Chats;

/// <summary>
/// Runs one turn from start to end: checks the request, resolves the model and the tools, claims the chat (in this
/// engine and across processes), stores the user message before any network call, builds the request from the active
/// branch, hands it to the <see cref="AgentLoop"/>, and releases the chat whatever happens.
/// </summary>
internal sealed class TurnRunner(EngineDependencies d, ModelResolver resolver, AgentLoop loop, ChatTitler titler, CancellationToken shutdown)
{
    private readonly ConcurrentDictionary<string, ActiveTurn> _active = new(StringComparer.Ordinal);

    public IEnumerable<ActiveTurn> Active => _active.Values;

    private readonly Lock _idleGate = new();
    private TaskCompletionSource? _idle;

    public bool TryGetActive(string chatId, out ActiveTurn turn) => _active.TryGetValue(chatId, out turn!);

    /// <summary>Completes when no turn runs in this engine (at once when none does).</summary>
    public Task WhenIdleAsync(CancellationToken cancellationToken)
    {
        lock (_idleGate)
        {
            if (_active.IsEmpty)
            {
                return Task.CompletedTask;
            }

            _idle ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            return _idle.Task.WaitAsync(cancellationToken);
        }
    }

    public async Task<SendMessageResult> RunAsync(TurnPlan plan, Action<ChatEvent>? sink, CancellationToken cancellationToken)
    {
        var chat = await d.Chats.GetAsync(Validate.Id(plan.ChatId, "chatId"), cancellationToken).ConfigureAwait(false)
            ?? throw NexoException.NotFound("chat", plan.ChatId);
        Check(plan);
        var effort = ReasoningEfforts.Check(plan.ReasoningEffort);
        var responseSchema = StructuredOutput.Compile(plan.ResponseFormat);
        var settings = await d.Workspaces.GetSettingsAsync(chat.WorkspaceId, cancellationToken).ConfigureAwait(false)
            ?? new WorkspaceSettings { WorkspaceId = chat.WorkspaceId };
        if (!plan.IgnoreBudget)
        {
            await Budget.ThrowIfSpentAsync(d, settings, cancellationToken).ConfigureAwait(false);
        }

        var resolved = await resolver.ResolveAsync(plan.LlmConnectionId, plan.SelectedModel, settings, cancellationToken).ConfigureAwait(false);
        var client = await resolver.GetClientAsync(resolved.Connection, resolved.Model, cancellationToken).ConfigureAwait(false);
        var attachments = await Attachments.LoadAsync(plan.Files, cancellationToken).ConfigureAwait(false);
        var workspace = await d.Workspaces.GetAsync(chat.WorkspaceId, cancellationToken).ConfigureAwait(false);
        if (plan.Resources is { Count: > 0 })
        {
            // Read (and checked) before anything is stored: a bad reference fails the turn with nothing written.
            attachments = [.. attachments, .. await ResourceAttachments.LoadAsync(d.Mcp, workspace, settings, plan.Resources, cancellationToken).ConfigureAwait(false)];
        }
        Action<ChatEvent> emit = e =>
        {
            d.Events.Publish(e);
            sink?.Invoke(e);
        };
        var builtins = BuiltinTools.BuiltinToolSet.ForTurn(d, chat, workspace, settings, plan.WorkspaceAccess, emit);
        var hostTools = ToolSet.Build(plan.Tools, d.HostTools, settings.DisabledTools, [], builtins); // checks the caller's tools before anything is stored

        using var active = new ActiveTurn(cancellationToken, shutdown);
        if (!_active.TryAdd(chat.Id, active))
        {
            throw NexoException.Conflict($"The chat '{chat.Id}' is already answering a message. Wait for it to finish or cancel it with cancel_message.");
        }

        var claimed = false;
        CancellationTokenSource? watching = null;
        Task? watcher = null;
        try
        {
            if (d.Claims is { } claims)
            {
                if (await claims.TryClaimAsync(chat.Id, cancellationToken).ConfigureAwait(false) is { } holder)
                {
                    throw new NexoException(
                        NexoErrorKind.Conflict,
                        $"The chat '{chat.Id}' is already answering a message in another Nexo process ({holder}). Wait for it to finish or cancel it there.")
                    {
                        Details = new Dictionary<string, object?> { ["chatId"] = chat.Id, ["holder"] = holder },
                    };
                }

                claimed = true;
                watching = new CancellationTokenSource();
                watcher = WatchForCancelRequestAsync(claims, chat.Id, active, watching.Token);
            }

            var mcpTools = settings.McpToolIds.Count == 0 || d.McpTools is null
                ? []
                : await d.McpTools(chat.WorkspaceId, active.Token).ConfigureAwait(false);
            var turn = new TurnContext
            {
                Plan = plan,
                Chat = chat,
                Workspace = workspace,
                Settings = settings,
                Connection = resolved.Connection,
                Model = resolved.Model,
                Client = client,
                Effort = effort,
                Attachments = attachments,
                ResponseSchema = responseSchema,
                Tools = mcpTools.Count == 0 ? hostTools : ToolSet.Build(plan.Tools, d.HostTools, settings.DisabledTools, mcpTools, builtins),
                Turn = active,
                Io = shutdown,
                Emit = emit,
            };
            return await RunLockedAsync(turn).ConfigureAwait(false);
        }
        finally
        {
            if (watching is not null)
            {
                await watching.CancelAsync().ConfigureAwait(false);
                await watcher!.ConfigureAwait(false);
                watching.Dispose();
            }

            if (claimed)
            {
                await ReleaseClaimAsync(chat.Id).ConfigureAwait(false);
            }

            _active.TryRemove(new KeyValuePair<string, ActiveTurn>(chat.Id, active));
            lock (_idleGate)
            {
                if (_active.IsEmpty && _idle is { } idle)
                {
                    _idle = null;
                    idle.TrySetResult();
                }
            }
        }
    }

    private async Task<SendMessageResult> RunLockedAsync(TurnContext turn)
    {
        var (user, history) = await StoreUserMessageAsync(turn).ConfigureAwait(false);
        var firstExchange = !history.Any(m => m.Role == MessageRole.User);

        // The request: system prompt, the active branch (from its latest summary on), the new message.
        var system = SystemPrompt.Render(turn.Plan.SystemMessage ?? turn.Settings.SystemMessage, turn.Workspace, turn.Chat, turn.Model);
        var media = MediaSupport.For(turn.Connection, turn.Model);
        var conversation = Context.TurnHistory.Create(system is null ? null : new ChatMessage(ChatRole.System, system), history, d.AttachmentsFolder, media);
        var attachments = turn.Plan.ExistingUserMessage is null ? turn.Attachments : Attachments.FromMetadata(user.Metadata, d.AttachmentsFolder, user.Id);
        conversation.Current.Add(new ChatMessage(ChatRole.User, Attachments.ToContents(user.Content, attachments, media.NativePdf)));
        if (turn.Plan.ExistingUserMessage is not null)
        {
            // Answering again: a summary made for an earlier answer of this message (covering part of this history) is
            // re-used, so the new answer is its sibling and the model is not asked to summarize the same turns twice.
            var ids = history.Select(m => m.Id).ToHashSet(StringComparer.Ordinal);
            var children = await d.Messages.GetChildrenAsync(user.Id, turn.Io).ConfigureAwait(false);
            if (children.LastOrDefault(m => ContextSummaries.Through(m) is { } through && ids.Contains(through)) is { } summary)
            {
                conversation.ReuseSummary(summary);
            }
        }

        var outcome = await loop.RunAsync(turn, conversation, user).ConfigureAwait(false);
        if (outcome.StopReason != StopReason.Cancelled && firstExchange && string.Equals(turn.Chat.Title, ChatService.DefaultTitle, StringComparison.Ordinal))
        {
            titler.StartAutoTitle(turn.Chat, turn.Client, turn.Connection, turn.Model, user.Content);
        }

        var usage = outcome.Usage;
        return new SendMessageResult
        {
            ChatId = turn.ChatId,
            UserMessageId = user.Id,
            AssistantMessageId = outcome.Last.Id,
            AssistantMessage = outcome.Last,
            TokenUsage = UsageRecorder.ToTokenUsage(usage.InputTokenCount is null && usage.OutputTokenCount is null && usage.TotalTokenCount is null ? null : usage),
            StopReason = outcome.StopReason,
        };
    }

    /// <summary>Stores the new user message (or takes the one answered again) and reads the branch before it.</summary>
    private async Task<(Message User, IReadOnlyList<Message> History)> StoreUserMessageAsync(TurnContext turn)
    {
        var plan = turn.Plan;
        var chat = turn.Chat;
        string? parentId = plan.Parent.Kind switch
        {
            ParentKind.Root => null,
            ParentKind.Message => (await RequireMessageAsync(d, chat.Id, plan.Parent.MessageId!, turn.Io).ConfigureAwait(false)).Id,
            _ => chat.ActiveMessageId ?? (await d.Messages.GetLatestAsync(chat.Id, turn.Io).ConfigureAwait(false))?.Id,
        };
        // Only what the turn can send is read: a long chat's messages behind its latest summary stay on disk.
        var history = parentId is null ? [] : await d.Messages.GetBranchSinceSummaryAsync(parentId, turn.Io).ConfigureAwait(false);
        if (plan.ExistingUserMessage is { } existing)
        {
            return (existing, history.Where(m => m.Id != existing.Id).ToList());
        }

        var now = d.Time.UtcNowMs();
        var userId = Ids.New();
        var stored = await Attachments.StoreAsync(turn.Attachments, Path.Combine(d.AttachmentsFolder, userId), turn.Io).ConfigureAwait(false);
        var user = await d.Messages.CreateAsync(
            new Message
            {
                Id = userId,
                ChatId = chat.Id,
                ParentId = parentId,
                Role = MessageRole.User,
                Content = plan.NewUserContent!,
                Status = MessageStatus.Complete,
                Metadata = Attachments.MergeIntoMetadata(plan.Metadata, stored),
                CreatedAt = now,
                UpdatedAt = now,
            },
            turn.Io).ConfigureAwait(false);
        await d.Chats.SetActiveMessageAsync(chat.Id, user.Id, turn.Io).ConfigureAwait(false);
        return (user, history);
    }

    internal static async Task<Message> RequireMessageAsync(EngineDependencies d, string chatId, string messageId, CancellationToken cancellationToken)
    {
        var message = await d.Messages.GetAsync(Validate.Id(messageId, "messageId"), cancellationToken).ConfigureAwait(false);
        if (message is null || message.ChatId != chatId)
        {
            throw NexoException.NotFound("message", messageId);
        }

        return message;
    }

    private static void Check(TurnPlan plan)
    {
        if (plan.NewUserContent is not null && plan.NewUserContent.Trim().Length == 0 && (plan.Files?.Count ?? 0) == 0 && (plan.Resources?.Count ?? 0) == 0)
        {
            throw NexoException.Validation("content", "The message is empty: write something or attach a file.");
        }

        if (plan.Metadata is { ValueKind: not JsonValueKind.Object and not JsonValueKind.Null and not JsonValueKind.Undefined })
        {
            throw NexoException.Validation("metadata", "The metadata must be a JSON object.");
        }

        if (plan.Temperature is { } t)
        {
            Validate.Range(t, 0, 2, "temperature");
        }
    }

    /// <summary>
    /// Cancels the turn when another process (or client) asks for it (<see cref="Storage.ITurnClaims.WaitForCancelRequestAsync"/>:
    /// SQLite reads the request from the chat row every 250 ms, PostgreSQL is notified at once).
    /// </summary>
    private async Task WatchForCancelRequestAsync(Storage.ITurnClaims claims, string chatId, ActiveTurn turn, CancellationToken stop)
    {
        try
        {
            await claims.WaitForCancelRequestAsync(chatId, stop).ConfigureAwait(false);
            turn.CancelByUser();
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // The turn ended.
        }
        catch (NexoException ex)
        {
            d.Logger.LogWarning(ex, "Stopped watching chat {ChatId} for cancel requests from other processes", chatId);
        }
    }

    /// <summary>Releases the chat's cross-process claim; a failure is logged (the claim is taken over once this process is gone).</summary>
    private async Task ReleaseClaimAsync(string chatId)
    {
        try
        {
            await d.Claims!.ReleaseAsync(chatId).ConfigureAwait(false);
        }
        catch (NexoException ex)
        {
            d.Logger.LogWarning(ex, "Could not release the turn claim of chat {ChatId}", chatId);
        }
    }
}
