import assert from "node:assert/strict";
import { test } from "node:test";
import { NexoCommands, NexoErrorCodes, NexoEvents, NexoRpcError } from "../src/index.js";
import { startServer } from "./server.js";

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
