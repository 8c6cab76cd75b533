namespace Nexo.JsonRpcServer.Contract;

/// <summary>One JSON-RPC method of the contract: its name, its single named-params type and its result type.</summary>
/// <param name="Name">The method name, exactly as the original Nexo registers the command.</param>
/// <param name="ParamsType">The type of the one named-params object.</param>
/// <param name="ResultType">The type of the result; <see langword="null"/> when the result is <c>null</c>.</param>
/// <param name="ResultIsArray">Whether the result is an array of <paramref name="ResultType"/>.</param>
/// <param name="LongRunning">
/// Whether the method runs a model or an MCP server and may take long; such requests are cancelled when the
/// client closes the server's input (the others still run and are answered).
/// </param>
public sealed record RpcMethod(string Name, Type ParamsType, Type? ResultType, bool ResultIsArray = false, bool LongRunning = false);

/// <summary>One JSON-RPC notification the server sends: an SDK event and its payload type.</summary>
/// <param name="Name">The event name (<see cref="NexoEvents"/>).</param>
/// <param name="PayloadType">The event record; its properties are the payload.</param>
public sealed record RpcNotification(string Name, Type PayloadType);

/// <summary>
/// Nexo's JSON-RPC contract, declared once. The host registers exactly these methods, <c>initialize</c> reports
/// them, the TypeScript bindings are generated from them and a snapshot test guards them.
/// </summary>
public static class RpcContract
{
    /// <summary>The protocol version reported by <c>initialize</c>; bumped only for breaking changes.</summary>
    public const int ProtocolVersion = 1;

    /// <summary>The <c>initialize</c> request.</summary>
    public const string Initialize = "initialize";

    /// <summary>The <c>initialized</c> notification (client → server): events start flowing after it.</summary>
    public const string Initialized = "initialized";

    /// <summary>The <c>shutdown</c> request: stop accepting requests.</summary>
    public const string Shutdown = "shutdown";

    /// <summary>The <c>exit</c> notification: the process ends (code 0 after <c>shutdown</c>, else 1).</summary>
    public const string Exit = "exit";

    /// <summary>The <c>$/progress</c> notification (server → client): progress of a request given a <c>progressToken</c>.</summary>
    public const string Progress = "$/progress";

    /// <summary>The protocol's own notifications from the server, beside the SDK events (LSP style, <c>$/</c> names).</summary>
    public static IReadOnlyList<RpcNotification> ProtocolNotifications { get; } =
    [
        new(Progress, typeof(ProgressParams)),
    ];

    /// <summary>The lifecycle methods (LSP style); <c>initialized</c> and <c>exit</c> are notifications.</summary>
    public static IReadOnlyList<RpcMethod> Lifecycle { get; } =
    [
        new(Initialize, typeof(InitializeParams), typeof(InitializeResult)),
        new(Initialized, typeof(EmptyParams), null),
        new(Shutdown, typeof(EmptyParams), null),
        new(Exit, typeof(EmptyParams), null),
    ];

