// The extension's logic without any UI: it spawns nexo-jsonrpc through the typed client, prepares a workspace and a
// chat, sends messages, and routes the turn's events to callbacks. No `vscode` import, so node --test drives it.
import {
  NexoClient,
  NexoEvents,
  type Disposable,
  type LlmProviderKind,
  type PlanEntry,
  type SendMessageResult,
  type ToolCall,
  type ToolCallPreview,
  type ToolPermissionMode,
} from "@nexo/jsonrpc-client";

/** The answer to a tool permission request. */
export type PermissionDecision = "allow-once" | "always" | "deny";

/** The LLM connection the chat uses; found by name, created or updated on start. */
export interface ConnectionSettings {
  name: string;
  provider: LlmProviderKind;
  baseUrl: string;
  model: string;
  apiKey?: string;
}

/** A stdio MCP server whose tools the workspace offers; found by name, created or updated on start. */
export interface McpServerSettings {
  name: string;
  command: string;
  args: string[];
  /** The tools to enable; every tool the server lists when omitted. */
  tools?: string[];
}

/** How to start the server and what to prepare in it. */
export interface ChatControllerOptions {
  /** nexo-jsonrpc.dll, run with `dotnet` (or use `command`). */
  serverPath?: string;
  /** A command that starts the server instead of `dotnet serverPath`. */
  command?: string;
  args?: string[];
  /** The database; the server's default when omitted. */
  dbPath?: string;
  /** The workspace the chats live in (default `VS Code`). */
  workspaceName?: string;
  /** Default: the offline echo provider. */
  connection?: ConnectionSettings;
  /** The MCP server to offer tools from, if any. */
  mcpServer?: McpServerSettings;
  /** How tools without a rule are treated (default `ask`: every call raises a permission request). */
  toolPermissionMode?: ToolPermissionMode;
  /**
   * The folder the workspace belongs to (VS Code's workspace folder): Nexo's built-in file and command tools work
   * inside it and never outside. No folder, no file tools.
   */
  rootPath?: string;
  /** The built-in tools to offer (`read_file`, `edit_file`, `run_command`, `update_plan`, …); none when omitted. */
  builtinTools?: string[];
  /** Receives the server's log lines (stderr). */
  onStderr?: (line: string) => void;
}

/** Where the turn's events go. Every callback but `onPermissionRequest` is optional. */
export interface ChatCallbacks {
  /** An assistant message started (a turn with tool calls has one per model call). */
  onMessageStarted?(messageId: string): void;
  /** A piece of the assistant's answer. */
  onChunk?(chunk: string, messageId: string): void;
  /** An assistant message finished with this content. */
  onMessageComplete?(content: string, messageId: string): void;
  /** The model asked for tool calls. */
  onToolCalls?(calls: ToolCall[]): void;
  /** A tool call ran, failed or was denied. */
  onToolResult?(result: ToolResult): void;
  /**
   * Tool calls wait for the user; the promise's answer is sent back to the server. `previews` says, by call id, what
   * the built-in calls would do: for an edit the file's text before and after and a unified diff, for a command its
   * line, so the UI can show the change before it is allowed.
   */
  onPermissionRequest(calls: ToolCall[], previews: Record<string, ToolCallPreview>): Promise<PermissionDecision>;
  /** The model replaced the chat's plan (`plan-updated`): every entry, in order. */
  onPlan?(entries: PlanEntry[]): void;
  /** The turn failed, or an answer to the server failed. */
  onError?(message: string): void;
}

/** The outcome of one tool call. */
export interface ToolResult {
  toolCallId: string;
  toolName: string;
  status: "completed" | "error" | "denied";
  /** The result text (completed) or the error (error, denied). */
  text: string;
}

/** The echo provider: offline, no key. */
export const ECHO_CONNECTION: ConnectionSettings = { name: "echo", provider: "echo", baseUrl: "http://localhost", model: "echo" };

