namespace Nexo.Chats;

/// <summary>
/// Runs chat turns: persists the user message before any network call, streams the model's answer as events,
/// flushes partial content on a timer, loops through tool calls under the workspace's permissions, and records
/// usage. One turn per chat at a time; any number of chats at once.
/// </summary>
/// <remarks>
/// The engine only wires its parts, each with one job: <see cref="TurnRunner"/> (claim, user message, history, result),
/// <see cref="AgentLoop"/> (model calls and tool steps up to the iteration limit), <see cref="ModelCall"/> (one recorded
/// assistant row per model call), <see cref="ToolRunner"/> (parallel tool calls and their stored results),
/// <see cref="PermissionGate"/>, <see cref="ChatTitler"/>, <see cref="ModelResolver"/> and <see cref="UsageRecorder"/>.
/// </remarks>
internal sealed class ChatEngine : IAsyncDisposable
{
    private readonly EngineDependencies _d;
    private readonly CancellationTokenSource _shutdown = new();
    private readonly ModelResolver _resolver;
    private readonly PermissionGate _gate;
    private readonly ChatTitler _titler;
    private readonly TurnRunner _runner;

    public ChatEngine(EngineDependencies dependencies)
    {
        _d = dependencies;
        _resolver = new ModelResolver(dependencies);
        _gate = new PermissionGate(dependencies);
        var usage = new UsageRecorder(dependencies);
        _titler = new ChatTitler(dependencies, _resolver, usage, _shutdown.Token);
        var loop = new AgentLoop(dependencies, new ModelCall(dependencies, usage), new ToolRunner(dependencies, _gate), new Context.ContextFitter(dependencies, usage));
        _runner = new TurnRunner(dependencies, _resolver, loop, _titler, _shutdown.Token);
    }

    public Task<SendMessageResult> SendAsync(SendMessageRequest request, Action<ChatEvent>? sink, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        Attachments.RejectReservedKeys(request.Metadata);
        var plan = new TurnPlan
        {
            ChatId = request.ChatId,
            NewUserContent = request.Content ?? throw NexoException.Validation("content", "The content must not be null."),
            Files = request.Files,
            Resources = request.Resources,
            Metadata = request.Metadata,
            Parent = request.ParentMessageId is null ? ParentChoice.ActiveLeaf : ParentChoice.Message(request.ParentMessageId),
            SelectedModel = request.SelectedModel,
            ReasoningEffort = request.ReasoningEffort,
            LlmConnectionId = request.LlmConnectionId,
            SystemMessage = request.SystemMessage,
            Temperature = request.Temperature,
            Stream = request.Stream,
            Tools = request.Tools,
            IgnoreBudget = request.IgnoreBudget,
            ResponseFormat = request.ResponseFormat,
            WorkspaceAccess = request.WorkspaceAccess,
        };
        return _runner.RunAsync(plan, sink, cancellationToken);
    }

    public async Task<SendMessageResult> EditAndResendAsync(EditAndResendRequest request, Action<ChatEvent>? sink, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        Attachments.RejectReservedKeys(request.Metadata);
        var original = await TurnRunner.RequireMessageAsync(_d, request.ChatId, request.MessageId, cancellationToken).ConfigureAwait(false);
        if (original.Role != MessageRole.User)
        {
            throw NexoException.Validation("messageId", $"Only user messages can be edited; '{original.Id}' is a {Enums.Name(original.Role)} message.");
        }

        return await _runner.RunAsync(
            new TurnPlan
            {
                ChatId = request.ChatId,
                NewUserContent = request.NewContent ?? throw NexoException.Validation("newContent", "The new content must not be null."),
                Files = request.NewFiles,
                Resources = request.NewResources,
                Metadata = request.Metadata,
                Parent = original.ParentId is null ? ParentChoice.Root : ParentChoice.Message(original.ParentId),
                SelectedModel = request.SelectedModel,
                ReasoningEffort = request.ReasoningEffort,
                LlmConnectionId = request.LlmConnectionId,
                Tools = request.Tools,
                IgnoreBudget = request.IgnoreBudget,
                ResponseFormat = request.ResponseFormat,
                WorkspaceAccess = request.WorkspaceAccess,
            },
            sink,
            cancellationToken).ConfigureAwait(false);
    }

