// The Nexo ACP agent driven end to end by the official @agentclientprotocol/sdk client: a real agent process, a
// real SQLite file, a local fake OpenAI-compatible provider, and a second process that loads what the first stored.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { acp, startAgent } from './agent.js';
import { endsWithToolResults, lastUserText, startFakeOpenAI } from './fake-openai.js';
import { runCli, withJsonRpcHost } from './other-faces.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const everything = path.resolve(here, '..', 'mcp-servers', 'node_modules', '@modelcontextprotocol', 'server-everything', 'dist', 'index.js');

describe('nexo as an ACP agent', () => {
  const root = mkdtempSync(path.join(tmpdir(), 'nexo-acp-node-'));
  const project = path.join(root, 'project');
  const db = path.join(root, 'data', 'nexo.db');
  let provider;
  let env;
  let first;
  let sessionId;
  let cancelledSessionId;
  let toolSessionId;

  before(async () => {
    const { existsSync, mkdirSync } = await import('node:fs');
    assert.ok(existsSync(everything), `The MCP test servers are not installed: run 'npm ci' in tests/mcp-servers (.ci/run does). Missing ${everything}`);
    mkdirSync(project, { recursive: true });
    provider = await startFakeOpenAI({
      title: 'Greeting the fake provider',
      answer(body) {
        if (endsWithToolResults(body)) {
          const result = body.messages.at(-1).content;
          return [{ text: 'Tool said: ' }, { text: typeof result === 'string' ? result : JSON.stringify(result) }];
        }

        const text = lastUserText(body);
        const command = /^\/tool (\S+) (.*)$/.exec(text);
        if (command) {
          // The model calls the offered tool by the name Nexo gave it (possibly prefixed with the server's name).
          const offered = (body.tools ?? []).map((t) => t.function.name);
          const name = offered.find((n) => n === command[1] || n.endsWith(`__${command[1]}`)) ?? command[1];
          return [{ toolCall: { name, args: JSON.parse(command[2]) } }];
        }

        if (text.startsWith('write slowly')) return [{ text: 'partial ' }, { text: 'answer ' }, { hold: true }];
        return [{ text: 'You said: ' }, { text }];
      },
    });
    env = {
      NEXO_PROVIDER: 'openai-compatible',
      NEXO_BASE_URL: provider.baseUrl,
      NEXO_MODEL: 'fake-model',
    };
    first = startAgent({ db, env, onPermission: () => ({ outcome: { outcome: 'selected', optionId: 'allow_always' } }) });
  });

  after(async () => {
    await first?.stop();
    await provider?.close();
    rmSync(root, { recursive: true, force: true });
  });

  it('initializes (nexo acp) with protocol v1 and Nexo capabilities', async () => {
    const result = await first.agent.request(acp.methods.agent.initialize, {
      protocolVersion: acp.PROTOCOL_VERSION,
      clientCapabilities: { fs: { readTextFile: false, writeTextFile: false }, terminal: false },
      clientInfo: { name: 'nexo-acp-tests', version: '1.0.0' },
    });
    assert.equal(result.protocolVersion, 1);
    assert.equal(result.agentCapabilities.loadSession, true);
    assert.deepEqual(Object.keys(result.agentCapabilities.sessionCapabilities).sort(), ['close', 'delete', 'list', 'resume']);
    assert.deepEqual(result.agentCapabilities._meta.nexo.methods, ['_nexo/edit_and_resend', '_nexo/regenerate', '_nexo/switch_branch', '_nexo/fork']);
    assert.equal(result.authMethods[0].id, 'nexo-env');
  });

  it('asks for authentication until a connection exists, then opens a session in the folder', async () => {
    await assert.rejects(
      first.agent.request(acp.methods.agent.session.new, { cwd: project, mcpServers: [] }),
      (error) => error instanceof acp.RequestError && error.code === -32000,
    );
    await first.agent.request(acp.methods.agent.authenticate, { methodId: 'nexo-env' });
    const session = await first.agent.request(acp.methods.agent.session.new, { cwd: project, mcpServers: [] });
    sessionId = session.sessionId;
    assert.match(sessionId, /^[0-9a-f-]{36}$/);
    const model = session.configOptions.find((o) => o.id === 'model');
    assert.equal(model.category, 'model');
    assert.match(model.currentValue, /:fake-model$/);
    const mode = session.configOptions.find((o) => o.id === 'mode');
    assert.equal(mode.currentValue, 'ask');
  });

  it('streams a prompt from the provider and answers end_turn, then announces the title', async () => {
    const result = await first.agent.request(acp.methods.agent.session.prompt, {
      sessionId,
      prompt: [{ type: 'text', text: 'hello over ACP' }],
    });
    assert.equal(result.stopReason, 'end_turn');
    const chunks = first.updatesOf(sessionId).filter((u) => u.sessionUpdate === 'agent_message_chunk');
    assert.equal(chunks.map((c) => c.content.text).join(''), 'You said: hello over ACP');
    assert.ok(chunks.length >= 2, 'the answer arrives in several chunks');
    const usage = first.updatesOf(sessionId).find((u) => u.sessionUpdate === 'usage_update');
    assert.equal(usage.used, 18);
    await first.until(() => first.updatesOf(sessionId).some((u) => u.sessionUpdate === 'session_info_update'), 'the title');
    assert.equal(first.updatesOf(sessionId).find((u) => u.sessionUpdate === 'session_info_update').title, 'Greeting the fake provider');
  });

  it('runs a tool of an MCP server the client supplies: asks once, allow_always is remembered', async () => {
    const session = await first.agent.request(acp.methods.agent.session.new, {
      cwd: project,
      mcpServers: [{ name: 'everything', command: process.execPath, args: [everything, 'stdio'], env: [] }],
    });
    toolSessionId = session.sessionId;
    const firstCall = await first.agent.request(acp.methods.agent.session.prompt, {
      sessionId: toolSessionId,
      prompt: [{ type: 'text', text: '/tool get-sum {"a":2,"b":40}' }],
    });
    assert.equal(firstCall.stopReason, 'end_turn');
    assert.equal(first.permissionRequests.length, 1);
    const asked = first.permissionRequests[0];
    assert.equal(asked.sessionId, toolSessionId);
    assert.deepEqual(asked.toolCall.rawInput, { a: 2, b: 40 });
    assert.deepEqual(asked.options.map((o) => o.kind), ['allow_once', 'allow_always', 'reject_once', 'reject_always']);

    const tools = first.updatesOf(toolSessionId).filter((u) => u.sessionUpdate.startsWith('tool_call'));
    assert.deepEqual(tools.map((u) => u.status), ['pending', 'in_progress', 'completed']);
    assert.equal(tools[0].title, 'get-sum (everything)');
    assert.equal(tools[2].content[0].content.text, 'The sum of 2 and 40 is 42.');
    const answer = first.updatesOf(toolSessionId).filter((u) => u.sessionUpdate === 'agent_message_chunk').map((u) => u.content.text).join('');
    assert.equal(answer, 'Tool said: The sum of 2 and 40 is 42.');

    const secondCall = await first.agent.request(acp.methods.agent.session.prompt, {
      sessionId: toolSessionId,
      prompt: [{ type: 'text', text: '/tool get-sum {"a":1,"b":1}' }],
    });
    assert.equal(secondCall.stopReason, 'end_turn');
    assert.equal(first.permissionRequests.length, 1, 'the second call does not ask');
    const completed = first.updatesOf(toolSessionId).filter((u) => u.sessionUpdate === 'tool_call_update' && u.status === 'completed');
    assert.equal(completed.at(-1).content[0].content.text, 'The sum of 1 and 1 is 2.');
  });

  it('cancels mid-turn: stop reason cancelled, the partial answer kept', async () => {
    const session = await first.agent.request(acp.methods.agent.session.new, { cwd: project, mcpServers: [] });
    cancelledSessionId = session.sessionId;
    const prompt = first.agent.request(acp.methods.agent.session.prompt, {
      sessionId: cancelledSessionId,
      prompt: [{ type: 'text', text: 'write slowly please' }],
    });
    await first.until(
      () => first.updatesOf(cancelledSessionId).filter((u) => u.sessionUpdate === 'agent_message_chunk').length >= 2,
      'the first chunks',
    );
    await first.agent.notify(acp.methods.agent.session.cancel, { sessionId: cancelledSessionId });
    const result = await prompt;
    assert.equal(result.stopReason, 'cancelled');
  });

  it('lists the sessions of the folder with titles and update times', async () => {
    const list = await first.agent.request(acp.methods.agent.session.list, { cwd: project });
    const ids = list.sessions.map((s) => s.sessionId).sort();
    assert.deepEqual(ids, [sessionId, cancelledSessionId, toolSessionId].sort());
    for (const s of list.sessions) {
      assert.equal(s.cwd, project);
      assert.ok(!Number.isNaN(Date.parse(s.updatedAt)));
    }

    assert.equal(list.sessions.find((s) => s.sessionId === sessionId).title, 'Greeting the fake provider');
  });

  it('loads the history in a new process, then deletes the session', async () => {
    await first.stop();
    first = undefined;
    const second = startAgent({ db, env });
    try {
      await second.agent.request(acp.methods.agent.initialize, { protocolVersion: 1, clientCapabilities: {} });
      await second.agent.request(acp.methods.agent.session.load, { sessionId, cwd: project, mcpServers: [] });
      const replay = second.updatesOf(sessionId);
      assert.deepEqual(replay.map((u) => u.sessionUpdate), ['user_message_chunk', 'agent_message_chunk']);
      assert.equal(replay[0].content.text, 'hello over ACP');
      assert.equal(replay[1].content.text, 'You said: hello over ACP');

      await second.agent.request(acp.methods.agent.session.load, { sessionId: cancelledSessionId, cwd: project, mcpServers: [] });
      const partial = second.updatesOf(cancelledSessionId);
      assert.equal(partial.at(-1).sessionUpdate, 'agent_message_chunk');
      assert.equal(partial.at(-1).content.text, 'partial answer ');

      await second.agent.request(acp.methods.agent.session.load, { sessionId: toolSessionId, cwd: project, mcpServers: [] });
      const toolReplay = second.updatesOf(toolSessionId);
      assert.deepEqual(toolReplay.map((u) => u.sessionUpdate), [
        'user_message_chunk', 'tool_call', 'agent_message_chunk', 'user_message_chunk', 'tool_call', 'agent_message_chunk',
      ]);
      assert.equal(toolReplay[1].status, 'completed');
      assert.deepEqual(toolReplay[1].rawInput, { a: 2, b: 40 });
      assert.equal(toolReplay[1].content[0].content.text, 'The sum of 2 and 40 is 42.');

      await second.agent.request(acp.methods.agent.session.delete, { sessionId: cancelledSessionId });
      const list = await second.agent.request(acp.methods.agent.session.list, { cwd: project });
      assert.deepEqual(list.sessions.map((s) => s.sessionId).sort(), [sessionId, toolSessionId].sort());
    } finally {
      assert.equal(await second.stop(), 0, second.stderr);
    }
  });

  it('is the same chat in the CLI and the JSON-RPC host: one store, three faces', async () => {
    const shown = JSON.parse(await runCli(['chats', 'show', sessionId, '--db', db, '--json']));
    assert.equal(shown.chat.title, 'Greeting the fake provider');
    assert.deepEqual(shown.messages.map((m) => [m.role, m.content]), [['user', 'hello over ACP'], ['assistant', 'You said: hello over ACP']]);
    const readable = await runCli(['chats', 'show', toolSessionId, '--db', db]);
    assert.match(readable, /The sum of 2 and 40 is 42\./);

    const { messages, chats } = await withJsonRpcHost(db, async (request) => {
      const workspace = (await request('get_workspaces', {})).find((w) => w.rootPath === project);
      return {
        messages: await request('get_messages', { chatId: sessionId }),
        chats: await request('get_chats', { workspaceId: workspace.id }),
      };
    });
    assert.deepEqual(messages.map((m) => [m.role, m.content]), [['user', 'hello over ACP'], ['assistant', 'You said: hello over ACP']]);
    const chat = chats.find((c) => c.id === sessionId);
    assert.equal(chat.title, 'Greeting the fake provider');
  });
});
