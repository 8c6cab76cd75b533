// Generated from the C# contract (Nexo.JsonRpcServer.Contract.RpcContract) by `nexo-jsonrpc --emit-typescript DIR`. Do not edit.

/** Any JSON value. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** How a workspace fits a chat's history into the model's context window when it no longer fits whole. */
export type ContextStrategy = "summarize" | "truncate";

/** The wire protocol an LLM connection speaks. */
export type LlmProviderKind = "openai" | "openai-compatible" | "anthropic" | "ollama" | "echo";

/** The user's decision about an MCP elicitation request (the MCP `action`). */
export type McpElicitationAction = "accept" | "decline" | "cancel";

/** The mode of one MCP elicitation request. */
export type McpElicitationMode = "form" | "url";

/** What changed in an McpResourcesChangedEvent. */
export type McpResourcesChangeKind = "listChanged" | "updated";

/** The connection state of an MCP server. */
export type McpServerStatus = "disconnected" | "connecting" | "connected" | "error";

/** How Nexo talks to an MCP server. */
export type McpTransportKind = "stdio" | "http" | "sse";

/** Who wrote a message. */
export type MessageRole = "system" | "user" | "assistant" | "tool";

/** The life-cycle state of a message. */
export type MessageStatus = "pending" | "streaming" | "complete" | "error" | "cancelled";

/** The machine-readable kind of a NexoException. Hosts map each kind to a stable error code. */
export type NexoErrorKind = "internal" | "notFound" | "validation" | "conflict" | "database" | "llm" | "mcp" | "cancelled" | "permissionDenied" | "notConfigured" | "security";

/** Where a SlashCommand comes from. */
export type SlashCommandSource = "template" | "mcp";

/** How a workspace decides whether a tool call may run. */
export type ToolPermissionMode = "ask" | "allow_all" | "allow_reads";

/** A per-tool permission rule stored in a workspace's settings. */
export type ToolPermissionRule = "ask" | "always_allow" | "always_deny";

/** A key that usage breakdowns are grouped by (UsageBreakdownOptions.GroupBy); each key fills the matching member of UsageBreakdownRow. On the wire: `workspace`, `chat`, `connection`, `model`, `day`, `hour`. */
export type UsageGroupBy = "workspace" | "chat" | "connection" | "model" | "day" | "hour";

/** An enabled tool of a workspace, as listed for display. */
export interface ActiveToolInfo {
  /** The tool name as the server spells it. */
  name: string;
  /** The MCP server connection id. */
  serverId: string;
  /** The server's display name. */
  serverName: string;
  /** What the tool does. */
  description?: string;
  /** The JSON schema of the tool's structured result (`outputSchema`), when it declares one. */
  outputSchema?: JsonValue;
}

/** `agent-loop-iteration`: the agent loop makes another model call. */
export interface AgentLoopIterationEvent {
  /** The chat. */
  chatId: string;
  /** The 1-based number of this model call in the turn. */
  iteration: number;
  /** The maximum number of model calls in a turn. */
  maxIterations: number;
  /** Whether the previous model call asked for tools. */
  hasToolCalls: boolean;
}

/** An application-wide key/value setting. */
export interface AppSetting {
  /** The key. */
  key: string;
  /** The value. */
  value: string;
  /** When the value was last written (UTC). */
  updatedAt: string;
}

/** `authorize_mcp_server`: makes sure an OAuth-protected MCP server is authorized. Without stored tokens the host sends `mcp-authorization-required {serverId, name, url}`, waits for the browser's redirect to its loopback listener (up to 5 minutes), stores the tokens encrypted and answers the server (`authorized: true`); with valid tokens it answers at once. */
export interface AuthorizeMcpServerParams {
  /** The server connection. */
  serverId: string;
}

/** `budget-warning`: a workspace's spending this UTC month crossed 80 % or 100 % of its WorkspaceSettings.MonthlyBudgetUsd (published once per crossing, after the usage record that crossed it). At 100 % new turns of the workspace are refused unless a request sets SendMessageRequest.IgnoreBudget. */
export interface BudgetWarningEvent {
  /** The workspace. */
  workspaceId: string;
  /** The known cost in USD of the workspace's usage this UTC month. */
  spent: number;
  /** The monthly budget in USD. */
  budget: number;
  /** BudgetWarningEvent.Spent as a percentage of BudgetWarningEvent.Budget, rounded down to a whole number (80 or more). */
  percent: number;
}

/** `call_mcp_tool`: calls a tool of a server, connecting it when needed. Tool failures are results with `isError`, not errors. */
export interface CallMcpToolParams {
  /** The server connection. */
  connectionId: string;
  /** The tool name as the server spells it. */
  toolName: string;
  /** The arguments, a JSON object (the original passed it as a JSON string). */
  arguments?: JsonValue;
  /** A token the client chooses (LSP style): the tool's progress reports then arrive as `$/progress` notifications carrying it, before the response. Without it no progress is sent. */
  progressToken?: string;
}

/** `cancel_message`: cancels the running turn of a chat; its `send_message` returns with stop reason `cancelled`. */
export interface CancelMessageParams {
  /** The chat whose running turn is cancelled. */
  chatId: string;
}

/** The result of `cancel_message`. */
export interface CancelMessageResult {
  /** Whether a turn was running (it ends with `message-cancelled` and its `send_message` returns with stop reason `cancelled`). */
  cancelled: boolean;
}

/** A chat: a conversation inside a workspace. */
export interface Chat {
  /** The chat id. */
  id: string;
  /** The workspace the chat belongs to. */
  workspaceId: string;
  /** The title. */
  title: string;
  /** Whether the chat is pinned to the top of listings. */
  pinned: boolean;
  /** Whether the chat is archived (hidden from default listings). */
  archived: boolean;
  /** A short preview of the last message. */
  lastMessage?: string;
  /** The leaf message of the active branch; null means the newest message. */
  activeMessageId?: string;
  /** The plan the model keeps with `update_plan` (PlanUpdatedEvent); null until it makes one. */
  plan?: PlanEntry[];
  /** When the chat was created (UTC). */
  createdAt: string;
  /** When the chat last changed (UTC). */
  updatedAt: string;
}

/** `chat-updated`: the title, preview or updated time of a chat changed. */
export interface ChatUpdatedEvent {
  /** The chat. */
  chatId: string;
  /** The title. */
  title: string;
  /** The last-message preview. */
  lastMessage?: string;
  /** When the chat changed (UTC). */
  updatedAt: string;
}

/** `clear_usage`: deletes every usage record. */
export type ClearUsageParams = Record<string, never>;

/** Who is on the other end of the connection. */
export interface ClientInfo {
  /** The client's name, for example `vscode-nexo`. */
  name: string;
  /** The client's version. */
  version?: string;
}

/** `connect_mcp_server_and_fetch_tools`: connects a saved server by its id (or reuses its live connection), fetches its tools and stores status and tools; or, given an inline configuration (`type` and the fields of `test_mcp_connection_and_fetch_tools`) under an id that is not saved, connects it without storing it and keeps it live under that id for `call_mcp_tool` and `disconnect_mcp_client`. A saved id wins over inline fields. */
export interface ConnectMcpServerAndFetchToolsParams {
  /** The server connection (a saved one, or the id an inline configuration is kept under). */
  connectionId?: string;
  /** The same as ConnectMcpServerAndFetchToolsParams.ConnectionId, for hosts that send the original's `id`. */
  id?: string;
  /** Inline: a name for the server in messages and events (default: the id). */
  name?: string;
  /** Inline: the transport. Its presence makes the other inline fields count. */
  type?: McpTransportKind;
  /** For HTTP: the endpoint URL. */
  url?: string;
  /** For stdio: the program to start. */
  command?: string;
  /** For stdio: the program's arguments. */
  args?: string[];
  /** For stdio: extra environment variables (a saved connection stores them encrypted and returns them masked). */
  envVars?: Record<string, string>;
  /** For stdio: the names of host environment variables the server also receives beside the minimal safe set and `envVars` (none by default). */
  inheritEnv?: string[];
  /** For stdio: the working directory. */
  workingDirectory?: string;
  /** For HTTP: extra headers (a saved connection stores them encrypted and returns them masked). */
  headers?: Record<string, string>;
  /** The timeout of one request in seconds (1 to 3600, default 60). */
  timeoutSeconds?: number;
  /** For HTTP: marks the server as protected by OAuth 2.1 (`{}` for dynamic client registration, or `{"clientId", "clientSecret", "scopes"}`); only for saved connections. The secret is stored encrypted and listed masked. */
  oauth?: McpOAuthSettings;
}

/** `context-compacted`: the chat's history did not fit the model's context window, so before a model call the oldest turns were compacted into a stored summary message (Summarize) or left out of the request (Truncate). The system prompt, the current message and the turn's own tool calls are always sent; a tool call is never separated from its result. */
export interface ContextCompactedEvent {
  /** The chat. */
  chatId: string;
  /** What was done: Summarize (a summary was made and stored) or Truncate (the oldest turns were left out; also when making a summary failed). */
  strategy: ContextStrategy;
  /** Why: `window` (Nexo's count of the request exceeded the budget) or `provider` (the provider answered that the context length was exceeded; the call is retried once after this). */
  reason: string;
  /** The stored summary message (a `system` message whose metadata has `summary`), when one was made. */
  summaryMessageId?: string;
  /** How many stored messages the new summary covers, or were left out of the request. */
  compactedMessages: number;
  /** How many of them could not even be summarized (too long for one summary call) and were dropped. */
  droppedMessages: number;
  /** The tokens of the request after fitting (counted, or estimated when ContextCompactedEvent.Estimated). */
  tokens: number;
  /** The model's context window in tokens. */
  contextWindow: number;
  /** The tokens the request may take: the window minus what is kept for the answer. */
  budget: number;
  /** Whether the tokens are an estimate (the model's tokenizer is not known) rather than an exact count. */
  estimated: boolean;
}

