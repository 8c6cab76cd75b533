// Generated from the C# contract (Nexo.JsonRpcServer.Contract.RpcContract) by `nexo-jsonrpc --emit-typescript DIR`. Do not edit.

import type { ActiveToolInfo, AppSetting, AuthorizeMcpServerParams, CallMcpToolParams, CancelMessageParams, CancelMessageResult, Chat, ClearUsageParams, ConnectMcpServerAndFetchToolsParams, CreateChatParams, CreateLlmConnectionParams, CreateMcpServerConnectionParams, CreateMessageParams, CreatePromptParams, CreateWorkspaceParams, DeleteAllChatsByWorkspaceParams, DeleteChatParams, DeleteLlmConnectionParams, DeleteMcpServerConnectionParams, DeleteMessagesAfterParams, DeleteModelPriceParams, DeleteModelPriceResult, DeletePromptParams, DeleteWorkspaceParams, DeletedCountResult, DisconnectMcpClientParams, EditAndResendMessageParams, ExportChatParams, ExportChatResult, ForkChatParams, GenerateChatTitleParams, GenerateChatTitleResult, GetActiveToolsForWorkspaceParams, GetAllAppSettingsParams, GetAppSettingParams, GetAppSettingResult, GetChatsParams, GetLlmConnectionsParams, GetLlmModelsParams, GetMcpServerConnectionsParams, GetMessagesParams, GetModelPricesParams, GetPromptsParams, GetSlashCommandsParams, GetUsageBreakdownParams, GetUsageLogsParams, GetUsageSummaryParams, GetWorkspaceSettingsParams, GetWorkspacesParams, ImportChatsParams, ImportMcpServersParams, ImportModelPricesParams, ListMcpResourceTemplatesParams, ListMcpResourcesParams, LlmConnection, LlmModel, LogoutMcpServerParams, McpLogoutResult, McpResourceInfo, McpResourceReadResult, McpResourceTemplateInfo, McpServer, McpToolInfo, McpToolResult, Message, MessageSearchHit, ModelPrice, Prompt, ReadMcpResourceParams, RegenerateMessageParams, RenderPromptParams, RenderPromptResult, RespondMcpElicitationParams, RespondToolPermissionParams, RunSlashCommandParams, SaveAppSettingParams, SaveWorkspaceSettingsParams, SearchMessagesParams, SendMessageParams, SendMessageResult, SetModelPriceParams, SlashCommand, SubscribeMcpResourceParams, SwitchBranchParams, TestLlmConnectionParams, TestMcpConnectionAndFetchToolsParams, UnsubscribeMcpResourceParams, UpdateChatParams, UpdateLlmConnectionParams, UpdateMcpServerConnectionParams, UpdateMcpServerStatusParams, UpdateMessageParams, UpdatePromptParams, UpdateWorkspaceParams, UsageBreakdownRow, UsageRecord, UsageSummary, Workspace, WorkspaceSettings } from "./NexoTypes.js";

/** The protocol version `initialize` reports. */
export const PROTOCOL_VERSION = 1;

/** The life-cycle methods (LSP style); `initialized` and `exit` are notifications. */
export const NexoLifecycle = {
  INITIALIZE: "initialize",
  INITIALIZED: "initialized",
  SHUTDOWN: "shutdown",
  EXIT: "exit",
} as const;