    public async Task<SendMessageResult> RegenerateAsync(RegenerateRequest request, Action<ChatEvent>? sink, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var target = await TurnRunner.RequireMessageAsync(_d, request.ChatId, request.MessageId, cancellationToken).ConfigureAwait(false);
        var branch = await _d.Messages.GetBranchAsync(target.Id, cancellationToken).ConfigureAwait(false);
        var user = branch.LastOrDefault(m => m.Role == MessageRole.User)
            ?? throw NexoException.Validation("messageId", $"The message '{target.Id}' has no user message before it to answer again.");
        return await _runner.RunAsync(
            new TurnPlan
            {
                ChatId = request.ChatId,
                ExistingUserMessage = user,
                Parent = ParentChoice.Message(user.Id),
                SelectedModel = request.SelectedModel,
                ReasoningEffort = request.ReasoningEffort,
                LlmConnectionId = request.LlmConnectionId,
                Tools = request.Tools,
                IgnoreBudget = request.IgnoreBudget,
                ResponseFormat = request.ResponseFormat,
                WorkspaceAccess = request.WorkspaceAccess,
            },
            sink,
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Cancels the chat's turn: here when it runs in this engine, else by asking the engine that holds the chat.</summary>
    public async Task<bool> CancelAsync(string chatId, CancellationToken cancellationToken)
    {
        if (_runner.TryGetActive(chatId, out var turn))
        {
            turn.CancelByUser();
            return true;
        }

        return _d.Claims is { } claims && await claims.RequestCancelAsync(chatId, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A workspace's enabled MCP tools (set once the MCP host exists).</summary>
    public Func<string, CancellationToken, Task<IReadOnlyList<WorkspaceTool>>>? McpTools
    {
        get => _d.McpTools;
        set => _d.McpTools = value;
    }

    /// <summary>The MCP host, for the resources attached to messages and the <c>read_mcp_resource</c> tool (set once it exists).</summary>
    public McpHost? Mcp
    {
        get => _d.Mcp;
        set => _d.Mcp = value;
    }

    public bool IsBusy(string chatId) => _runner.TryGetActive(chatId, out _);

    /// <summary>Completes when no turn runs in this engine and every title being generated is stored.</summary>
    public async Task WhenIdleAsync(CancellationToken cancellationToken)
    {
        await _runner.WhenIdleAsync(cancellationToken).ConfigureAwait(false);
        await _titler.WhenIdleAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    public Task<ResolvedModel> ResolveAsync(string workspaceId, string? connectionId, string? model, CancellationToken cancellationToken) =>
        _resolver.ResolveForWorkspaceAsync(workspaceId, connectionId, model, cancellationToken);

    public Task RespondToolPermissionAsync(ToolPermissionResponse response, CancellationToken cancellationToken)
    {
        _gate.Respond(response);
        return Task.CompletedTask;
    }

    public Task<string> GenerateTitleAsync(string chatId, string? userPrompt, CancellationToken cancellationToken) =>
        _titler.GenerateAsync(chatId, userPrompt, cancellationToken);

    public async ValueTask DisposeAsync()
    {
        foreach (var turn in _runner.Active)
        {
            turn.CancelByUser();
        }

        using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try
        {
            await _titler.WhenIdleAsync().WaitAsync(grace.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is OperationCanceledException or TimeoutException)
        {
            await _shutdown.CancelAsync().ConfigureAwait(false);
        }

        _resolver.Dispose();
        _d.Claims?.Dispose();
        _shutdown.Dispose();
    }
}
