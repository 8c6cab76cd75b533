// Issue 15 end to end: an MCP server the editor supplies asks the user for input during a tool call (MCP elicitation).
// Nexo advertises elicitation to the server only in the modes the ACP client advertised, forwards the question as
// elicitation/create (session-scoped, with the tool call's id), checks the client's answer against the requested
// schema (a field that does not fit is asked again, with the problem in the message) and hands it to the server.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { acp, startAgent } from './agent.js';
import { startFakeOpenAI } from './fake-openai.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const everything = path.resolve(here, '..', 'mcp-servers', 'node_modules', '@modelcontextprotocol', 'server-everything', 'dist', 'index.js');

/** A model that calls the elicitation tool once (when offered), then repeats what the tool returned. */
function model(offered) {
  return startFakeOpenAI({
    answer(body) {
      const names = (body.tools ?? []).map((t) => t.function.name);
      offered.push(names);
      const last = body.messages.at(-1);
      if (last.role === 'tool') return [{ text: `Tool said: ${last.content}` }];
      const tool = names.find((n) => n.includes('trigger-elicitation-request'));
      return tool ? [{ toolCall: { name: tool, args: {} } }] : [{ text: 'No elicitation tool offered.' }];
    },
  });
}

async function open({ root, provider, capabilities, handlers }) {
  const agent = startAgent({
    db: path.join(root, 'data', 'nexo.db'),
    env: { NEXO_PROVIDER: 'openai-compatible', NEXO_BASE_URL: provider.baseUrl, NEXO_MODEL: 'fake-model' },
    handlers,
  });
  await agent.agent.request(acp.methods.agent.initialize, {
    protocolVersion: acp.PROTOCOL_VERSION,
    clientCapabilities: capabilities,
    clientInfo: { name: 'nexo-acp-elicitation-tests', version: '1.0.0' },
  });
  await agent.agent.request(acp.methods.agent.authenticate, { methodId: 'nexo-env' });
  const project = path.join(root, 'project');
  mkdirSync(project, { recursive: true });
  const session = await agent.agent.request(acp.methods.agent.session.new, {
    cwd: project,
    mcpServers: [{ name: 'everything', command: process.execPath, args: [everything, 'stdio'], env: [] }],
  });
  return { agent, sessionId: session.sessionId };
}

describe('nexo acp forwards an MCP server\'s questions to the client', () => {
  const root = mkdtempSync(path.join(tmpdir(), 'nexo-acp-elicit-'));
  const offered = [];
  const asked = [];
  let provider;
  let agent;
  let sessionId;

  before(async () => {
    provider = await model(offered);
    ({ agent, sessionId } = await open({
      root,
      provider,
      capabilities: { elicitation: { form: {} } },
      handlers: {
        [acp.methods.client.elicitation.create]: async (params) => {
          asked.push(params);
          // The first answer breaks the schema (not an email address); the second fits.
          return asked.length === 1
            ? { action: 'accept', content: { name: 'Ada', email: 'ada-at-example' } }
            : { action: 'accept', content: { name: 'Ada Lovelace', email: 'ada@example.com', check: true } };
        },
      },
    }));
  });

  after(async () => {
    await agent?.stop();
    await provider?.close();
    rmSync(root, { recursive: true, force: true });
  });

  it('asks through elicitation/create and the tool gets the answer', async () => {
    const result = await agent.agent.request(acp.methods.agent.session.prompt, {
      sessionId,
      prompt: [{ type: 'text', text: 'Ask me for my details.' }],
    });
    assert.equal(result.stopReason, 'end_turn', agent.stderr);

    const call = agent.updatesOf(sessionId).find((u) => u.sessionUpdate === 'tool_call');
    assert.ok(call, 'the tool call was announced');
    assert.equal(asked.length, 2, 'the answer that broke the schema was asked again');
    const [first, second] = asked;
    assert.equal(first.sessionId, sessionId);
    assert.equal(first.toolCallId, call.toolCallId);
    assert.equal(first.mode, 'form');
    assert.equal(first.message, 'Please provide inputs for the following fields:');
    assert.equal(first.requestedSchema.type, 'object');
    assert.equal(first.requestedSchema.properties.email.format, 'email');
    assert.deepEqual(first.requestedSchema.required, ['name']);
    assert.match(second.message, /^The field 'email' .*must be an email address.*\n\nPlease provide inputs/s);

    const done = agent.updatesOf(sessionId).filter((u) => u.toolCallId === call.toolCallId).at(-1);
    assert.equal(done.status, 'completed');
    assert.match(done.content[0].content.text, /- Name: Ada Lovelace/);
    assert.match(done.content[0].content.text, /- Email: ada@example\.com/);
    const answer = agent.updatesOf(sessionId).filter((u) => u.sessionUpdate === 'agent_message_chunk').map((u) => u.content.text).join('');
    assert.match(answer, /Agreed to terms: true/);
  });
});

describe('nexo acp with a client that cannot answer questions', () => {
  const root = mkdtempSync(path.join(tmpdir(), 'nexo-acp-noelicit-'));
  const offered = [];
  let provider;
  let agent;
  let sessionId;

  before(async () => {
    provider = await model(offered);
    ({ agent, sessionId } = await open({ root, provider, capabilities: {}, handlers: {} }));
  });

  after(async () => {
    await agent?.stop();
    await provider?.close();
    rmSync(root, { recursive: true, force: true });
  });

  it('does not advertise elicitation to the MCP server, which then offers no elicitation tool', async () => {
    const result = await agent.agent.request(acp.methods.agent.session.prompt, {
      sessionId,
      prompt: [{ type: 'text', text: 'Ask me for my details.' }],
    });
    assert.equal(result.stopReason, 'end_turn', agent.stderr);
    assert.ok(offered[0].some((n) => n.includes('get-sum')), `the server's tools were offered: ${offered[0]}`);
    assert.ok(!offered[0].some((n) => n.includes('elicitation')), `no elicitation tool: ${offered[0]}`);
    const answer = agent.updatesOf(sessionId).filter((u) => u.sessionUpdate === 'agent_message_chunk').map((u) => u.content.text).join('');
    assert.equal(answer, 'No elicitation tool offered.');
  });
});
