// Issue 16 end to end: the official ACP client acts as an editor that implements fs and terminal (real files in a temp
// project, real child processes for terminals) while a scripted fake model uses Nexo's built-in tools through it:
// it reads a file, edits it (the client sees the diff in a permission request, allows it, then receives
// fs/write_text_file), runs the project's test in a client terminal, and updates its plan.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { acp, startAgent } from './agent.js';
import { startFakeOpenAI } from './fake-openai.js';

/** An editor's fs and terminal methods on the real disk and real processes. */
function startEditor() {
  const terminals = new Map();
  let next = 0;
  const terminal = (id) => {
    const t = terminals.get(id);
    if (!t || t.released) throw acp.RequestError.resourceNotFound(id);
    return t;
  };

  return {
    terminals,
    handlers: {
      [acp.methods.client.fs.readTextFile]: async ({ path: file }) => {
        try {
          return { content: await readFile(file, 'utf8') };
        } catch (error) {
          if (error.code === 'ENOENT') throw acp.RequestError.resourceNotFound(file);
          throw error;
        }
      },
      [acp.methods.client.fs.writeTextFile]: async ({ path: file, content }) => {
        await writeFile(file, content);
        return {};
      },
      [acp.methods.client.terminal.create]: async ({ command, args = [], cwd, env = [], outputByteLimit }) => {
        const id = `term-${++next}`;
        const child = spawn(command, args, { cwd, env: { ...process.env, ...Object.fromEntries(env.map((v) => [v.name, v.value])) } });
        const t = { child, output: '', truncated: false, exit: null, released: false, killed: false };
        const append = (data) => {
          t.output += data;
          if (outputByteLimit && Buffer.byteLength(t.output) > outputByteLimit) {
            t.output = t.output.slice(-outputByteLimit);
            t.truncated = true;
          }
        };
        child.stdout.on('data', append);
        child.stderr.on('data', append);
        t.exited = new Promise((resolve) => child.once('close', (code, signal) => {
          t.exit = { exitCode: code, signal };
          resolve(t.exit);
        }));
        terminals.set(id, t);
        return { terminalId: id };
      },
      [acp.methods.client.terminal.output]: async ({ terminalId }) => {
        const t = terminal(terminalId);
        return { output: t.output, truncated: t.truncated, ...(t.exit ? { exitStatus: t.exit } : {}) };
      },
      [acp.methods.client.terminal.waitForExit]: async ({ terminalId }) => terminal(terminalId).exited,
      [acp.methods.client.terminal.kill]: async ({ terminalId }) => {
        const t = terminal(terminalId);
        t.killed = true;
        t.child.kill('SIGKILL');
        return {};
      },
      [acp.methods.client.terminal.release]: async ({ terminalId }) => {
        const t = terminal(terminalId);
        t.released = true;
        if (t.exit === null) t.child.kill('SIGKILL');
        return {};
      },
    },
  };
}

