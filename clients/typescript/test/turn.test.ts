import assert from "node:assert/strict";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { test } from "node:test";
import { CancellationTokenSource, NexoErrorCodes, NexoEvents, NexoRpcError, type NexoEvent } from "../src/index.js";
import { startServer } from "./server.js";

test("a streamed turn delivers its events in order before send_message resolves", async () => {
  const { client } = await startServer();
  try {
    const connection = await client.createLlmConnection({ name: "echo", provider: "echo", baseUrl: "http://localhost", defaultModel: "echo" });
    const workspace = await client.createWorkspace({ name: "node turns" });
    await client.saveWorkspaceSettings({ workspaceId: workspace.id, llmConnectionId: connection.id, streamEnabled: true });
    const chat = await client.createChat({ workspaceId: workspace.id, title: "echo chat" });

    const seen: { event: NexoEvent; payload: unknown }[] = [];
    const any = client.onAny((event, payload) => seen.push({ event, payload }));
    const chunks: string[] = [];
    const onChunk = client.on(NexoEvents.MESSAGE_CHUNK, (payload) => chunks.push(payload.chunk));

    const result = await client.sendMessage({ chatId: chat.id, content: "hello from node" });
    any.dispose();
    onChunk.dispose();

    const names = seen.filter((s) => (s.payload as { chatId?: string }).chatId === chat.id).map((s) => s.event);
    assert.equal(names[0], NexoEvents.MESSAGE_STARTED);
    assert.ok(names.slice(1, -2).every((n) => n === NexoEvents.MESSAGE_CHUNK), names.join(", "));
    assert.deepEqual(names.slice(-2), [NexoEvents.MESSAGE_COMPLETE, NexoEvents.CHAT_UPDATED]);
    assert.equal(chunks.join(""), "hello from node");
    assert.equal(result.assistantMessage.content, "hello from node");
    assert.equal(result.assistantMessage.status, "complete");
    assert.equal(result.stopReason, "end_turn");

    const started = seen[0]!.payload as { userMessageId: string; assistantMessageId: string };
    assert.equal(started.userMessageId, result.userMessageId);
    assert.equal(started.assistantMessageId, result.assistantMessageId);
    const messages = await client.getMessages({ chatId: chat.id });
    assert.deepEqual(messages.map((m) => m.role), ["user", "assistant"]);
  } finally {
    assert.equal(await client.dispose(), 0);
  }
});

test("cancelling send_message with a token stops the turn and keeps the partial answer as cancelled", async () => {
  // A local OpenAI-compatible server that streams one chunk, then holds the answer open until the client goes away.
  const provider = createServer((req, res) => {
    if (req.url?.endsWith("/chat/completions")) {
      res.writeHead(200, { "content-type": "text/event-stream" });
      const chunk = { id: "c1", object: "chat.completion.chunk", created: 0, model: "slow", choices: [{ index: 0, delta: { role: "assistant", content: "partial" }, finish_reason: null }] };
      res.write(`data: ${JSON.stringify(chunk)}\n\n`);
      return; // never ends
    }

    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => provider.listen(0, "127.0.0.1", resolve));
  const port = (provider.address() as AddressInfo).port;
  const { client } = await startServer();
  try {
    const connection = await client.createLlmConnection({ name: "slow", provider: "openai-compatible", baseUrl: `http://127.0.0.1:${port}/v1`, defaultModel: "slow" });
    const workspace = await client.createWorkspace({ name: "node cancel" });
    await client.saveWorkspaceSettings({ workspaceId: workspace.id, llmConnectionId: connection.id, streamEnabled: true });
    const chat = await client.createChat({ workspaceId: workspace.id, title: "to cancel" });
    const cancelled: string[] = [];
    const onCancelled = client.on(NexoEvents.MESSAGE_CANCELLED, (e) => cancelled.push(e.messageId));
    const firstChunk = new Promise<void>((resolve) => {
      const d = client.on(NexoEvents.MESSAGE_CHUNK, () => {
        d.dispose();
        resolve();
      });
    });

    const cts = new CancellationTokenSource();
    const turn = client.sendMessage({ chatId: chat.id, content: "talk slowly" }, cts.token);
    await firstChunk;
    cts.cancel();

    await assert.rejects(turn, (error: unknown) => {
      assert.ok(error instanceof NexoRpcError);
      assert.equal(error.code, NexoErrorCodes.RequestCancelled);
      return true;
    });
    onCancelled.dispose();
    const messages = await client.getMessages({ chatId: chat.id });
    assert.deepEqual(messages.map((m) => [m.role, m.status, m.content]), [
      ["user", "complete", "talk slowly"],
      ["assistant", "cancelled", "partial"],
    ]);
    assert.deepEqual(cancelled, [messages[1]!.id]);
  } finally {
    await client.dispose();
    provider.closeAllConnections();
    provider.close();
  }
});
