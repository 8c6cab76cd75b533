// Generated from the C# contract (Nexo.JsonRpcServer.Contract.RpcContract) by `nexo-jsonrpc --emit-typescript DIR`. Do not edit.

import type { CancellationToken } from "vscode-jsonrpc";
import { NexoCommands, type NexoCommand, type NexoParams, type NexoResult } from "./NexoCommands.js";
import type { ActiveToolInfo, AppSetting, AuthorizeMcpServerParams, CallMcpToolParams, CancelMessageParams, CancelMessageResult, Chat, ClearUsageParams, ConnectMcpServerAndFetchToolsParams, CreateChatParams, CreateLlmConnectionParams, CreateMcpServerConnectionParams, CreateMessageParams, CreatePromptParams, CreateWorkspaceParams, DeleteAllChatsByWorkspaceParams, DeleteChatParams, DeleteLlmConnectionParams, DeleteMcpServerConnectionParams, DeleteMessagesAfterParams, DeleteModelPriceParams, DeleteModelPriceResult, DeletePromptParams, DeleteWorkspaceParams, DeletedCountResult, DisconnectMcpClientParams, EditAndResendMessageParams, ExportChatParams, ExportChatResult, ForkChatParams, GenerateChatTitleParams, GenerateChatTitleResult, GetActiveToolsForWorkspaceParams, GetAllAppSettingsParams, GetAppSettingParams, GetAppSettingResult, GetChatsParams, GetLlmConnectionsParams, GetLlmModelsParams, GetMcpServerConnectionsParams, GetMessagesParams, GetModelPricesParams, GetPromptsParams, GetSlashCommandsParams, GetUsageBreakdownParams, GetUsageLogsParams, GetUsageSummaryParams, GetWorkspaceSettingsParams, GetWorkspacesParams, ImportChatsParams, ImportMcpServersParams, ImportModelPricesParams, ListMcpResourceTemplatesParams, ListMcpResourcesParams, LlmConnection, LlmModel, LogoutMcpServerParams, McpLogoutResult, McpResourceInfo, McpResourceReadResult, McpResourceTemplateInfo, McpServer, McpToolInfo, McpToolResult, Message, MessageSearchHit, ModelPrice, Prompt, ReadMcpResourceParams, RegenerateMessageParams, RenderPromptParams, RenderPromptResult, RespondMcpElicitationParams, RespondToolPermissionParams, RunSlashCommandParams, SaveAppSettingParams, SaveWorkspaceSettingsParams, SearchMessagesParams, SendMessageParams, SendMessageResult, SetModelPriceParams, SlashCommand, SubscribeMcpResourceParams, SwitchBranchParams, TestLlmConnectionParams, TestMcpConnectionAndFetchToolsParams, UnsubscribeMcpResourceParams, UpdateChatParams, UpdateLlmConnectionParams, UpdateMcpServerConnectionParams, UpdateMcpServerStatusParams, UpdateMessageParams, UpdatePromptParams, UpdateWorkspaceParams, UsageBreakdownRow, UsageRecord, UsageSummary, Workspace, WorkspaceSettings } from "./NexoTypes.js";

/** One typed method per command; a client supplies `request`. */
export abstract class NexoApi {
  /** Sends a command and resolves with its result; rejects with the server's error. */
  abstract request<C extends NexoCommand>(command: C, params: NexoParams<C>, token?: CancellationToken): Promise<NexoResult<C>>;

  /** `create_workspace`: creates a workspace with default settings; the server generates the id when `id` is omitted. */
  createWorkspace(params: CreateWorkspaceParams, token?: CancellationToken): Promise<Workspace> {
    return this.request(NexoCommands.CREATE_WORKSPACE, params, token);
  }

  /** `get_workspaces`: lists every workspace, newest first. */
  getWorkspaces(params: GetWorkspacesParams = {}, token?: CancellationToken): Promise<Workspace[]> {
    return this.request(NexoCommands.GET_WORKSPACES, params, token);
  }

  /** `update_workspace`: renames a workspace or changes its root folder; omitted fields keep their value. */
  updateWorkspace(params: UpdateWorkspaceParams, token?: CancellationToken): Promise<Workspace> {
    return this.request(NexoCommands.UPDATE_WORKSPACE, params, token);
  }

