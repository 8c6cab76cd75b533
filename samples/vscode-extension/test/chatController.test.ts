// The extension's non-UI logic against the real nexo-jsonrpc server, the echo provider and the sample MCP server.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import type { PlanEntry, ToolCall, ToolCallPreview } from "@nexo/jsonrpc-client";
import { ChatController, type ChatCallbacks, type ChatControllerOptions, type PermissionDecision, type ToolResult } from "../src/chatController.js";
import { builtMcpServerPath, builtServerPath, repositoryRoot } from "../src/paths.js";

const root = repositoryRoot(import.meta.dirname);
const folders: string[] = [];
after(() => folders.forEach((f) => rmSync(f, { recursive: true, force: true })));

/** A built DLL: `dotnet test` (run first by .ci/run) builds both; otherwise they are built here once. */
function built(dll: string, project: string): string {
  if (!existsSync(dll)) {
    const build = spawnSync("dotnet", ["build", join(root, project), "-v", "q"], { stdio: "inherit" });
    if (build.status !== 0 || !existsSync(dll)) throw new Error(`Could not build ${project}; run \`dotnet build\` first.`);
  }

  return dll;
}

const serverPath = process.env.NEXO_JSONRPC_DLL ?? built(builtServerPath(root), "src/Nexo.JsonRpcServer");
const mcpServerPath = built(builtMcpServerPath(root), "samples/mcp-server");

function newDatabase(): string {
  const folder = mkdtempSync(join(tmpdir(), "nexo-vscode-"));
  folders.push(folder);
  return join(folder, "nexo.db");
}

/** What the callbacks saw. */
interface Seen {
  started: string[];
  chunks: string[];
  complete: string[];
  toolCalls: ToolCall[];
  toolResults: ToolResult[];
  permissionRequests: ToolCall[][];
  previews: Record<string, ToolCallPreview>[];
  plans: PlanEntry[][];
  errors: string[];
}

function recorder(decide: (calls: ToolCall[], previews: Record<string, ToolCallPreview>) => Promise<PermissionDecision>): { seen: Seen; callbacks: ChatCallbacks } {
  const seen: Seen = { started: [], chunks: [], complete: [], toolCalls: [], toolResults: [], permissionRequests: [], previews: [], plans: [], errors: [] };
  const callbacks: ChatCallbacks = {
    onMessageStarted: (id) => seen.started.push(id),
    onChunk: (chunk) => seen.chunks.push(chunk),
    onMessageComplete: (content) => seen.complete.push(content),
    onToolCalls: (calls) => seen.toolCalls.push(...calls),
    onToolResult: (result) => seen.toolResults.push(result),
    onError: (message) => seen.errors.push(message),
    onPlan: (entries) => seen.plans.push(entries),
    onPermissionRequest: (calls, previews) => {
      seen.permissionRequests.push(calls);
      seen.previews.push(previews);
      return decide(calls, previews);
    },
  };
  return { seen, callbacks };
}

function options(dbPath = newDatabase(), withTools = true): ChatControllerOptions {
  return {
    serverPath,
    dbPath,
    ...(withTools ? { mcpServer: { name: "sample-tools", command: "dotnet", args: [mcpServerPath], tools: ["word_count"] } } : {}),
  };
}

const WORD_COUNT = '/tool word_count {"text":"one two three"}';
const WORD_COUNT_RESULT = "3 words, 1 line, 13 characters";

test("a streamed turn routes its chunks and the completed answer to the callbacks", async () => {
  const { seen, callbacks } = recorder(async () => "deny");
  const chat = await ChatController.start(options(newDatabase(), false), callbacks);
  try {
    const result = await chat.send("hello from vs code");

    assert.ok(seen.chunks.length > 1, `expected several chunks, got ${JSON.stringify(seen.chunks)}`);
    assert.equal(seen.chunks.join(""), "hello from vs code");
    assert.deepEqual(seen.complete, ["hello from vs code"]);
    assert.deepEqual(seen.started, [result.assistantMessageId]);
    assert.equal(result.stopReason, "end_turn");
    assert.deepEqual(seen.permissionRequests, []);
    assert.deepEqual(seen.errors, []);
  } finally {
    assert.equal(await chat.dispose(), 0);
  }
});

test("allowing a tool call once runs the sample MCP server's tool, and the next call asks again", async () => {
  const { seen, callbacks } = recorder(async () => "allow-once");
  const chat = await ChatController.start(options(), callbacks);
  try {
    await chat.send(WORD_COUNT);

    assert.equal(seen.permissionRequests.length, 1);
    assert.deepEqual(seen.permissionRequests[0]!.map((c) => c.name), ["word_count"]);
    assert.deepEqual(seen.permissionRequests[0]![0]!.arguments, { text: "one two three" });
    assert.deepEqual(seen.toolCalls.map((c) => c.name), ["word_count"]);
    assert.deepEqual(seen.toolResults.map((r) => [r.toolName, r.status, r.text]), [["word_count", "completed", WORD_COUNT_RESULT]]);
    assert.equal(seen.complete.at(-1), `Tool word_count returned: ${WORD_COUNT_RESULT}`);

    await chat.send(WORD_COUNT);
    assert.equal(seen.permissionRequests.length, 2);
    assert.deepEqual(seen.errors, []);
  } finally {
    await chat.dispose();
  }
});

