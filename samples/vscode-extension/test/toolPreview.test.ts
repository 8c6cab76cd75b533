// What the permission prompt and the plan view show, from a request's calls and previews (no server, no VS Code).
import assert from "node:assert/strict";
import { test } from "node:test";
import type { ToolCall, ToolCallPreview } from "@nexo/jsonrpc-client";
import { countChanges, editDiffs, permissionMessage, planRows } from "../src/toolPreview.js";

const edit: ToolCall = { id: "call_edit", name: "edit_file", arguments: { path: "src/calc.py" } };
const create: ToolCall = { id: "call_new", name: "write_file", arguments: { path: "notes.md" } };
const run: ToolCall = { id: "call_run", name: "run_command", arguments: { command: "npm test" } };
const outside: ToolCall = { id: "call_out", name: "edit_file", arguments: { path: "../etc/passwd" } };
const mcp: ToolCall = { id: "call_mcp", name: "word_count", serverName: "sample-tools", arguments: { text: "a b" } };
const previews: Record<string, ToolCallPreview> = {
  call_edit: {
    kind: "edit",
    path: "/home/me/proj/src/calc.py",
    oldText: "def add(a, b):\n    return a - b\n",
    newText: "def add(a, b):\n    return a + b\n",
    diff: "--- a/src/calc.py\n+++ b/src/calc.py\n@@ -1,2 +1,2 @@\n def add(a, b):\n-    return a - b\n+    return a + b\n",
  },
  call_new: { kind: "edit", path: "/home/me/proj/notes.md", newText: "# Notes\n", diff: "--- /dev/null\n+++ b/notes.md\n@@ -0,0 +1 @@\n+# Notes\n" },
  call_run: { kind: "execute", command: "npm test" },
  call_out: { kind: "edit", error: "The path '../etc/passwd' is outside the workspace folder." },
};

test("an edit and a new file become diff editor sides; a failing edit and other calls do not", () => {
  const diffs = editDiffs([edit, create, run, outside, mcp], previews);

  assert.deepEqual(diffs.map((d) => [d.callId, d.path, d.before, d.after]), [
    ["call_edit", "/home/me/proj/src/calc.py", "def add(a, b):\n    return a - b\n", "def add(a, b):\n    return a + b\n"],
    ["call_new", "/home/me/proj/notes.md", "", "# Notes\n"],
  ]);
  assert.equal(diffs[0]!.title, "calc.py: proposed change (Nexo edit_file)");
  assert.equal(diffs[1]!.title, "notes.md: new file (Nexo write_file)");
});

test("the prompt says what each call would do: the edited file and its size, the command line, the failure", () => {
  assert.equal(permissionMessage([edit], previews), "Nexo wants to edit /home/me/proj/src/calc.py (+1 −1, edit_file)");
  assert.equal(
    permissionMessage([create, run, outside, mcp], previews),
    [
      "Nexo wants to:",
      "• create /home/me/proj/notes.md (+1 −0, write_file)",
      "• run `npm test`",
      "• edit_file ../etc/passwd — it will fail: The path '../etc/passwd' is outside the workspace folder.",
      '• run word_count (sample-tools) {"text":"a b"}',
    ].join("\n"),
  );
  assert.deepEqual(countChanges(previews.call_edit!.diff!), { added: 1, removed: 1 });
});

test("the plan's rows carry the status as an icon and words, and a priority that is not medium", () => {
  const rows = planRows([
    { content: "Read the failing test", priority: "high", status: "completed" },
    { content: "Fix the parser", priority: "medium", status: "in_progress" },
    { content: "Run the tests", priority: "low", status: "pending" },
  ]);

  assert.deepEqual(rows, [
    { label: "Read the failing test", description: "completed · high", icon: "pass" },
    { label: "Fix the parser", description: "in progress", icon: "loading~spin" },
    { label: "Run the tests", description: "pending · low", icon: "circle-large-outline" },
  ]);
});
