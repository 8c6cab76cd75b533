// Starts the real Nexo ACP agent as a child process and connects the official ACP client to it.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { Readable, Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import * as acp from '@agentclientprotocol/sdk';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '..', '..');

/** The built binary of a project (Debug or Release), or undefined. */
export function built(project, dll) {
  for (const configuration of ['Debug', 'Release']) {
    const file = path.join(repo, 'src', project, 'bin', configuration, 'net10.0', dll);
    if (existsSync(file)) return file;
  }

  return undefined;
}

/**
 * The command that runs the agent: $NEXO_ACP_COMMAND (a JSON array) when set, else the built `nexo acp`
 * (`nexo-jsonrpc --protocol acp` is the same agent; the C# tests drive that one).
 */
export function agentCommand() {
  if (process.env.NEXO_ACP_COMMAND) return JSON.parse(process.env.NEXO_ACP_COMMAND);
  const cli = built('Nexo.Cli', 'nexo.dll');
  if (cli) return ['dotnet', cli, 'acp'];
  throw new Error('Build the solution first (dotnet build Nexo.sln): src/Nexo.Cli/bin/*/net10.0/nexo.dll was not found.');
}

/**
 * Starts an agent over `db` with `env` added to the environment, and connects a client that records every
 * session/update and answers permission requests with `onPermission(params)`. `handlers` maps other client methods
 * (`fs/read_text_file`, `terminal/create`…) to async functions of their params; every such request is recorded in
 * `clientRequests`, and `log` holds permission requests and client requests in the order they arrived.
 */
export function startAgent({ db, env = {}, onPermission, handlers = {}, agentArgs = [] }) {
  const [command, ...args] = agentCommand();
  const child = spawn(command, [...args, '--db', db, '--log-level', 'Warning', ...agentArgs], {
    env: { ...process.env, DOTNET_NOLOGO: '1', ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d) => { stderr += d; });
  const exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)));

  const updates = [];
  const permissionRequests = [];
  const clientRequests = [];
  const log = [];
  const waiters = [];
  const notify = () => { for (const w of waiters.splice(0)) w(); };
  const app = acp.client({ name: 'nexo-acp-tests' })
    .onNotification(acp.methods.client.session.update, ({ params }) => { updates.push(params); notify(); })
    .onRequest(acp.methods.client.session.requestPermission, async ({ params, signal }) => {
      permissionRequests.push(params);
      log.push({ method: acp.methods.client.session.requestPermission, params });
      notify();
      return onPermission ? onPermission(params, signal) : { outcome: { outcome: 'selected', optionId: 'allow_once' } };
    });
  for (const [method, handler] of Object.entries(handlers)) {
    app.onRequest(method, async ({ params }) => {
      clientRequests.push({ method, params });
      log.push({ method, params });
      notify();
      try {
        return await handler(params);
      } finally {
        notify();
      }
    });
  }
  const stream = acp.ndJsonStream(Writable.toWeb(child.stdin), Readable.toWeb(child.stdout));
  const connection = app.connect(stream);

  return {
    agent: connection.agent,
    updates,
    permissionRequests,
    clientRequests,
    log,
    get stderr() { return stderr; },
    /** The update objects of one session, in order. */
    updatesOf: (sessionId) => updates.filter((u) => u.sessionId === sessionId).map((u) => u.update),
    /** Waits until `predicate()` holds (checked on every notification and permission request). */
    async until(predicate, what = 'a condition') {
      const deadline = setTimeout(() => { for (const w of waiters.splice(0)) w(new Error(`Timed out waiting for ${what}`)); }, 60_000).unref();
      try {
        while (!predicate()) {
          const error = await new Promise((resolve) => waiters.push(resolve));
          if (error) throw error;
        }
      } finally {
        clearTimeout(deadline);
      }
    },
    async stop() {
      connection.close();
      child.stdin.end();
      const code = await Promise.race([exited, new Promise((resolve) => setTimeout(() => resolve('timeout'), 20_000).unref())]);
      if (code === 'timeout') child.kill('SIGKILL');
      return code;
    },
  };
}

export { acp };
