// The chat view's HTML and the messages between it and the extension. No `vscode` import.

/** Extension → view. */
export type ToView =
  | { type: "user"; text: string }
  | { type: "started"; messageId: string }
  | { type: "chunk"; messageId: string; text: string }
  | { type: "tool"; text: string }
  | { type: "error"; text: string }
  | { type: "busy"; busy: boolean }
  | { type: "cleared"; title: string };

/** View → extension. */
export type FromView = { type: "send"; text: string } | { type: "cancel" } | { type: "newChat" };

/** The page: messages, an input box, Send / Stop / New chat. Scripts run only with the nonce (Content-Security-Policy). */
export function chatHtml(nonce: string, cspSource: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src ${cspSource} 'unsafe-inline'; script-src 'nonce-${nonce}';">
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
  body { font-family: var(--vscode-font-family); color: var(--vscode-foreground); display: flex; flex-direction: column; height: 100vh; margin: 0; }
  #log { flex: 1; overflow-y: auto; padding: 8px; }
  .user { font-weight: 600; margin-top: 10px; }
  .assistant { white-space: pre-wrap; margin-top: 4px; }
  .tool { font-family: var(--vscode-editor-font-family); opacity: .8; margin-top: 4px; }
  .error { color: var(--vscode-errorForeground); margin-top: 4px; }
  form { display: flex; gap: 4px; padding: 8px; border-top: 1px solid var(--vscode-panel-border); }
  input { flex: 1; background: var(--vscode-input-background); color: var(--vscode-input-foreground); border: 1px solid var(--vscode-input-border, transparent); padding: 4px; }
  button { background: var(--vscode-button-background); color: var(--vscode-button-foreground); border: none; padding: 4px 10px; }
</style>
</head>
<body>
<div id="log"></div>
<form id="form">
  <input id="input" placeholder="Ask Nexo — with echo, try /tool word_count {&quot;text&quot;:&quot;a b c&quot;}" autocomplete="off">
  <button id="send" type="submit">Send</button>
  <button id="stop" type="button" disabled>Stop</button>
  <button id="new" type="button">New chat</button>
</form>
<script nonce="${nonce}">
  const vscode = acquireVsCodeApi();
  const log = document.getElementById("log");
  const input = document.getElementById("input");
  const send = document.getElementById("send");
  const stop = document.getElementById("stop");
  const answers = new Map();

  function add(cls, text) {
    const div = document.createElement("div");
    div.className = cls;
    div.textContent = text;
    log.appendChild(div);
    log.scrollTop = log.scrollHeight;
    return div;
  }

  document.getElementById("form").addEventListener("submit", (e) => {
    e.preventDefault();
    if (!input.value.trim()) return;
    vscode.postMessage({ type: "send", text: input.value });
    input.value = "";
  });
  stop.addEventListener("click", () => vscode.postMessage({ type: "cancel" }));
  document.getElementById("new").addEventListener("click", () => vscode.postMessage({ type: "newChat" }));

  window.addEventListener("message", (event) => {
    const m = event.data;
    switch (m.type) {
      case "user": add("user", "> " + m.text); break;
      case "started": answers.set(m.messageId, add("assistant", "")); break;
      case "chunk": {
        const div = answers.get(m.messageId) ?? add("assistant", "");
        answers.set(m.messageId, div);
        div.textContent += m.text;
        log.scrollTop = log.scrollHeight;
        break;
      }
      case "tool": add("tool", m.text); break;
      case "error": add("error", m.text); break;
      case "busy": send.disabled = m.busy; stop.disabled = !m.busy; if (!m.busy) input.focus(); break;
      case "cleared": log.textContent = ""; answers.clear(); add("tool", m.title); break;
    }
  });
</script>
</body>
</html>`;
}
