import assert from "node:assert/strict";
import { test } from "node:test";
import { NexoEvents, type NexoEvent } from "../src/index.js";
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
