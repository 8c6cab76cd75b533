// Generated from the C# contract (Nexo.JsonRpcServer.Contract.RpcContract) by `nexo-jsonrpc --emit-typescript DIR`. Do not edit.

import type { CancellationToken } from "vscode-jsonrpc";
import { NexoCommands, type NexoCommand, type NexoParams, type NexoResult } from "./NexoCommands.js";
import type { AppSetting, CancelMessageParams, CancelMessageResult, Chat, ClearUsageParams, CreateChatParams, CreateLlmConnectionParams, CreateMcpServerConnectionParams, CreateMessageParams, CreatePromptParams, CreateWorkspaceParams, DeleteAllChatsByWorkspaceParams, DeleteChatParams, DeleteLlmConnectionParams, DeleteMcpServerConnectionParams, DeleteMessagesAfterParams, DeletePromptParams, DeleteWorkspaceParams, DeletedCountResult, EditAndResendMessageParams, GenerateChatTitleParams, GenerateChatTitleResult, GetAllAppSettingsParams, GetAppSettingParams, GetAppSettingResult, GetChatsParams, GetLlmConnectionsParams, GetLlmModelsParams, GetMcpServerConnectionsParams, GetMessagesParams, GetPromptsParams, GetUsageBreakdownParams, GetUsageLogsParams, GetUsageSummaryParams, GetWorkspaceSettingsParams, GetWorkspacesParams, LlmConnection, LlmModel, McpServer, Message, MessageSearchHit, Prompt, RegenerateMessageParams, RenderPromptParams, RenderPromptResult, RespondToolPermissionParams, SaveAppSettingParams, SaveWorkspaceSettingsParams, SearchMessagesParams, SendMessageParams, SendMessageResult, SwitchBranchParams, TestLlmConnectionParams, UpdateChatParams, UpdateLlmConnectionParams, UpdateMcpServerConnectionParams, UpdateMcpServerStatusParams, UpdateMessageParams, UpdatePromptParams, UpdateWorkspaceParams, UsageBreakdownRow, UsageRecord, UsageSummary, Workspace, WorkspaceSettings } from "./NexoTypes.js";

/** One typed method per command; a client supplies `request`. */
export abstract class NexoApi {
  /** Sends a command and resolves with its result; rejects with the server's error. */
  abstract request<C extends NexoCommand>(command: C, params: NexoParams<C>, token?: CancellationToken): Promise<NexoResult<C>>;

  /** Parameters of `create_workspace`. */
  createWorkspace(params: CreateWorkspaceParams, token?: CancellationToken): Promise<Workspace> {
    return this.request(NexoCommands.CREATE_WORKSPACE, params, token);
  }

  /** Parameters of `get_workspaces` (none). */
  getWorkspaces(params: GetWorkspacesParams = {}, token?: CancellationToken): Promise<Workspace[]> {
    return this.request(NexoCommands.GET_WORKSPACES, params, token);
  }

  /** Parameters of `update_workspace`; omitted fields keep their value. */
  updateWorkspace(params: UpdateWorkspaceParams, token?: CancellationToken): Promise<Workspace> {
    return this.request(NexoCommands.UPDATE_WORKSPACE, params, token);
  }

  /** Parameters of `delete_workspace`. */
  deleteWorkspace(params: DeleteWorkspaceParams, token?: CancellationToken): Promise<null> {
    return this.request(NexoCommands.DELETE_WORKSPACE, params, token);
  }

  /** Parameters of `get_workspace_settings`. */
  getWorkspaceSettings(params: GetWorkspaceSettingsParams, token?: CancellationToken): Promise<WorkspaceSettings> {
    return this.request(NexoCommands.GET_WORKSPACE_SETTINGS, params, token);
  }

  /** Parameters of `save_workspace_settings`. Unlike the original (a full overwrite), omitted fields keep their stored value; an empty string clears an optional text field. */
  saveWorkspaceSettings(params: SaveWorkspaceSettingsParams, token?: CancellationToken): Promise<WorkspaceSettings> {
    return this.request(NexoCommands.SAVE_WORKSPACE_SETTINGS, params, token);
  }

  /** Parameters of `create_chat`. */
  createChat(params: CreateChatParams, token?: CancellationToken): Promise<Chat> {
    return this.request(NexoCommands.CREATE_CHAT, params, token);
  }

  /** Parameters of `get_chats`. */
  getChats(params: GetChatsParams, token?: CancellationToken): Promise<Chat[]> {
    return this.request(NexoCommands.GET_CHATS, params, token);
  }

  /** Parameters of `update_chat`; omitted fields keep their value. */
  updateChat(params: UpdateChatParams, token?: CancellationToken): Promise<Chat> {
    return this.request(NexoCommands.UPDATE_CHAT, params, token);
  }

  /** Parameters of `delete_chat`. */
  deleteChat(params: DeleteChatParams, token?: CancellationToken): Promise<null> {
    return this.request(NexoCommands.DELETE_CHAT, params, token);
  }

