using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Nexo.Storage;
using Nexo.Tools;

namespace Nexo.Chats;

/// <summary>
/// Runs chat turns: persists the user message before any network call, streams the model's answer as events,
/// flushes partial content on a timer, loops through tool calls under the workspace's permissions, and records
/// usage. One turn per chat at a time; any number of chats at once.
/// </summary>
internal sealed partial class ChatEngine : IAsyncDisposable
{
    private const string TitleSystemPrompt =
        "You write short chat titles. Reply with a 3 to 6 word title for the user's request. No quotes, no punctuation at the end, nothing else.";

    private readonly EngineDependencies _d;
    /// <summary>How often a running turn checks for a cancel request from another process.</summary>
    private static readonly TimeSpan CancelRequestPollInterval = TimeSpan.FromMilliseconds(250);

    private readonly ConcurrentDictionary<string, ActiveTurn> _active = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, PendingPermission> _permissions = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, IChatClient> _clients = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<Task, byte> _background = new();
    private readonly CancellationTokenSource _shutdown = new();

    public ChatEngine(EngineDependencies dependencies) => _d = dependencies;

    public ITurnToolSource? Tools { get; set; }

    // ---------------------------------------------------------------- public operations

    public Task<SendMessageResult> SendAsync(SendMessageRequest request, Action<ChatEvent>? sink, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var plan = new TurnPlan
        {
            ChatId = request.ChatId,
            NewUserContent = request.Content ?? throw NexoException.Validation("content", "The content must not be null."),
            Files = request.Files,
            Metadata = request.Metadata,
            Parent = request.ParentMessageId is null ? ParentChoice.ActiveLeaf : ParentChoice.Message(request.ParentMessageId),
            SelectedModel = request.SelectedModel,
            ReasoningEffort = request.ReasoningEffort,
            LlmConnectionId = request.LlmConnectionId,
            SystemMessage = request.SystemMessage,
            Temperature = request.Temperature,
            Stream = request.Stream,
        };
        return RunAsync(plan, sink, cancellationToken);
    }

    public async Task<SendMessageResult> EditAndResendAsync(EditAndResendRequest request, Action<ChatEvent>? sink, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var original = await RequireMessage(request.ChatId, request.MessageId, cancellationToken).ConfigureAwait(false);
        if (original.Role != MessageRole.User)
        {
            throw NexoException.Validation("messageId", $"Only user messages can be edited; '{original.Id}' is a {Enums.Name(original.Role)} message.");
        }

        return await RunAsync(
            new TurnPlan
            {
                ChatId = request.ChatId,
                NewUserContent = request.NewContent ?? throw NexoException.Validation("newContent", "The new content must not be null."),
                Files = request.NewFiles,
                Metadata = request.Metadata,
                Parent = original.ParentId is null ? ParentChoice.Root : ParentChoice.Message(original.ParentId),
                SelectedModel = request.SelectedModel,
                ReasoningEffort = request.ReasoningEffort,
                LlmConnectionId = request.LlmConnectionId,
            },
            sink,
            cancellationToken).ConfigureAwait(false);
    }