  /** `delete_workspace`: deletes a workspace with its settings, chats and messages. */
  deleteWorkspace(params: DeleteWorkspaceParams, token?: CancellationToken): Promise<null> {
    return this.request(NexoCommands.DELETE_WORKSPACE, params, token);
  }

  /** `get_workspace_settings`: reads a workspace's settings (defaults are stored with every workspace). */
  getWorkspaceSettings(params: GetWorkspaceSettingsParams, token?: CancellationToken): Promise<WorkspaceSettings> {
    return this.request(NexoCommands.GET_WORKSPACE_SETTINGS, params, token);
  }

  /** `save_workspace_settings`: changes some settings of a workspace. Unlike the original (a full overwrite), omitted fields keep their stored value; an empty string clears an optional text field. */
  saveWorkspaceSettings(params: SaveWorkspaceSettingsParams, token?: CancellationToken): Promise<WorkspaceSettings> {
    return this.request(NexoCommands.SAVE_WORKSPACE_SETTINGS, params, token);
  }

  /** `create_chat`: creates a chat in a workspace. */
  createChat(params: CreateChatParams, token?: CancellationToken): Promise<Chat> {
    return this.request(NexoCommands.CREATE_CHAT, params, token);
  }

  /** `get_chats`: lists a workspace's chats, pinned first, then most recently updated. */
  getChats(params: GetChatsParams, token?: CancellationToken): Promise<Chat[]> {
    return this.request(NexoCommands.GET_CHATS, params, token);
  }

  /** `update_chat`: changes a chat's title, preview or flags; omitted fields keep their value. */
  updateChat(params: UpdateChatParams, token?: CancellationToken): Promise<Chat> {
    return this.request(NexoCommands.UPDATE_CHAT, params, token);
  }

  /** `delete_chat`: deletes a chat and its messages. */
  deleteChat(params: DeleteChatParams, token?: CancellationToken): Promise<null> {
    return this.request(NexoCommands.DELETE_CHAT, params, token);
  }

  /** `delete_all_chats_by_workspace`: deletes every chat of a workspace. */
  deleteAllChatsByWorkspace(params: DeleteAllChatsByWorkspaceParams, token?: CancellationToken): Promise<DeletedCountResult> {
    return this.request(NexoCommands.DELETE_ALL_CHATS_BY_WORKSPACE, params, token);
  }

  /** `send_message`: runs one chat turn. The result (the final assistant message) comes when the turn ends; its events stream meanwhile as notifications. `$/cancelRequest` on it cancels the turn, which is stored as cancelled. */
  sendMessage(params: SendMessageParams, token?: CancellationToken): Promise<SendMessageResult> {
    return this.request(NexoCommands.SEND_MESSAGE, params, token);
  }

  /** `edit_and_resend_message`: replaces a user message and runs the turn again from there; the old branch stays stored. */
  editAndResendMessage(params: EditAndResendMessageParams, token?: CancellationToken): Promise<SendMessageResult> {
    return this.request(NexoCommands.EDIT_AND_RESEND_MESSAGE, params, token);
  }

  /** `regenerate_message`: answers a user message again, as a new branch; the old answer stays stored. */
  regenerateMessage(params: RegenerateMessageParams, token?: CancellationToken): Promise<SendMessageResult> {
    return this.request(NexoCommands.REGENERATE_MESSAGE, params, token);
  }

  /** `switch_branch`: makes the branch ending at a message the chat's active branch (what the model sees next). */
  switchBranch(params: SwitchBranchParams, token?: CancellationToken): Promise<Chat> {
    return this.request(NexoCommands.SWITCH_BRANCH, params, token);
  }

  /** `respond_tool_permission`: answers a `tool-permission-request`: the waiting tool calls run or are denied. */
  respondToolPermission(params: RespondToolPermissionParams, token?: CancellationToken): Promise<null> {
    return this.request(NexoCommands.RESPOND_TOOL_PERMISSION, params, token);
  }

  /** `generate_chat_title`: asks the model for a short title, stores it and announces `chat-updated`. */
  generateChatTitle(params: GenerateChatTitleParams, token?: CancellationToken): Promise<GenerateChatTitleResult> {
    return this.request(NexoCommands.GENERATE_CHAT_TITLE, params, token);
  }

  /** `fork_chat`: a new chat in the same workspace holding the branch up to and including a message (for a message of the active branch: the active branch up to it, with the tool results that answer it), titled like the original with ` (fork)` appended; attachments are copied. */
  forkChat(params: ForkChatParams, token?: CancellationToken): Promise<Chat> {
    return this.request(NexoCommands.FORK_CHAT, params, token);
  }

