// What the permission prompt and the plan view show, without any `vscode` import (tests use it): the text of the
// prompt, the two sides of an edit's diff, and the plan's rows.
import type { PlanEntry, ToolCall, ToolCallPreview } from "@nexo/jsonrpc-client";

/** The two sides of an edit, for `vscode.diff`. */
export interface EditDiff {
  /** The call it belongs to. */
  callId: string;
  /** The file (absolute), as Nexo resolved it inside the workspace folder. */
  path: string;
  /** The file's text now; empty for a new file. */
  before: string;
  /** The file's text if the call is allowed. */
  after: string;
  /** The diff editor's title. */
  title: string;
}

/** One row of the plan view. */
export interface PlanRow {
  label: string;
  /** `pending`, `in progress`, `completed`, with the priority when it is not medium. */
  description: string;
  /** A codicon: `pass` (completed), `loading~spin` (in progress), `circle-large-outline` (pending). */
  icon: string;
}

/** The edits among the calls that can be shown as a diff: a preview of kind `edit` with the text after, and no error. */
export function editDiffs(calls: ToolCall[], previews: Record<string, ToolCallPreview>): EditDiff[] {
  const diffs: EditDiff[] = [];
  for (const call of calls) {
    const preview = previews[call.id];
    if (!preview || preview.kind !== "edit" || preview.newText === undefined || preview.error !== undefined) continue;
    const path = preview.path ?? call.name;
    const name = path.split(/[\\/]/).at(-1) ?? path;
    diffs.push({
      callId: call.id,
      path,
      before: preview.oldText ?? "",
      after: preview.newText,
      title: `${name}: ${preview.oldText === undefined ? "new file" : "proposed change"} (Nexo ${call.name})`,
    });
  }

  return diffs;
}

/** The prompt's message: one line per call, saying what it would do. */
export function permissionMessage(calls: ToolCall[], previews: Record<string, ToolCallPreview>): string {
  const lines = calls.map((call) => describeCall(call, previews[call.id]));
  return lines.length === 1 ? `Nexo wants to ${lines[0]}` : `Nexo wants to:\n${lines.map((l) => `• ${l}`).join("\n")}`;
}

/** One call in words: an edit's file and size of change, a command's line, else the tool and its arguments. */
export function describeCall(call: ToolCall, preview: ToolCallPreview | undefined): string {
  const server = call.serverName ? ` (${call.serverName})` : "";
  if (!preview) return `run ${call.name}${server} ${JSON.stringify(call.arguments ?? {})}`;
  const failing = preview.error ? ` — it will fail: ${preview.error}` : "";
  switch (preview.kind) {
    case "edit": {
      const path = preview.path ?? argument(call, "path") ?? "a file";
      if (preview.error) return `${call.name} ${path}${failing}`;
      const { added, removed } = countChanges(preview.diff ?? "");
      const verb = preview.oldText === undefined ? "create" : "edit";
      return `${verb} ${path} (+${added} −${removed}, ${call.name})`;
    }
    case "execute":
      return `run \`${preview.command ?? JSON.stringify(call.arguments ?? {})}\`${failing}`;
    default:
      return `${call.name} ${preview.path ?? JSON.stringify(call.arguments ?? {})}${failing}`;
  }
}

/** A string argument of the call, when it has one. */
function argument(call: ToolCall, name: string): string | undefined {
  const args = call.arguments as Record<string, unknown> | undefined;
  const value = args?.[name];
  return typeof value === "string" ? value : undefined;
}

/** The added and removed lines of a unified diff (headers not counted). */
export function countChanges(diff: string): { added: number; removed: number } {
  let added = 0;
  let removed = 0;
  for (const line of diff.split("\n")) {
    if (line.startsWith("+++") || line.startsWith("---")) continue;
    if (line.startsWith("+")) added++;
    else if (line.startsWith("-")) removed++;
  }

  return { added, removed };
}

/** The plan view's rows, in the plan's order. */
export function planRows(entries: PlanEntry[]): PlanRow[] {
  return entries.map((entry) => {
    const status = entry.status === "in_progress" ? "in progress" : entry.status;
    const priority = entry.priority && entry.priority !== "medium" ? ` · ${entry.priority}` : "";
    const icon = entry.status === "completed" ? "pass" : entry.status === "in_progress" ? "loading~spin" : "circle-large-outline";
    return { label: entry.content, description: status + priority, icon };
  });
}
