import { spawn, type ChildProcess } from "node:child_process";
import { createInterface } from "node:readline";
import {
  createMessageConnection,
  ParameterStructures,
  ResponseError,
  StreamMessageReader,
  StreamMessageWriter,
  type CancellationToken,
  type MessageConnection,
} from "vscode-jsonrpc/node";
import { NexoApi } from "./generated/NexoApi.js";
import { NexoLifecycle, PROTOCOL_VERSION, type NexoCommand, type NexoParams, type NexoResult } from "./generated/NexoCommands.js";
import { NexoEvents, NexoProtocolNotifications, type NexoEvent, type NexoEventMap } from "./generated/NexoEvents.js";
import type { InitializeResult, McpToolProgress, ProgressParams, RpcErrorData } from "./generated/NexoTypes.js";

/** How to start the server. */
export interface NexoClientOptions {
  /** The built server assembly (`nexo-jsonrpc.dll`), run with `dotnet`. Ignored when `command` is given. */
  serverPath?: string;
  /** A command that starts the server (for example `nexo` with args `["serve"]`, or a published `nexo-jsonrpc`). */
  command?: string;
  /** Arguments of `command`. */
  args?: string[];
  /** The database file (`--db`); the server's default data folder when omitted. */
  dbPath?: string;
  /** The server's log level (`--log-level`), for example `Debug`. */
  logLevel?: string;
  /** A log file for the server (`--log-file`); its logs go to stderr otherwise. */
  logFile?: string;
  /** Environment of the server process (defaults to this process's). */
  env?: NodeJS.ProcessEnv;
  /** Working directory of the server process. */
  cwd?: string;
  /** Sent in `initialize`. */
  clientInfo?: { name: string; version?: string };
  /** Receives each line the server writes to stderr (its log). */
  onStderr?: (line: string) => void;
}

/** An error answered by the server: `code` is one of `NexoErrorCodes`, `data` says what kind of error and which field. */
export class NexoRpcError extends Error {
  constructor(
    message: string,
    readonly code: number,
    readonly data: RpcErrorData | undefined,
    readonly method: string,
  ) {
    super(message);
    this.name = "NexoRpcError";
  }
}

/** Something that can be unsubscribed. */
export interface Disposable {
  dispose(): void;
}

/**
 * A connection to a `nexo-jsonrpc` process: typed methods for every command (from `NexoApi`), typed event
 * subscriptions, and the LSP-style life cycle (`initialize`/`initialized` on start, `shutdown`/`exit` on dispose).
 */
export class NexoClient extends NexoApi {
  private readonly handlers = new Map<string, Set<(payload: unknown) => void>>();
  private readonly anyHandlers = new Set<(event: NexoEvent, payload: unknown) => void>();
  private readonly progressHandlers = new Map<string, Set<(value: McpToolProgress) => void>>();
  private exited: Promise<number | null>;
  private disposed = false;

  private constructor(
    /** The server process. */
    readonly process: ChildProcess,
    private readonly connection: MessageConnection,
    /** What the server answered to `initialize`. */
    readonly server: InitializeResult,
    exited: Promise<number | null>,
  ) {
    super();
    this.exited = exited;
  }