  /** `export_chat`: a chat as Nexo JSON (lossless: every branch, tool calls and results, reasoning, usage, metadata) or as Markdown of the active branch. */
  exportChat(params: ExportChatParams, token?: CancellationToken): Promise<ExportChatResult> {
    return this.request(NexoCommands.EXPORT_CHAT, params, token);
  }

  /** `import_chats`: imports chats from Nexo JSON or ChatGPT's `conversations.json` in one transaction; a bad file imports nothing and the error names the JSON path of its first problem. */
  importChats(params: ImportChatsParams, token?: CancellationToken): Promise<Chat[]> {
    return this.request(NexoCommands.IMPORT_CHATS, params, token);
  }

  /** `search_messages`: full-text search over message content, best matches first. */
  searchMessages(params: SearchMessagesParams, token?: CancellationToken): Promise<MessageSearchHit[]> {
    return this.request(NexoCommands.SEARCH_MESSAGES, params, token);
  }

  /** `create_message`: stores a message as given, without calling a model. */
  createMessage(params: CreateMessageParams, token?: CancellationToken): Promise<Message> {
    return this.request(NexoCommands.CREATE_MESSAGE, params, token);
  }

  /** `get_messages`: reads a page of a chat's messages, oldest first (by default the newest 1000). */
  getMessages(params: GetMessagesParams, token?: CancellationToken): Promise<Message[]> {
    return this.request(NexoCommands.GET_MESSAGES, params, token);
  }

  /** `update_message`: replaces the content of a message. */
  updateMessage(params: UpdateMessageParams, token?: CancellationToken): Promise<Message> {
    return this.request(NexoCommands.UPDATE_MESSAGE, params, token);
  }

  /** `delete_messages_after`: deletes every message of a chat stored after the given one. */
  deleteMessagesAfter(params: DeleteMessagesAfterParams, token?: CancellationToken): Promise<DeletedCountResult> {
    return this.request(NexoCommands.DELETE_MESSAGES_AFTER, params, token);
  }

  /** `cancel_message`: cancels the running turn of a chat; its `send_message` returns with stop reason `cancelled`. */
  cancelMessage(params: CancelMessageParams, token?: CancellationToken): Promise<CancelMessageResult> {
    return this.request(NexoCommands.CANCEL_MESSAGE, params, token);
  }

  /** `create_llm_connection`: creates an LLM connection. The original's `modelsJson` string is a real array here; the API key and header values are stored encrypted and never returned. */
  createLlmConnection(params: CreateLlmConnectionParams, token?: CancellationToken): Promise<LlmConnection> {
    return this.request(NexoCommands.CREATE_LLM_CONNECTION, params, token);
  }

  /** `get_llm_connections`: lists every LLM connection (secrets masked), oldest first. */
  getLlmConnections(params: GetLlmConnectionsParams = {}, token?: CancellationToken): Promise<LlmConnection[]> {
    return this.request(NexoCommands.GET_LLM_CONNECTIONS, params, token);
  }

  /** `update_llm_connection`: changes an LLM connection; omitted fields keep their value. */
  updateLlmConnection(params: UpdateLlmConnectionParams, token?: CancellationToken): Promise<LlmConnection> {
    return this.request(NexoCommands.UPDATE_LLM_CONNECTION, params, token);
  }

  /** `delete_llm_connection`: deletes an LLM connection. */
  deleteLlmConnection(params: DeleteLlmConnectionParams, token?: CancellationToken): Promise<null> {
    return this.request(NexoCommands.DELETE_LLM_CONNECTION, params, token);
  }

  /** `test_llm_connection`: lists the models a provider offers, without storing anything. */
  testLlmConnection(params: TestLlmConnectionParams, token?: CancellationToken): Promise<LlmModel[]> {
    return this.request(NexoCommands.TEST_LLM_CONNECTION, params, token);
  }

  /** `get_llm_models`: lists a connection's models: the stored list, or with `refresh` the provider's (then stored). */
  getLlmModels(params: GetLlmModelsParams, token?: CancellationToken): Promise<LlmModel[]> {
    return this.request(NexoCommands.GET_LLM_MODELS, params, token);
  }

