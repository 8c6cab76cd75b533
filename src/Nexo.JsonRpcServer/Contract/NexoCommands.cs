namespace Nexo.JsonRpcServer.Contract;

/// <summary>
/// The JSON-RPC method names of the host's commands, spelled exactly as the original Nexo registers them.
/// <see cref="RpcContract.Commands"/> pairs each with its params and result types; the TypeScript bindings are
/// generated from that contract.
/// </summary>
public static class NexoCommands
{
    /// <summary>Workspaces: <c>create_workspace</c>.</summary>
    public const string CreateWorkspace = "create_workspace";

    /// <summary>Workspaces: <c>get_workspaces</c>.</summary>
    public const string GetWorkspaces = "get_workspaces";

    /// <summary>Workspaces: <c>update_workspace</c>.</summary>
    public const string UpdateWorkspace = "update_workspace";

    /// <summary>Workspaces: <c>delete_workspace</c>.</summary>
    public const string DeleteWorkspace = "delete_workspace";

    /// <summary>Workspaces: <c>get_workspace_settings</c>.</summary>
    public const string GetWorkspaceSettings = "get_workspace_settings";

    /// <summary>Workspaces: <c>save_workspace_settings</c>.</summary>
    public const string SaveWorkspaceSettings = "save_workspace_settings";

    /// <summary>Chats: <c>create_chat</c>.</summary>
    public const string CreateChat = "create_chat";

    /// <summary>Chats: <c>get_chats</c>.</summary>
    public const string GetChats = "get_chats";

    /// <summary>Chats: <c>update_chat</c>.</summary>
    public const string UpdateChat = "update_chat";

    /// <summary>Chats: <c>delete_chat</c>.</summary>
    public const string DeleteChat = "delete_chat";

    /// <summary>Chats: <c>delete_all_chats_by_workspace</c>.</summary>
    public const string DeleteAllChatsByWorkspace = "delete_all_chats_by_workspace";

    /// <summary>Chats: <c>send_message</c>.</summary>
    public const string SendMessage = "send_message";

    /// <summary>Chats: <c>edit_and_resend_message</c>.</summary>
    public const string EditAndResendMessage = "edit_and_resend_message";

    /// <summary>Chats: <c>regenerate_message</c>.</summary>
    public const string RegenerateMessage = "regenerate_message";

    /// <summary>Chats: <c>switch_branch</c>.</summary>
    public const string SwitchBranch = "switch_branch";

    /// <summary>Chats: <c>respond_tool_permission</c>.</summary>
    public const string RespondToolPermission = "respond_tool_permission";

    /// <summary>Chats: <c>generate_chat_title</c>.</summary>
    public const string GenerateChatTitle = "generate_chat_title";

    /// <summary>Chats: <c>fork_chat</c>.</summary>
    public const string ForkChat = "fork_chat";

    /// <summary>Chats: <c>export_chat</c>.</summary>
    public const string ExportChat = "export_chat";

    /// <summary>Chats: <c>import_chats</c>.</summary>
    public const string ImportChats = "import_chats";

    /// <summary>Chats: <c>search_messages</c>.</summary>
    public const string SearchMessages = "search_messages";

    /// <summary>Messages: <c>create_message</c>.</summary>
    public const string CreateMessage = "create_message";

    /// <summary>Messages: <c>get_messages</c>.</summary>
    public const string GetMessages = "get_messages";

    /// <summary>Messages: <c>update_message</c>.</summary>
    public const string UpdateMessage = "update_message";

    /// <summary>Messages: <c>delete_messages_after</c>.</summary>
    public const string DeleteMessagesAfter = "delete_messages_after";

    /// <summary>Messages: <c>cancel_message</c>.</summary>
    public const string CancelMessage = "cancel_message";

    /// <summary>LLM connections: <c>create_llm_connection</c>.</summary>
    public const string CreateLlmConnection = "create_llm_connection";

    /// <summary>LLM connections: <c>get_llm_connections</c>.</summary>
    public const string GetLlmConnections = "get_llm_connections";