/** `create_chat`: creates a chat in a workspace. */
export interface CreateChatParams {
  /** An id chosen by the caller; the server generates one when omitted. */
  id?: string;
  /** The workspace. */
  workspaceId: string;
  /** The title; `New chat` when omitted. */
  title?: string;
}

/** `create_llm_connection`: creates an LLM connection. The original's `modelsJson` string is a real array here; the API key and header values are stored encrypted and never returned. */
export interface CreateLlmConnectionParams {
  /** An id chosen by the caller; the server generates one when omitted. */
  id?: string;
  /** The display name (unique). */
  name: string;
  /** The provider: `openai`, `openai-compatible`, `anthropic`, `ollama`, `echo`, or a service that speaks one of them: `groq`, `deepseek`, `openrouter`, `google` (`gemini`), `claude` (see the SDK's LlmProviderCatalog). A service is stored as its wire protocol. */
  provider: string;
  /** The base URL (absolute http or https); the provider's default when omitted (required for `openai-compatible`). */
  baseUrl?: string;
  /** The API key; stored encrypted and never returned. */
  apiKey?: string;
  /** Extra HTTP headers; stored encrypted, returned masked. */
  headers?: Record<string, string>;
  /** The known models. */
  models?: LlmModel[];
  /** The default model. */
  defaultModel?: string;
  /** Whether the connection may be used (default true). */
  enabled?: boolean;
  /** Send PDF attachments to the provider as documents instead of their extracted text (default false). Only `anthropic` accepts them (as `document` blocks); other providers get the text anyway. */
  nativeDocuments?: boolean;
}

/** `create_mcp_server_connection`: creates an MCP server connection. The original's `headers` and `envVars` JSON strings are real objects here; for stdio servers Nexo has `command`, `args` and `workingDirectory` instead of a command line in `url`. */
export interface CreateMcpServerConnectionParams {
  /** An id chosen by the caller; the server generates one when omitted. */
  id?: string;
  /** The display name (unique). */
  name: string;
  /** The transport. */
  type: McpTransportKind;
  /** Whether the server may be connected (default true). */
  enabled?: boolean;
  /** For HTTP: the endpoint URL. */
  url?: string;
  /** For stdio: the program to start. */
  command?: string;
  /** For stdio: the program's arguments. */
  args?: string[];
  /** For stdio: extra environment variables (a saved connection stores them encrypted and returns them masked). */
  envVars?: Record<string, string>;
  /** For stdio: the names of host environment variables the server also receives beside the minimal safe set and `envVars` (none by default). */
  inheritEnv?: string[];
  /** For stdio: the working directory. */
  workingDirectory?: string;
  /** For HTTP: extra headers (a saved connection stores them encrypted and returns them masked). */
  headers?: Record<string, string>;
  /** The timeout of one request in seconds (1 to 3600, default 60). */
  timeoutSeconds?: number;
  /** For HTTP: marks the server as protected by OAuth 2.1 (`{}` for dynamic client registration, or `{"clientId", "clientSecret", "scopes"}`); only for saved connections. The secret is stored encrypted and listed masked. */
  oauth?: McpOAuthSettings;
}

/** `create_message`: stores a message as given, without calling a model. */
export interface CreateMessageParams {
  /** An id chosen by the caller; the server generates one when omitted. */
  id?: string;
  /** The chat. */
  chatId: string;
  /** Who wrote it. */
  role: MessageRole;
  /** The content. */
  content: string;
  /** The creation time (ISO-8601); now when omitted. */
  timestamp?: string;
  /** The reasoning, if any. */
  reasoning?: string;
  /** Tool calls of an assistant message. */
  toolCalls?: ToolCall[];
  /** The call a tool message answers. */
  toolCallId?: string;
  /** The parent message; the leaf of the active branch when omitted. */
  parentId?: string;
  /** Metadata (a JSON object). */
  metadata?: JsonValue;
}

/** `create_prompt`: creates a prompt template with `{{variable}}` placeholders. */
export interface CreatePromptParams {
  /** An id chosen by the caller; the server generates one when omitted. */
  id?: string;
  /** The name (unique). */
  name: string;
  /** The template text with `{{variable}}` placeholders. */
  content: string;
  /** What the prompt is for. */
  description?: string;
}

/** `create_workspace`: creates a workspace with default settings; the server generates the id when `id` is omitted. */
export interface CreateWorkspaceParams {
  /** An id chosen by the caller; the server generates one when omitted. */
  id?: string;
  /** The name (unique, at most 200 characters). */
  name: string;
  /** An optional root folder on disk. */
  rootPath?: string;
}

/** `delete_all_chats_by_workspace`: deletes every chat of a workspace. */
export interface DeleteAllChatsByWorkspaceParams {
  /** The workspace. */
  workspaceId: string;
}

/** `delete_chat`: deletes a chat and its messages. */
export interface DeleteChatParams {
  /** The chat; its messages are deleted with it. */
  id: string;
}

/** `delete_llm_connection`: deletes an LLM connection. */
export interface DeleteLlmConnectionParams {
  /** The connection. */
  id: string;
}

/** `delete_mcp_server_connection`: deletes an MCP server connection. */
export interface DeleteMcpServerConnectionParams {
  /** The server connection. */
  id: string;
}

/** `delete_messages_after`: deletes every message of a chat stored after the given one. */
export interface DeleteMessagesAfterParams {
  /** The chat. */
  chatId: string;
  /** The last message to keep. */
  messageId: string;
}

/** `delete_model_price`: deletes one price; calls of the model are then priced unknown. */
export interface DeleteModelPriceParams {
  /** The connection of the price; the connection-less price when omitted. */
  connectionId?: string;
  /** The model. */
  model: string;
}

/** `delete_model_price`'s result. */
export interface DeleteModelPriceResult {
  /** Whether a price was deleted. */
  deleted: boolean;
}

/** `delete_prompt`: deletes a prompt template. */
export interface DeletePromptParams {
  /** The prompt. */
  id: string;
}

/** `delete_workspace`: deletes a workspace with its settings, chats and messages. */
export interface DeleteWorkspaceParams {
  /** The workspace; its settings, chats and messages are deleted with it. */
  id: string;
}

/** The result of a command that deletes several records. */
export interface DeletedCountResult {
  /** How many records were deleted. */
  deleted: number;
}

/** `disconnect_mcp_client`: closes a server's live connection (stopping a stdio server's processes) and stores the status `disconnected`. */
export interface DisconnectMcpClientParams {
  /** The server connection. */
  connectionId: string;
}

/** `edit_and_resend_message`: replaces a user message and runs the turn again from there; the old branch stays stored. */
export interface EditAndResendMessageParams {
  /** The chat. */
  chatId: string;
  /** The user message to edit. */
  messageId: string;
  /** The new text. */
  newContent: string;
  /** New attached files. */
  newFiles?: string[];
  /** New attached MCP resources `{serverId, uri}` (see `send_message`'s `resources`). */
  newResources?: McpResourceReference[];
  /** Metadata stored with the new user message (a JSON object). */
  metadata?: JsonValue;
  /** The model for this turn. */
  selectedModel?: string;
  /** Reasoning effort: `low`, `medium` or `high`. */
  reasoningEffort?: string;
  /** The LLM connection for this turn. */
  llmConnectionId?: string;
  /** Run the turn even when the workspace's monthly budget is spent (else refused with PermissionDenied). */
  ignoreBudget?: boolean;
  /** A JSON Schema object the answer must match (structured output; see `send_message`'s `responseFormat`). */
  responseFormat?: JsonValue;
}

/** Parameters of `initialized`, `shutdown` and `exit` (none). */
export type EmptyParams = Record<string, never>;

/** `export_chat`: a chat as Nexo JSON (lossless: every branch, tool calls and results, reasoning, usage, metadata) or as Markdown of the active branch. */
export interface ExportChatParams {
  /** The chat. */
  chatId: string;
  /** `json` (Nexo JSON, what `import_chats` reads back) or `markdown`. */
  format: string;
}

/** The result of `export_chat`. */
export interface ExportChatResult {
  /** The exported document's text. */
  content: string;
}

/** `fork_chat`: a new chat in the same workspace holding the branch up to and including a message (for a message of the active branch: the active branch up to it, with the tool results that answer it), titled like the original with ` (fork)` appended; attachments are copied. */
export interface ForkChatParams {
  /** The chat to fork. */
  chatId: string;
  /** The last message the fork holds. */
  messageId: string;
}

/** `generate_chat_title`: asks the model for a short title, stores it and announces `chat-updated`. */
export interface GenerateChatTitleParams {
  /** The chat. */
  chatId: string;
  /** The text to title; the chat's first user message when omitted. */
  userPrompt?: string;
}

/** The result of `generate_chat_title`. */
export interface GenerateChatTitleResult {
  /** The stored title (also announced with `chat-updated`). */
  title: string;
}

/** `get_active_tools_for_workspace`: the tools a workspace enables, for display; starts no server. */
export interface GetActiveToolsForWorkspaceParams {
  /** The workspace. */
  workspaceId: string;
}

/** `get_all_app_settings`: lists every application-wide setting, ordered by key. */
export type GetAllAppSettingsParams = Record<string, never>;

/** `get_app_setting`: reads an application-wide setting. */
export interface GetAppSettingParams {
  /** The key. */
  key: string;
}

/** The result of `get_app_setting`. */
export interface GetAppSettingResult {
  /** The value; omitted when the key is not set. */
  value?: string;
}

/** `get_chats`: lists a workspace's chats, pinned first, then most recently updated. */
export interface GetChatsParams {
  /** The workspace. */
  workspaceId: string;
  /** Whether archived chats are included (default false). */
  includeArchived?: boolean;
  /** At most this many chats (1 to 1000); every chat when omitted. */
  limit?: number;
}

/** `get_llm_connections`: lists every LLM connection (secrets masked), oldest first. */
export type GetLlmConnectionsParams = Record<string, never>;