/** Every command the server serves, named exactly as the original Nexo registers it. */
export const NexoCommands = {
  CREATE_WORKSPACE: "create_workspace",
  GET_WORKSPACES: "get_workspaces",
  UPDATE_WORKSPACE: "update_workspace",
  DELETE_WORKSPACE: "delete_workspace",
  GET_WORKSPACE_SETTINGS: "get_workspace_settings",
  SAVE_WORKSPACE_SETTINGS: "save_workspace_settings",
  CREATE_CHAT: "create_chat",
  GET_CHATS: "get_chats",
  UPDATE_CHAT: "update_chat",
  DELETE_CHAT: "delete_chat",
  DELETE_ALL_CHATS_BY_WORKSPACE: "delete_all_chats_by_workspace",
  SEND_MESSAGE: "send_message",
  EDIT_AND_RESEND_MESSAGE: "edit_and_resend_message",
  REGENERATE_MESSAGE: "regenerate_message",
  SWITCH_BRANCH: "switch_branch",
  RESPOND_TOOL_PERMISSION: "respond_tool_permission",
  GENERATE_CHAT_TITLE: "generate_chat_title",
  FORK_CHAT: "fork_chat",
  EXPORT_CHAT: "export_chat",
  IMPORT_CHATS: "import_chats",
  SEARCH_MESSAGES: "search_messages",
  CREATE_MESSAGE: "create_message",
  GET_MESSAGES: "get_messages",
  UPDATE_MESSAGE: "update_message",
  DELETE_MESSAGES_AFTER: "delete_messages_after",
  CANCEL_MESSAGE: "cancel_message",
  CREATE_LLM_CONNECTION: "create_llm_connection",
  GET_LLM_CONNECTIONS: "get_llm_connections",
  UPDATE_LLM_CONNECTION: "update_llm_connection",
  DELETE_LLM_CONNECTION: "delete_llm_connection",
  TEST_LLM_CONNECTION: "test_llm_connection",
  GET_LLM_MODELS: "get_llm_models",
  CREATE_MCP_SERVER_CONNECTION: "create_mcp_server_connection",
  GET_MCP_SERVER_CONNECTIONS: "get_mcp_server_connections",
  UPDATE_MCP_SERVER_CONNECTION: "update_mcp_server_connection",
  DELETE_MCP_SERVER_CONNECTION: "delete_mcp_server_connection",
  UPDATE_MCP_SERVER_STATUS: "update_mcp_server_status",
  TEST_MCP_CONNECTION_AND_FETCH_TOOLS: "test_mcp_connection_and_fetch_tools",
  CONNECT_MCP_SERVER_AND_FETCH_TOOLS: "connect_mcp_server_and_fetch_tools",
  DISCONNECT_MCP_CLIENT: "disconnect_mcp_client",
  CALL_MCP_TOOL: "call_mcp_tool",
  GET_ACTIVE_TOOLS_FOR_WORKSPACE: "get_active_tools_for_workspace",
  IMPORT_MCP_SERVERS: "import_mcp_servers",
  LIST_MCP_RESOURCES: "list_mcp_resources",
  LIST_MCP_RESOURCE_TEMPLATES: "list_mcp_resource_templates",
  READ_MCP_RESOURCE: "read_mcp_resource",
  SUBSCRIBE_MCP_RESOURCE: "subscribe_mcp_resource",
  UNSUBSCRIBE_MCP_RESOURCE: "unsubscribe_mcp_resource",
  AUTHORIZE_MCP_SERVER: "authorize_mcp_server",
  LOGOUT_MCP_SERVER: "logout_mcp_server",
  CREATE_PROMPT: "create_prompt",
  GET_PROMPTS: "get_prompts",
  UPDATE_PROMPT: "update_prompt",
  DELETE_PROMPT: "delete_prompt",
  RENDER_PROMPT: "render_prompt",
  GET_SLASH_COMMANDS: "get_slash_commands",
  RUN_SLASH_COMMAND: "run_slash_command",
  SAVE_APP_SETTING: "save_app_setting",
  GET_APP_SETTING: "get_app_setting",
  GET_ALL_APP_SETTINGS: "get_all_app_settings",
  GET_USAGE_SUMMARY: "get_usage_summary",
  GET_USAGE_LOGS: "get_usage_logs",
  GET_USAGE_BREAKDOWN: "get_usage_breakdown",
  CLEAR_USAGE: "clear_usage",
  SET_MODEL_PRICE: "set_model_price",
  GET_MODEL_PRICES: "get_model_prices",
  DELETE_MODEL_PRICE: "delete_model_price",
  IMPORT_MODEL_PRICES: "import_model_prices",
  RESPOND_MCP_ELICITATION: "respond_mcp_elicitation",
} as const;

/** A command name. */
export type NexoCommand = (typeof NexoCommands)[keyof typeof NexoCommands];

