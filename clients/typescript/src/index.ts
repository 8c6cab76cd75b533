export { NexoClient, NexoRpcError, type Disposable, type NexoClientOptions } from "./client.js";
export { NexoApi } from "./generated/NexoApi.js";
export * from "./generated/NexoCommands.js";
export * from "./generated/NexoEvents.js";
export * from "./generated/NexoTypes.js";
export { CancellationTokenSource, type CancellationToken } from "vscode-jsonrpc/node";