/** `get_llm_models`: lists a connection's models: the stored list, or with `refresh` the provider's (then stored). */
export interface GetLlmModelsParams {
  /** The connection. */
  connectionId: string;
  /** Ask the provider again instead of returning the stored list. */
  refresh?: boolean;
}

/** `get_mcp_server_connections`: lists every MCP server connection (secrets masked), oldest first. */
export type GetMcpServerConnectionsParams = Record<string, never>;

/** `get_messages`: reads a page of a chat's messages, oldest first (by default the newest 1000). */
export interface GetMessagesParams {
  /** The chat. */
  chatId: string;
  /** At most this many messages (1 to 10000, default 1000); the newest ones when no bound is given. */
  limit?: number;
  /** Only messages with a lower sequence (the page before). */
  beforeSequence?: number;
  /** Only messages with a higher sequence (the page after). */
  afterSequence?: number;
}

/** `get_model_prices`: lists prices by model; with `connectionId`, that connection's and the connection-less ones. */
export interface GetModelPricesParams {
  /** The connection; every price when omitted. */
  connectionId?: string;
}

/** `get_prompts`: lists prompt templates, most recently updated first. */
export type GetPromptsParams = Record<string, never>;

/** `get_slash_commands`: the slash commands of a workspace, sorted by name: every prompt template and every prompt of the MCP servers the workspace enables (servers that cannot be reached are left out). MCP prompt names are bare unless they collide with a template or another server's prompt, then `server:prompt`; see docs/sdk.md. */
export interface GetSlashCommandsParams {
  /** The workspace. */
  workspaceId: string;
}

/** `get_usage_breakdown`: totals grouped by the `groupBy` keys (by UTC day, connection and model when omitted), each row with its `cost` and `costUnknownRecords`. */
export interface GetUsageBreakdownParams {
  /** The records to total; all when omitted. */
  filter?: UsageFilterParams;
  /** The keys to group by, each at most once, rows sorted by them in this order (`day` and `hour` newest first); `["day", "connection", "model"]` when omitted. */
  groupBy?: UsageGroupBy[];
}

/** `get_usage_logs`: lists usage records, newest first, one page at a time. */
export interface GetUsageLogsParams {
  /** The records to list; all when omitted. */
  filter?: UsageFilterParams;
  /** The 1-based page (default 1). */
  page?: number;
  /** Records per page (1 to 1000, default 50). */
  limit?: number;
}

/** `get_usage_summary`: totals over the usage records the filter selects. */
export interface GetUsageSummaryParams {
  /** The records to total; all when omitted. */
  filter?: UsageFilterParams;
}

/** `get_workspace_settings`: reads a workspace's settings (defaults are stored with every workspace). */
export interface GetWorkspaceSettingsParams {
  /** The workspace. */
  workspaceId: string;
}

/** `get_workspaces`: lists every workspace, newest first. */
export type GetWorkspacesParams = Record<string, never>;

/** `import_chats`: imports chats from Nexo JSON or ChatGPT's `conversations.json` in one transaction; a bad file imports nothing and the error names the JSON path of its first problem. */
export interface ImportChatsParams {
  /** The workspace the chats go into. */
  workspaceId: string;
  /** The file's text. */
  content: string;
  /** `nexo` (an `export_chat` JSON document, or an array of them) or `chatgpt`; `nexo` when omitted. */
  format?: string;
}

/** `import_mcp_servers`: creates MCP server connections from a Claude Desktop / VS Code style configuration; names that exist are skipped. */
export interface ImportMcpServersParams {
  /** The configuration: a JSON object (for example `{"mcpServers": {…}}`) or the text of a configuration file. */
  config: JsonValue;
}

/** `import_model_prices`: stores the prices of a price file (the documented shape, `{"currency": "USD", "prices": [...]}`), all or none; each replaces the price of the same connection and model. */
export interface ImportModelPricesParams {
  /** The price file: an object with `currency` (optional, `USD`) and `prices` (entries shaped like `set_model_price`'s params). */
  file: JsonValue;
}

/** Parameters of `initialize`, the first request of every connection (LSP style). */
export interface InitializeParams {
  /** The process id of the client, when it has one. */
  processId?: number;
  /** The client's name and version. */
  clientInfo?: ClientInfo;
  /** The client's locale, for example `en-US`. */
  locale?: string;
  /** The client's capabilities; unknown properties are ignored. Nexo reads `mcpElicitation`, the MCP elicitation requests the client can show to its user and answer with `respond_mcp_elicitation`: `{"mcpElicitation": {"form": true, "url": true}}` (each `true` or left out). Only when the client sets one do MCP servers see that Nexo can ask the user for input (and send `mcp-elicitation-request`). */
  capabilities?: JsonValue;
}

/** The result of `initialize`. */
export interface InitializeResult {
  /** The protocol version; bumped only for breaking changes. */
  protocolVersion: number;
  /** The server's name and version. */
  serverInfo: ServerInfo;
  /** The commands and events the server supports. */
  capabilities: ServerCapabilities;
  /** The folder that holds the database and the key file. */
  dataFolder: string;
  /** The database file. */
  databasePath: string;
}

/** `list_mcp_resource_templates`: the resource templates of a server, each with the names of its variables (`arguments`). */
export interface ListMcpResourceTemplatesParams {
  /** The server connection. */
  serverId: string;
}

/** `list_mcp_resources`: the resources of a server (every page), connecting it when needed. */
export interface ListMcpResourcesParams {
  /** The server connection. */
  serverId: string;
}

/** A configured LLM provider endpoint. Secrets never appear here: LlmConnection.ApiKeyPreview is masked and header values are masked; the engine reads the real values with GetSecretsAsync. */
export interface LlmConnection {
  /** The connection id. */
  id: string;
  /** The display name (unique, case-insensitive). */
  name: string;
  /** The wire protocol. */
  provider: LlmProviderKind;
  /** The base URL, for example `https://api.openai.com/v1`. */
  baseUrl: string;
  /** Whether an API key is stored. */
  hasApiKey: boolean;
  /** The stored API key, masked to its last 4 characters (for example `…abcd`; `****` for a key under 12 characters). */
  apiKeyPreview?: string;
  /** Extra HTTP header names with masked values. */
  headers: Record<string, string>;
  /** The models known for this connection. */
  models: LlmModel[];
  /** The model used when neither the message nor the workspace names one. */
  defaultModel?: string;
  /** Whether the connection may be used. */
  enabled: boolean;
  /** Whether PDF attachments are sent to the provider as documents (the PDF itself) instead of their extracted text. Only the `anthropic` provider accepts them: there a PDF becomes a `document` block with a base64 source; other providers always get the text, whatever this says. The extracted text is stored in the message either way. Default false. */
  nativeDocuments: boolean;
  /** When the connection was created (UTC). */
  createdAt: string;
  /** When the connection last changed (UTC). */
  updatedAt: string;
}

/** A model offered by an LLM connection. */
export interface LlmModel {
  /** The model id as the provider spells it. */
  id: string;
  /** A display name (defaults to the id). */
  name?: string;
  /** Who owns the model, when the provider says. */
  ownedBy?: string;
  /** Whether the model accepts tools, when known. */
  supportsTools?: boolean;
  /** Whether the model can reason ("think"), when known. */
  supportsThinking?: boolean;
  /** Whether the model accepts images, when known. */
  supportsImages?: boolean;
  /** The model's context window in tokens, when known: read from model listings that give it (OpenRouter `context_length`, Groq `context_window`, vLLM `max_model_len`), or set on the connection's models. ACP editors show it as the size of the context meter. */
  contextWindow?: number;
}

/** `logout_mcp_server`: closes an OAuth-protected MCP server's connections, revokes its tokens at the authorization server (when it has a revocation endpoint) and deletes them; the next use asks for authorization again. */
export interface LogoutMcpServerParams {
  /** The server connection. */
  serverId: string;
}

/** `mcp-authorization-required`: an OAuth-protected MCP server needs the user to authorize Nexo. Open McpAuthorizationRequiredEvent.Url in a browser: the authorization server redirects to Nexo's loopback listener, which completes the authorization and stores the tokens (encrypted). Carries no token. */
export interface McpAuthorizationRequiredEvent {
  /** The MCP server connection. */
  serverId: string;
  /** Its name. */
  name: string;
  /** The authorization URL to open in a browser. */
  url: string;
}

/** One content block of an MCP tool result, flattened to plain data. McpContentItem.Type is one of `text`, `image`, `audio`, `resource` (an embedded resource) or `resource_link`. */
export interface McpContentItem {
  /** The block type: `text`, `image`, `audio`, `resource` or `resource_link`. */
  type: string;
  /** The text of a `text` block or of an embedded text resource. */
  text?: string;
  /** The MIME type of an image, audio clip or resource. */
  mimeType?: string;
  /** The base64-encoded bytes of an image, an audio clip or an embedded binary resource. */
  data?: string;
  /** The URI of an embedded resource or a resource link. */
  uri?: string;
  /** The name of a resource link. */
  name?: string;
}