    /// <summary>Every SDK command the host serves, in <see cref="NexoCommands.All"/> order.</summary>
    public static IReadOnlyList<RpcMethod> Commands { get; } =
    [
        new(NexoCommands.CreateWorkspace, typeof(CreateWorkspaceParams), typeof(Workspace)),
        new(NexoCommands.GetWorkspaces, typeof(GetWorkspacesParams), typeof(Workspace), ResultIsArray: true),
        new(NexoCommands.UpdateWorkspace, typeof(UpdateWorkspaceParams), typeof(Workspace)),
        new(NexoCommands.DeleteWorkspace, typeof(DeleteWorkspaceParams), null),
        new(NexoCommands.GetWorkspaceSettings, typeof(GetWorkspaceSettingsParams), typeof(WorkspaceSettings)),
        new(NexoCommands.SaveWorkspaceSettings, typeof(SaveWorkspaceSettingsParams), typeof(WorkspaceSettings)),
        new(NexoCommands.CreateChat, typeof(CreateChatParams), typeof(Chat)),
        new(NexoCommands.GetChats, typeof(GetChatsParams), typeof(Chat), ResultIsArray: true),
        new(NexoCommands.UpdateChat, typeof(UpdateChatParams), typeof(Chat)),
        new(NexoCommands.DeleteChat, typeof(DeleteChatParams), null),
        new(NexoCommands.DeleteAllChatsByWorkspace, typeof(DeleteAllChatsByWorkspaceParams), typeof(DeletedCountResult)),
        new(NexoCommands.SendMessage, typeof(SendMessageParams), typeof(SendMessageResult), LongRunning: true),
        new(NexoCommands.EditAndResendMessage, typeof(EditAndResendMessageParams), typeof(SendMessageResult), LongRunning: true),
        new(NexoCommands.RegenerateMessage, typeof(RegenerateMessageParams), typeof(SendMessageResult), LongRunning: true),
        new(NexoCommands.SwitchBranch, typeof(SwitchBranchParams), typeof(Chat)),
        new(NexoCommands.RespondToolPermission, typeof(RespondToolPermissionParams), null),
        new(NexoCommands.GenerateChatTitle, typeof(GenerateChatTitleParams), typeof(GenerateChatTitleResult), LongRunning: true),
        new(NexoCommands.ForkChat, typeof(ForkChatParams), typeof(Chat)),
        new(NexoCommands.ExportChat, typeof(ExportChatParams), typeof(ExportChatResult)),
        new(NexoCommands.ImportChats, typeof(ImportChatsParams), typeof(Chat), ResultIsArray: true),
        new(NexoCommands.SearchMessages, typeof(SearchMessagesParams), typeof(MessageSearchHit), ResultIsArray: true),
        new(NexoCommands.CreateMessage, typeof(CreateMessageParams), typeof(Message)),
        new(NexoCommands.GetMessages, typeof(GetMessagesParams), typeof(Message), ResultIsArray: true),
        new(NexoCommands.UpdateMessage, typeof(UpdateMessageParams), typeof(Message)),
        new(NexoCommands.DeleteMessagesAfter, typeof(DeleteMessagesAfterParams), typeof(DeletedCountResult)),
        new(NexoCommands.CancelMessage, typeof(CancelMessageParams), typeof(CancelMessageResult)),
        new(NexoCommands.CreateLlmConnection, typeof(CreateLlmConnectionParams), typeof(LlmConnection)),
        new(NexoCommands.GetLlmConnections, typeof(GetLlmConnectionsParams), typeof(LlmConnection), ResultIsArray: true),
        new(NexoCommands.UpdateLlmConnection, typeof(UpdateLlmConnectionParams), typeof(LlmConnection)),
        new(NexoCommands.DeleteLlmConnection, typeof(DeleteLlmConnectionParams), null),
        new(NexoCommands.TestLlmConnection, typeof(TestLlmConnectionParams), typeof(LlmModel), ResultIsArray: true, LongRunning: true),
        new(NexoCommands.GetLlmModels, typeof(GetLlmModelsParams), typeof(LlmModel), ResultIsArray: true, LongRunning: true),
        new(NexoCommands.CreateMcpServerConnection, typeof(CreateMcpServerConnectionParams), typeof(McpServer)),
        new(NexoCommands.GetMcpServerConnections, typeof(GetMcpServerConnectionsParams), typeof(McpServer), ResultIsArray: true),
        new(NexoCommands.UpdateMcpServerConnection, typeof(UpdateMcpServerConnectionParams), typeof(McpServer)),
        new(NexoCommands.DeleteMcpServerConnection, typeof(DeleteMcpServerConnectionParams), null),
        new(NexoCommands.UpdateMcpServerStatus, typeof(UpdateMcpServerStatusParams), typeof(McpServer)),
        new(NexoCommands.TestMcpConnectionAndFetchTools, typeof(TestMcpConnectionAndFetchToolsParams), typeof(McpToolInfo), ResultIsArray: true, LongRunning: true),
        new(NexoCommands.ConnectMcpServerAndFetchTools, typeof(ConnectMcpServerAndFetchToolsParams), typeof(McpToolInfo), ResultIsArray: true, LongRunning: true),
        new(NexoCommands.DisconnectMcpClient, typeof(DisconnectMcpClientParams), null),
        new(NexoCommands.CallMcpTool, typeof(CallMcpToolParams), typeof(McpToolResult), LongRunning: true),
        new(NexoCommands.GetActiveToolsForWorkspace, typeof(GetActiveToolsForWorkspaceParams), typeof(ActiveToolInfo), ResultIsArray: true),
        new(NexoCommands.ImportMcpServers, typeof(ImportMcpServersParams), typeof(McpServer), ResultIsArray: true),
        new(NexoCommands.ListMcpResources, typeof(ListMcpResourcesParams), typeof(McpResourceInfo), ResultIsArray: true),
        new(NexoCommands.ListMcpResourceTemplates, typeof(ListMcpResourceTemplatesParams), typeof(McpResourceTemplateInfo), ResultIsArray: true),
        new(NexoCommands.ReadMcpResource, typeof(ReadMcpResourceParams), typeof(McpResourceReadResult)),
        new(NexoCommands.SubscribeMcpResource, typeof(SubscribeMcpResourceParams), null),
        new(NexoCommands.UnsubscribeMcpResource, typeof(UnsubscribeMcpResourceParams), null),
        new(NexoCommands.AuthorizeMcpServer, typeof(AuthorizeMcpServerParams), typeof(McpServer), LongRunning: true),
        new(NexoCommands.LogoutMcpServer, typeof(LogoutMcpServerParams), typeof(McpLogoutResult)),
        new(NexoCommands.CreatePrompt, typeof(CreatePromptParams), typeof(Prompt)),
        new(NexoCommands.GetPrompts, typeof(GetPromptsParams), typeof(Prompt), ResultIsArray: true),
        new(NexoCommands.UpdatePrompt, typeof(UpdatePromptParams), typeof(Prompt)),
        new(NexoCommands.DeletePrompt, typeof(DeletePromptParams), null),
        new(NexoCommands.RenderPrompt, typeof(RenderPromptParams), typeof(RenderPromptResult)),
        new(NexoCommands.GetSlashCommands, typeof(GetSlashCommandsParams), typeof(SlashCommand), ResultIsArray: true, LongRunning: true),
        new(NexoCommands.RunSlashCommand, typeof(RunSlashCommandParams), typeof(SendMessageResult), LongRunning: true),
        new(NexoCommands.SaveAppSetting, typeof(SaveAppSettingParams), null),
        new(NexoCommands.GetAppSetting, typeof(GetAppSettingParams), typeof(GetAppSettingResult)),
        new(NexoCommands.GetAllAppSettings, typeof(GetAllAppSettingsParams), typeof(AppSetting), ResultIsArray: true),
        new(NexoCommands.GetUsageSummary, typeof(GetUsageSummaryParams), typeof(UsageSummary)),
        new(NexoCommands.GetUsageLogs, typeof(GetUsageLogsParams), typeof(UsageRecord), ResultIsArray: true),
        new(NexoCommands.GetUsageBreakdown, typeof(GetUsageBreakdownParams), typeof(UsageBreakdownRow), ResultIsArray: true),
        new(NexoCommands.ClearUsage, typeof(ClearUsageParams), typeof(DeletedCountResult)),
        new(NexoCommands.SetModelPrice, typeof(SetModelPriceParams), typeof(ModelPrice)),
        new(NexoCommands.GetModelPrices, typeof(GetModelPricesParams), typeof(ModelPrice), ResultIsArray: true),
        new(NexoCommands.DeleteModelPrice, typeof(DeleteModelPriceParams), typeof(DeleteModelPriceResult)),
        new(NexoCommands.ImportModelPrices, typeof(ImportModelPricesParams), typeof(ModelPrice), ResultIsArray: true),
        new(NexoCommands.RespondMcpElicitation, typeof(RespondMcpElicitationParams), null),
    ];