    public async Task<SendMessageResult> RegenerateAsync(RegenerateRequest request, Action<ChatEvent>? sink, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var target = await RequireMessage(request.ChatId, request.MessageId, cancellationToken).ConfigureAwait(false);
        var branch = await _d.Messages.GetBranchAsync(target.Id, cancellationToken).ConfigureAwait(false);
        var user = branch.LastOrDefault(m => m.Role == MessageRole.User)
            ?? throw NexoException.Validation("messageId", $"The message '{target.Id}' has no user message before it to answer again.");
        return await RunAsync(
            new TurnPlan
            {
                ChatId = request.ChatId,
                ExistingUserMessage = user,
                Parent = ParentChoice.Message(user.Id),
                SelectedModel = request.SelectedModel,
                ReasoningEffort = request.ReasoningEffort,
                LlmConnectionId = request.LlmConnectionId,
            },
            sink,
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Cancels the chat's turn: here when it runs in this engine, else by asking the engine that holds the chat.</summary>
    public async Task<bool> CancelAsync(string chatId, CancellationToken cancellationToken)
    {
        if (_active.TryGetValue(chatId, out var turn))
        {
            turn.CancelByUser();
            return true;
        }

        return _d.Claims is { } claims && await claims.RequestCancelAsync(chatId, cancellationToken).ConfigureAwait(false);
    }

    public bool IsBusy(string chatId) => _active.ContainsKey(chatId);

    public async Task<ResolvedModel> ResolveAsync(string workspaceId, string? connectionId, string? model, CancellationToken cancellationToken)
    {
        var settings = await _d.Workspaces.GetSettingsAsync(workspaceId, cancellationToken).ConfigureAwait(false)
            ?? new WorkspaceSettings { WorkspaceId = workspaceId };
        var (connection, resolved) = await ResolveModelAsync(connectionId, model, settings, workspaceId, cancellationToken).ConfigureAwait(false);
        return new ResolvedModel { Connection = connection, Model = resolved };
    }

    public Task RespondToolPermissionAsync(ToolPermissionResponse response, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(response);
        Validate.Id(response.MessageId, "messageId");
        if (!_permissions.TryGetValue(response.MessageId, out var pending))
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

        return Task.CompletedTask;
    }

    public async Task<string> GenerateTitleAsync(string chatId, string? userPrompt, CancellationToken cancellationToken)
    {
        var chat = await _d.Chats.GetAsync(Validate.Id(chatId, "chatId"), cancellationToken).ConfigureAwait(false) ?? throw NexoException.NotFound("chat", chatId);
        var prompt = userPrompt;
        if (string.IsNullOrWhiteSpace(prompt))
        {
            var first = (await _d.Messages.ListAsync(chat.Id, new MessageQuery { AfterSequence = 0, Limit = 20 }, cancellationToken).ConfigureAwait(false))
                .FirstOrDefault(m => m.Role == MessageRole.User);
            prompt = first?.Content ?? throw NexoException.Validation("userPrompt", $"The chat '{chat.Id}' has no user message to title; pass userPrompt.");
        }

        var settings = await _d.Workspaces.GetSettingsAsync(chat.WorkspaceId, cancellationToken).ConfigureAwait(false)
            ?? new WorkspaceSettings { WorkspaceId = chat.WorkspaceId };
        string title;
        try
        {
            var (connection, model) = await ResolveModelAsync(null, null, settings, chat.WorkspaceId, cancellationToken).ConfigureAwait(false);
            var client = await GetClientAsync(connection, model, cancellationToken).ConfigureAwait(false);
            title = await AskTitleAsync(client, connection, model, chat, prompt, cancellationToken).ConfigureAwait(false) ?? FallbackTitle(prompt);
        }
        catch (NexoException ex) when (ex.Kind is NexoErrorKind.NotConfigured or NexoErrorKind.Llm)
        {
            title = FallbackTitle(prompt);
        }

        await SaveTitleAsync(chat.Id, title, cancellationToken).ConfigureAwait(false);
        return title;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var turn in _active.Values)
        {
            turn.CancelByUser();
        }

        using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try
        {
            await Task.WhenAll(_background.Keys).WaitAsync(grace.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is OperationCanceledException or TimeoutException)
        {
            await _shutdown.CancelAsync().ConfigureAwait(false);
        }

        foreach (var client in _clients.Values)
        {
            client.Dispose();
        }

        _d.Claims?.Dispose();
        _shutdown.Dispose();
    }

    // ---------------------------------------------------------------- the turn

    private async Task<SendMessageResult> RunAsync(TurnPlan plan, Action<ChatEvent>? sink, CancellationToken cancellationToken)
    {
        var chat = await _d.Chats.GetAsync(Validate.Id(plan.ChatId, "chatId"), cancellationToken).ConfigureAwait(false)
            ?? throw NexoException.NotFound("chat", plan.ChatId);
        if (plan.NewUserContent is not null && plan.NewUserContent.Trim().Length == 0 && (plan.Files?.Count ?? 0) == 0)
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

        var effort = ParseEffort(plan.ReasoningEffort);
        var settings = await _d.Workspaces.GetSettingsAsync(chat.WorkspaceId, cancellationToken).ConfigureAwait(false)
            ?? new WorkspaceSettings { WorkspaceId = chat.WorkspaceId };
        var (connection, model) = await ResolveModelAsync(plan.LlmConnectionId, plan.SelectedModel, settings, chat.WorkspaceId, cancellationToken).ConfigureAwait(false);
        var client = await GetClientAsync(connection, model, cancellationToken).ConfigureAwait(false);
        var attachments = await Attachments.LoadAsync(plan.Files, cancellationToken).ConfigureAwait(false);
        var workspace = await _d.Workspaces.GetAsync(chat.WorkspaceId, cancellationToken).ConfigureAwait(false);

        using var turn = new ActiveTurn(cancellationToken, _shutdown.Token);
        if (!_active.TryAdd(chat.Id, turn))
        {
            throw NexoException.Conflict($"The chat '{chat.Id}' is already answering a message. Wait for it to finish or cancel it with cancel_message.");
        }

        var claimed = false;
        CancellationTokenSource? watching = null;
        Task? watcher = null;
        try
        {
            if (_d.Claims is { } claims)
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
                watcher = WatchForCancelRequestAsync(claims, chat.Id, turn, watching.Token);
            }

            return await RunLockedAsync(plan, chat, workspace, settings, connection, model, effort, client, attachments, turn, sink).ConfigureAwait(false);
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

            _active.TryRemove(new KeyValuePair<string, ActiveTurn>(chat.Id, turn));
        }
    }

    /// <summary>
    /// Cancels the turn when another process (or client) asks for it with <c>cancel_message</c>: that request is stored on
    /// the chat row, which this checks every <see cref="CancelRequestPollInterval"/> (real time) while the turn runs.
    /// </summary>
    private async Task WatchForCancelRequestAsync(Storage.TurnClaims claims, string chatId, ActiveTurn turn, CancellationToken stop)
    {
        try
        {
            while (!stop.IsCancellationRequested)
            {
                await Task.Delay(CancelRequestPollInterval, stop).ConfigureAwait(false);
                if (await claims.IsCancelRequestedAsync(chatId, stop).ConfigureAwait(false))
                {
                    turn.CancelByUser();
                    return;
                }
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // The turn ended.
        }
        catch (NexoException ex)
        {
            _d.Logger.LogWarning(ex, "Stopped watching chat {ChatId} for cancel requests from other processes", chatId);
        }
    }

    /// <summary>Releases the chat's cross-process claim; a failure is logged (the claim is taken over once this process is gone).</summary>
    private async Task ReleaseClaimAsync(string chatId)
    {
        try
        {
            await _d.Claims!.ReleaseAsync(chatId).ConfigureAwait(false);
        }
        catch (NexoException ex)
        {
            _d.Logger.LogWarning(ex, "Could not release the turn claim of chat {ChatId}", chatId);
        }
    }

    private async Task<SendMessageResult> RunLockedAsync(
        TurnPlan plan,
        Chat chat,
        Workspace? workspace,
        WorkspaceSettings settings,
        LlmConnection connection,
        string model,
        ReasoningEffort? effort,
        IChatClient client,
        IReadOnlyList<Attachment> attachments,
        ActiveTurn turn,
        Action<ChatEvent>? sink)
    {
        // Storage writes use this token: a cancelled turn must still be able to persist its final state.
        var io = _shutdown.Token;
        void Emit(ChatEvent e)
        {
            _d.Events.Publish(e);
            sink?.Invoke(e);
        }

        // 1. The user message is stored before any network call.
        string? parentId = plan.Parent.Kind switch
        {
            ParentKind.Root => null,
            ParentKind.Message => (await RequireMessage(chat.Id, plan.Parent.MessageId!, io).ConfigureAwait(false)).Id,
            _ => chat.ActiveMessageId ?? (await _d.Messages.GetLatestAsync(chat.Id, io).ConfigureAwait(false))?.Id,
        };
        var history = parentId is null ? [] : await _d.Messages.GetBranchAsync(parentId, io).ConfigureAwait(false);
        Message user;
        if (plan.ExistingUserMessage is { } existing)
        {
            user = existing;
            history = history.Where(m => m.Id != existing.Id).ToList();
        }
        else
        {
            var now = _d.Time.UtcNowMs();
            var userId = Ids.New();
            var stored = await Attachments.StoreAsync(attachments, Path.Combine(_d.AttachmentsFolder, userId), io).ConfigureAwait(false);
            user = await _d.Messages.CreateAsync(
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
                io).ConfigureAwait(false);
            await SetActiveAsync(chat.Id, user.Id, io).ConfigureAwait(false);
        }

        var firstExchange = !history.Any(m => m.Role == MessageRole.User);

        // 2. The request: system prompt, the active branch, the new message.
        var conversation = new List<ChatMessage>();
        var system = RenderSystemPrompt(plan.SystemMessage ?? settings.SystemMessage, workspace, chat, model);
        if (system is not null)
        {
            conversation.Add(new ChatMessage(ChatRole.System, system));
        }

        conversation.AddRange(HistoryBuilder.Build(history));
        conversation.Add(new ChatMessage(ChatRole.User, Attachments.ToContents(user.Content, plan.ExistingUserMessage is null ? attachments : Attachments.FromMetadata(user.Metadata))));

        var tools = Tools is null || settings.McpToolIds.Count == 0
            ? []
            : await Tools.GetToolsAsync(chat.WorkspaceId, turn.Token).ConfigureAwait(false);
        var maxCalls = Math.Max(1, settings.MaxAgentIterations);
        var stream = plan.Stream ?? settings.StreamEnabled;
        var totalUsage = new UsageDetails();
        var parent = user.Id;
        Message? last = null;

        for (var iteration = 1; ; iteration++)
        {
            var lastCall = iteration >= maxCalls;
            if (iteration > 1)
            {
                Emit(new AgentLoopIterationEvent { ChatId = chat.Id, Iteration = iteration, MaxIterations = maxCalls, HasToolCalls = true });
            }

            var started = _d.Time.UtcNowMs();
            var assistant = await _d.Messages.CreateAsync(
                new Message
                {
                    Id = Ids.New(),
                    ChatId = chat.Id,
                    ParentId = parent,
                    Role = MessageRole.Assistant,
                    Status = MessageStatus.Pending,
                    Model = model,
                    ConnectionId = connection.Id,
                    CreatedAt = started,
                    UpdatedAt = started,
                },
                io).ConfigureAwait(false);
            await SetActiveAsync(chat.Id, assistant.Id, io).ConfigureAwait(false);
            Emit(new MessageStartedEvent { ChatId = chat.Id, UserMessageId = user.Id, AssistantMessageId = assistant.Id });

            var options = new ChatOptions
            {
                ModelId = model,
                Temperature = (float?)(plan.Temperature ?? settings.Temperature),
                MaxOutputTokens = settings.MaxTokens,
                Reasoning = effort is null ? null : new ReasoningOptions { Effort = effort },
            };
            var requestMessages = conversation;
            if (tools.Count > 0 && !lastCall)
            {
                options.Tools = tools.Select(t => (AITool)new SchemaTool(t)).ToList();
            }
            else if (tools.Count > 0 && iteration > 1)
            {
                requestMessages = [.. conversation, new ChatMessage(ChatRole.System, $"You have used the maximum of {maxCalls} model calls for this turn. Do not call tools; answer now with what you found.")];
            }

            var outcome = await CallModelAsync(client, requestMessages, options, stream, chat.Id, assistant.Id, turn, Emit).ConfigureAwait(false);
            if (outcome.Usage is not null)
            {
                totalUsage.Add(outcome.Usage);
            }

            await RecordUsageAsync(chat, assistant.Id, connection, model, outcome, stream, "chat", io).ConfigureAwait(false);
            var toolCalls = lastCall ? [] : outcome.ToolCalls.Select(c => ToToolCall(c, tools)).ToList();
            var status = outcome.Status;
            last = assistant with
            {
                Content = outcome.Content,
                Reasoning = outcome.Reasoning.Length == 0 ? null : outcome.Reasoning,
                ToolCalls = toolCalls.Count == 0 ? null : toolCalls,
                Status = status,
                Error = outcome.Error?.Message,
                FinishReason = outcome.FinishReason,
                Model = outcome.ResponseModel ?? model,
                Usage = ToTokenUsage(outcome.Usage),
                UpdatedAt = _d.Time.UtcNowMs(),
            };
            await _d.Messages.UpdateAsync(last, io).ConfigureAwait(false);

            if (status == MessageStatus.Cancelled)
            {
                Emit(new MessageCancelledEvent { ChatId = chat.Id, MessageId = assistant.Id });
                await TouchChatAsync(chat.Id, last, Emit, io).ConfigureAwait(false);
                turn.ThrowIfCallerCancelled();
                return Result(chat.Id, user.Id, last, totalUsage, "cancelled");
            }

            if (status == MessageStatus.Error)
            {
                Emit(new MessageErrorEvent { ChatId = chat.Id, MessageId = assistant.Id, Error = outcome.Error!.Message, Kind = outcome.Error.Kind });
                await TouchChatAsync(chat.Id, last, Emit, io).ConfigureAwait(false);
                throw outcome.Error;
            }

            Emit(new MessageCompleteEvent
            {
                ChatId = chat.Id,
                MessageId = assistant.Id,
                Content = last.Content,
                TokenUsage = last.Usage,
                FinishReason = last.FinishReason,
            });

            if (toolCalls.Count == 0)
            {
                var stopReason = lastCall && outcome.ToolCalls.Count > 0 ? "max_turn_requests" : StopReason(outcome.FinishReason);
                await TouchChatAsync(chat.Id, last, Emit, io).ConfigureAwait(false);
                if (firstExchange && string.Equals(chat.Title, ChatService.DefaultTitle, StringComparison.Ordinal))
                {
                    StartBackground(() => AutoTitleAsync(chat, client, connection, model, user.Content));
                }

                return Result(chat.Id, user.Id, last, totalUsage, stopReason);
            }

            // 3. Tools: permission, parallel execution, results back to the model.
            Emit(new ToolCallsDetectedEvent { ChatId = chat.Id, MessageId = assistant.Id, ToolCalls = toolCalls });
            var step = await RunToolsAsync(chat, settings, assistant.Id, toolCalls, tools, turn, Emit, io).ConfigureAwait(false);
            conversation.Add(new ChatMessage(ChatRole.Assistant, [.. outcome.RawContents]));
            conversation.Add(new ChatMessage(ChatRole.Tool, step.Results.Select(r => (AIContent)new FunctionResultContent(r.CallId, r.Text)).ToList()));
            parent = step.LastMessageId ?? assistant.Id;
            if (step.Cancelled)
            {
                Emit(new MessageCancelledEvent { ChatId = chat.Id, MessageId = assistant.Id });
                await TouchChatAsync(chat.Id, last, Emit, io).ConfigureAwait(false);
                turn.ThrowIfCallerCancelled();
                return Result(chat.Id, user.Id, last, totalUsage, "cancelled");
            }
        }
    }

    private async Task<CallOutcome> CallModelAsync(
        IChatClient client,
        List<ChatMessage> messages,
        ChatOptions options,
        bool stream,
        string chatId,
        string messageId,
        ActiveTurn turn,
        Action<ChatEvent> emit)
    {
        var outcome = new CallOutcome();
        var content = new StringBuilder();
        var reasoning = new StringBuilder();
        var stopwatch = Stopwatch.StartNew();
        var flushEvery = _d.FlushInterval;
        TimeSpan? lastFlush = null;
        var io = _shutdown.Token;
        void OnText(string text)
        {
            content.Append(text);
            emit(new MessageChunkEvent { ChatId = chatId, MessageId = messageId, Chunk = text });
        }

        void OnReasoning(string text)
        {
            reasoning.Append(text);
            emit(new ThinkingChunkEvent { ChatId = chatId, MessageId = messageId, Chunk = text });
        }

        try
        {
            if (stream)
            {
                var calls = new List<FunctionCallContent>();
                TextReasoningContent? signed = null;
                await foreach (var update in client.GetStreamingResponseAsync(messages, options, turn.Token).ConfigureAwait(false))
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
                    if (lastFlush is null || stopwatch.Elapsed - lastFlush.Value >= flushEvery)
                    {
                        lastFlush = stopwatch.Elapsed;
                        await _d.Messages.UpdateContentAsync(messageId, content.ToString(), reasoning.Length == 0 ? null : reasoning.ToString(), MessageStatus.Streaming, io).ConfigureAwait(false);
                    }
                }

                // What the model said, as one assistant message for the next call of the agent loop.
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
                var response = await client.GetResponseAsync(messages, options, turn.Token).ConfigureAwait(false);
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
        catch (OperationCanceledException) when (turn.Token.IsCancellationRequested)
        {
            outcome.Status = MessageStatus.Cancelled;
        }
        catch (Exception ex)
        {
            outcome.Status = MessageStatus.Error;
            outcome.Error = LlmFailure(ex);
            Log.ModelCallFailed(_d.Logger, chatId, messageId, outcome.Error.Message);
        }

        outcome.Content = content.ToString();
        outcome.Reasoning = reasoning.ToString();
        outcome.LatencyMs = stopwatch.ElapsedMilliseconds;
        return outcome;
    }

    // ---------------------------------------------------------------- helpers

    private async Task<(LlmConnection Connection, string Model)> ResolveModelAsync(
        string? connectionId, string? selectedModel, WorkspaceSettings settings, string workspaceId, CancellationToken cancellationToken)
    {
        LlmConnection? connection;
        var id = Validate.Optional(connectionId) ?? settings.LlmConnectionId;
        if (id is not null)
        {
            connection = await _d.Connections.GetAsync(id, cancellationToken).ConfigureAwait(false)
                ?? await _d.Connections.GetByNameAsync(id, cancellationToken).ConfigureAwait(false)
                ?? throw NexoException.NotFound("LLM connection", id);
        }
        else
        {
            var defaultId = (await _d.AppSettings.GetAsync(NexoSettingKeys.DefaultConnectionId, cancellationToken).ConfigureAwait(false))?.Value;
            connection = defaultId is null ? null : await _d.Connections.GetAsync(defaultId, cancellationToken).ConfigureAwait(false);
            if (connection is null)
            {
                var all = (await _d.Connections.ListAsync(cancellationToken).ConfigureAwait(false)).Where(c => c.Enabled).ToList();
                connection = all.Count == 1 ? all[0] : null;
            }

            if (connection is null)
            {
                throw new NexoException(
                    NexoErrorKind.NotConfigured,
                    $"No LLM connection is configured for workspace '{workspaceId}'. Add one with 'nexo connection add' (or create_llm_connection) and select it in the workspace settings.");
            }
        }

        if (!connection.Enabled)
        {
            throw NexoException.Validation("llmConnectionId", $"The LLM connection '{connection.Name}' is disabled. Enable it or choose another one.");
        }

        var model = Validate.Optional(selectedModel) ?? settings.DefaultModel ?? connection.DefaultModel ?? connection.Models.FirstOrDefault()?.Id
            ?? (connection.Provider == LlmProviderKind.Echo ? "echo" : null);
        if (model is null)
        {
            throw new NexoException(
                NexoErrorKind.NotConfigured,
                $"No model is selected: pass a model, set the workspace's default model, or set a default model on the connection '{connection.Name}'.");
        }

        return (connection, model);
    }

    private async Task<IChatClient> GetClientAsync(LlmConnection connection, string model, CancellationToken cancellationToken)
    {
        var key = $"{connection.Id}\n{connection.UpdatedAt.UtcTicks}\n{model}";
        if (_clients.TryGetValue(key, out var cached))
        {
            return cached;
        }

        var secrets = await _d.Connections.GetSecretsAsync(connection.Id, cancellationToken).ConfigureAwait(false) ?? new LlmConnectionSecrets();
        var created = _d.ClientFactory().CreateClient(connection, secrets, model);
        return _clients.GetOrAdd(key, created);
    }

    private async Task<StepResult> RunToolsAsync(
        Chat chat,
        WorkspaceSettings settings,
        string assistantId,
        List<ToolCall> calls,
        IReadOnlyList<TurnTool> tools,
        ActiveTurn turn,
        Action<ChatEvent> emit,
        CancellationToken io)
    {
        var byName = tools.ToDictionary(t => t.ModelName, StringComparer.Ordinal);
        var decisions = new Dictionary<string, bool?>(StringComparer.Ordinal);
        foreach (var call in calls)
        {
            decisions[call.Id] = byName.TryGetValue(call.ModelName ?? call.Name, out var tool) ? Decide(settings, tool) : false;
        }

        var undecided = calls.Where(c => decisions[c.Id] is null).ToList();
        var cancelled = false;
        if (undecided.Count > 0)
        {
            var answer = await AskPermissionAsync(chat.Id, assistantId, undecided, turn, emit).ConfigureAwait(false);
            if (answer is null)
            {
                cancelled = turn.Token.IsCancellationRequested;
                foreach (var call in undecided)
                {
                    decisions[call.Id] = false;
                }
            }
            else
            {
                foreach (var call in undecided)
                {
                    decisions[call.Id] = answer.Approved && (answer.AllowedToolIds is null || answer.AllowedToolIds.Contains(call.Id));
                }

                if (answer.Remember)
                {
                    await RememberAsync(chat.WorkspaceId, undecided, decisions, byName, io).ConfigureAwait(false);
                }
            }
        }

        emit(new ToolExecutionStartedEvent { ChatId = chat.Id, MessageId = assistantId, ToolCallsCount = calls.Count });
        var results = new ToolRun[calls.Count];
        var running = new List<Task>();
        for (var i = 0; i < calls.Count; i++)
        {
            var index = i;
            var call = calls[i];
            if (cancelled || decisions[call.Id] != true || !byName.TryGetValue(call.ModelName ?? call.Name, out var tool))
            {
                var reason = cancelled ? "The tool call was cancelled."
                    : !byName.ContainsKey(call.ModelName ?? call.Name) ? $"Unknown tool '{call.ModelName ?? call.Name}': it is not enabled in this workspace."
                    : "The user denied this tool call.";
                results[index] = new ToolRun(call, new TurnToolResult(true, reason, null), Denied: !cancelled);
                emit(new ToolExecutionProgressEvent { ChatId = chat.Id, MessageId = assistantId, ToolCallId = call.Id, ToolName = call.Name, Status = cancelled ? "cancelled" : "denied", Error = reason });
                continue;
            }

            running.Add(Task.Run(async () =>
            {
                emit(new ToolExecutionProgressEvent { ChatId = chat.Id, MessageId = assistantId, ToolCallId = call.Id, ToolName = call.Name, Status = "executing" });
                TurnToolResult result;
                try
                {
                    result = await Tools!.InvokeAsync(
                        tool,
                        call.Arguments,
                        (progress, total, message) => emit(new ToolExecutionProgressEvent
                        {
                            ChatId = chat.Id, MessageId = assistantId, ToolCallId = call.Id, ToolName = call.Name, Status = "progress",
                            Progress = progress, Total = total, ProgressMessage = message,
                        }),
                        turn.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (turn.Token.IsCancellationRequested)
                {
                    result = new TurnToolResult(true, "The tool call was cancelled.", null);
                }
                catch (NexoException ex)
                {
                    result = new TurnToolResult(true, ex.Message, null);
                }

                results[index] = new ToolRun(call, result, Denied: false);
                if (result.IsError)
                {
                    emit(new ToolExecutionErrorEvent { ChatId = chat.Id, MessageId = assistantId, ToolCallId = call.Id, ToolName = call.Name, Error = result.Text });
                    emit(new ToolExecutionProgressEvent { ChatId = chat.Id, MessageId = assistantId, ToolCallId = call.Id, ToolName = call.Name, Status = "error", Error = result.Text });
                }
                else
                {
                    emit(new ToolExecutionProgressEvent { ChatId = chat.Id, MessageId = assistantId, ToolCallId = call.Id, ToolName = call.Name, Status = "completed", Result = result.Text });
                }
            }));
        }

        await Task.WhenAll(running).ConfigureAwait(false);
        cancelled |= turn.Token.IsCancellationRequested;

        // Tool messages are stored in the order the model asked, each after the previous one on the branch.
        var parent = assistantId;
        var stored = new List<(string CallId, string Text)>();
        foreach (var run in results)
        {
            var now = _d.Time.UtcNowMs();
            var metadata = new JsonObject
            {
                ["toolName"] = run.Call.Name,
                ["isError"] = run.Result.IsError,
                ["denied"] = run.Denied,
            };
            if (run.Call.ServerId is not null)
            {
                metadata["serverId"] = run.Call.ServerId;
            }

            if (run.Result.Metadata is { } extra)
            {
                metadata["result"] = JsonNode.Parse(extra.GetRawText());
            }

            var message = await _d.Messages.CreateAsync(
                new Message
                {
                    Id = Ids.New(),
                    ChatId = chat.Id,
                    ParentId = parent,
                    Role = MessageRole.Tool,
                    Content = run.Result.Text,
                    ToolCallId = run.Call.Id,
                    Status = run.Result.IsError ? MessageStatus.Error : MessageStatus.Complete,
                    Error = run.Result.IsError ? run.Result.Text : null,
                    Metadata = JsonDocument.Parse(metadata.ToJsonString()).RootElement.Clone(),
                    CreatedAt = now,
                    UpdatedAt = now,
                },
                io).ConfigureAwait(false);
            parent = message.Id;
            stored.Add((run.Call.Id, run.Result.IsError ? "Error: " + run.Result.Text : run.Result.Text));
        }

        await SetActiveAsync(chat.Id, parent, io).ConfigureAwait(false);
        var failed = results.Count(r => r.Result.IsError);
        emit(new ToolExecutionCompletedEvent { ChatId = chat.Id, MessageId = assistantId, ToolCallsCount = calls.Count, SuccessfulCount = calls.Count - failed, FailedCount = failed });
        return new StepResult(stored, parent, cancelled);
    }

    private async Task<ToolPermissionResponse?> AskPermissionAsync(string chatId, string assistantId, List<ToolCall> calls, ActiveTurn turn, Action<ChatEvent> emit)
    {
        var pending = new PendingPermission(calls);
        _permissions[assistantId] = pending;
        try
        {
            emit(new ToolPermissionRequestEvent { ChatId = chatId, MessageId = assistantId, ToolCalls = calls });
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(turn.Token);
            timeout.CancelAfter(_d.PermissionTimeout);
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
            _permissions.TryRemove(assistantId, out _);
        }
    }

    private static bool? Decide(WorkspaceSettings settings, TurnTool tool)
    {
        if (settings.ToolPermissions.TryGetValue(tool.ToolId, out var rule) || settings.ToolPermissions.TryGetValue(tool.ToolName, out rule))
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

        return settings.ToolPermissionMode == ToolPermissionMode.AllowAll ? true : null;
    }

    private async Task RememberAsync(string workspaceId, List<ToolCall> calls, Dictionary<string, bool?> decisions, Dictionary<string, TurnTool> byName, CancellationToken io)
    {
        var settings = await _d.Workspaces.GetSettingsAsync(workspaceId, io).ConfigureAwait(false) ?? new WorkspaceSettings { WorkspaceId = workspaceId };
        var rules = settings.ToolPermissions.ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal);
        foreach (var call in calls)
        {
            if (byName.TryGetValue(call.ModelName ?? call.Name, out var tool))
            {
                rules[tool.ToolId] = decisions[call.Id] == true ? ToolPermissionRule.AlwaysAllow : ToolPermissionRule.AlwaysDeny;
            }
        }

        await _d.Workspaces.SaveSettingsAsync(settings with { ToolPermissions = rules, UpdatedAt = _d.Time.UtcNowMs() }, io).ConfigureAwait(false);
    }

    private async Task RecordUsageAsync(Chat chat, string messageId, LlmConnection connection, string model, CallOutcome outcome, bool stream, string requestType, CancellationToken io)
    {
        var usage = outcome.Usage;
        try
        {
            await _d.Usage.AddAsync(
                new UsageRecord
                {
                    Id = Ids.New(),
                    WorkspaceId = chat.WorkspaceId,
                    ChatId = chat.Id,
                    MessageId = messageId,
                    ConnectionId = connection.Id,
                    Provider = Enums.Name(connection.Provider),
                    Model = outcome.ResponseModel ?? model,
                    InputTokens = usage?.InputTokenCount ?? 0,
                    OutputTokens = usage?.OutputTokenCount ?? 0,
                    ReasoningTokens = usage?.ReasoningTokenCount ?? 0,
                    TotalTokens = usage?.TotalTokenCount ?? ((usage?.InputTokenCount ?? 0) + (usage?.OutputTokenCount ?? 0)),
                    LatencyMs = outcome.LatencyMs,
                    IsStream = stream,
                    Status = outcome.Status switch { MessageStatus.Error => "error", MessageStatus.Cancelled => "cancelled", _ => "success" },
                    RequestType = requestType,
                    CreatedAt = _d.Time.UtcNowMs(),
                },
                io).ConfigureAwait(false);
        }
        catch (NexoException ex)
        {
            // Usage is bookkeeping: never fail a turn because it could not be written.
            Log.UsageNotRecorded(_d.Logger, chat.Id, ex.Message);
        }
    }

    private async Task TouchChatAsync(string chatId, Message last, Action<ChatEvent> emit, CancellationToken io)
    {
        var chat = await _d.Chats.GetAsync(chatId, io).ConfigureAwait(false);
        if (chat is null)
        {
            return;
        }

        var preview = last.Content.Length > 0 ? Preview(last.Content) : chat.LastMessage;
        var updated = chat with { LastMessage = preview, UpdatedAt = _d.Time.UtcNowMs() };
        await _d.Chats.UpdateAsync(updated, io).ConfigureAwait(false);
        emit(new ChatUpdatedEvent { ChatId = chatId, Title = updated.Title, LastMessage = updated.LastMessage, UpdatedAt = updated.UpdatedAt });
    }

    private async Task SetActiveAsync(string chatId, string messageId, CancellationToken io)
    {
        var chat = await _d.Chats.GetAsync(chatId, io).ConfigureAwait(false);
        if (chat is not null)
        {
            await _d.Chats.UpdateAsync(chat with { ActiveMessageId = messageId }, io).ConfigureAwait(false);
        }
    }

    private async Task AutoTitleAsync(Chat chat, IChatClient client, LlmConnection connection, string model, string prompt)
    {
        var title = await AskTitleAsync(client, connection, model, chat, prompt, _shutdown.Token).ConfigureAwait(false) ?? FallbackTitle(prompt);
        var current = await _d.Chats.GetAsync(chat.Id, _shutdown.Token).ConfigureAwait(false);
        if (current is not null && string.Equals(current.Title, ChatService.DefaultTitle, StringComparison.Ordinal))
        {
            await SaveTitleAsync(chat.Id, title, _shutdown.Token).ConfigureAwait(false);
        }
    }

    private async Task<string?> AskTitleAsync(IChatClient client, LlmConnection connection, string model, Chat chat, string prompt, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));
        var stopwatch = Stopwatch.StartNew();
        try
        {
            var response = await client.GetResponseAsync(
                [new ChatMessage(ChatRole.System, TitleSystemPrompt), new ChatMessage(ChatRole.User, Truncate(prompt, 2000))],
                new ChatOptions { ModelId = model, Temperature = 0.3f, MaxOutputTokens = 30 },
                timeout.Token).ConfigureAwait(false);
            var outcome = new CallOutcome { Usage = response.Usage, LatencyMs = stopwatch.ElapsedMilliseconds, Status = MessageStatus.Complete, ResponseModel = response.ModelId };
            await RecordUsageAsync(chat, chat.Id, connection, model, outcome, false, "title", cancellationToken).ConfigureAwait(false);
            return CleanTitle(response.Text);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            Log.TitleFailed(_d.Logger, chat.Id, ex.Message);
            return null;
        }
    }

    private async Task SaveTitleAsync(string chatId, string title, CancellationToken cancellationToken)
    {
        var chat = await _d.Chats.GetAsync(chatId, cancellationToken).ConfigureAwait(false);
        if (chat is null)
        {
            return;
        }

        var updated = chat with { Title = title, UpdatedAt = _d.Time.UtcNowMs() };
        await _d.Chats.UpdateAsync(updated, cancellationToken).ConfigureAwait(false);
        _d.Events.Publish(new ChatUpdatedEvent { ChatId = chatId, Title = title, LastMessage = updated.LastMessage, UpdatedAt = updated.UpdatedAt });
    }

    private void StartBackground(Func<Task> work)
    {
        var task = Task.Run(async () =>
        {
            try
            {
                await work().ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is OperationCanceledException or NexoException)
            {
                Log.BackgroundFailed(_d.Logger, ex.Message);
            }
        });
        _background.TryAdd(task, 0);
        task.ContinueWith(t => _background.TryRemove(t, out _), TaskScheduler.Default);
    }

    private async Task<Message> RequireMessage(string chatId, string messageId, CancellationToken cancellationToken)
    {
        var message = await _d.Messages.GetAsync(Validate.Id(messageId, "messageId"), cancellationToken).ConfigureAwait(false);
        if (message is null || message.ChatId != chatId)
        {
            throw NexoException.NotFound("message", messageId);
        }

        return message;
    }

    private static string? RenderSystemPrompt(string? template, Workspace? workspace, Chat chat, string model)
    {
        if (string.IsNullOrWhiteSpace(template))
        {
            return null;
        }

        var now = DateTimeOffset.Now;
        var variables = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["date"] = now.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            ["time"] = now.ToString("HH:mm", System.Globalization.CultureInfo.InvariantCulture),
            ["datetime"] = now.ToString("yyyy-MM-dd HH:mm:ss zzz", System.Globalization.CultureInfo.InvariantCulture),
            ["workspace"] = workspace?.Name ?? string.Empty,
            ["workspace_root"] = workspace?.RootPath ?? string.Empty,
            ["chat_title"] = chat.Title,
            ["model"] = model,
            ["os"] = System.Runtime.InteropServices.RuntimeInformation.OSDescription,
        };
        return PromptTemplate.Render(template, variables);
    }

    private static ToolCall ToToolCall(FunctionCallContent call, IReadOnlyList<TurnTool> tools)
    {
        var tool = tools.FirstOrDefault(t => string.Equals(t.ModelName, call.Name, StringComparison.Ordinal));
        JsonElement? arguments = call.Arguments is null ? null : JsonSerializer.SerializeToElement(call.Arguments, NexoJson.Options);
        return new ToolCall
        {
            Id = string.IsNullOrEmpty(call.CallId) ? Ids.New() : call.CallId,
            Name = tool?.ToolName ?? call.Name,
            ModelName = call.Name,
            Arguments = arguments,
            ServerId = tool?.ServerId,
            ServerName = tool?.ServerName,
        };
    }

    private static NexoException LlmFailure(Exception ex) => LlmErrors.From(ex);

    private static ReasoningEffort? ParseEffort(string? value) => value?.Trim().ToLowerInvariant() switch
    {
        null or "" => null,
        "none" => ReasoningEffort.None,
        "low" or "minimal" => ReasoningEffort.Low,
        "medium" => ReasoningEffort.Medium,
        "high" => ReasoningEffort.High,
        "xhigh" or "extra_high" or "max" => ReasoningEffort.ExtraHigh,
        _ => throw NexoException.Validation("reasoningEffort", $"'{value}' is not a reasoning effort; use none, low, medium, high or xhigh."),
    };

    private static string StopReason(string? finish) => finish switch
    {
        "length" => "max_tokens",
        "content_filter" => "refusal",
        _ => "end_turn",
    };

    private static TokenUsage? ToTokenUsage(UsageDetails? usage) => usage is null ? null : new TokenUsage
    {
        InputTokens = usage.InputTokenCount ?? 0,
        OutputTokens = usage.OutputTokenCount ?? 0,
        ReasoningTokens = usage.ReasoningTokenCount ?? 0,
        TotalTokens = usage.TotalTokenCount ?? ((usage.InputTokenCount ?? 0) + (usage.OutputTokenCount ?? 0)),
    };

    private static SendMessageResult Result(string chatId, string userId, Message last, UsageDetails usage, string stopReason) => new()
    {
        ChatId = chatId,
        UserMessageId = userId,
        AssistantMessageId = last.Id,
        AssistantMessage = last,
        TokenUsage = ToTokenUsage(usage.InputTokenCount is null && usage.OutputTokenCount is null && usage.TotalTokenCount is null ? null : usage),
        StopReason = stopReason,
    };

    internal static string Preview(string text)
    {
        var flat = string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        return flat.Length <= 100 ? flat : string.Concat(flat.AsSpan(0, 100), "…");
    }

    internal static string FallbackTitle(string prompt)
    {
        var words = prompt.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Take(6);
        var title = string.Join(' ', words);
        return title.Length == 0 ? ChatService.DefaultTitle : Truncate(title, 60);
    }

    internal static string? CleanTitle(string? raw)
    {
        var line = raw?.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault();
        if (string.IsNullOrWhiteSpace(line))
        {
            return null;
        }

        line = line.Trim().Trim('"', '\'', '*', '#', '`', ' ').TrimEnd('.', '!', ':');
        if (line.StartsWith("Title:", StringComparison.OrdinalIgnoreCase))
        {
            line = line[6..].Trim();
        }

        return line.Length == 0 ? null : Truncate(line, 80);
    }

    private static string Truncate(string s, int max) => s.Length <= max ? s : s[..max];

    private sealed record ToolRun(ToolCall Call, TurnToolResult Result, bool Denied);

    private sealed record StepResult(List<(string CallId, string Text)> Results, string? LastMessageId, bool Cancelled);

    private sealed class PendingPermission(IReadOnlyList<ToolCall> calls)
    {
        public IReadOnlyList<ToolCall> Calls { get; } = calls;

        public TaskCompletionSource<ToolPermissionResponse> Answer { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    private sealed class CallOutcome
    {
        public string Content { get; set; } = string.Empty;

        public string Reasoning { get; set; } = string.Empty;

        public List<AIContent> RawContents { get; set; } = [];

        public List<FunctionCallContent> ToolCalls { get; set; } = [];

        public UsageDetails? Usage { get; set; }

        public string? FinishReason { get; set; }

        public string? ResponseModel { get; set; }

        public MessageStatus Status { get; set; }

        public NexoException? Error { get; set; }

        public long LatencyMs { get; set; }
    }

    private static partial class Log
    {
        [LoggerMessage(Level = LogLevel.Warning, Message = "Model call failed in chat {ChatId} (message {MessageId}): {Error}")]
        public static partial void ModelCallFailed(ILogger logger, string chatId, string messageId, string error);

        [LoggerMessage(Level = LogLevel.Warning, Message = "Usage of chat {ChatId} not recorded: {Error}")]
        public static partial void UsageNotRecorded(ILogger logger, string chatId, string error);

        [LoggerMessage(Level = LogLevel.Information, Message = "Title generation for chat {ChatId} failed, using the first words instead: {Error}")]
        public static partial void TitleFailed(ILogger logger, string chatId, string error);

        [LoggerMessage(Level = LogLevel.Warning, Message = "Background work failed: {Error}")]
        public static partial void BackgroundFailed(ILogger logger, string error);
    }
}
