import assert from "node:assert/strict";
import { test } from "node:test";
import { NexoCommands, NexoErrorCodes, NexoEvents, NexoRpcError } from "../src/index.js";
import { join } from "node:path";
import { repositoryRoot, startServer } from "./server.js";

test("start initializes the server and exposes its contract lists", async () => {
  const { client, folder } = await startServer();
  try {
    assert.equal(client.server.serverInfo.name, "nexo-jsonrpc");
    assert.deepEqual(client.server.capabilities.commands, Object.values(NexoCommands));
    assert.deepEqual(client.server.capabilities.events, Object.values(NexoEvents));
    assert.equal(client.server.dataFolder, folder);
  } finally {
    assert.equal(await client.dispose(), 0);
  }
});

test("typed methods create, list and delete workspaces and chats", async () => {
  const { client } = await startServer();
  try {
    const workspace = await client.createWorkspace({ name: "from node" });
    const chat = await client.createChat({ workspaceId: workspace.id, title: "hello" });
    const chats = await client.getChats({ workspaceId: workspace.id });
    await client.deleteChat({ id: chat.id });
    const workspaces = await client.getWorkspaces();

    assert.equal(workspace.name, "from node");
    assert.deepEqual(chats.map((c) => c.title), ["hello"]);
    assert.deepEqual(workspaces.map((w) => w.id), [workspace.id]);
  } finally {
    await client.dispose();
  }
});

test("server errors reject with NexoRpcError carrying the code, kind and field", async () => {
  const { client } = await startServer();
  try {
    await assert.rejects(client.getChats({ workspaceId: "missing" }), (error: unknown) => {
      assert.ok(error instanceof NexoRpcError);
      assert.equal(error.code, NexoErrorCodes.NotFound);
      assert.equal(error.data?.kind, "notFound");
      assert.equal(error.data?.details["id"], "missing");
      return true;
    });
    await assert.rejects(client.request(NexoCommands.CREATE_WORKSPACE, { name: "" }), (error: unknown) => {
      assert.ok(error instanceof NexoRpcError);
      assert.equal(error.code, NexoErrorCodes.InvalidParams);
      assert.equal(error.data?.details["field"], "name");
      return true;
    });
  } finally {
    await client.dispose();
  }
});

test("callMcpTool with a progressToken delivers the tool's progress before its result", async () => {
  const { client } = await startServer();
  try {
    const everything = join(repositoryRoot(), "tests", "mcp-servers", "node_modules", "@modelcontextprotocol", "server-everything", "dist", "index.js");
    const server = await client.createMcpServerConnection({ name: "everything", type: "stdio", command: process.execPath, args: [everything, "stdio"] });
    const reports: Array<{ progress: number; total?: number }> = [];
    let resultArrived = false;
    const subscription = client.onProgress("op-1", (value) => {
      assert.equal(resultArrived, false, "a progress report arrived after the result");
      reports.push({ progress: value.progress, total: value.total });
    });
    const untracked: unknown[] = [];
    client.onProgress("someone-else", (value) => untracked.push(value));

    const result = await client.callMcpTool({
      connectionId: server.id,
      toolName: "trigger-long-running-operation",
      arguments: { duration: 0.9, steps: 3 },
      progressToken: "op-1",
    });
    resultArrived = true;
    subscription.dispose();

    assert.equal(result.isError, false);
    // The MCP client handles a notification concurrently with the response that follows it, so a report sent just
    // before the result may be dropped; the earlier ones (300 ms apart) all arrive, in order.
    assert.ok(reports.length >= 2 && reports.length <= 3, `got ${reports.length} reports`);
    assert.deepEqual(reports, [
      { progress: 1, total: 3 },
      { progress: 2, total: 3 },
      { progress: 3, total: 3 },
    ].slice(0, reports.length));
    assert.deepEqual(untracked, []);
  } finally {
    await client.dispose();
  }
});
