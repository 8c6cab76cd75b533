// The UI glue: a webview panel "Nexo Chat" over a ChatController, and the tool-permission prompt.
import { randomBytes } from "node:crypto";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import * as vscode from "vscode";
import type { LlmProviderKind, PlanEntry, ToolCall, ToolCallPreview, ToolPermissionMode } from "@nexo/jsonrpc-client";
import { ChatController, type PermissionDecision } from "./chatController.js";
import { chatHtml, type FromView, type ToView } from "./chatView.js";
import { builtMcpServerPath, builtServerPath, connectionFor, repositoryRoot } from "./paths.js";
import { editDiffs, permissionMessage, planRows, type PlanRow } from "./toolPreview.js";

/** The scheme of the read-only documents the diff editor shows for an edit waiting for permission. */
const PREVIEW_SCHEME = "nexo-preview";

let panel: vscode.WebviewPanel | undefined;
let controller: Promise<ChatController> | undefined;
let output: vscode.OutputChannel;
const previewTexts = new Map<string, string>();
let previewCounter = 0;
const plan = new (class implements vscode.TreeDataProvider<PlanRow> {
  private rows: PlanRow[] = [];
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.changed.event;

  set(entries: PlanEntry[]): void {
    this.rows = planRows(entries);
    this.changed.fire();
  }

  getTreeItem(row: PlanRow): vscode.TreeItem {
    const item = new vscode.TreeItem(row.label, vscode.TreeItemCollapsibleState.None);
    item.description = row.description;
    item.iconPath = new vscode.ThemeIcon(row.icon);
    return item;
  }

  getChildren(row?: PlanRow): PlanRow[] {
    return row ? [] : this.rows;
  }
})();

export function activate(context: vscode.ExtensionContext): void {
  output = vscode.window.createOutputChannel("Nexo Chat");
  context.subscriptions.push(
    output,
    vscode.workspace.registerTextDocumentContentProvider(PREVIEW_SCHEME, { provideTextDocumentContent: (uri) => previewTexts.get(uri.toString()) ?? "" }),
    vscode.window.createTreeView("nexoSample.plan", { treeDataProvider: plan }),
    vscode.commands.registerCommand("nexoSample.openChat", () => openPanel(context)),
    vscode.commands.registerCommand("nexoSample.newChat", async () => {
      openPanel(context);
      await newChat();
    }),
  );
}

export async function deactivate(): Promise<void> {
  const running = controller;
  controller = undefined;
  if (running) await (await running).dispose().catch(() => null);
}

function openPanel(context: vscode.ExtensionContext): void {
  if (panel) {
    panel.reveal();
    return;
  }

  panel = vscode.window.createWebviewPanel("nexoSample.chat", "Nexo Chat", vscode.ViewColumn.Beside, {
    enableScripts: true,
    retainContextWhenHidden: true,
  });
  panel.webview.html = chatHtml(randomBytes(16).toString("hex"), panel.webview.cspSource);
  panel.webview.onDidReceiveMessage((message: FromView) => void onViewMessage(context, message), undefined, context.subscriptions);
  panel.onDidDispose(() => (panel = undefined), undefined, context.subscriptions);
}

function post(message: ToView): void {
  void panel?.webview.postMessage(message);
}

async function onViewMessage(context: vscode.ExtensionContext, message: FromView): Promise<void> {
  try {
    if (message.type === "send") {
      const chat = await getController(context);
      post({ type: "user", text: message.text });
      post({ type: "busy", busy: true });
      try {
        const result = await chat.send(message.text);
        if (result.stopReason === "cancelled") post({ type: "tool", text: "(stopped)" });
      } finally {
        post({ type: "busy", busy: false });
      }
    } else if (message.type === "cancel") {
      if (controller) await (await controller).cancel();
    } else {
      await newChat();
    }
  } catch (error) {
    post({ type: "error", text: error instanceof Error ? error.message : String(error) });
  }
}

async function newChat(): Promise<void> {
  if (!controller) return;
  const chat = await controller;
  await chat.newChat();
  plan.set([]);
  post({ type: "cleared", title: "New chat" });
}