    /// <summary>LLM connections: <c>update_llm_connection</c>.</summary>
    public const string UpdateLlmConnection = "update_llm_connection";

    /// <summary>LLM connections: <c>delete_llm_connection</c>.</summary>
    public const string DeleteLlmConnection = "delete_llm_connection";

    /// <summary>LLM connections: <c>test_llm_connection</c>.</summary>
    public const string TestLlmConnection = "test_llm_connection";

    /// <summary>LLM connections: <c>get_llm_models</c>.</summary>
    public const string GetLlmModels = "get_llm_models";

    /// <summary>MCP: <c>create_mcp_server_connection</c>.</summary>
    public const string CreateMcpServerConnection = "create_mcp_server_connection";

    /// <summary>MCP: <c>get_mcp_server_connections</c>.</summary>
    public const string GetMcpServerConnections = "get_mcp_server_connections";

    /// <summary>MCP: <c>update_mcp_server_connection</c>.</summary>
    public const string UpdateMcpServerConnection = "update_mcp_server_connection";

    /// <summary>MCP: <c>delete_mcp_server_connection</c>.</summary>
    public const string DeleteMcpServerConnection = "delete_mcp_server_connection";

    /// <summary>MCP: <c>update_mcp_server_status</c>.</summary>
    public const string UpdateMcpServerStatus = "update_mcp_server_status";

    /// <summary>MCP: <c>test_mcp_connection_and_fetch_tools</c>.</summary>
    public const string TestMcpConnectionAndFetchTools = "test_mcp_connection_and_fetch_tools";

    /// <summary>MCP: <c>connect_mcp_server_and_fetch_tools</c>.</summary>
    public const string ConnectMcpServerAndFetchTools = "connect_mcp_server_and_fetch_tools";

    /// <summary>MCP: <c>disconnect_mcp_client</c>.</summary>
    public const string DisconnectMcpClient = "disconnect_mcp_client";

    /// <summary>MCP: <c>call_mcp_tool</c>.</summary>
    public const string CallMcpTool = "call_mcp_tool";

    /// <summary>MCP: <c>get_active_tools_for_workspace</c>.</summary>
    public const string GetActiveToolsForWorkspace = "get_active_tools_for_workspace";

    /// <summary>MCP: <c>import_mcp_servers</c>.</summary>
    public const string ImportMcpServers = "import_mcp_servers";

    /// <summary>MCP: <c>list_mcp_resources</c>.</summary>
    public const string ListMcpResources = "list_mcp_resources";

    /// <summary>MCP: <c>list_mcp_resource_templates</c>.</summary>
    public const string ListMcpResourceTemplates = "list_mcp_resource_templates";

    /// <summary>MCP: <c>read_mcp_resource</c>.</summary>
    public const string ReadMcpResource = "read_mcp_resource";

    /// <summary>MCP: <c>subscribe_mcp_resource</c>.</summary>
    public const string SubscribeMcpResource = "subscribe_mcp_resource";

    /// <summary>MCP: <c>unsubscribe_mcp_resource</c>.</summary>
    public const string UnsubscribeMcpResource = "unsubscribe_mcp_resource";
    /// <summary>MCP: <c>authorize_mcp_server</c>.</summary>
    public const string AuthorizeMcpServer = "authorize_mcp_server";

    /// <summary>MCP: <c>logout_mcp_server</c>.</summary>
    public const string LogoutMcpServer = "logout_mcp_server";

    /// <summary>Prompts: <c>create_prompt</c>.</summary>
    public const string CreatePrompt = "create_prompt";

    /// <summary>Prompts: <c>get_prompts</c>.</summary>
    public const string GetPrompts = "get_prompts";

    /// <summary>Prompts: <c>update_prompt</c>.</summary>
    public const string UpdatePrompt = "update_prompt";

    /// <summary>Prompts: <c>delete_prompt</c>.</summary>
    public const string DeletePrompt = "delete_prompt";

    /// <summary>Prompts: <c>render_prompt</c>.</summary>
    public const string RenderPrompt = "render_prompt";