/** `mcp-elicitation-request`: an MCP server asks the user for input (`elicitation/create`), usually during one of its tool calls. The call waits until the request is answered with RespondToElicitationAsync, times out (NexoOptions.McpElicitationTimeout: answered `cancel`), or the tool call is cancelled (also `cancel`). Servers only ask when the host said it can answer (NexoOptions.McpElicitation). */
export interface McpElicitationRequestEvent {
  /** The chat whose tool call the request belongs to, when it came during a turn's tool call. */
  chatId?: string;
  /** The key of the answer. */
  requestId: string;
  /** The MCP server connection that asks. */
  serverId: string;
  /** Its name. */
  serverName: string;
  /** The assistant message whose tool call is waiting, when the request came during a turn's tool call. */
  messageId?: string;
  /** The waiting tool call's id, when it is known (one call of the server running in a turn). */
  toolCallId?: string;
  /** Form or URL mode. */
  mode: McpElicitationMode;
  /** What the server says to the user (its text, untrusted). */
  message: string;
  /** Form mode: the requested schema, a flat JSON object schema (`{"type":"object","properties":{…},"required":[…]}`) whose properties are strings (`minLength`, `maxLength`, `format` email, uri, date or date-time), numbers and integers (`minimum`, `maximum`), booleans, single-choice strings (`enum`, `oneOf` of `{const, title}`, or `enum` with `enumNames`) and multiple-choice arrays (`items.enum` or `items.anyOf`, `minItems`, `maxItems`), each with an optional `title`, `description` and `default`. */
  requestedSchema?: JsonValue;
  /** URL mode: the URL the server asks the user to open. */
  url?: string;
  /** URL mode: the server's id of the elicitation. */
  elicitationId?: string;
}

/** What LogoutAsync did. */
export interface McpLogoutResult {
  /** Whether tokens were stored for the server (they are deleted now). */
  wasAuthorized: boolean;
  /** Whether the authorization server accepted the revocation of the tokens (its metadata names a `revocation_endpoint`). */
  revoked: boolean;
}

/** Marks an HTTP MCP server as protected by OAuth 2.1 (authorization code with PKCE). Nexo discovers the server's protected-resource metadata and its authorization server's metadata, registers itself dynamically when the authorization server offers registration and no McpOAuthSettings.ClientId is given, and receives the redirect on a loopback listener of its own (`http://127.0.0.1:PORT/callback`). Tokens are stored encrypted and refreshed before they expire. See AuthorizeAsync and LogoutAsync. */
export interface McpOAuthSettings {
  /** A client id registered beforehand with the authorization server, for servers without dynamic client registration; null to register dynamically. */
  clientId?: string;
  /** The secret of McpOAuthSettings.ClientId, for a confidential client; stored encrypted. Listings show it masked (`***`); McpServerSecrets.OAuthClientSecret holds the real value. */
  clientSecret?: string;
  /** The scopes to ask for when the server's metadata names none; empty for the server's own choice. */
  scopes: string[];
}

/** One content item of a read MCP resource (`resources/read`): text (McpResourceContent.Text) or binary data (McpResourceContent.Blob, base64), with its URI and MIME type. */
export interface McpResourceContent {
  /** The URI of this content (a template read gives the expanded URI here). */
  uri: string;
  /** The MIME type, when the server gives one. */
  mimeType?: string;
  /** The text of a text resource; null for binary content. */
  text?: string;
  /** The base64-encoded bytes of a binary resource; null for text. */
  blob?: string;
}

/** A resource offered by an MCP server (`resources/list`). */
export interface McpResourceInfo {
  /** The resource URI. */
  uri: string;
  /** The resource name. */
  name: string;
  /** A title for people, when the server gives one. */
  title?: string;
  /** What the resource holds. */
  description?: string;
  /** The MIME type, when known. */
  mimeType?: string;
}

/** What reading an MCP resource gave (ReadResourceAsync): its contents, usually one item. */
export interface McpResourceReadResult {
  /** The server connection id. */
  serverId: string;
  /** The URI that was read (for a template read, the URI of the first content item). */
  uri: string;
  /** The contents, in the server's order. */
  contents: McpResourceContent[];
}

/** A resource of an MCP server attached to a user message as context (SendMessageRequest.Resources): the server connection id and the resource URI. */
export interface McpResourceReference {
  /** The MCP server connection id. */
  serverId: string;
  /** The resource URI, exactly as the server names it. */
  uri: string;
}

/** A resource template offered by an MCP server (`resources/templates/list`): a URI template (RFC 6570) whose variables name the resource. */
export interface McpResourceTemplateInfo {
  /** The URI template, for example `demo://resource/dynamic/text/{resourceId}`. */
  uriTemplate: string;
  /** The template's name. */
  name: string;
  /** A title for people, when the server gives one. */
  title?: string;
  /** What the resources of the template hold. */
  description?: string;
  /** The MIME type of the resources, when known. */
  mimeType?: string;
  /** The names of the template's variables, in order of first appearance (`["resourceId"]`): the keys of the arguments that ReadResourceTemplateAsync expands the template with. */
  arguments: string[];
}

/** `mcp-resources-changed`: an MCP server said its resources changed: its list (`notifications/resources/list_changed`) or a resource subscribed to with SubscribeResourceAsync (`notifications/resources/updated`). */
export interface McpResourcesChangedEvent {
  /** The MCP server connection. */
  serverId: string;
  /** What changed: `listChanged` or `updated`. */
  kind: McpResourcesChangeKind;
  /** The resource that changed, for Updated. */
  uri?: string;
}

/** A configured MCP server connection. Environment and header values are masked here (they often carry credentials); the real values are stored encrypted and read with GetSecretsAsync. */
export interface McpServer {
  /** The connection id. */
  id: string;
  /** The display name (unique, case-insensitive). */
  name: string;
  /** The transport. */
  transport: McpTransportKind;
  /** For stdio: the program to start. */
  command?: string;
  /** For stdio: the program's arguments. */
  args: string[];
  /** For stdio: extra environment variables (values masked). */
  env: Record<string, string>;
  /** For stdio: the names of host environment variables the server receives beside the minimal safe set (McpServerEnvironment.SafeVariables) and McpServer.Env. Values are never stored, only names. */
  inheritEnv: string[];
  /** For stdio: the working directory. */
  workingDirectory?: string;
  /** For HTTP: the endpoint URL. */
  url?: string;
  /** For HTTP: extra header names with masked values. */
  headers: Record<string, string>;
  /** For HTTP: the OAuth settings when the server is protected by OAuth 2.1 (its client secret masked), or null when it is not. */
  oauth?: McpOAuthSettings;
  /** For an OAuth server: whether tokens are stored (the server was authorized and not logged out). Never the tokens themselves. */
  authorized: boolean;
  /** For an OAuth server with tokens: when its access token expires (UTC); it is refreshed shortly before, when the server gave a refresh token. */
  authorizationExpiresAt?: string;
  /** Whether the server may be connected. */
  enabled: boolean;
  /** The timeout of one request (tool call) in seconds (default 60). */
  timeoutSeconds: number;
  /** The last known status. */
  status: McpServerStatus;
  /** The last error, when McpServer.Status is Error. */
  lastError?: string;
  /** The tools seen at the last successful connection. */
  tools: McpToolInfo[];
  /** When the connection was created (UTC). */
  createdAt: string;
  /** When the connection last changed (UTC). */
  updatedAt: string;
}

/** `mcp-server-status-changed`: an MCP server connection changed state. */
export interface McpServerStatusChangedEvent {
  /** The MCP server connection. */
  serverId: string;
  /** Its name. */
  name: string;
  /** The new status. */
  status: McpServerStatus;
  /** The error, when the status is Error. */
  error?: string;
}

/** A tool offered by an MCP server. */
export interface McpToolInfo {
  /** The tool name as the server spells it. */
  name: string;
  /** The tool's title, when the server gives one. */
  title?: string;
  /** What the tool does. */
  description?: string;
  /** The JSON schema of the tool's arguments. */
  inputSchema?: JsonValue;
  /** The JSON schema of the tool's structured result (`outputSchema`), when it declares one: every successful call must then return `structuredContent` that matches it, or Nexo turns the result into an error (see McpToolResult.OutputSchemaError). */
  outputSchema?: JsonValue;
  /** The server's `annotations.readOnlyHint`: true when it says the tool does not change its environment (such tools run without asking in AllowReads mode); null when it says nothing. */
  readOnlyHint?: boolean;
}

/** A progress report of a running MCP tool call (`notifications/progress`). */
export interface McpToolProgress {
  /** The progress so far (a count or a percentage; it only grows). */
  progress: number;
  /** The total the progress counts towards, when the server knows it. */
  total?: number;
  /** A message about the current step, when the server sends one. */
  message?: string;
}

/** The outcome of one MCP tool call. Failures the model should see (the tool's own `isError`, a timeout, a crashed server, a protocol error) come back here with McpToolResult.IsError set, never as exceptions, so an agent loop can hand McpToolResult.Text to the model and go on. */
export interface McpToolResult {
  /** Whether the call failed (the tool reported an error, timed out, or the server failed). */
  isError: boolean;
  /** The text blocks of the result (and the text of embedded text resources) joined by new lines; for a failure, what went wrong. */
  text: string;
  /** The tool's structured result (`structuredContent`), when it returned one. When the tool declares an output schema (McpToolInfo.OutputSchema) it has been checked against it: a result that fails the check is kept here as the server sent it, with McpToolResult.OutputSchemaError set. */
  structuredContent?: JsonValue;
  /** Why the result breaks the tool's output schema (McpToolInfo.OutputSchema): the structured content fails the schema, or is missing; null when the result matches or the tool declares no schema. Such a result has McpToolResult.IsError set and a McpToolResult.Text that names the problem and its JSON path, followed by the tool's own text. */
  outputSchemaError?: string;
  /** The JSON path (`$.humidity`, `$.items[0]`; `$` for missing structured content) of the first place where the result breaks the tool's output schema; null when McpToolResult.OutputSchemaError is. */
  outputSchemaPath?: string;
  /** Every content block of the result in order: text, images, audio, resources and resource links. */
  content: McpContentItem[];
  /** How long the call took, in milliseconds (including a reconnect when one was needed). */
  durationMs: number;
}