  /** Parameters of `delete_all_chats_by_workspace`. */
  deleteAllChatsByWorkspace(params: DeleteAllChatsByWorkspaceParams, token?: CancellationToken): Promise<DeletedCountResult> {
    return this.request(NexoCommands.DELETE_ALL_CHATS_BY_WORKSPACE, params, token);
  }

  /** Parameters of `send_message`: one chat turn. The result comes when the turn ends; its events stream meanwhile. */
  sendMessage(params: SendMessageParams, token?: CancellationToken): Promise<SendMessageResult> {
    return this.request(NexoCommands.SEND_MESSAGE, params, token);
  }

  /** Parameters of `edit_and_resend_message`: replaces a user message and runs the turn again. */
  editAndResendMessage(params: EditAndResendMessageParams, token?: CancellationToken): Promise<SendMessageResult> {
    return this.request(NexoCommands.EDIT_AND_RESEND_MESSAGE, params, token);
  }

  /** Parameters of `regenerate_message`: answers a user message again, as a new branch. */
  regenerateMessage(params: RegenerateMessageParams, token?: CancellationToken): Promise<SendMessageResult> {
    return this.request(NexoCommands.REGENERATE_MESSAGE, params, token);
  }

  /** Parameters of `switch_branch`. */
  switchBranch(params: SwitchBranchParams, token?: CancellationToken): Promise<Chat> {
    return this.request(NexoCommands.SWITCH_BRANCH, params, token);
  }

  /** Parameters of `respond_tool_permission`: the answer to a `tool-permission-request`. */
  respondToolPermission(params: RespondToolPermissionParams, token?: CancellationToken): Promise<null> {
    return this.request(NexoCommands.RESPOND_TOOL_PERMISSION, params, token);
  }

  /** Parameters of `generate_chat_title`. */
  generateChatTitle(params: GenerateChatTitleParams, token?: CancellationToken): Promise<GenerateChatTitleResult> {
    return this.request(NexoCommands.GENERATE_CHAT_TITLE, params, token);
  }

  /** Parameters of `search_messages`: full-text search, best matches first. */
  searchMessages(params: SearchMessagesParams, token?: CancellationToken): Promise<MessageSearchHit[]> {
    return this.request(NexoCommands.SEARCH_MESSAGES, params, token);
  }

  /** Parameters of `create_message`: stores a message as given, without calling a model. */
  createMessage(params: CreateMessageParams, token?: CancellationToken): Promise<Message> {
    return this.request(NexoCommands.CREATE_MESSAGE, params, token);
  }

  /** Parameters of `get_messages`: a page of a chat's messages, oldest first. */
  getMessages(params: GetMessagesParams, token?: CancellationToken): Promise<Message[]> {
    return this.request(NexoCommands.GET_MESSAGES, params, token);
  }

  /** Parameters of `update_message`. */
  updateMessage(params: UpdateMessageParams, token?: CancellationToken): Promise<Message> {
    return this.request(NexoCommands.UPDATE_MESSAGE, params, token);
  }

  /** Parameters of `delete_messages_after`. */
  deleteMessagesAfter(params: DeleteMessagesAfterParams, token?: CancellationToken): Promise<DeletedCountResult> {
    return this.request(NexoCommands.DELETE_MESSAGES_AFTER, params, token);
  }

  /** Parameters of `cancel_message`. */
  cancelMessage(params: CancelMessageParams, token?: CancellationToken): Promise<CancelMessageResult> {
    return this.request(NexoCommands.CANCEL_MESSAGE, params, token);
  }

  /** Parameters of `create_llm_connection`. The original's `modelsJson` string is a real array here. */
  createLlmConnection(params: CreateLlmConnectionParams, token?: CancellationToken): Promise<LlmConnection> {
    return this.request(NexoCommands.CREATE_LLM_CONNECTION, params, token);
  }

  /** Parameters of `get_llm_connections` (none). */
  getLlmConnections(params: GetLlmConnectionsParams = {}, token?: CancellationToken): Promise<LlmConnection[]> {
    return this.request(NexoCommands.GET_LLM_CONNECTIONS, params, token);
  }

  /** Parameters of `update_llm_connection`; omitted fields keep their value. */
  updateLlmConnection(params: UpdateLlmConnectionParams, token?: CancellationToken): Promise<LlmConnection> {
    return this.request(NexoCommands.UPDATE_LLM_CONNECTION, params, token);
  }

  /** Parameters of `delete_llm_connection`. */
  deleteLlmConnection(params: DeleteLlmConnectionParams, token?: CancellationToken): Promise<null> {
    return this.request(NexoCommands.DELETE_LLM_CONNECTION, params, token);
  }

  /** Parameters of `test_llm_connection`: lists the models of a provider without storing anything. */
  testLlmConnection(params: TestLlmConnectionParams, token?: CancellationToken): Promise<LlmModel[]> {
    return this.request(NexoCommands.TEST_LLM_CONNECTION, params, token);
  }