/** The params and result type of every command. */
export interface NexoCommandMap {
  "create_workspace": { params: CreateWorkspaceParams; result: Workspace };
  "get_workspaces": { params: GetWorkspacesParams; result: Workspace[] };
  "update_workspace": { params: UpdateWorkspaceParams; result: Workspace };
  "delete_workspace": { params: DeleteWorkspaceParams; result: null };
  "get_workspace_settings": { params: GetWorkspaceSettingsParams; result: WorkspaceSettings };
  "save_workspace_settings": { params: SaveWorkspaceSettingsParams; result: WorkspaceSettings };
  "create_chat": { params: CreateChatParams; result: Chat };
  "get_chats": { params: GetChatsParams; result: Chat[] };
  "update_chat": { params: UpdateChatParams; result: Chat };
  "delete_chat": { params: DeleteChatParams; result: null };
  "delete_all_chats_by_workspace": { params: DeleteAllChatsByWorkspaceParams; result: DeletedCountResult };
  "send_message": { params: SendMessageParams; result: SendMessageResult };
  "edit_and_resend_message": { params: EditAndResendMessageParams; result: SendMessageResult };
  "regenerate_message": { params: RegenerateMessageParams; result: SendMessageResult };
  "switch_branch": { params: SwitchBranchParams; result: Chat };
  "respond_tool_permission": { params: RespondToolPermissionParams; result: null };
  "generate_chat_title": { params: GenerateChatTitleParams; result: GenerateChatTitleResult };
  "fork_chat": { params: ForkChatParams; result: Chat };
  "export_chat": { params: ExportChatParams; result: ExportChatResult };
  "import_chats": { params: ImportChatsParams; result: Chat[] };
  "search_messages": { params: SearchMessagesParams; result: MessageSearchHit[] };
  "create_message": { params: CreateMessageParams; result: Message };
  "get_messages": { params: GetMessagesParams; result: Message[] };
  "update_message": { params: UpdateMessageParams; result: Message };
  "delete_messages_after": { params: DeleteMessagesAfterParams; result: DeletedCountResult };
  "cancel_message": { params: CancelMessageParams; result: CancelMessageResult };
  "create_llm_connection": { params: CreateLlmConnectionParams; result: LlmConnection };
  "get_llm_connections": { params: GetLlmConnectionsParams; result: LlmConnection[] };
  "update_llm_connection": { params: UpdateLlmConnectionParams; result: LlmConnection };
  "delete_llm_connection": { params: DeleteLlmConnectionParams; result: null };
  "test_llm_connection": { params: TestLlmConnectionParams; result: LlmModel[] };
  "get_llm_models": { params: GetLlmModelsParams; result: LlmModel[] };
  "create_mcp_server_connection": { params: CreateMcpServerConnectionParams; result: McpServer };
  "get_mcp_server_connections": { params: GetMcpServerConnectionsParams; result: McpServer[] };
  "update_mcp_server_connection": { params: UpdateMcpServerConnectionParams; result: McpServer };
  "delete_mcp_server_connection": { params: DeleteMcpServerConnectionParams; result: null };
  "update_mcp_server_status": { params: UpdateMcpServerStatusParams; result: McpServer };
  "test_mcp_connection_and_fetch_tools": { params: TestMcpConnectionAndFetchToolsParams; result: McpToolInfo[] };
  "connect_mcp_server_and_fetch_tools": { params: ConnectMcpServerAndFetchToolsParams; result: McpToolInfo[] };
  "disconnect_mcp_client": { params: DisconnectMcpClientParams; result: null };
  "call_mcp_tool": { params: CallMcpToolParams; result: McpToolResult };
  "get_active_tools_for_workspace": { params: GetActiveToolsForWorkspaceParams; result: ActiveToolInfo[] };
  "import_mcp_servers": { params: ImportMcpServersParams; result: McpServer[] };
  "list_mcp_resources": { params: ListMcpResourcesParams; result: McpResourceInfo[] };
  "list_mcp_resource_templates": { params: ListMcpResourceTemplatesParams; result: McpResourceTemplateInfo[] };
  "read_mcp_resource": { params: ReadMcpResourceParams; result: McpResourceReadResult };
  "subscribe_mcp_resource": { params: SubscribeMcpResourceParams; result: null };
  "unsubscribe_mcp_resource": { params: UnsubscribeMcpResourceParams; result: null };
  "authorize_mcp_server": { params: AuthorizeMcpServerParams; result: McpServer };
  "logout_mcp_server": { params: LogoutMcpServerParams; result: McpLogoutResult };
  "create_prompt": { params: CreatePromptParams; result: Prompt };
  "get_prompts": { params: GetPromptsParams; result: Prompt[] };
  "update_prompt": { params: UpdatePromptParams; result: Prompt };
  "delete_prompt": { params: DeletePromptParams; result: null };
  "render_prompt": { params: RenderPromptParams; result: RenderPromptResult };
  "get_slash_commands": { params: GetSlashCommandsParams; result: SlashCommand[] };
  "run_slash_command": { params: RunSlashCommandParams; result: SendMessageResult };
  "save_app_setting": { params: SaveAppSettingParams; result: null };
  "get_app_setting": { params: GetAppSettingParams; result: GetAppSettingResult };
  "get_all_app_settings": { params: GetAllAppSettingsParams; result: AppSetting[] };
  "get_usage_summary": { params: GetUsageSummaryParams; result: UsageSummary };
  "get_usage_logs": { params: GetUsageLogsParams; result: UsageRecord[] };
  "get_usage_breakdown": { params: GetUsageBreakdownParams; result: UsageBreakdownRow[] };
  "clear_usage": { params: ClearUsageParams; result: DeletedCountResult };
  "set_model_price": { params: SetModelPriceParams; result: ModelPrice };
  "get_model_prices": { params: GetModelPricesParams; result: ModelPrice[] };
  "delete_model_price": { params: DeleteModelPriceParams; result: DeleteModelPriceResult };
  "import_model_prices": { params: ImportModelPricesParams; result: ModelPrice[] };
  "respond_mcp_elicitation": { params: RespondMcpElicitationParams; result: null };
}

/** The params type of a command. */
export type NexoParams<C extends NexoCommand> = NexoCommandMap[C]["params"];

/** The result type of a command. */
export type NexoResult<C extends NexoCommand> = NexoCommandMap[C]["result"];