/** One message of a chat. */
export interface Message {
  /** The message id. */
  id: string;
  /** The chat the message belongs to. */
  chatId: string;
  /** The previous message in this message's branch; null for the first message. */
  parentId?: string;
  /** A number that grows with every message stored in the chat (never reused). */
  sequence: number;
  /** Who wrote it. */
  role: MessageRole;
  /** The text content. */
  content: string;
  /** The model's reasoning ("thinking"), when the provider returns it. */
  reasoning?: string;
  /** The tool calls requested by an assistant message. */
  toolCalls?: ToolCall[];
  /** For a tool message: the id of the call it answers. */
  toolCallId?: string;
  /** The state of the message. */
  status: MessageStatus;
  /** Why the message failed, when Message.Status is Error. */
  error?: string;
  /** Why the model stopped (`stop`, `length`, `tool_calls`, `content_filter`…). */
  finishReason?: string;
  /** The model that produced an assistant message. */
  model?: string;
  /** The LLM connection that produced an assistant message. */
  connectionId?: string;
  /** Token usage of an assistant message. */
  usage?: TokenUsage;
  /** Free-form metadata, a JSON object (attachments, host data…). */
  metadata?: JsonValue;
  /** When the message was created (UTC). */
  createdAt: string;
  /** When the message was last changed (UTC). */
  updatedAt: string;
}

/** `message-cancelled`: an assistant message was cancelled; its partial content is kept. */
export interface MessageCancelledEvent {
  /** The chat. */
  chatId: string;
  /** The assistant message. */
  messageId: string;
}

/** `message-chunk`: a content delta of an assistant message. */
export interface MessageChunkEvent {
  /** The chat. */
  chatId: string;
  /** The assistant message. */
  messageId: string;
  /** The new text. */
  chunk: string;
}

/** `message-complete`: an assistant message finished. */
export interface MessageCompleteEvent {
  /** The chat. */
  chatId: string;
  /** The assistant message. */
  messageId: string;
  /** The full content. */
  content: string;
  /** Token usage, when the provider reported it. */
  tokenUsage?: TokenUsage;
  /** Why the model stopped (`stop`, `length`, `tool_calls`, `content_filter`). */
  finishReason?: string;
}

/** `message-error`: an assistant message failed; its partial content is kept. */
export interface MessageErrorEvent {
  /** The chat. */
  chatId: string;
  /** The assistant message. */
  messageId: string;
  /** What went wrong. */
  error: string;
  /** The error kind. */
  kind: NexoErrorKind;
}

/** `message-metadata-updated`: the metadata of a message changed. */
export interface MessageMetadataUpdatedEvent {
  /** The chat. */
  chatId: string;
  /** The message. */
  messageId: string;
}

/** A full-text search hit in message content. */
export interface MessageSearchHit {
  /** The matching message id. */
  messageId: string;
  /** The chat of the message. */
  chatId: string;
  /** The workspace of the chat. */
  workspaceId: string;
  /** The chat's title. */
  chatTitle: string;
  /** The message role. */
  role: MessageRole;
  /** A snippet of the content around the match, with matches wrapped in `[` and `]`. */
  snippet: string;
  /** The relevance (BM25; lower is better, as SQLite reports it). */
  rank: number;
  /** When the message was created (UTC). */
  createdAt: string;
}

/** `message-started`: the user message and the assistant message of a model call are stored. */
export interface MessageStartedEvent {
  /** The chat. */
  chatId: string;
  /** The user message of the turn. */
  userMessageId: string;
  /** The assistant message that will receive the answer. */
  assistantMessageId: string;
}

/** The price of one model, in USD per million tokens (SetModelPriceAsync). A price with a ModelPrice.ConnectionId applies to that connection's calls only and wins over the model's price without one. Prices are exact decimals with at most 6 decimal places; nothing is priced until a price is set or imported. */
export interface ModelPrice {
  /** The LLM connection the price applies to; null for the model on every connection. */
  connectionId?: string;
  /** The model id, exactly as the usage records name it (the model the provider reports, else the one asked for). */
  model: string;
  /** USD per million input tokens that were not read from the provider's cache. */
  inputPerMillion: number;
  /** USD per million output tokens (reasoning tokens too, unless ModelPrice.ReasoningPerMillion is set). */
  outputPerMillion: number;
  /** USD per million input tokens read from the provider's cache; ModelPrice.InputPerMillion when null. */
  cachedInputPerMillion?: number;
  /** USD per million reasoning tokens; ModelPrice.OutputPerMillion when null. */
  reasoningPerMillion?: number;
  /** When the price was first stored (UTC); ignored on input. */
  createdAt: string;
  /** When the price was last changed (UTC); ignored on input. */
  updatedAt: string;
}

/** One entry of a chat's plan (the Agent Client Protocol's plan entry), kept by the model with `update_plan`. */
export interface PlanEntry {
  /** What the step is. */
  content: string;
  /** `high`, `medium` or `low`. */
  priority: string;
  /** `pending`, `in_progress` or `completed`. */
  status: string;
}

/** `plan-updated`: the model replaced the chat's plan (Chat.Plan) with `update_plan`. */
export interface PlanUpdatedEvent {
  /** The chat. */
  chatId: string;
  /** The plan, every entry (the whole plan replaces the previous one). */
  entries: PlanEntry[];
}

/** Parameters of the `$/progress` notification (server → client, LSP's shape): a progress report of the request that was given ProgressParams.Token as its `progressToken` (today: `call_mcp_tool`). Every report is sent before that request's response. */
export interface ProgressParams {
  /** The `progressToken` the client chose for the request. */
  token: string;
  /** The report: progress so far (it only grows), the total when known, a message when the tool sends one. */
  value: McpToolProgress;
}

/** A reusable prompt template with `{{variable}}` placeholders. */
export interface Prompt {
  /** The prompt id. */
  id: string;
  /** The display name (unique, case-insensitive). */
  name: string;
  /** The template text. */
  content: string;
  /** What the prompt is for. */
  description?: string;
  /** The placeholder names found in Prompt.Content, in order of first appearance. */
  variables: string[];
  /** When the prompt was created (UTC). */
  createdAt: string;
  /** When the prompt last changed (UTC). */
  updatedAt: string;
}

/** `read_mcp_resource`: reads a resource of a server (listed or not). With `arguments`, `uri` is a URI template whose variables they fill in (RFC 6570) before it is read. */
export interface ReadMcpResourceParams {
  /** The server connection. */
  serverId: string;
  /** The resource URI, or a URI template when ReadMcpResourceParams.Arguments is given. */
  uri: string;
  /** The values of the template's variables (strings); makes ReadMcpResourceParams.Uri a template. */
  arguments?: Record<string, string>;
}

/** `regenerate_message`: answers a user message again, as a new branch; the old answer stays stored. */
export interface RegenerateMessageParams {
  /** The chat. */
  chatId: string;
  /** The assistant message to regenerate (or the user message to answer again). */
  messageId: string;
  /** The model for this turn. */
  selectedModel?: string;
  /** Reasoning effort: `low`, `medium` or `high`. */
  reasoningEffort?: string;
  /** The LLM connection for this turn. */
  llmConnectionId?: string;
  /** Run the turn even when the workspace's monthly budget is spent (else refused with PermissionDenied). */
  ignoreBudget?: boolean;
  /** A JSON Schema object the answer must match (structured output; see `send_message`'s `responseFormat`). */
  responseFormat?: JsonValue;
}

/** `render_prompt`: renders a prompt template; every variable needs a value. */
export interface RenderPromptParams {
  /** The prompt's id or name. */
  id: string;
  /** A value for every variable of the template. */
  variables?: Record<string, string>;
}

/** The result of `render_prompt`. */
export interface RenderPromptResult {
  /** The rendered text. */
  content: string;
}

/** `respond_mcp_elicitation`: answers an `mcp-elicitation-request` notification. An accepted form answer is checked against the request's schema: when it does not fit, the error (`validation`, `details.field` = `content.NAME`) names the field, nothing is sent to the server and the request keeps waiting. */
export interface RespondMcpElicitationParams {
  /** The request's `requestId`. */
  requestId: string;
  /** `accept`, `decline` or `cancel`. */
  action: McpElicitationAction;
  /** For `accept` in form mode: an object with a value per field (fields left out take the schema's defaults). Leave it out otherwise. */
  content?: JsonValue;
}

/** `respond_tool_permission`: answers a `tool-permission-request`: the waiting tool calls run or are denied. */
export interface RespondToolPermissionParams {
  /** The assistant message whose tool calls wait (the request's `messageId`). */
  messageId: string;
  /** Whether the calls may run. */
  approved: boolean;
  /** When approved: only these tool call ids run; the others are denied. All when omitted. */
  allowedToolIds?: string[];
  /** Store the answer as a per-tool rule of the workspace. */
  remember?: boolean;
}

/** The `data` of every error the server sends. */
export interface RpcErrorData {
  /** The machine-readable kind (the SDK's NexoErrorKind). */
  kind: NexoErrorKind;
  /** Structured details, for example `field` for invalid parameters or `entity` and `id` for missing entities. */
  details: Record<string, unknown>;
}

/** `run_slash_command`: renders a slash command (a template with its variables, or an MCP prompt through `prompts/get`) and sends the result as the user's turn, exactly like `send_message`: the same events stream as notifications and the result is the same. An unknown command is `notFound`; an unknown argument or a missing required one is `validation` (field `arguments`); nothing is stored then. */
export interface RunSlashCommandParams {
  /** The chat; the commands are those of its workspace. */
  chatId: string;
  /** The command's name or its `server:prompt` name (case-insensitive; a leading `/` is ignored). */
  name: string;
  /** The argument values by argument name (strings). */
  arguments?: Record<string, string>;
  /** More files to attach: paths, `file://` URIs or `data:` URLs. */
  files?: string[];
  /** Resources of the workspace's MCP servers to attach (`{serverId, uri}`), read before anything is stored. */
  resources?: McpResourceReference[];
  /** Metadata stored with the user message (a JSON object; the keys `files` and `slashCommand` are Nexo's). */
  metadata?: JsonValue;
  /** The model for this turn. */
  selectedModel?: string;
  /** Reasoning effort: `low`, `medium` or `high`. */
  reasoningEffort?: string;
  /** The LLM connection for this turn. */
  llmConnectionId?: string;
  /** A system prompt for this turn only. */
  systemMessage?: string;
  /** A temperature for this turn only (0 to 2). */
  temperature?: number;
  /** Whether to stream this turn; the workspace setting when omitted. */
  stream?: boolean;
  /** The message the new user message follows; the active branch's leaf when omitted. */
  parentMessageId?: string;
  /** Run the turn even when the workspace's monthly budget is spent (else refused with PermissionDenied). */
  ignoreBudget?: boolean;
  /** A JSON Schema object the answer must match (structured output), as for `send_message`. */
  responseFormat?: JsonValue;
}