  /** `create_mcp_server_connection`: creates an MCP server connection. The original's `headers` and `envVars` JSON strings are real objects here; for stdio servers Nexo has `command`, `args` and `workingDirectory` instead of a command line in `url`. */
  createMcpServerConnection(params: CreateMcpServerConnectionParams, token?: CancellationToken): Promise<McpServer> {
    return this.request(NexoCommands.CREATE_MCP_SERVER_CONNECTION, params, token);
  }

  /** `get_mcp_server_connections`: lists every MCP server connection (secrets masked), oldest first. */
  getMcpServerConnections(params: GetMcpServerConnectionsParams = {}, token?: CancellationToken): Promise<McpServer[]> {
    return this.request(NexoCommands.GET_MCP_SERVER_CONNECTIONS, params, token);
  }

  /** `update_mcp_server_connection`: changes an MCP server connection; omitted fields keep their value. */
  updateMcpServerConnection(params: UpdateMcpServerConnectionParams, token?: CancellationToken): Promise<McpServer> {
    return this.request(NexoCommands.UPDATE_MCP_SERVER_CONNECTION, params, token);
  }

  /** `delete_mcp_server_connection`: deletes an MCP server connection. */
  deleteMcpServerConnection(params: DeleteMcpServerConnectionParams, token?: CancellationToken): Promise<null> {
    return this.request(NexoCommands.DELETE_MCP_SERVER_CONNECTION, params, token);
  }

  /** `update_mcp_server_status`: stores the status, error and tool list of an MCP server connection. The original's `toolsJson` string is a real array here. */
  updateMcpServerStatus(params: UpdateMcpServerStatusParams, token?: CancellationToken): Promise<McpServer> {
    return this.request(NexoCommands.UPDATE_MCP_SERVER_STATUS, params, token);
  }

  /** `test_mcp_connection_and_fetch_tools`: connects to an unsaved server configuration, lists its tools and disconnects; nothing is stored. */
  testMcpConnectionAndFetchTools(params: TestMcpConnectionAndFetchToolsParams, token?: CancellationToken): Promise<McpToolInfo[]> {
    return this.request(NexoCommands.TEST_MCP_CONNECTION_AND_FETCH_TOOLS, params, token);
  }

  /** `connect_mcp_server_and_fetch_tools`: connects a saved server by its id (or reuses its live connection), fetches its tools and stores status and tools; or, given an inline configuration (`type` and the fields of `test_mcp_connection_and_fetch_tools`) under an id that is not saved, connects it without storing it and keeps it live under that id for `call_mcp_tool` and `disconnect_mcp_client`. A saved id wins over inline fields. */
  connectMcpServerAndFetchTools(params: ConnectMcpServerAndFetchToolsParams = {}, token?: CancellationToken): Promise<McpToolInfo[]> {
    return this.request(NexoCommands.CONNECT_MCP_SERVER_AND_FETCH_TOOLS, params, token);
  }

  /** `disconnect_mcp_client`: closes a server's live connection (stopping a stdio server's processes) and stores the status `disconnected`. */
  disconnectMcpClient(params: DisconnectMcpClientParams, token?: CancellationToken): Promise<null> {
    return this.request(NexoCommands.DISCONNECT_MCP_CLIENT, params, token);
  }

  /** `call_mcp_tool`: calls a tool of a server, connecting it when needed. Tool failures are results with `isError`, not errors. */
  callMcpTool(params: CallMcpToolParams, token?: CancellationToken): Promise<McpToolResult> {
    return this.request(NexoCommands.CALL_MCP_TOOL, params, token);
  }

  /** `get_active_tools_for_workspace`: the tools a workspace enables, for display; starts no server. */
  getActiveToolsForWorkspace(params: GetActiveToolsForWorkspaceParams, token?: CancellationToken): Promise<ActiveToolInfo[]> {
    return this.request(NexoCommands.GET_ACTIVE_TOOLS_FOR_WORKSPACE, params, token);
  }

  /** `import_mcp_servers`: creates MCP server connections from a Claude Desktop / VS Code style configuration; names that exist are skipped. */
  importMcpServers(params: ImportMcpServersParams, token?: CancellationToken): Promise<McpServer[]> {
    return this.request(NexoCommands.IMPORT_MCP_SERVERS, params, token);
  }

  /** `list_mcp_resources`: the resources of a server (every page), connecting it when needed. */
  listMcpResources(params: ListMcpResourcesParams, token?: CancellationToken): Promise<McpResourceInfo[]> {
    return this.request(NexoCommands.LIST_MCP_RESOURCES, params, token);
  }