/** A chat with a Nexo server: one workspace, one current chat, one turn at a time. */
export class ChatController {
  private readonly subscriptions: Disposable[] = [];
  private turnChatId: string | undefined;
  private currentChatId: string;

  private constructor(
    /** The connection to the server. */
    readonly client: NexoClient,
    /** The workspace the chats live in. */
    readonly workspaceId: string,
    chatId: string,
    private readonly callbacks: ChatCallbacks,
  ) {
    this.currentChatId = chatId;
    this.subscribe();
  }

  /** The chat messages go to. */
  get chatId(): string {
    return this.currentChatId;
  }

  /** Whether a turn is running. */
  get busy(): boolean {
    return this.turnChatId !== undefined;
  }

  /**
   * Spawns the server, makes sure the connection, the MCP server and the workspace exist (reusing them by name), and
   * opens a new chat. Kills the server again when any step fails.
   */
  static async start(options: ChatControllerOptions, callbacks: ChatCallbacks): Promise<ChatController> {
    const client = await NexoClient.start({
      serverPath: options.serverPath,
      command: options.command,
      args: options.args,
      dbPath: options.dbPath,
      clientInfo: { name: "nexo-chat-sample", version: "0.1.0" },
      onStderr: options.onStderr,
    });
    try {
      const workspaceId = await prepareWorkspace(client, options);
      const chat = await client.createChat({ workspaceId, title: "VS Code chat" });
      return new ChatController(client, workspaceId, chat.id, callbacks);
    } catch (error) {
      await client.dispose();
      throw error;
    }
  }

  /** Sends a message and resolves when the turn ends; its events reach the callbacks meanwhile. */
  async send(content: string): Promise<SendMessageResult> {
    if (this.turnChatId) throw new Error("A turn is already running; wait for it or cancel it.");
    this.turnChatId = this.currentChatId;
    try {
      return await this.client.sendMessage({ chatId: this.turnChatId, content });
    } finally {
      this.turnChatId = undefined;
    }
  }

  /**
   * Cancels the running turn (`cancel_message`): its `send` resolves with stop reason `cancelled` and the partial
   * answer stays stored. Resolves with whether a turn was running.
   */
  async cancel(): Promise<boolean> {
    if (!this.turnChatId) return false;
    return (await this.client.cancelMessage({ chatId: this.turnChatId })).cancelled;
  }

  /** The current chat's plan as stored (`Chat.plan`); empty until the model makes one. */
  async plan(): Promise<PlanEntry[]> {
    const chats = await this.client.getChats({ workspaceId: this.workspaceId, includeArchived: true });
    return chats.find((c) => c.id === this.currentChatId)?.plan ?? [];
  }

  /** Starts a new chat in the same workspace; later messages go there. */
  async newChat(title = "VS Code chat"): Promise<string> {
    if (this.turnChatId) throw new Error("A turn is running; cancel it before starting a new chat.");
    const chat = await this.client.createChat({ workspaceId: this.workspaceId, title });
    this.currentChatId = chat.id;
    return chat.id;
  }

  /** Stops listening and shuts the server down; resolves with its exit code. */
  async dispose(): Promise<number | null> {
    for (const subscription of this.subscriptions.splice(0)) subscription.dispose();
    return this.client.dispose();
  }

