// Drives the ASP.NET sample's chat page (samples/Nexo.Samples.AspNetCore/wwwroot/index.html) in Debian's chromium:
// on instance A types a message and watches the answer stream in, then opens the same chat on instance B, reloads it
// and checks the history; takes a PNG screenshot of B's page. Prints one JSON result line on stdout; on any failure
// prints {"ok":false,"error":…} and exits 1.
//
//   node chat-page.mjs --a http://127.0.0.1:5180 --b http://127.0.0.1:5181 --screenshot out.png \
//        --message "hello there" --answer "the answer the provider streams"
//
// CHROMIUM_PATH overrides /usr/bin/chromium.
import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { parseArgs } from "node:util";

const TIMEOUT_MS = 60_000;

// Chromium runs as root on a closed network: no sandbox, no GPU, and none of the background connections it would
// otherwise open (they are refused here and slow it down).
const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

const normalize = (text) => text.replace(/\s+/g, " ").trim();

class Failure extends Error {}

function fail(message) {
  throw new Failure(message);
}

// Waits for `waiting`; on a timeout fails with `message` and the text of the page's chat log.
async function expectWithin(page, message, waiting) {
  try {
    await waiting;
  } catch (e) {
    if (e.name !== "TimeoutError") throw e;
    fail(`${message} within ${TIMEOUT_MS / 1000} s; the chat log shows ${JSON.stringify(normalize(await page.locator("#log").textContent()))}.`);
  }
}

async function main() {
  const { values } = parseArgs({
    options: {
      a: { type: "string" },
      b: { type: "string" },
      screenshot: { type: "string" },
      message: { type: "string", default: "hello from the browser" },
      answer: { type: "string" },
    },
  });
  for (const name of ["a", "b", "screenshot", "answer"]) {
    if (!values[name]) fail(`--${name} is required`);
  }

  const executablePath = process.env.CHROMIUM_PATH || "/usr/bin/chromium";
  if (!existsSync(executablePath)) {
    fail(`No chromium at ${executablePath}: install Debian's package (apt-get install chromium) or set CHROMIUM_PATH.`);
  }

  let chromium;
  try {
    ({ chromium } = await import("playwright-core"));
  } catch (e) {
    fail(`playwright-core is not installed: run 'npm ci' in tests/browser (${e.message}).`);
  }

  const screenshot = resolve(values.screenshot);
  mkdirSync(dirname(screenshot), { recursive: true });
  const profile = mkdtempSync(join(tmpdir(), "nexo-chromium-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 1000, height: 700 },
    timeout: TIMEOUT_MS,
  });
  context.setDefaultTimeout(TIMEOUT_MS);
  const pageErrors = [];
  context.on("weberror", (e) => pageErrors.push(e.error().message));

  try {
    // Instance A: type, send, watch the answer grow chunk by chunk until it is whole and the turn has ended.
    const a = await context.newPage();
    await a.goto(values.a);
    await a.evaluate(() => {
      window.answerLengths = [];
      new MutationObserver(() => {
        const answers = document.querySelectorAll("#log .assistant");
        const length = answers.length ? answers[answers.length - 1].textContent.length : 0;
        if (length !== window.answerLengths.at(-1)) window.answerLengths.push(length);
      }).observe(document.getElementById("log"), { childList: true, subtree: true, characterData: true });
    });
    await a.fill("#message", values.message);
    await a.click("#send");
    const expected = normalize(values.answer);
    await expectWithin(a, `A never showed the whole answer ${JSON.stringify(expected)}`, a.waitForFunction(
      (text) => {
        const answers = document.querySelectorAll("#log .assistant");
        return answers.length > 0 && answers[answers.length - 1].textContent.replace(/\s+/g, " ").trim() === text;
      },
      expected,
    ));
    await a.waitForSelector("#send:enabled"); // turn-end re-enables the button
    const growth = await a.evaluate(() => window.answerLengths.filter((n) => n > 0));
    if (growth.length < 2) fail(`The answer on A did not stream: it appeared in ${growth.length} step(s) (${growth.join(", ")}).`);
    const chatId = new URL(a.url()).searchParams.get("chat");
    if (!chatId) fail(`A's address does not name the chat after sending: ${a.url()}`);
    const errorsOnA = await a.locator("#log .error").allTextContents();
    if (errorsOnA.length) fail(`A shows errors: ${errorsOnA.join(" | ")}`);

    // Instance B: the same chat by its address, reloaded; the history comes from the shared database.
    const b = await context.newPage();
    await b.goto(`${values.b}/?chat=${encodeURIComponent(chatId)}`);
    await b.reload();
    await expectWithin(b, "B shows no answer after the reload (no history)", b.waitForSelector("#log .assistant"));
    const users = (await b.locator("#log .user").allTextContents()).map(normalize);
    const answers = (await b.locator("#log .assistant").allTextContents()).map(normalize);
    const errorsOnB = await b.locator("#log .error").allTextContents();
    if (errorsOnB.length) fail(`B shows errors: ${errorsOnB.join(" | ")}`);
    if (users.length !== 1 || users[0] !== normalize(`> ${values.message}`)) fail(`B's history has user lines ${JSON.stringify(users)}, expected one for ${JSON.stringify(values.message)}.`);
    if (answers.length !== 1 || answers[0] !== expected) fail(`B's history has answers ${JSON.stringify(answers)}, expected ${JSON.stringify(expected)}.`);
    await b.screenshot({ path: screenshot, fullPage: true });
    if (pageErrors.length) fail(`The page threw: ${pageErrors.join(" | ")}`);

    console.log(JSON.stringify({ ok: true, chatId, answerSteps: growth.length, historyOnB: { users, answers }, screenshot }));
  } finally {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  }
}

main().catch((e) => {
  const error = e instanceof Failure ? e.message : String(e && e.stack ? e.stack.split("\n").slice(0, 3).join(" ") : e);
  console.log(JSON.stringify({ ok: false, error }));
  process.exitCode = 1;
});