  /** `list_mcp_resource_templates`: the resource templates of a server, each with the names of its variables (`arguments`). */
  listMcpResourceTemplates(params: ListMcpResourceTemplatesParams, token?: CancellationToken): Promise<McpResourceTemplateInfo[]> {
    return this.request(NexoCommands.LIST_MCP_RESOURCE_TEMPLATES, params, token);
  }

  /** `read_mcp_resource`: reads a resource of a server (listed or not). With `arguments`, `uri` is a URI template whose variables they fill in (RFC 6570) before it is read. */
  readMcpResource(params: ReadMcpResourceParams, token?: CancellationToken): Promise<McpResourceReadResult> {
    return this.request(NexoCommands.READ_MCP_RESOURCE, params, token);
  }

  /** `subscribe_mcp_resource`: subscribes to a resource of a server that supports it; its changes arrive as `mcp-resources-changed` (kind `updated`). */
  subscribeMcpResource(params: SubscribeMcpResourceParams, token?: CancellationToken): Promise<null> {
    return this.request(NexoCommands.SUBSCRIBE_MCP_RESOURCE, params, token);
  }

  /** `unsubscribe_mcp_resource`: ends a subscription made with `subscribe_mcp_resource`. */
  unsubscribeMcpResource(params: UnsubscribeMcpResourceParams, token?: CancellationToken): Promise<null> {
    return this.request(NexoCommands.UNSUBSCRIBE_MCP_RESOURCE, params, token);
  }

  /** `authorize_mcp_server`: makes sure an OAuth-protected MCP server is authorized. Without stored tokens the host sends `mcp-authorization-required {serverId, name, url}`, waits for the browser's redirect to its loopback listener (up to 5 minutes), stores the tokens encrypted and answers the server (`authorized: true`); with valid tokens it answers at once. */
  authorizeMcpServer(params: AuthorizeMcpServerParams, token?: CancellationToken): Promise<McpServer> {
    return this.request(NexoCommands.AUTHORIZE_MCP_SERVER, params, token);
  }

  /** `logout_mcp_server`: closes an OAuth-protected MCP server's connections, revokes its tokens at the authorization server (when it has a revocation endpoint) and deletes them; the next use asks for authorization again. */
  logoutMcpServer(params: LogoutMcpServerParams, token?: CancellationToken): Promise<McpLogoutResult> {
    return this.request(NexoCommands.LOGOUT_MCP_SERVER, params, token);
  }

  /** `create_prompt`: creates a prompt template with `{{variable}}` placeholders. */
  createPrompt(params: CreatePromptParams, token?: CancellationToken): Promise<Prompt> {
    return this.request(NexoCommands.CREATE_PROMPT, params, token);
  }

  /** `get_prompts`: lists prompt templates, most recently updated first. */
  getPrompts(params: GetPromptsParams = {}, token?: CancellationToken): Promise<Prompt[]> {
    return this.request(NexoCommands.GET_PROMPTS, params, token);
  }

  /** `update_prompt`: changes a prompt template; omitted fields keep their value. */
  updatePrompt(params: UpdatePromptParams, token?: CancellationToken): Promise<Prompt> {
    return this.request(NexoCommands.UPDATE_PROMPT, params, token);
  }

  /** `delete_prompt`: deletes a prompt template. */
  deletePrompt(params: DeletePromptParams, token?: CancellationToken): Promise<null> {
    return this.request(NexoCommands.DELETE_PROMPT, params, token);
  }

  /** `render_prompt`: renders a prompt template; every variable needs a value. */
  renderPrompt(params: RenderPromptParams, token?: CancellationToken): Promise<RenderPromptResult> {
    return this.request(NexoCommands.RENDER_PROMPT, params, token);
  }

  /** `get_slash_commands`: the slash commands of a workspace, sorted by name: every prompt template and every prompt of the MCP servers the workspace enables (servers that cannot be reached are left out). MCP prompt names are bare unless they collide with a template or another server's prompt, then `server:prompt`; see docs/sdk.md. */
  getSlashCommands(params: GetSlashCommandsParams, token?: CancellationToken): Promise<SlashCommand[]> {
    return this.request(NexoCommands.GET_SLASH_COMMANDS, params, token);
  }