  private subscribe(): void {
    const mine = (event: { chatId: string }) => event.chatId === this.currentChatId;
    const callbacks = this.callbacks;
    this.subscriptions.push(
      this.client.on(NexoEvents.MESSAGE_STARTED, (e) => mine(e) && callbacks.onMessageStarted?.(e.assistantMessageId)),
      this.client.on(NexoEvents.MESSAGE_CHUNK, (e) => mine(e) && callbacks.onChunk?.(e.chunk, e.messageId)),
      this.client.on(NexoEvents.MESSAGE_COMPLETE, (e) => mine(e) && callbacks.onMessageComplete?.(e.content, e.messageId)),
      this.client.on(NexoEvents.MESSAGE_ERROR, (e) => mine(e) && callbacks.onError?.(e.error)),
      this.client.on(NexoEvents.TOOL_CALLS_DETECTED, (e) => mine(e) && callbacks.onToolCalls?.(e.toolCalls)),
      this.client.on(NexoEvents.TOOL_EXECUTION_PROGRESS, (e) => {
        if (!mine(e) || (e.status !== "completed" && e.status !== "error" && e.status !== "denied")) return;
        callbacks.onToolResult?.({ toolCallId: e.toolCallId, toolName: e.toolName, status: e.status, text: (e.status === "completed" ? e.result : e.error) ?? "" });
      }),
      this.client.on(NexoEvents.TOOL_PERMISSION_REQUEST, (e) => {
        if (mine(e)) void this.answerPermission(e.messageId, e.toolCalls, e.previews ?? {});
      }),
      this.client.on(NexoEvents.PLAN_UPDATED, (e) => mine(e) && callbacks.onPlan?.(e.entries)),
    );
  }

  /** Asks the UI, then answers the server; a failure (or a UI that throws) denies the calls so the turn can go on. */
  private async answerPermission(messageId: string, calls: ToolCall[], previews: Record<string, ToolCallPreview>): Promise<void> {
    let decision: PermissionDecision;
    try {
      decision = await this.callbacks.onPermissionRequest(calls, previews);
    } catch (error) {
      this.callbacks.onError?.(`The permission prompt failed: ${describe(error)}`);
      decision = "deny";
    }

    try {
      await this.client.respondToolPermission({ messageId, approved: decision !== "deny", remember: decision === "always" });
    } catch (error) {
      this.callbacks.onError?.(`Could not answer the permission request: ${describe(error)}`);
    }
  }
}

async function prepareWorkspace(client: NexoClient, options: ChatControllerOptions): Promise<string> {
  const wanted = options.connection ?? ECHO_CONNECTION;
  const connections = await client.getLlmConnections();
  const known = connections.find((c) => c.name === wanted.name);
  const settings = { provider: wanted.provider, baseUrl: wanted.baseUrl, defaultModel: wanted.model, ...(wanted.apiKey ? { apiKey: wanted.apiKey } : {}) };
  const connection = known
    ? await client.updateLlmConnection({ id: known.id, ...settings })
    : await client.createLlmConnection({ name: wanted.name, ...settings });

  const workspaceName = options.workspaceName ?? "VS Code";
  const rootPath = options.rootPath;
  let workspace = (await client.getWorkspaces()).find((w) => w.name === workspaceName) ?? (await client.createWorkspace({ name: workspaceName, rootPath }));
  if ((workspace.rootPath ?? undefined) !== rootPath) {
    // The editor opened another folder: the workspace follows it (an empty string clears it).
    workspace = await client.updateWorkspace({ id: workspace.id, rootPath: rootPath ?? "" });
  }

  let mcpToolIds: Record<string, string[]> = {};
  if (options.mcpServer) {
    const { name, command, args, tools } = options.mcpServer;
    const servers = await client.getMcpServerConnections();
    const existing = servers.find((s) => s.name === name);
    const server = existing
      ? await client.updateMcpServerConnection({ id: existing.id, type: "stdio", command, args })
      : await client.createMcpServerConnection({ name, type: "stdio", command, args });
    const enabled = tools ?? (await client.connectMcpServerAndFetchTools({ connectionId: server.id })).map((t) => t.name);
    mcpToolIds = { [server.id]: enabled };
  }

  await client.saveWorkspaceSettings({
    workspaceId: workspace.id,
    llmConnectionId: connection.id,
    defaultModel: wanted.model,
    mcpToolIds,
    toolPermissionMode: options.toolPermissionMode ?? "ask",
    builtinTools: options.builtinTools ?? [],
  });
  return workspace.id;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