/** `save_app_setting`: inserts or replaces an application-wide setting. */
export interface SaveAppSettingParams {
  /** The key. */
  key: string;
  /** The value. */
  value: string;
}

/** `save_workspace_settings`: changes some settings of a workspace. Unlike the original (a full overwrite), omitted fields keep their stored value; an empty string clears an optional text field. */
export interface SaveWorkspaceSettingsParams {
  /** The workspace. */
  workspaceId: string;
  /** The LLM connection chats of the workspace use (empty string clears it). */
  llmConnectionId?: string;
  /** The default model (empty string clears it). */
  defaultModel?: string;
  /** The system prompt; may contain `{{variable}}` placeholders (empty string clears it). */
  systemMessage?: string;
  /** The enabled MCP tools, replacing the stored selection: Nexo's `{"serverId": ["tool", …]}`, the original's `{"toolName": "serverId"}` or `["serverId/toolName", …]`. */
  mcpToolIds?: JsonValue;
  /** The host's own tools this workspace does not offer, by name (replaces the list; empty offers them all). */
  disabledTools?: string[];
  /** Whether answers stream token by token. */
  streamEnabled?: boolean;
  /** Per-tool permission rules keyed by tool name or `serverId/toolName`: the original's `require` (ask) and `auto` (always allow), or Nexo's `ask`, `always_allow`, `always_deny`. Replaces all rules. */
  toolPermissionConfig?: Record<string, string>;
  /** How tools without a rule are treated: `ask`, `allow_reads` (tools that only read run without asking: the read-only built-in tools and MCP tools that declare `readOnlyHint`) or `allow_all`. */
  toolPermissionMode?: ToolPermissionMode;
  /** The built-in tools the workspace offers, by name, replacing the stored list (empty offers none): `read_file`, `list_directory`, `find_files`, `search_text`, `write_file`, `edit_file`, `run_command`, `update_plan`. The file and command tools are offered only when the workspace has a folder (`rootPath`) and never reach outside it. An unknown name is -32602 naming `builtinTools`. */
  builtinTools?: string[];
  /** The maximum number of model calls in one agent turn (1 to 100). */
  maxAgentIterations?: number;
  /** Sampling temperature (0 to 2). */
  temperature?: number;
  /** Maximum output tokens per model call. */
  maxTokens?: number;
  /** The workspace's monthly budget in USD (more than 0, at most 6 decimal places): the known cost of its usage since the start of the UTC month; a `budget-warning` notification at 80 % and 100 %, and new turns refused at 100 % (PermissionDenied) unless sent with `ignoreBudget`. */
  monthlyBudgetUsd?: number;
  /** Set to true to remove the monthly budget. */
  clearMonthlyBudget?: boolean;
  /** How a history too long for the model's context window is fitted into it: `summarize` (the default; the oldest turns become a stored summary message) or `truncate` (the oldest turns are left out of the request). */
  contextStrategy?: ContextStrategy;
}

/** `search_messages`: full-text search over message content, best matches first. */
export interface SearchMessagesParams {
  /** The words to find; plain words match as prefixes, quotes make a phrase. */
  query: string;
  /** Only this workspace. */
  workspaceId?: string;
  /** Only this chat. */
  chatId?: string;
  /** At most this many hits (1 to 500, default 50). */
  limit?: number;
}

/** `send_message`: runs one chat turn. The result (the final assistant message) comes when the turn ends; its events stream meanwhile as notifications. `$/cancelRequest` on it cancels the turn, which is stored as cancelled. */
export interface SendMessageParams {
  /** The chat. */
  chatId: string;
  /** The user's text. */
  content: string;
  /** Attached files: paths, `file://` URIs or `data:` URLs. */
  files?: string[];
  /** Attached MCP resources `{serverId, uri}` of the workspace's servers: read before anything is stored, text inlined with its URI, images sent as images, stored with the user message (its `metadata.files`). */
  resources?: McpResourceReference[];
  /** Metadata stored with the user message (a JSON object). */
  metadata?: JsonValue;
  /** The model for this turn. */
  selectedModel?: string;
  /** Reasoning effort: `low`, `medium` or `high`. */
  reasoningEffort?: string;
  /** The LLM connection for this turn. */
  llmConnectionId?: string;
  /** A system prompt for this turn only. */
  systemMessage?: string;
  /** A temperature for this turn only (0 to 2). */
  temperature?: number;
  /** Whether to stream this turn; the workspace setting when omitted. */
  stream?: boolean;
  /** The message the new user message follows; the active branch's leaf when omitted. */
  parentMessageId?: string;
  /** Run the turn even when the workspace's monthly budget is spent (else refused with PermissionDenied). */
  ignoreBudget?: boolean;
  /** A JSON Schema object the answer must match (structured output): sent to the provider (OpenAI `response_format: {type: "json_schema", json_schema: {name, schema}}`, Anthropic `output_config.format`) and checked against the final answer. The schema's `title` names it when it is a valid name (letters, digits, `_`, `-`, up to 64), else `response`. The check is stored in the assistant message's `metadata.responseFormat` (`{name, schema, valid, error?, path?}`); an answer that is not JSON or fails the schema is an `llm` error naming the first problem and its JSON path, with the answer kept (status `error`). A schema that is not a JSON object is a `validation` error (field `responseFormat`). */
  responseFormat?: JsonValue;
}

/** The outcome of one chat turn. */
export interface SendMessageResult {
  /** The chat. */
  chatId: string;
  /** The user message stored for the turn. */
  userMessageId: string;
  /** The last assistant message of the turn (the final answer). */
  assistantMessageId: string;
  /** The final assistant message as stored. */
  assistantMessage: Message;
  /** Token usage summed over every model call of the turn. */
  tokenUsage?: TokenUsage;
  /** How the turn ended: `end_turn`, `max_tokens`, `max_turn_requests`, `refusal`, `cancelled` or `error`. */
  stopReason: string;
}

/** What the server supports. */
export interface ServerCapabilities {
  /** Every command (JSON-RPC method) the server serves, in contract order. */
  commands: string[];
  /** Every event (JSON-RPC notification) the server sends, in contract order. */
  events: string[];
  /** Whether `$/cancelRequest` cancels running requests (always true). */
  cancelRequest: boolean;
}

/** The server's name and version. */
export interface ServerInfo {
  /** The server's name (`nexo-jsonrpc`). */
  name: string;
  /** The server's version. */
  version: string;
}

/** `set_model_price`: sets the price of a model in USD per million tokens (exact decimals, at most 6 decimal places), for one connection or (without `connectionId`) for the model on every connection; replaces the price of the same connection and model. Only calls that finish afterwards are priced with it. */
export interface SetModelPriceParams {
  /** The LLM connection the price is for; the model on every connection when omitted (a connection's own price wins). */
  connectionId?: string;
  /** The model id, as the usage records name it. */
  model: string;
  /** USD per million input tokens not read from the provider's cache. */
  inputPerMillion: number;
  /** USD per million output tokens (reasoning tokens too unless `reasoningPerMillion` is set). */
  outputPerMillion: number;
  /** USD per million cached input tokens; `inputPerMillion` when omitted. */
  cachedInputPerMillion?: number;
  /** USD per million reasoning tokens; `outputPerMillion` when omitted. */
  reasoningPerMillion?: number;
}

/** A command a person can run as `/name …` in a chat of a workspace (ListAsync): one of Nexo's prompt templates or an MCP prompt of a server the workspace enables. Running it renders the prompt and sends the result as the user's turn. See SlashCommandService for the naming rule. */
export interface SlashCommand {
  /** The command word, without the slash: unique in the workspace's list (case-insensitive). */
  name: string;
  /** A name that always runs this command, even when SlashCommand.Name is shadowed elsewhere (a face's own command of the same name): `server:prompt` for an MCP prompt, SlashCommand.Name for a template. */
  qualifiedName: string;
  /** What the command does: the template's or prompt's description, else a short stand-in (never empty). */
  description: string;
  /** The arguments, in the order positional values fill them. */
  arguments: SlashCommandArgument[];
  /** Where the command comes from. */
  source: SlashCommandSource;
  /** The prompt's own name: the template's name, or the MCP prompt's name as the server spells it. */
  promptName: string;
  /** The prompt template's id (Template only). */
  promptId?: string;
  /** The MCP server connection's id (Mcp only). */
  serverId?: string;
  /** The MCP server connection's name (Mcp only). */
  serverName?: string;
}

/** An argument of a SlashCommand. */
export interface SlashCommandArgument {
  /** The argument name (a template variable, or the MCP prompt's argument name as the server spells it). */
  name: string;
  /** What the argument means, when known (MCP prompts only). */
  description?: string;
  /** Whether the command cannot run without it (every template variable; the MCP arguments the server marks required). */
  required: boolean;
}

/** `subscribe_mcp_resource`: subscribes to a resource of a server that supports it; its changes arrive as `mcp-resources-changed` (kind `updated`). */
export interface SubscribeMcpResourceParams {
  /** The server connection. */
  serverId: string;
  /** The resource URI. */
  uri: string;
}

/** `switch_branch`: makes the branch ending at a message the chat's active branch (what the model sees next). */
export interface SwitchBranchParams {
  /** The chat. */
  chatId: string;
  /** The message that becomes the leaf of the active branch. */
  messageId: string;
}

