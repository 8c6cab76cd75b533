// Where the pieces live in a clone of the repository, and the provider defaults. No `vscode` import (tests use it).
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import type { LlmProviderKind } from "@nexo/jsonrpc-client";
import { ECHO_CONNECTION, type ConnectionSettings } from "./chatController.js";

/** The repository root: the nearest folder above `from` that holds Nexo.sln. */
export function repositoryRoot(from: string): string {
  let dir = from;
  while (!existsSync(join(dir, "Nexo.sln"))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`Nexo.sln not found above ${from}; set the server and MCP server paths in the settings.`);
    dir = parent;
  }

  return dir;
}

/** nexo-jsonrpc.dll as `dotnet build` leaves it. */
export function builtServerPath(root: string): string {
  return join(root, "src", "Nexo.JsonRpcServer", "bin", "Debug", "net10.0", "nexo-jsonrpc.dll");
}

/** The sample MCP server's DLL as `dotnet build` leaves it. */
export function builtMcpServerPath(root: string): string {
  return join(root, "samples", "mcp-server", "bin", "Debug", "net10.0", "Nexo.Samples.McpServer.dll");
}

const DEFAULTS: Record<LlmProviderKind, { baseUrl: string; model: string }> = {
  echo: { baseUrl: ECHO_CONNECTION.baseUrl, model: ECHO_CONNECTION.model },
  openai: { baseUrl: "https://api.openai.com/v1", model: "gpt-4o-mini" },
  "openai-compatible": { baseUrl: "http://localhost:8000/v1", model: "default" },
  anthropic: { baseUrl: "https://api.anthropic.com", model: "claude-sonnet-4-5" },
  ollama: { baseUrl: "http://localhost:11434", model: "llama3.2" },
};

/** The connection for a provider: the given URL and model, or the provider's defaults; named after the provider. */
export function connectionFor(provider: LlmProviderKind, baseUrl?: string, model?: string, apiKey?: string): ConnectionSettings {
  const defaults = DEFAULTS[provider];
  return { name: provider, provider, baseUrl: baseUrl || defaults.baseUrl, model: model || defaults.model, ...(apiKey ? { apiKey } : {}) };
}