describe('nexo acp edits a project through the editor (fs, terminal, diff, plan)', () => {
  const root = mkdtempSync(path.join(tmpdir(), 'nexo-acp-tools-'));
  const project = path.join(root, 'project');
  const source = path.join(project, 'src', 'greet.js');
  const db = path.join(root, 'data', 'nexo.db');
  const testLine = "const g = require('./src/greet.js'); if (g() !== 'Hi, world') { console.error('FAIL: ' + g()); process.exit(1); } console.log('PASS greet');";
  const finalPlan = [
    { content: 'Read src/greet.js', priority: 'high', status: 'completed' },
    { content: 'Change the greeting', priority: 'high', status: 'completed' },
    { content: 'Run the test', priority: 'medium', status: 'completed' },
  ];
  let provider;
  let editor;
  let agent;
  let sessionId;
  let result;

  before(async () => {
    mkdirSync(path.dirname(source), { recursive: true });
    writeFileSync(source, "module.exports = () => 'Hello, world';\n");
    provider = await startFakeOpenAI({
      title: 'Fixing the greeting',
      answer(body) {
        // One step per model call of the turn: how many tool results the turn has so far.
        const lastUser = body.messages.findLastIndex((m) => m.role === 'user');
        const done = body.messages.slice(lastUser).filter((m) => m.role === 'tool').length;
        const call = (name, args) => [{ toolCall: { name, args } }];
        switch (done) {
          case 0: return call('read_file', { path: 'src/greet.js' });
          case 1: return call('edit_file', { path: 'src/greet.js', oldText: 'Hello', newText: 'Hi' });
          case 2: return call('run_command', { argv: [process.execPath, '-e', testLine] });
          case 3: return call('update_plan', { entries: finalPlan });
          default: return [{ text: 'The greeting is fixed and the test passes.' }];
        }
      },
    });
    editor = startEditor();
    agent = startAgent({
      db,
      env: { NEXO_PROVIDER: 'openai-compatible', NEXO_BASE_URL: provider.baseUrl, NEXO_MODEL: 'fake-model' },
      handlers: editor.handlers,
    });
    await agent.agent.request(acp.methods.agent.initialize, {
      protocolVersion: acp.PROTOCOL_VERSION,
      clientCapabilities: { fs: { readTextFile: true, writeTextFile: true }, terminal: true },
      clientInfo: { name: 'nexo-acp-editor-tests', version: '1.0.0' },
    });
    await agent.agent.request(acp.methods.agent.authenticate, { methodId: 'nexo-env' });
  });

  after(async () => {
    for (const t of editor?.terminals.values() ?? []) if (t.exit === null) t.child.kill('SIGKILL');
    await agent?.stop();
    await provider?.close();
    rmSync(root, { recursive: true, force: true });
  });

  it('opens a session whose config options are the model and the permission mode', async () => {
    const session = await agent.agent.request(acp.methods.agent.session.new, { cwd: project, mcpServers: [] });
    sessionId = session.sessionId;
    assert.deepEqual(session.configOptions.map((o) => o.id), ['model', 'mode']);
    const mode = session.configOptions.find((o) => o.id === 'mode');
    assert.equal(mode.category, 'mode');
    assert.equal(mode.currentValue, 'ask');
    assert.deepEqual(mode.options.map((o) => o.value), ['ask', 'allow_reads', 'allow_all']);
  });

  it('runs the turn: read, edit, test, plan', async () => {
    result = await agent.agent.request(acp.methods.agent.session.prompt, {
      sessionId,
      prompt: [{ type: 'text', text: 'Make the greeting say Hi and run the test.' }],
    });
    assert.equal(result.stopReason, 'end_turn', agent.stderr);
    const answer = agent.updatesOf(sessionId).filter((u) => u.sessionUpdate === 'agent_message_chunk').map((u) => u.content.text).join('');
    assert.equal(answer, 'The greeting is fixed and the test passes.');
  });

  it('read the file through fs/read_text_file, with a read tool call located at the file', () => {
    const read = agent.clientRequests.find((r) => r.method === 'fs/read_text_file');
    assert.ok(read, 'the client received fs/read_text_file');
    assert.equal(read.params.sessionId, sessionId);
    assert.equal(read.params.path, source);
    const call = agent.updatesOf(sessionId).find((u) => u.sessionUpdate === 'tool_call' && u.name === 'read_file');
    assert.equal(call.kind, 'read');
    assert.equal(call.title, `Read ${path.join('src', 'greet.js')}`);
    assert.deepEqual(call.locations.map((l) => l.path), [source]);
    const done = agent.updatesOf(sessionId).filter((u) => u.toolCallId === call.toolCallId).at(-1);
    assert.equal(done.status, 'completed');
    assert.match(done.content[0].content.text, /Hello, world/);
  });

  it('asked before the edit with its diff, then wrote it through fs/write_text_file', () => {
    const asked = agent.log.findIndex((e) => e.method === 'session/request_permission' && e.params.toolCall.kind === 'edit');
    assert.ok(asked >= 0, 'the edit asked for permission');
    const toolCall = agent.log[asked].params.toolCall;
    assert.deepEqual(toolCall.locations.map((l) => l.path), [source]);
    assert.deepEqual(toolCall.content, [{
      type: 'diff', path: source, oldText: "module.exports = () => 'Hello, world';\n", newText: "module.exports = () => 'Hi, world';\n",
    }]);

    const wrote = agent.log.findIndex((e) => e.method === 'fs/write_text_file');
    assert.ok(wrote > asked, 'the write came after the permission request');
    assert.equal(agent.log[wrote].params.path, source);
    assert.equal(agent.log[wrote].params.content, "module.exports = () => 'Hi, world';\n");
    assert.equal(readFileSync(source, 'utf8'), "module.exports = () => 'Hi, world';\n");

    const updates = agent.updatesOf(sessionId).filter((u) => u.toolCallId === toolCall.toolCallId);
    assert.equal(updates[0].sessionUpdate, 'tool_call');
    assert.equal(updates[0].kind, 'edit');
    const completed = updates.at(-1);
    assert.equal(completed.status, 'completed');
    assert.equal(completed.content[0].type, 'diff');
    assert.equal(completed.content[0].path, source);
    assert.equal(completed.content[0].newText, "module.exports = () => 'Hi, world';\n");
  });

  it('ran the test in a client terminal embedded in the tool call, then released it', () => {
    const create = agent.clientRequests.find((r) => r.method === 'terminal/create');
    assert.ok(create, 'the client received terminal/create');
    assert.equal(create.params.command, process.execPath);
    assert.deepEqual(create.params.args, ['-e', testLine]);
    assert.equal(create.params.cwd, project);
    assert.ok(create.params.outputByteLimit > 0);
    const methods = agent.clientRequests.filter((r) => r.method.startsWith('terminal/')).map((r) => r.method);
    assert.deepEqual(methods, ['terminal/create', 'terminal/wait_for_exit', 'terminal/output', 'terminal/release']);
    const [[terminalId, terminal]] = [...editor.terminals];
    assert.equal(terminal.exit.exitCode, 0);
    assert.equal(terminal.released, true);
    assert.match(terminal.output, /PASS greet/);

    const call = agent.updatesOf(sessionId).find((u) => u.sessionUpdate === 'tool_call' && u.name === 'run_command');
    assert.equal(call.kind, 'execute');
    const updates = agent.updatesOf(sessionId).filter((u) => u.toolCallId === call.toolCallId);
    const embedded = updates.find((u) => u.sessionUpdate === 'tool_call_update' && u.status === undefined && u.content?.[0]?.type === 'terminal');
    assert.deepEqual(embedded.content, [{ type: 'terminal', terminalId }]);
    const completed = updates.at(-1);
    assert.equal(completed.status, 'completed');
    assert.deepEqual(completed.content, [{ type: 'terminal', terminalId }]);

    // The model got the output with the next call.
    const toolResults = provider.requests.filter((r) => r.stream).flatMap((r) => r.messages).filter((m) => m.role === 'tool');
    assert.ok(toolResults.some((m) => JSON.stringify(m.content).includes('PASS greet')), 'the output reached the model');
  });

  it('updated its plan: a plan update with every entry', () => {
    const plans = agent.updatesOf(sessionId).filter((u) => u.sessionUpdate === 'plan');
    assert.equal(plans.length, 1);
    assert.deepEqual(plans[0].entries, finalPlan);
    const call = agent.updatesOf(sessionId).find((u) => u.sessionUpdate === 'tool_call' && u.name === 'update_plan');
    assert.equal(call.kind, 'think');
  });

  it('switches the permission mode mid-session: allow_all runs the next edit without asking', async () => {
    const changed = await agent.agent.request(acp.methods.agent.session.setConfigOption, { sessionId, configId: 'mode', value: 'allow_all' });
    assert.equal(changed.configOptions.find((o) => o.id === 'mode').currentValue, 'allow_all');
    const asked = agent.permissionRequests.length;
    const writes = agent.clientRequests.filter((r) => r.method === 'fs/write_text_file').length;
    writeFileSync(source, "module.exports = () => 'Hello, world';\n");
    const again = await agent.agent.request(acp.methods.agent.session.prompt, {
      sessionId,
      prompt: [{ type: 'text', text: 'Once more, please.' }],
    });
    assert.equal(again.stopReason, 'end_turn');
    assert.equal(agent.permissionRequests.length, asked, 'nothing asked under allow_all');
    assert.equal(agent.clientRequests.filter((r) => r.method === 'fs/write_text_file').length, writes + 1);
    assert.equal(readFileSync(source, 'utf8'), "module.exports = () => 'Hi, world';\n");
  });
});