/** `test_llm_connection`: lists the models a provider offers, without storing anything. */
export interface TestLlmConnectionParams {
  /** The provider, a name as in `create_llm_connection`. */
  provider: string;
  /** The base URL; the provider's default when omitted. */
  baseUrl?: string;
  /** The API key, if the provider needs one. */
  apiKey?: string;
}

/** `test_mcp_connection_and_fetch_tools`: connects to an unsaved server configuration, lists its tools and disconnects; nothing is stored. */
export interface TestMcpConnectionAndFetchToolsParams {
  /** A name for the server in messages (default `test`). */
  name?: string;
  /** The transport. */
  type: McpTransportKind;
  /** For HTTP: the endpoint URL. */
  url?: string;
  /** For stdio: the program to start. */
  command?: string;
  /** For stdio: the program's arguments. */
  args?: string[];
  /** For stdio: extra environment variables (a saved connection stores them encrypted and returns them masked). */
  envVars?: Record<string, string>;
  /** For stdio: the names of host environment variables the server also receives beside the minimal safe set and `envVars` (none by default). */
  inheritEnv?: string[];
  /** For stdio: the working directory. */
  workingDirectory?: string;
  /** For HTTP: extra headers (a saved connection stores them encrypted and returns them masked). */
  headers?: Record<string, string>;
  /** The timeout of one request in seconds (1 to 3600, default 60). */
  timeoutSeconds?: number;
  /** For HTTP: marks the server as protected by OAuth 2.1 (`{}` for dynamic client registration, or `{"clientId", "clientSecret", "scopes"}`); only for saved connections. The secret is stored encrypted and listed masked. */
  oauth?: McpOAuthSettings;
}

/** `thinking-chunk`: a reasoning delta of an assistant message. */
export interface ThinkingChunkEvent {
  /** The chat. */
  chatId: string;
  /** The assistant message. */
  messageId: string;
  /** The new reasoning text. */
  chunk: string;
}

/** Token counts reported by a provider for one model call or one turn. */
export interface TokenUsage {
  /** Input (prompt) tokens. */
  inputTokens: number;
  /** Output (completion) tokens, including reasoning tokens where the provider counts them together. */
  outputTokens: number;
  /** Reasoning tokens, where the provider reports them. */
  reasoningTokens: number;
  /** Total tokens. */
  totalTokens: number;
}

/** A tool call requested by the model in an assistant message. */
export interface ToolCall {
  /** The provider's id of the call; tool result messages refer to it. */
  id: string;
  /** The tool's name as the MCP server spells it. */
  name: string;
  /** The name the model used for the tool (sanitised and unique across servers), when it differs from ToolCall.Name. */
  modelName?: string;
  /** The arguments, a JSON object. */
  arguments?: JsonValue;
  /** The MCP server connection that provides the tool, when known. */
  serverId?: string;
  /** The MCP server's display name, when known. */
  serverName?: string;
  /** The id the provider gave the call, when Nexo gave the call another ToolCall.Id: providers may send two calls under one id, or none, and every call needs its own so that one permission decision never covers another call. null when ToolCall.Id is the provider's id. */
  providerCallId?: string;
}

/** What a built-in tool call would do, shown before it is allowed (ToolPermissionRequestEvent.Previews): its kind, the file it touches, and for an edit the text before and after with a unified diff. */
export interface ToolCallPreview {
  /** The kind of action (KindOf): `read`, `search`, `edit`, `execute`, `think`. */
  kind: string;
  /** The absolute path of the file or folder the call touches, when it touches one. */
  path?: string;
  /** For an edit: the file's text now (null for a new file). */
  oldText?: string;
  /** For an edit: the file's text after the call. */
  newText?: string;
  /** For an edit: a unified diff from ToolCallPreview.OldText to ToolCallPreview.NewText. */
  diff?: string;
  /** For `run_command`: the command as it would run. */
  command?: string;
  /** Why the call cannot run (a path outside the folder, a missing file, a string not found…); it will fail with this error if allowed. */
  error?: string;
}

/** One finished tool call of a batch (ToolExecutionCompletedEvent.Results). */
export interface ToolCallResult {
  /** The call. */
  toolCallId: string;
  /** The tool name. */
  toolName: string;
  /** The stored tool message that holds the result. */
  toolMessageId: string;
  /** Whether the call failed (a tool error, a result that breaks the tool's output schema, a denial…). */
  isError: boolean;
  /** The tool's structured result (MCP `structuredContent`), when it returned one that matches its output schema (or it declares none); it is also stored in the tool message's metadata under `result.structuredContent`. */
  structuredContent?: JsonValue;
}

/** `tool-calls-detected`: the model asked for tool calls. */
export interface ToolCallsDetectedEvent {
  /** The chat. */
  chatId: string;
  /** The assistant message that holds the calls. */
  messageId: string;
  /** The calls. */
  toolCalls: ToolCall[];
}

/** `tool-execution-completed`: a batch of tool calls finished. */
export interface ToolExecutionCompletedEvent {
  /** The chat. */
  chatId: string;
  /** The assistant message that holds the calls. */
  messageId: string;
  /** How many calls ran. */
  toolCallsCount: number;
  /** How many succeeded. */
  successfulCount: number;
  /** How many failed or were denied. */
  failedCount: number;
  /** Each call's result in the model's order: its tool message, whether it failed, its structured content. */
  results: ToolCallResult[];
}

/** `tool-execution-error`: one tool call failed; the error goes back to the model. */
export interface ToolExecutionErrorEvent {
  /** The chat. */
  chatId: string;
  /** The assistant message that holds the call. */
  messageId: string;
  /** The call. */
  toolCallId: string;
  /** The tool name. */
  toolName: string;
  /** What went wrong. */
  error: string;
}

/** `tool-execution-progress`: one tool call started, reported progress, or finished. */
export interface ToolExecutionProgressEvent {
  /** The chat. */
  chatId: string;
  /** The assistant message that holds the call. */
  messageId: string;
  /** The call. */
  toolCallId: string;
  /** The tool name. */
  toolName: string;
  /** `executing`, `progress`, `completed`, `error` or `denied`. */
  status: string;
  /** The result text, when completed. */
  result?: string;
  /** The error, when failed or denied. */
  error?: string;
  /** Progress so far (from MCP progress notifications). */
  progress?: number;
  /** Total progress, when known. */
  total?: number;
  /** A progress message from the server. */
  progressMessage?: string;
}

/** `tool-execution-started`: a batch of tool calls started. */
export interface ToolExecutionStartedEvent {
  /** The chat. */
  chatId: string;
  /** The assistant message that holds the calls. */
  messageId: string;
  /** How many calls run. */
  toolCallsCount: number;
}

/** `tool-permission-request`: tool calls wait for the user to allow or deny them. */
export interface ToolPermissionRequestEvent {
  /** The chat. */
  chatId: string;
  /** The assistant message that holds the calls (the key of the answer). */
  messageId: string;
  /** The calls that need an answer. */
  toolCalls: ToolCall[];
  /** What the built-in tool calls among ToolPermissionRequestEvent.ToolCalls would do, by call id: the kind, the path, and for an edit the text before and after with a unified diff, so a face can show the change before it is allowed. */
  previews: Record<string, ToolCallPreview>;
}

/** `unsubscribe_mcp_resource`: ends a subscription made with `subscribe_mcp_resource`. */
export interface UnsubscribeMcpResourceParams {
  /** The server connection. */
  serverId: string;
  /** The resource URI. */
  uri: string;
}

/** `update_chat`: changes a chat's title, preview or flags; omitted fields keep their value. */
export interface UpdateChatParams {
  /** The chat. */
  id: string;
  /** The new title. */
  title?: string;
  /** The new last-message preview. */
  lastMessage?: string;
  /** Pin or unpin the chat. */
  pinned?: boolean;
  /** Archive or unarchive the chat. */
  archived?: boolean;
}

/** `update_llm_connection`: changes an LLM connection; omitted fields keep their value. */
export interface UpdateLlmConnectionParams {
  /** The connection. */
  id: string;
  /** The new name. */
  name?: string;
  /** The new provider, a name as in `create_llm_connection`; a service (`groq`…) without `baseUrl` also sets its endpoint. */
  provider?: string;
  /** The new base URL. */
  baseUrl?: string;
  /** The new API key (empty string removes it). */
  apiKey?: string;
  /** Replaces the extra HTTP headers. */
  headers?: Record<string, string>;
  /** Replaces the known models. */
  models?: LlmModel[];
  /** The new default model (empty string clears it). */
  defaultModel?: string;
  /** Enables or disables the connection. */
  enabled?: boolean;
  /** Turns sending PDF attachments as documents on or off (honoured by `anthropic` only). */
  nativeDocuments?: boolean;
}

/** `update_mcp_server_connection`: changes an MCP server connection; omitted fields keep their value. */
export interface UpdateMcpServerConnectionParams {
  /** The server connection. */
  id: string;
  /** The new name. */
  name?: string;
  /** The new transport. */
  type?: McpTransportKind;
  /** The new URL (empty string clears it). */
  url?: string;
  /** The new command (empty string clears it). */
  command?: string;
  /** Replaces the arguments. */
  args?: string[];
  /** Replaces the environment variables. */
  envVars?: Record<string, string>;
  /** Replaces the names of host environment variables the server also receives (an empty list passes none). */
  inheritEnv?: string[];
  /** The new working directory (empty string clears it). */
  workingDirectory?: string;
  /** Replaces the headers. */
  headers?: Record<string, string>;
  /** Enables or disables the server. */
  enabled?: boolean;
  /** The new timeout in seconds. */
  timeoutSeconds?: number;
  /** Replaces the OAuth settings (stored tokens stay). */
  oauth?: McpOAuthSettings;
}

/** `update_mcp_server_status`: stores the status, error and tool list of an MCP server connection. The original's `toolsJson` string is a real array here. */
export interface UpdateMcpServerStatusParams {
  /** The server connection. */
  id: string;
  /** The status. */
  status: McpServerStatus;
  /** The tools; the stored list is kept when omitted. */
  tools?: McpToolInfo[];
  /** The error, for status `error`. */
  errorMessage?: string;
}

