import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { NexoClient } from "../src/index.js";

/** The repository root: the folder above this one that holds Nexo.sln. */
export function repositoryRoot(): string {
  let dir = import.meta.dirname;
  while (!existsSync(join(dir, "Nexo.sln"))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error("Nexo.sln not found above " + import.meta.dirname);
    dir = parent;
  }

  return dir;
}

/** The built server; `dotnet test` (run first by .ci/run) builds it, otherwise it is built here once. */
export function serverPath(): string {
  const fromEnv = process.env.NEXO_JSONRPC_DLL;
  if (fromEnv) return fromEnv;
  const root = repositoryRoot();
  const dll = join(root, "src", "Nexo.JsonRpcServer", "bin", "Debug", "net10.0", "nexo-jsonrpc.dll");
  if (!existsSync(dll)) {
    const build = spawnSync("dotnet", ["build", join(root, "src", "Nexo.JsonRpcServer"), "-v", "q"], { stdio: "inherit" });
    if (build.status !== 0 || !existsSync(dll)) throw new Error("Could not build nexo-jsonrpc; run `dotnet build` first.");
  }

  return dll;
}

/** Starts a server on a fresh temporary database. */
export async function startServer(): Promise<{ client: NexoClient; folder: string; stderr: string[] }> {
  const folder = mkdtempSync(join(tmpdir(), "nexo-ts-"));
  const stderr: string[] = [];
  const client = await NexoClient.start({
    serverPath: serverPath(),
    dbPath: join(folder, "nexo.db"),
    logLevel: "Debug",
    clientInfo: { name: "node-test", version: "1" },
    onStderr: (line) => stderr.push(line),
  });
  return { client, folder, stderr };
}
