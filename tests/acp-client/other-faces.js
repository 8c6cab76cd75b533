// The other faces of the same store: the JSON-RPC host (newline framing) and the CLI, run on the ACP test's database.
import { execFile, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { promisify } from 'node:util';
import { built } from './agent.js';

/** Runs `use(request)` against `nexo-jsonrpc --framing newline` on `db` (initialized), then ends the process. */
export async function withJsonRpcHost(db, use) {
  const host = built('Nexo.JsonRpcServer', 'nexo-jsonrpc.dll');
  if (!host) throw new Error('nexo-jsonrpc.dll was not built.');
  const child = spawn('dotnet', [host, '--framing', 'newline', '--db', db], { stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => { stderr += d; });
  const pending = new Map();
  createInterface({ input: child.stdout }).on('line', (line) => {
    const message = JSON.parse(line);
    if (message.id !== undefined && pending.has(message.id)) {
      const { resolve, reject } = pending.get(message.id);
      pending.delete(message.id);
      if (message.error) reject(new Error(`${message.error.code}: ${message.error.message}\n${stderr}`));
      else resolve(message.result);
    }
  });
  let nextId = 0;
  const request = (method, params) => new Promise((resolve, reject) => {
    const id = ++nextId;
    pending.set(id, { resolve, reject });
    child.stdin.write(`${JSON.stringify({ jsonrpc: '2.0', id, method, params })}\n`);
  });
  try {
    await request('initialize', { processId: process.pid, clientInfo: { name: 'nexo-acp-tests', version: '1.0.0' } });
    return await use(request);
  } finally {
    child.stdin.end();
    await new Promise((resolve) => child.once('exit', resolve));
  }
}

/** Runs the built CLI (`nexo ARGS…`) and returns its stdout. */
export async function runCli(args) {
  const cli = built('Nexo.Cli', 'nexo.dll');
  if (!cli) throw new Error('nexo.dll was not built.');
  const { stdout } = await promisify(execFile)('dotnet', [cli, ...args], { env: { ...process.env, NO_COLOR: '1' } });
  return stdout;
}