/** `update_message`: replaces the content of a message. */
export interface UpdateMessageParams {
  /** The message. */
  id: string;
  /** The new content. */
  content: string;
}

/** `update_prompt`: changes a prompt template; omitted fields keep their value. */
export interface UpdatePromptParams {
  /** The prompt. */
  id: string;
  /** The new name. */
  name?: string;
  /** The new template text. */
  content?: string;
  /** The new description (empty string clears it). */
  description?: string;
}

/** `update_workspace`: renames a workspace or changes its root folder; omitted fields keep their value. */
export interface UpdateWorkspaceParams {
  /** The workspace. */
  id: string;
  /** The new name. */
  name?: string;
  /** The new root folder (empty string clears it). */
  rootPath?: string;
}

/** Usage totals for one group of records (UsageBreakdownOptions.GroupBy; by default one UTC day, connection and model). A member of a key the breakdown is not grouped by is null. */
export interface UsageBreakdownRow {
  /** The UTC day (`yyyy-MM-dd`) when grouped by day or hour; else null. */
  day?: string;
  /** The UTC hour when grouped by hour: the hour's start as `yyyy-MM-ddTHH:00Z` (ISO 8601, for example `2026-03-01T09:00Z`); else null. */
  hour?: string;
  /** The workspace id when grouped by workspace (null for records made outside a workspace). */
  workspaceId?: string;
  /** The workspace's name when grouped by workspace and the workspace still exists. */
  workspaceName?: string;
  /** The chat id when grouped by chat (null for records made outside a chat). */
  chatId?: string;
  /** The chat's title when grouped by chat and the chat still exists. */
  chatTitle?: string;
  /** The connection id when grouped by connection and the records name one. */
  connectionId?: string;
  /** The connection's name when grouped by connection and the connection still exists. */
  connectionName?: string;
  /** The model when grouped by model; else null. */
  model?: string;
  /** The number of calls. */
  requests: number;
  /** Input tokens. */
  inputTokens: number;
  /** Input tokens read from the provider's cache (a part of UsageBreakdownRow.InputTokens). */
  cachedInputTokens: number;
  /** Output tokens. */
  outputTokens: number;
  /** The cost in USD of the row's records whose cost is known; null when none has a known cost. */
  cost?: number;
  /** How many of the row's records have no cost; the row's UsageBreakdownRow.Cost is complete only when this is 0. */
  costUnknownRecords: number;
}

/** Which usage records a usage command covers (the original's `filter`). */
export interface UsageFilterParams {
  /** Only records at or after this time (ISO-8601). */
  startDate?: string;
  /** Only records before this time (ISO-8601). */
  endDate?: string;
  /** Only records of this workspace. */
  workspaceId?: string;
  /** Only records of this chat. */
  chatId?: string;
  /** Only records of this LLM connection. */
  connectionId?: string;
}

/** The usage of one LLM call. */
export interface UsageRecord {
  /** The record id. */
  id: string;
  /** The workspace of the call, when it belonged to a chat. */
  workspaceId?: string;
  /** The chat of the call. */
  chatId?: string;
  /** The assistant message the call produced. */
  messageId?: string;
  /** The LLM connection used. */
  connectionId?: string;
  /** The provider kind, as its wire name (for example `openai`). */
  provider: string;
  /** The model. */
  model: string;
  /** Input tokens. */
  inputTokens: number;
  /** Input tokens read from the provider's cache (a part of UsageRecord.InputTokens). */
  cachedInputTokens: number;
  /** Output tokens. */
  outputTokens: number;
  /** Reasoning tokens. */
  reasoningTokens: number;
  /** Total tokens. */
  totalTokens: number;
  /** Wall time of the call in milliseconds. */
  latencyMs: number;
  /** Whether the call streamed. */
  isStream: boolean;
  /** `success`, `error` or `cancelled`. */
  status: string;
  /** What the call was for: `chat` or `title`. */
  requestType: string;
  /** The cost of the call in USD, computed with the model's price when the call finished (a later price change does not change it), exact to the pico-dollar (1e-12 USD); null when no price was set for the model or the provider reported no token usage: unknown, not free. */
  cost?: number;
  /** When the call finished (UTC). */
  createdAt: string;
}

/** Totals over usage records. */
export interface UsageSummary {
  /** The number of LLM calls. */
  totalRequests: number;
  /** Input tokens. */
  totalInputTokens: number;
  /** Output tokens. */
  totalOutputTokens: number;
  /** Reasoning tokens. */
  totalReasoningTokens: number;
  /** The cost in USD of the records whose cost is known; null when records were selected and none has a known cost (0 when none were selected). Complete only when UsageSummary.CostUnknownRecords is 0. */
  cost?: number;
  /** How many of the selected records have no cost (no price was set for their model when they were made). */
  costUnknownRecords: number;
  /** Average latency in milliseconds. */
  averageLatencyMs: number;
}

/** A workspace: a named home for chats, with its own settings, LLM connection and MCP tools. */
export interface Workspace {
  /** The workspace id. */
  id: string;
  /** The display name (unique, case-insensitive). */
  name: string;
  /** An optional root folder on disk (offered to MCP servers as a root; a workspace can be found by it). */
  rootPath?: string;
  /** When the workspace was created (UTC). */
  createdAt: string;
  /** When the workspace was last changed (UTC). */
  updatedAt: string;
}

/** The settings of one workspace: prompt, model, generation parameters, tools and their permissions. */
export interface WorkspaceSettings {
  /** The workspace these settings belong to. */
  workspaceId: string;
  /** The system prompt; may contain `{{variable}}` placeholders. */
  systemMessage?: string;
  /** The LLM connection chats of this workspace use unless a message overrides it. */
  llmConnectionId?: string;
  /** The model used unless a message overrides it; falls back to the connection's default model. */
  defaultModel?: string;
  /** Sampling temperature (0 to 2); null leaves the provider's default. */
  temperature?: number;
  /** Maximum output tokens per model call; null leaves the provider's default. */
  maxTokens?: number;
  /** Whether answers are streamed token by token (default true). */
  streamEnabled: boolean;
  /** The maximum number of model calls in one agent turn (1 to 100, default 10). */
  maxAgentIterations: number;
  /** How tool calls without a per-tool rule are treated. */
  toolPermissionMode: ToolPermissionMode;
  /** Per-tool rules keyed by tool id (`serverId/toolName`) or by a bare tool name. A bare-name AlwaysAllow rule allows a tool that is not an MCP tool, and an MCP tool only of the server it was made for (the one workspace server that enabled a tool of that name when the rule was saved); bare-name AlwaysDeny and Ask rules apply to every tool of the name. A rule remembered from an answer to a ToolPermissionRequestEvent stops allowing an MCP tool when its server's command, arguments, URL or variable names, or the tool's input schema, change. */
  toolPermissions: Record<string, ToolPermissionRule>;
  /** The enabled MCP tools: MCP server connection id → the names of the tools it enables. */
  mcpToolIds: Record<string, string[]>;
  /** The host's tools (NexoOptions.Tools) this workspace does not offer, by name; every other host tool is offered. (MCP tools are enabled with WorkspaceSettings.McpToolIds.) */
  disabledTools: string[];
  /** The workspace's monthly budget in USD (null: none). The known cost of the workspace's usage records since the start of the current UTC month counts against it: crossing 80 % and 100 % publishes a BudgetWarningEvent, and at 100 % new turns are refused (PermissionDenied) unless the request sets SendMessageRequest.IgnoreBudget. Records without a price count as 0. */
  monthlyBudgetUsd?: number;
  /** How a history too long for the model's context window is fitted into it before each model call: compacted into a stored summary (Summarize, the default) or cut from the oldest turns (Truncate). */
  contextStrategy: ContextStrategy;
  /** The built-in tools the workspace offers, by name (BuiltinToolNames); none by default. The file and command tools are offered only when the workspace has a folder, and are confined to it. */
  builtinTools: string[];
  /** When the settings were first stored (UTC). */
  createdAt: string;
  /** When the settings were last changed (UTC). */
  updatedAt: string;
}

/** The stable JSON-RPC error codes; every error's `data` is a `RpcErrorData`. */
export const NexoErrorCodes = {
  /** The frame is not valid JSON. The server answers with id null and keeps reading. */
  ParseError: -32700,
  /** The JSON is not a JSON-RPC request (or is a batch), the frame exceeds the size limit, initialize was sent twice, or the server is shutting down. */
  InvalidRequest: -32600,
  /** No method by that name. */
  MethodNotFound: -32601,
  /** A parameter is missing, has the wrong JSON type or an invalid value; data.details.field names it. */
  InvalidParams: -32602,
  /** An unexpected failure; the message is safe to show and the server keeps running. Details go to the server log. */
  InternalError: -32603,
  /** A request other than initialize arrived before initialize. */
  ServerNotInitialized: -32002,
  /** The request was cancelled with $/cancelRequest (a cancelled turn is persisted as cancelled). */
  RequestCancelled: -32800,
  /** A workspace, chat, message, connection, server or prompt does not exist; data.details has entity and id. */
  NotFound: -32010,
  /** A name or id is taken, or the chat already runs a turn. */
  Conflict: -32011,
  /** Something required is not configured yet, for example no LLM connection for the workspace. */
  NotConfigured: -32012,
  /** The operation or tool call is not permitted. */
  PermissionDenied: -32013,
  /** An LLM provider could not be reached or answered with an error. */
  LlmError: -32020,
  /** An MCP server could not be reached or answered with an error. */
  McpError: -32021,
  /** The database failed, is locked or was written by a newer Nexo. */
  DatabaseError: -32030,
  /** A secret could not be decrypted (missing or wrong key file). */
  SecurityError: -32031,
} as const;