  /** Parameters of `get_llm_models`. */
  getLlmModels(params: GetLlmModelsParams, token?: CancellationToken): Promise<LlmModel[]> {
    return this.request(NexoCommands.GET_LLM_MODELS, params, token);
  }

  /** Parameters of `create_mcp_server_connection`. The original's `headers` and `envVars` JSON strings are real objects here; for stdio servers Nexo has `command`, `args` and `workingDirectory` instead of a command line in `url`. */
  createMcpServerConnection(params: CreateMcpServerConnectionParams, token?: CancellationToken): Promise<McpServer> {
    return this.request(NexoCommands.CREATE_MCP_SERVER_CONNECTION, params, token);
  }

  /** Parameters of `get_mcp_server_connections` (none). */
  getMcpServerConnections(params: GetMcpServerConnectionsParams = {}, token?: CancellationToken): Promise<McpServer[]> {
    return this.request(NexoCommands.GET_MCP_SERVER_CONNECTIONS, params, token);
  }

  /** Parameters of `update_mcp_server_connection`; omitted fields keep their value. */
  updateMcpServerConnection(params: UpdateMcpServerConnectionParams, token?: CancellationToken): Promise<McpServer> {
    return this.request(NexoCommands.UPDATE_MCP_SERVER_CONNECTION, params, token);
  }

  /** Parameters of `delete_mcp_server_connection`. */
  deleteMcpServerConnection(params: DeleteMcpServerConnectionParams, token?: CancellationToken): Promise<null> {
    return this.request(NexoCommands.DELETE_MCP_SERVER_CONNECTION, params, token);
  }

  /** Parameters of `update_mcp_server_status`. The original's `toolsJson` string is a real array here. */
  updateMcpServerStatus(params: UpdateMcpServerStatusParams, token?: CancellationToken): Promise<McpServer> {
    return this.request(NexoCommands.UPDATE_MCP_SERVER_STATUS, params, token);
  }

  /** Parameters of `create_prompt`. */
  createPrompt(params: CreatePromptParams, token?: CancellationToken): Promise<Prompt> {
    return this.request(NexoCommands.CREATE_PROMPT, params, token);
  }

  /** Parameters of `get_prompts` (none). */
  getPrompts(params: GetPromptsParams = {}, token?: CancellationToken): Promise<Prompt[]> {
    return this.request(NexoCommands.GET_PROMPTS, params, token);
  }

  /** Parameters of `update_prompt`; omitted fields keep their value. */
  updatePrompt(params: UpdatePromptParams, token?: CancellationToken): Promise<Prompt> {
    return this.request(NexoCommands.UPDATE_PROMPT, params, token);
  }

  /** Parameters of `delete_prompt`. */
  deletePrompt(params: DeletePromptParams, token?: CancellationToken): Promise<null> {
    return this.request(NexoCommands.DELETE_PROMPT, params, token);
  }

  /** Parameters of `render_prompt`. */
  renderPrompt(params: RenderPromptParams, token?: CancellationToken): Promise<RenderPromptResult> {
    return this.request(NexoCommands.RENDER_PROMPT, params, token);
  }

  /** Parameters of `save_app_setting`. */
  saveAppSetting(params: SaveAppSettingParams, token?: CancellationToken): Promise<null> {
    return this.request(NexoCommands.SAVE_APP_SETTING, params, token);
  }

  /** Parameters of `get_app_setting`. */
  getAppSetting(params: GetAppSettingParams, token?: CancellationToken): Promise<GetAppSettingResult> {
    return this.request(NexoCommands.GET_APP_SETTING, params, token);
  }

  /** Parameters of `get_all_app_settings` (none). */
  getAllAppSettings(params: GetAllAppSettingsParams = {}, token?: CancellationToken): Promise<AppSetting[]> {
    return this.request(NexoCommands.GET_ALL_APP_SETTINGS, params, token);
  }

  /** Parameters of `get_usage_summary`. */
  getUsageSummary(params: GetUsageSummaryParams = {}, token?: CancellationToken): Promise<UsageSummary> {
    return this.request(NexoCommands.GET_USAGE_SUMMARY, params, token);
  }

  /** Parameters of `get_usage_logs`. */
  getUsageLogs(params: GetUsageLogsParams = {}, token?: CancellationToken): Promise<UsageRecord[]> {
    return this.request(NexoCommands.GET_USAGE_LOGS, params, token);
  }

  /** Parameters of `get_usage_breakdown`. */
  getUsageBreakdown(params: GetUsageBreakdownParams = {}, token?: CancellationToken): Promise<UsageBreakdownRow[]> {
    return this.request(NexoCommands.GET_USAGE_BREAKDOWN, params, token);
  }

  /** Parameters of `clear_usage` (none). */
  clearUsage(params: ClearUsageParams = {}, token?: CancellationToken): Promise<DeletedCountResult> {
    return this.request(NexoCommands.CLEAR_USAGE, params, token);
  }
}
