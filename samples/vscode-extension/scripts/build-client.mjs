// Builds the typed client this extension depends on (clients/typescript, linked as @nexo/jsonrpc-client): its
// dist/ is what the extension compiles against and runs. Installs the client's own packages first when they are missing.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const client = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "..", "clients", "typescript");
const npm = process.platform === "win32" ? "npm.cmd" : "npm";

function run(args) {
  const result = spawnSync(npm, args, { cwd: client, stdio: "inherit", shell: process.platform === "win32" });
  if (result.status !== 0) {
    console.error(`npm ${args.join(" ")} failed in ${client}`);
    process.exit(result.status ?? 1);
  }
}

if (!existsSync(join(client, "package.json"))) {
  console.error(`The typed client is missing: ${client}`);
  process.exit(1);
}

if (!existsSync(join(client, "node_modules", ".bin"))) run(["ci", "--no-audit", "--no-fund"]);
run(["run", "build", "--silent"]);