    /// <summary>Every SDK event the host forwards as a notification, in <see cref="NexoEvents.All"/> order.</summary>
    public static IReadOnlyList<RpcNotification> Notifications { get; } =
    [
        new(NexoEvents.MessageStarted, typeof(MessageStartedEvent)),
        new(NexoEvents.MessageChunk, typeof(MessageChunkEvent)),
        new(NexoEvents.ThinkingChunk, typeof(ThinkingChunkEvent)),
        new(NexoEvents.MessageComplete, typeof(MessageCompleteEvent)),
        new(NexoEvents.MessageError, typeof(MessageErrorEvent)),
        new(NexoEvents.MessageCancelled, typeof(MessageCancelledEvent)),
        new(NexoEvents.MessageMetadataUpdated, typeof(MessageMetadataUpdatedEvent)),
        new(NexoEvents.ToolCallsDetected, typeof(ToolCallsDetectedEvent)),
        new(NexoEvents.ToolPermissionRequest, typeof(ToolPermissionRequestEvent)),
        new(NexoEvents.ToolExecutionStarted, typeof(ToolExecutionStartedEvent)),
        new(NexoEvents.ToolExecutionProgress, typeof(ToolExecutionProgressEvent)),
        new(NexoEvents.ToolExecutionCompleted, typeof(ToolExecutionCompletedEvent)),
        new(NexoEvents.ToolExecutionError, typeof(ToolExecutionErrorEvent)),
        new(NexoEvents.AgentLoopIteration, typeof(AgentLoopIterationEvent)),
        new(NexoEvents.ChatUpdated, typeof(ChatUpdatedEvent)),
        new(NexoEvents.McpServerStatusChanged, typeof(McpServerStatusChangedEvent)),
        new(NexoEvents.BudgetWarning, typeof(BudgetWarningEvent)),
        new(NexoEvents.ContextCompacted, typeof(ContextCompactedEvent)),
        new(NexoEvents.PlanUpdated, typeof(PlanUpdatedEvent)),
        new(NexoEvents.McpResourcesChanged, typeof(McpResourcesChangedEvent)),
        new(NexoEvents.McpElicitationRequest, typeof(McpElicitationRequestEvent)),
        new(NexoEvents.McpAuthorizationRequired, typeof(McpAuthorizationRequiredEvent)),
    ];

    private static readonly Dictionary<string, RpcMethod> ByName =
        Lifecycle.Concat(Commands).ToDictionary(m => m.Name, StringComparer.Ordinal);

    /// <summary>Finds a lifecycle method or command by name.</summary>
    /// <param name="name">The method name.</param>
    /// <returns>The method, or <see langword="null"/> when the contract has none by that name.</returns>
    public static RpcMethod? Find(string name) => ByName.GetValueOrDefault(name);
}