  /** Spawns the server, runs `initialize` and `initialized`, and starts receiving events. */
  static async start(options: NexoClientOptions): Promise<NexoClient> {
    const serverArgs: string[] = [];
    if (options.dbPath) serverArgs.push("--db", options.dbPath);
    if (options.logLevel) serverArgs.push("--log-level", options.logLevel);
    if (options.logFile) serverArgs.push("--log-file", options.logFile);
    let command: string;
    let args: string[];
    if (options.command) {
      command = options.command;
      args = [...(options.args ?? []), ...serverArgs];
    } else if (options.serverPath) {
      command = "dotnet";
      args = [options.serverPath, ...serverArgs];
    } else {
      throw new Error("NexoClient.start needs serverPath (nexo-jsonrpc.dll) or command.");
    }

    const child = spawn(command, args, { cwd: options.cwd, env: options.env ?? process.env, stdio: ["pipe", "pipe", "pipe"] });
    const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
    const spawned = new Promise<void>((resolve, reject) => {
      child.once("spawn", () => resolve());
      child.once("error", reject);
    });
    await spawned;
    const stderr = createInterface({ input: child.stderr! });
    stderr.on("line", (line) => options.onStderr?.(line));

    const connection = createMessageConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
    connection.listen();
    let server: InitializeResult;
    try {
      server = await connection.sendRequest<InitializeResult>(NexoLifecycle.INITIALIZE, {
        processId: process.pid,
        clientInfo: options.clientInfo ?? { name: "@nexo/jsonrpc-client" },
        capabilities: {},
      });
    } catch (error) {
      connection.dispose();
      child.kill();
      throw toNexoError(NexoLifecycle.INITIALIZE, error);
    }

    if (server.protocolVersion !== PROTOCOL_VERSION) {
      connection.dispose();
      child.kill();
      throw new Error(`The server speaks protocol ${server.protocolVersion}; this client speaks ${PROTOCOL_VERSION}.`);
    }

    const client = new NexoClient(child, connection, server, exited);
    for (const event of Object.values(NexoEvents)) {
      connection.onNotification(event, (payload: unknown) => client.dispatch(event, payload));
    }

    connection.onNotification(NexoProtocolNotifications.PROGRESS, (params: ProgressParams) => {
      for (const handler of client.progressHandlers.get(params.token) ?? []) handler(params.value);
    });

    await connection.sendNotification(NexoLifecycle.INITIALIZED, {});
    return client;
  }

  /** Sends a command; rejects with a `NexoRpcError` when the server answers with an error. */
  override async request<C extends NexoCommand>(command: C, params: NexoParams<C>, token?: CancellationToken): Promise<NexoResult<C>> {
    try {
      // Pass the token only when there is one: vscode-jsonrpc would otherwise send [params, undefined] by position.
      return token
        ? await this.connection.sendRequest<NexoResult<C>>(command, ParameterStructures.byName, params, token)
        : await this.connection.sendRequest<NexoResult<C>>(command, ParameterStructures.byName, params);
    } catch (error) {
      throw toNexoError(command, error);
    }
  }

  /** Calls `handler` for every `event` notification; dispose the result to stop. */
  on<E extends NexoEvent>(event: E, handler: (payload: NexoEventMap[E]) => void): Disposable {
    let set = this.handlers.get(event);
    if (!set) {
      set = new Set();
      this.handlers.set(event, set);
    }

    const untyped = handler as (payload: unknown) => void;
    set.add(untyped);
    return { dispose: () => set.delete(untyped) };
  }

  /** Calls `handler` for every event, in arrival order. */
  onAny(handler: <E extends NexoEvent>(event: E, payload: NexoEventMap[E]) => void): Disposable {
    const untyped = handler as (event: NexoEvent, payload: unknown) => void;
    this.anyHandlers.add(untyped);
    return { dispose: () => this.anyHandlers.delete(untyped) };
  }

  /**
   * Calls `handler` for every `$/progress` report of the request sent with `progressToken: token` (today
   * `callMcpTool`); every report arrives before that request's result. Dispose the result to stop.
   */
  onProgress(token: string, handler: (value: McpToolProgress) => void): Disposable {
    let set = this.progressHandlers.get(token);
    if (!set) {
      set = new Set();
      this.progressHandlers.set(token, set);
    }

    set.add(handler);
    return {
      dispose: () => {
        set.delete(handler);
        if (set.size === 0) this.progressHandlers.delete(token);
      },
    };
  }

  /** Runs `shutdown` and `exit`, then waits for the process to end; returns its exit code. */
  async dispose(): Promise<number | null> {
    if (this.disposed) return this.exited;
    this.disposed = true;
    try {
      await this.connection.sendRequest(NexoLifecycle.SHUTDOWN, {});
      await this.connection.sendNotification(NexoLifecycle.EXIT, {});
    } catch {
      // The server is already gone; closing its input below ends it otherwise.
    }

    this.connection.dispose();
    this.process.stdin?.end();
    return this.exited;
  }

  private dispatch(event: NexoEvent, payload: unknown): void {
    for (const handler of this.anyHandlers) handler(event, payload);
    for (const handler of this.handlers.get(event) ?? []) handler(payload);
  }
}

function toNexoError(method: string, error: unknown): unknown {
  if (error instanceof ResponseError) {
    return new NexoRpcError(error.message, error.code, error.data as RpcErrorData | undefined, method);
  }

  return error;
}