test("denying a tool call reports it denied and the tool does not run", async () => {
  const { seen, callbacks } = recorder(async () => "deny");
  const chat = await ChatController.start(options(), callbacks);
  try {
    const result = await chat.send(WORD_COUNT);

    assert.equal(seen.permissionRequests.length, 1);
    assert.deepEqual(seen.toolResults.map((r) => [r.toolName, r.status]), [["word_count", "denied"]]);
    assert.ok(!seen.toolResults.some((r) => r.text.includes(WORD_COUNT_RESULT)));
    assert.match(result.assistantMessage.content, /^Tool word_count returned: /);
    assert.ok(!result.assistantMessage.content.includes(WORD_COUNT_RESULT), result.assistantMessage.content);
  } finally {
    await chat.dispose();
  }
});

test("answering Always stores a rule, so the next call runs without asking", async () => {
  const { seen, callbacks } = recorder(async () => "always");
  const chat = await ChatController.start(options(), callbacks);
  try {
    await chat.send(WORD_COUNT);
    await chat.send(WORD_COUNT);

    assert.equal(seen.permissionRequests.length, 1);
    assert.deepEqual(seen.toolResults.map((r) => r.status), ["completed", "completed"]);
  } finally {
    await chat.dispose();
  }
});

test("cancelling while the permission prompt is open ends the turn as cancelled; one turn runs at a time", async () => {
  let chat: ChatController | undefined;
  let busyError: unknown;
  const { seen, callbacks } = recorder(async () => {
    busyError = await chat!.send("a second message").then(() => undefined, (error: unknown) => error);
    assert.equal(await chat!.cancel(), true);
    return "allow-once";
  });
  chat = await ChatController.start(options(), callbacks);
  try {
    const result = await chat.send(WORD_COUNT);

    assert.equal(result.stopReason, "cancelled");
    assert.match(String(busyError), /already running/);
    assert.ok(!seen.toolResults.some((r) => r.status === "completed"));
    assert.equal(chat.busy, false);
  } finally {
    await chat.dispose();
  }
});

test("starting again on the same database reuses the workspace, connection and MCP server, in a new chat", async () => {
  const dbPath = newDatabase();
  const first = await ChatController.start(options(dbPath), recorder(async () => "deny").callbacks);
  const firstIds = { workspace: first.workspaceId, chat: first.chatId };
  await first.dispose();

  const second = await ChatController.start(options(dbPath), recorder(async () => "deny").callbacks);
  try {
    assert.equal(second.workspaceId, firstIds.workspace);
    assert.notEqual(second.chatId, firstIds.chat);
    assert.deepEqual((await second.client.getLlmConnections()).map((c) => c.name), ["echo"]);
    assert.deepEqual((await second.client.getMcpServerConnections()).map((s) => s.name), ["sample-tools"]);
    assert.equal((await second.client.getChats({ workspaceId: second.workspaceId })).length, 2);
  } finally {
    await second.dispose();
  }
});

test("in a folder, an edit's preview (before, after, diff) reaches the prompt before the file changes, and the plan reaches the view", async () => {
  const folder = mkdtempSync(join(tmpdir(), "nexo-vscode-folder-"));
  folders.push(folder);
  const project = join(folder, "project");
  const calc = join(project, "calc.py");
  const before = "def add(a, b):\n    return a - b\n";
  const after = "def add(a, b):\n    return a + b\n";
  mkdirSync(project);
  writeFileSync(calc, before);
  writeFileSync(join(folder, "outside.txt"), "untouched\n");
  let textAtThePrompt: string | undefined;
  const { seen, callbacks } = recorder(async () => {
    textAtThePrompt = readFileSync(calc, "utf8");
    return "allow-once";
  });
  const chat = await ChatController.start({ ...options(newDatabase(), false), rootPath: project, builtinTools: ["read_file", "edit_file", "update_plan"] }, callbacks);
  try {
    await chat.send('/tool edit_file {"path":"calc.py","oldText":"return a - b","newText":"return a + b"}');
    await chat.send('/tool update_plan {"entries":[{"content":"Fix add","priority":"high","status":"completed"},{"content":"Run the tests","status":"in_progress"}]}');

    assert.equal(seen.permissionRequests.length, 1); // update_plan never asks
    const [call] = seen.permissionRequests[0]!;
    assert.equal(call!.name, "edit_file");
    const preview = seen.previews[0]![call!.id]!;
    assert.equal(preview.kind, "edit");
    assert.equal(preview.path, calc);
    assert.equal(preview.oldText, before);
    assert.equal(preview.newText, after);
    assert.match(preview.diff ?? "", /^-    return a - b$/m);
    assert.match(preview.diff ?? "", /^\+    return a \+ b$/m);
    assert.equal(textAtThePrompt, before);
    assert.equal(readFileSync(calc, "utf8"), after);

    const plan = [
      { content: "Fix add", priority: "high", status: "completed" },
      { content: "Run the tests", priority: "medium", status: "in_progress" },
    ];
    assert.deepEqual(seen.plans, [plan]);
    assert.deepEqual(await chat.plan(), plan);
    assert.deepEqual(readdirSync(folder).sort(), ["outside.txt", "project"]);
    assert.equal(readFileSync(join(folder, "outside.txt"), "utf8"), "untouched\n");
    assert.deepEqual(seen.errors, []);
  } finally {
    await chat.dispose();
  }
});
