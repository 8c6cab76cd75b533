// Issue 15: the workspace's slash commands (its prompt templates and the prompts of its MCP servers, here the real npm
// server-everything) are announced with available_commands_update after session/new and session/load, and a prompt
// whose text starts with /name runs the command: the MCP prompt's text becomes the user's turn.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { acp, startAgent } from './agent.js';
import { startFakeOpenAI } from './fake-openai.js';
import { withJsonRpcHost } from './other-faces.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const everything = path.resolve(here, '..', 'mcp-servers', 'node_modules', '@modelcontextprotocol', 'server-everything', 'dist', 'index.js');

describe('nexo acp offers and runs slash commands', () => {
  const root = mkdtempSync(path.join(tmpdir(), 'nexo-acp-slash-'));
  const project = path.join(root, 'project');
  const db = path.join(root, 'data', 'nexo.db');
  let provider;
  let agent;
  let sessionId;

  const commandsOf = (id) => agent.updatesOf(id).filter((u) => u.sessionUpdate === 'available_commands_update');
  const storedUserMessages = () => withJsonRpcHost(db, async (request) =>
    (await request('get_messages', { chatId: sessionId })).filter((m) => m.role === 'user').map((m) => m.content));

  before(async () => {
    mkdirSync(project, { recursive: true });
    mkdirSync(path.dirname(db), { recursive: true });
    await withJsonRpcHost(db, async (request) => {
      const server = await request('create_mcp_server_connection', { name: 'everything', type: 'stdio', command: 'node', args: [everything, 'stdio'] });
      const workspace = await request('create_workspace', { name: 'project', rootPath: project });
      await request('save_workspace_settings', { workspaceId: workspace.id, mcpToolIds: { [server.id]: [] } });
      await request('create_prompt', { name: 'review', content: 'Review {{file}} for {{focus}}.', description: 'Reviews a file' });
    });
    provider = await startFakeOpenAI({ answer: () => [{ text: 'Sunny.' }] });
    agent = startAgent({ db, env: { NEXO_PROVIDER: 'openai-compatible', NEXO_BASE_URL: provider.baseUrl, NEXO_MODEL: 'fake-model' } });
    await agent.agent.request(acp.methods.agent.initialize, {
      protocolVersion: acp.PROTOCOL_VERSION,
      clientCapabilities: { fs: { readTextFile: false, writeTextFile: false }, terminal: false },
      clientInfo: { name: 'nexo-acp-slash-tests', version: '1.0.0' },
    });
    await agent.agent.request(acp.methods.agent.authenticate, { methodId: 'nexo-env' });
  });

  after(async () => {
    await agent?.stop();
    await provider?.close();
    rmSync(root, { recursive: true, force: true });
  });

  it('announces the templates and MCP prompts after session/new', async () => {
    const session = await agent.agent.request(acp.methods.agent.session.new, { cwd: project, mcpServers: [] });
    sessionId = session.sessionId;
    await agent.until(() => commandsOf(sessionId).length > 0, 'available_commands_update');
    const commands = commandsOf(sessionId)[0].availableCommands;
    const byName = Object.fromEntries(commands.map((c) => [c.name, c]));
    assert.deepEqual(byName['args-prompt'].input, { hint: 'city [state]' });
    assert.equal(byName['args-prompt'].description, 'A prompt with two arguments, one required and one optional');
    assert.equal(byName['simple-prompt'].input, undefined);
    assert.deepEqual(byName.review, { name: 'review', description: 'Reviews a file', input: { hint: 'file focus' } });
  });

  it('runs /args-prompt as the user turn: the MCP prompt text is what is stored and what the model gets', async () => {
    const result = await agent.agent.request(acp.methods.agent.session.prompt, {
      sessionId,
      prompt: [{ type: 'text', text: '/args-prompt Paris TX' }],
    });
    assert.equal(result.stopReason, 'end_turn', agent.stderr);
    const answer = agent.updatesOf(sessionId).filter((u) => u.sessionUpdate === 'agent_message_chunk').map((u) => u.content.text).join('');
    assert.equal(answer, 'Sunny.');
    const sent = provider.requests.filter((r) => r.stream).at(-1);
    assert.equal(sent.messages.filter((m) => m.role === 'user').at(-1).content, "What's weather in Paris, TX?");
    assert.deepEqual(await storedUserMessages(), ["What's weather in Paris, TX?"]);
  });

  it('refuses a command without its required argument and stores nothing', async () => {
    await assert.rejects(
      agent.agent.request(acp.methods.agent.session.prompt, { sessionId, prompt: [{ type: 'text', text: '/review' }] }),
      (error) => /file, focus/.test(error.message),
    );
    assert.deepEqual(await storedUserMessages(), ["What's weather in Paris, TX?"]);
  });

  it('announces the commands again after session/load', async () => {
    const before = agent.updates.length;
    await agent.agent.request(acp.methods.agent.session.load, { sessionId, cwd: project, mcpServers: [] });
    await agent.until(() => agent.updates.slice(before).some((u) => u.sessionId === sessionId && u.update.sessionUpdate === 'available_commands_update'), 'available_commands_update after load');
    const replayed = agent.updates.slice(before).filter((u) => u.sessionId === sessionId).map((u) => u.update.sessionUpdate);
    assert.equal(replayed.at(-1), 'available_commands_update');
  });
});