  /** `run_slash_command`: renders a slash command (a template with its variables, or an MCP prompt through `prompts/get`) and sends the result as the user's turn, exactly like `send_message`: the same events stream as notifications and the result is the same. An unknown command is `notFound`; an unknown argument or a missing required one is `validation` (field `arguments`); nothing is stored then. */
  runSlashCommand(params: RunSlashCommandParams, token?: CancellationToken): Promise<SendMessageResult> {
    return this.request(NexoCommands.RUN_SLASH_COMMAND, params, token);
  }

  /** `save_app_setting`: inserts or replaces an application-wide setting. */
  saveAppSetting(params: SaveAppSettingParams, token?: CancellationToken): Promise<null> {
    return this.request(NexoCommands.SAVE_APP_SETTING, params, token);
  }

  /** `get_app_setting`: reads an application-wide setting. */
  getAppSetting(params: GetAppSettingParams, token?: CancellationToken): Promise<GetAppSettingResult> {
    return this.request(NexoCommands.GET_APP_SETTING, params, token);
  }

  /** `get_all_app_settings`: lists every application-wide setting, ordered by key. */
  getAllAppSettings(params: GetAllAppSettingsParams = {}, token?: CancellationToken): Promise<AppSetting[]> {
    return this.request(NexoCommands.GET_ALL_APP_SETTINGS, params, token);
  }

  /** `get_usage_summary`: totals over the usage records the filter selects. */
  getUsageSummary(params: GetUsageSummaryParams = {}, token?: CancellationToken): Promise<UsageSummary> {
    return this.request(NexoCommands.GET_USAGE_SUMMARY, params, token);
  }

  /** `get_usage_logs`: lists usage records, newest first, one page at a time. */
  getUsageLogs(params: GetUsageLogsParams = {}, token?: CancellationToken): Promise<UsageRecord[]> {
    return this.request(NexoCommands.GET_USAGE_LOGS, params, token);
  }

  /** `get_usage_breakdown`: totals grouped by the `groupBy` keys (by UTC day, connection and model when omitted), each row with its `cost` and `costUnknownRecords`. */
  getUsageBreakdown(params: GetUsageBreakdownParams = {}, token?: CancellationToken): Promise<UsageBreakdownRow[]> {
    return this.request(NexoCommands.GET_USAGE_BREAKDOWN, params, token);
  }

  /** `clear_usage`: deletes every usage record. */
  clearUsage(params: ClearUsageParams = {}, token?: CancellationToken): Promise<DeletedCountResult> {
    return this.request(NexoCommands.CLEAR_USAGE, params, token);
  }

  /** `set_model_price`: sets the price of a model in USD per million tokens (exact decimals, at most 6 decimal places), for one connection or (without `connectionId`) for the model on every connection; replaces the price of the same connection and model. Only calls that finish afterwards are priced with it. */
  setModelPrice(params: SetModelPriceParams, token?: CancellationToken): Promise<ModelPrice> {
    return this.request(NexoCommands.SET_MODEL_PRICE, params, token);
  }

  /** `get_model_prices`: lists prices by model; with `connectionId`, that connection's and the connection-less ones. */
  getModelPrices(params: GetModelPricesParams = {}, token?: CancellationToken): Promise<ModelPrice[]> {
    return this.request(NexoCommands.GET_MODEL_PRICES, params, token);
  }

  /** `delete_model_price`: deletes one price; calls of the model are then priced unknown. */
  deleteModelPrice(params: DeleteModelPriceParams, token?: CancellationToken): Promise<DeleteModelPriceResult> {
    return this.request(NexoCommands.DELETE_MODEL_PRICE, params, token);
  }

  /** `import_model_prices`: stores the prices of a price file (the documented shape, `{"currency": "USD", "prices": [...]}`), all or none; each replaces the price of the same connection and model. */
  importModelPrices(params: ImportModelPricesParams, token?: CancellationToken): Promise<ModelPrice[]> {
    return this.request(NexoCommands.IMPORT_MODEL_PRICES, params, token);
  }

  /** `respond_mcp_elicitation`: answers an `mcp-elicitation-request` notification. An accepted form answer is checked against the request's schema: when it does not fit, the error (`validation`, `details.field` = `content.NAME`) names the field, nothing is sent to the server and the request keeps waiting. */
  respondMcpElicitation(params: RespondMcpElicitationParams, token?: CancellationToken): Promise<null> {
    return this.request(NexoCommands.RESPOND_MCP_ELICITATION, params, token);
  }
}