    /// <summary>Slash commands: <c>get_slash_commands</c>.</summary>
    public const string GetSlashCommands = "get_slash_commands";

    /// <summary>Slash commands: <c>run_slash_command</c>.</summary>
    public const string RunSlashCommand = "run_slash_command";

    /// <summary>App settings: <c>save_app_setting</c>.</summary>
    public const string SaveAppSetting = "save_app_setting";

    /// <summary>App settings: <c>get_app_setting</c>.</summary>
    public const string GetAppSetting = "get_app_setting";

    /// <summary>App settings: <c>get_all_app_settings</c>.</summary>
    public const string GetAllAppSettings = "get_all_app_settings";

    /// <summary>Usage: <c>get_usage_summary</c>.</summary>
    public const string GetUsageSummary = "get_usage_summary";

    /// <summary>Usage: <c>get_usage_logs</c>.</summary>
    public const string GetUsageLogs = "get_usage_logs";

    /// <summary>Usage: <c>get_usage_breakdown</c>.</summary>
    public const string GetUsageBreakdown = "get_usage_breakdown";

    /// <summary>Usage: <c>clear_usage</c>.</summary>
    public const string ClearUsage = "clear_usage";

    /// <summary>Cost ledger: <c>set_model_price</c>.</summary>
    public const string SetModelPrice = "set_model_price";

    /// <summary>Cost ledger: <c>get_model_prices</c>.</summary>
    public const string GetModelPrices = "get_model_prices";

    /// <summary>Cost ledger: <c>delete_model_price</c>.</summary>
    public const string DeleteModelPrice = "delete_model_price";

    /// <summary>Cost ledger: <c>import_model_prices</c>.</summary>
    public const string ImportModelPrices = "import_model_prices";

    /// <summary>MCP: <c>respond_mcp_elicitation</c>.</summary>
    public const string RespondMcpElicitation = "respond_mcp_elicitation";

    /// <summary>Every command name, in contract order.</summary>
    public static IReadOnlyList<string> All { get; } =
    [
        CreateWorkspace,
        GetWorkspaces,
        UpdateWorkspace,
        DeleteWorkspace,
        GetWorkspaceSettings,
        SaveWorkspaceSettings,
        CreateChat,
        GetChats,
        UpdateChat,
        DeleteChat,
        DeleteAllChatsByWorkspace,
        SendMessage,
        EditAndResendMessage,
        RegenerateMessage,
        SwitchBranch,
        RespondToolPermission,
        GenerateChatTitle,
        ForkChat,
        ExportChat,
        ImportChats,
        SearchMessages,
        CreateMessage,
        GetMessages,
        UpdateMessage,
        DeleteMessagesAfter,
        CancelMessage,
        CreateLlmConnection,
        GetLlmConnections,
        UpdateLlmConnection,
        DeleteLlmConnection,
        TestLlmConnection,
        GetLlmModels,
        CreateMcpServerConnection,
        GetMcpServerConnections,
        UpdateMcpServerConnection,
        DeleteMcpServerConnection,
        UpdateMcpServerStatus,
        TestMcpConnectionAndFetchTools,
        ConnectMcpServerAndFetchTools,
        DisconnectMcpClient,
        CallMcpTool,
        GetActiveToolsForWorkspace,
        ImportMcpServers,
        ListMcpResources,
        ListMcpResourceTemplates,
        ReadMcpResource,
        SubscribeMcpResource,
        UnsubscribeMcpResource,
        AuthorizeMcpServer,
        LogoutMcpServer,
        CreatePrompt,
        GetPrompts,
        UpdatePrompt,
        DeletePrompt,
        RenderPrompt,
        GetSlashCommands,
        RunSlashCommand,
        SaveAppSetting,
        GetAppSetting,
        GetAllAppSettings,
        GetUsageSummary,
        GetUsageLogs,
        GetUsageBreakdown,
        ClearUsage,
        SetModelPrice,
        GetModelPrices,
        DeleteModelPrice,
        ImportModelPrices,
        RespondMcpElicitation,
    ];
}