/** Starts the server on first use, from the settings (empty paths mean the ones built in this repository). */
function getController(context: vscode.ExtensionContext): Promise<ChatController> {
  controller ??= startController(context).catch((error: unknown) => {
    controller = undefined;
    throw error;
  });
  return controller;
}

async function startController(context: vscode.ExtensionContext): Promise<ChatController> {
  const settings = vscode.workspace.getConfiguration("nexoSample");
  const root = () => repositoryRoot(context.extensionUri.fsPath);
  const serverPath = settings.get<string>("serverPath") || builtServerPath(root());
  const mcpServerPath = settings.get<string>("mcpServerPath") || builtMcpServerPath(root());
  let dbPath = settings.get<string>("databasePath");
  if (!dbPath) {
    mkdirSync(context.globalStorageUri.fsPath, { recursive: true });
    dbPath = join(context.globalStorageUri.fsPath, "nexo.db");
  }

  const provider = settings.get<LlmProviderKind>("provider") ?? "echo";
  const apiKey = provider === "echo" ? undefined : process.env[settings.get<string>("apiKeyEnvironmentVariable") ?? "OPENAI_API_KEY"];
  output.appendLine(`Starting ${serverPath} on ${dbPath} (${provider})`);
  return ChatController.start(
    {
      serverPath,
      dbPath,
      connection: connectionFor(provider, settings.get<string>("baseUrl"), settings.get<string>("model"), apiKey),
      mcpServer: { name: "sample-tools", command: "dotnet", args: [mcpServerPath] },
      toolPermissionMode: settings.get<ToolPermissionMode>("toolPermissionMode") ?? "ask",
      // Nexo's file and command tools work in the first folder of the VS Code workspace, and never outside it.
      rootPath: vscode.workspace.workspaceFolders?.[0]?.uri.fsPath,
      builtinTools: settings.get<string[]>("builtinTools") ?? [],
      onStderr: (line) => output.appendLine(line),
    },
    {
      onMessageStarted: (messageId) => post({ type: "started", messageId }),
      onChunk: (text, messageId) => post({ type: "chunk", messageId, text }),
      onToolCalls: (calls) => calls.forEach((c) => post({ type: "tool", text: `→ ${c.name} ${JSON.stringify(c.arguments ?? {})}` })),
      onToolResult: (r) => post({ type: r.status === "completed" ? "tool" : "error", text: `← ${r.toolName} (${r.status}): ${r.text}` }),
      onError: (text) => post({ type: "error", text }),
      onPermissionRequest: askPermission,
      onPlan: (entries) => {
        plan.set(entries);
        output.appendLine(`Plan: ${entries.map((e) => `[${e.status}] ${e.content}`).join("; ")}`);
      },
    },
  );
}

/**
 * Allow once / Always / Deny; closing the prompt denies. An edit waiting for the answer is opened first in VS Code's
 * diff editor (the file now on the left, the file as the call would leave it on the right), so the change is seen
 * before it is allowed; a command's line is in the prompt.
 */
async function askPermission(calls: ToolCall[], previews: Record<string, ToolCallPreview>): Promise<PermissionDecision> {
  for (const diff of editDiffs(calls, previews)) {
    const id = ++previewCounter;
    const name = encodeURIComponent(diff.path.split(/[\\/]/).at(-1) ?? "file");
    const left = vscode.Uri.parse(`${PREVIEW_SCHEME}:/${id}/before/${name}`);
    const right = vscode.Uri.parse(`${PREVIEW_SCHEME}:/${id}/after/${name}`);
    previewTexts.set(left.toString(), diff.before);
    previewTexts.set(right.toString(), diff.after);
    await vscode.commands.executeCommand("vscode.diff", left, right, diff.title, { preview: true, preserveFocus: true });
  }

  const choice = await vscode.window.showInformationMessage(permissionMessage(calls, previews), "Allow once", "Always", "Deny");
  return choice === "Allow once" ? "allow-once" : choice === "Always" ? "always" : "deny";
}
