// Records which functions of the main module the landing routes run: the profile by which
// scripts/split-cold.mjs keeps what the landing screens need until just after their first answer
// in the main module and moves everything else of some size to the later part (what the visits
// ran at all is recorded too, for reference). scripts/profile runs it after a release build:
//   node scripts/profile.mjs <work dir> <profile out>
// <work dir> holds main-named.wasm (the main module as built, with names), instrumented.wasm (the
// same with binaryen's --log-execution) and stage/ (the unsplit build). The visits: a newcomer on
// the first screen, from the picker's address and from a project's (what runs before the welcome's
// chunk arrives counts as first: the chunk's load waits for the later part); the project
// picker and a project's workflow list signed in; both again when
// Zadig answers 401, 403, a malformed body, a server error, or nothing; a screen opened from the
// list when no chunk can be fetched, and the notice that code could not be loaded. Each visit
// waits for its data (or its error) and then for the background part's request, so what the
// landing screens run before the later part can arrive is all in it. The happy visits also note
// what ran until FIRST_MS after the first answer (the `first_picker` and `first_list` sections),
// the main module's parts held back until then: work that waits for them (chunks::parts) runs
// only after.
import { execFileSync, spawn } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { functionsOf, nameKey } from "./split-cold.mjs";

const [work, out] = process.argv.slice(2);
if (!work || !out) {
  console.error("usage: node scripts/profile.mjs <work dir> <profile out>");
  process.exit(2);
}
const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const freePort = () =>
  new Promise((resolve) => {
    const s = net.createServer().listen(0, "127.0.0.1", () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });

// Instrumentation point -> defined function, from the instrumented module's text: each point is
// a call of the logging import with its number, inside the function it instruments.
const features = process.env.WASM_OPT_FLAGS.split(/\s+/).filter((f) => f.startsWith("--enable"));
const wat = execFileSync("wasm-dis", [...features, path.join(work, "instrumented.wasm")], { maxBuffer: 1 << 30, stdio: ["ignore", "pipe", "ignore"] }).toString();
const logImport = wat.match(/\(import "[^"]+" "log_execution" \(func (\$\S+) /);
if (!logImport) throw new Error("the instrumented module does not import log_execution");
const pointOf = new Map();
{
  const lines = wat.split("\n");
  const call = `(call ${logImport[1]}`;
  let fn = -1;
  for (let i = 0; i < lines.length; i++) {
    if (lines[i].startsWith(" (func ")) fn++;
    else if (lines[i].includes(call)) {
      const m = (lines[i] + lines[i + 1]).match(/\(i32\.const (\d+)\)/);
      pointOf.set(+m[1], fn);
    }
  }
}
const fns = functionsOf(fs.readFileSync(path.join(work, "main-named.wasm")));

// The instrumented build: the glue gains the logging import, which keeps the points reached.
const stage = path.join(work, "stage");
const gluePath = path.join(stage, "zadig-console.js");
const glue = fs.readFileSync(gluePath, "utf8");
const importObj = "    const import0 = {\n";
if (!glue.includes(importObj)) throw new Error("the glue is not shaped as expected");
// The release build's main module has later parts, which work that follows the first answer
// waits for (chunks::parts); this build has none, so the visits say when they "arrive": what
// waits for them does not count as first.
const partsGate = `globalThis.zcPartsReady = () => new Promise((r) => { if (globalThis.__zcPartsOpen) r(); else (globalThis.__zcPartsWait ||= []).push(r); });\n`;
fs.writeFileSync(gluePath, partsGate + glue.replace(importObj, `${importObj}        log_execution: (i) => { (globalThis.__zcRan ||= new Set()).add(i); },\n`));
fs.copyFileSync(path.join(work, "instrumented.wasm"), path.join(stage, "zadig-console_bg.wasm"));
const dist = path.join(work, "dist");
execFileSync("node", [path.join(root, "scripts/assemble.mjs"), stage, dist, "/"], { stdio: "inherit", env: process.env });

// The sandbox serving that build, and Chromium driven over the DevTools protocol.
const sandboxPort = await freePort();
const base = `http://127.0.0.1:${sandboxPort}`;
const sandbox = spawn(path.join(root, "target/sandbox/zadig-sandbox"), ["--addr", `127.0.0.1:${sandboxPort}`, "--static", dist], { stdio: "ignore" });
const cdpPort = await freePort();
const profileDir = fs.mkdtempSync(path.join(os.tmpdir(), "zc-profile-"));
const chromium = spawn(process.env.CHROMIUM || "/usr/bin/chromium", [
  "--headless=new", "--no-sandbox", "--disable-gpu", `--remote-debugging-port=${cdpPort}`, `--user-data-dir=${profileDir}`, "--window-size=1280,900", "about:blank",
], { stdio: "ignore" });
const stop = () => {
  chromium.kill();
  sandbox.kill();
};
process.on("exit", stop);

let page;
for (let i = 0; i < 100 && !page; i++) {
  try {
    page = (await (await fetch(`http://127.0.0.1:${cdpPort}/json`)).json()).find((t) => t.type === "page");
  } catch {
    await sleep(100);
  }
}
if (!page) throw new Error("Chromium did not start");
const ws = new WebSocket(page.webSocketDebuggerUrl);
await new Promise((r, j) => {
  ws.onopen = r;
  ws.onerror = j;
});
let seq = 0;
const pending = new Map();
// Requests held by a visit's `hold` pattern (Fetch.requestPaused), until it lets them go.
const held = [];
ws.onmessage = (m) => {
  const d = JSON.parse(m.data);
  if (d.method === "Fetch.requestPaused") held.push(d.params.requestId);
  if (d.id && pending.has(d.id)) {
    pending.get(d.id)(d);
    pending.delete(d.id);
  }
};
const send = (method, params = {}) =>
  new Promise((r) => {
    const id = ++seq;
    pending.set(id, r);
    ws.send(JSON.stringify({ id, method, params }));
  });
const evaluate = async (expression) => (await send("Runtime.evaluate", { expression, awaitPromise: true, returnByValue: true })).result?.result?.value;
const waitFor = async (what, test) => {
  for (let i = 0; i < 150; i++) {
    if (await evaluate(test)) return;
    await sleep(100);
  }
  throw new Error(`the visit never showed ${what}`);
};
const sandboxPost = (p, body) => fetch(base + p, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body ?? {}) });

const tokens = await (await fetch(`${base}/__sandbox/tokens`)).json();
// Functions run by the picker's visits, and by the list's.
const ran = { first_picker: new Set(), first_list: new Set(), picker: new Set(), list: new Set() };
const pointsRan = async () => JSON.parse(await evaluate("JSON.stringify([...(globalThis.__zcRan || [])])"));
// How long after the first answer the landing screen's code is kept in the main module: the later
// part, asked for at that answer, takes about this long to arrive on a slow connection.
// (ZC_FIRST_MS sets another, to measure what runs in that time.)
const FIRST_MS = Number(process.env.ZC_FIRST_MS || 1000);
const visit = async (name, { route, token, fault, shows, block, click, then, first, hold }) => {
  await sandboxPost("/__sandbox/reset");
  await fetch(`${base}/__sandbox/faults`, { method: "DELETE" });
  if (fault) await sandboxPost("/__sandbox/faults", fault);
  await send("Page.navigate", { url: `${base}/favicon.svg` });
  await sleep(100);
  await evaluate(`sessionStorage.clear(); localStorage.clear(); ${token ? `sessionStorage.setItem("zc.token", ${JSON.stringify(token)});` : ""} 1`);
  await send("Network.clearBrowserCache");
  await send("Network.setBlockedURLs", { urls: block || [] });
  if (hold) await send("Fetch.enable", { patterns: [{ urlPattern: hold }] });
  await send("Page.navigate", { url: base + route });
  const openParts = () => evaluate("globalThis.__zcPartsOpen = true; (globalThis.__zcPartsWait || []).forEach((r) => r()); 1");
  if (!hold && !first) await openParts();
  if (hold) {
    // What runs before the held chunk arrives is what the first load must hold; the chunk's code,
    // and what it runs in the main module, come after the parts (its load waits for them).
    for (let i = 0; i < 150 && !held.length; i++) await sleep(100);
    if (!held.length) throw new Error(`${name}: nothing matched ${hold}`);
    await sleep(FIRST_MS);
    const firstOf = route === "/" ? ran.first_picker : ran.first_list;
    for (const p of await pointsRan()) if (pointOf.has(p)) firstOf.add(pointOf.get(p));
    await openParts();
    while (held.length) await send("Fetch.continueRequest", { requestId: held.shift() });
    await send("Fetch.disable");
  }
  await waitFor(`${name}: ${shows}`, `!!document.querySelector(${JSON.stringify(shows)})`);
  if (first) {
    await waitFor(`${name}: the first answer`, `performance.getEntriesByName("zc-first-answer").length > 0`);
    const at = await evaluate(`performance.getEntriesByName("zc-first-answer")[0].startTime`);
    const now = await evaluate("performance.now()");
    await sleep(Math.max(0, at + FIRST_MS - now));
    const firstOf = route === "/" ? ran.first_picker : ran.first_list;
    for (const p of await pointsRan()) if (pointOf.has(p)) firstOf.add(pointOf.get(p));
    await openParts();
  }
  if (click) {
    // Long enough for the background part's fetch to fail and be retried on its backoff.
    await sleep(3000);
    // As a person does: the pointer moves over the rows to the link (hover, focus and the
    // prefetch they start), presses and releases; then a key (Tab) moves the focus.
    const at = await evaluate(`(() => { const r = document.querySelector(${JSON.stringify(click[0])}).getBoundingClientRect(); return [r.x + r.width / 2, r.y + r.height / 2]; })()`);
    for (let y = 5; y < at[1]; y += 40) await send("Input.dispatchMouseEvent", { type: "mouseMoved", x: at[0], y });
    await send("Input.dispatchMouseEvent", { type: "mouseMoved", x: at[0], y: at[1] });
    await send("Input.dispatchMouseEvent", { type: "mousePressed", x: at[0], y: at[1], button: "left", clickCount: 1 });
    await send("Input.dispatchMouseEvent", { type: "mouseReleased", x: at[0], y: at[1], button: "left", clickCount: 1 });
    await waitFor(`${name}: ${click[1]}`, `!!document.querySelector(${JSON.stringify(click[1])})`);
  } else {
    // Until the page asks for its background part (its first chunk): what runs before then is
    // what the landing screen needs before the cold module can be there.
    await waitFor(`${name}: the background part`, `performance.getEntriesByType("resource").some(e => /split_background/.test(e.name))`);
  }
  if (click) {
    await send("Input.dispatchKeyEvent", { type: "keyDown", key: "Tab", code: "Tab", windowsVirtualKeyCode: 9 });
    await send("Input.dispatchKeyEvent", { type: "keyUp", key: "Tab", code: "Tab", windowsVirtualKeyCode: 9 });
  }
  if (then) await evaluate(then);
  await sleep(300);
  const group = route === "/" ? ran.picker : ran.list;
  const before = group.size;
  for (const p of await pointsRan()) if (pointOf.has(p)) group.add(pointOf.get(p));
  console.error(`[profile] ${name}: ${group.size - before} more functions (${group.size} for its route)`);
};

await send("Network.enable");
await send("Network.setCacheDisabled", { cacheDisabled: true });
const lost = (path_prefix, kind, status = 200) => ({ path_prefix, kind, status, times: 100 });
const visits = [
  ["a newcomer's first screen", { route: "/", shows: "[data-testid=welcome]", hold: "*split_welcome*" }],
  ["a newcomer's first screen, from a link to a project", { route: "/projects/demo", shows: "[data-testid=welcome]", hold: "*split_welcome*" }],
  ["the project picker", { route: "/", token: tokens.admin, shows: "[data-testid=project-option]", first: true }],
  ["a workflow list", { route: "/projects/demo", token: tokens.admin, shows: "[data-testid=workflow-row]", first: true }],
  ["the picker, token refused", { route: "/", token: tokens.admin, fault: lost("/openapi", "empty", 401), shows: "[data-testid=signin-banner]" }],
  ["a workflow list, token refused", { route: "/projects/demo", token: tokens.admin, fault: lost("/openapi", "empty", 401), shows: "[data-testid=signin-banner]" }],
  ["a workflow list, forbidden", { route: "/projects/demo", token: tokens.admin, fault: lost("/openapi/workflows", "empty", 403), shows: "[data-testid=error-banner]" }],
  ["the picker, no answer", { route: "/", token: tokens.admin, fault: lost("/openapi/projects", "reset", 502), shows: "[data-testid=error-banner]" }],
  ["a workflow list, no answer", { route: "/projects/demo", token: tokens.admin, fault: lost("/openapi/workflows", "reset", 502), shows: "[data-testid=error-banner]" }],
  ["a workflow list, server error", { route: "/projects/demo", token: tokens.admin, fault: lost("/openapi/workflows", "plain500", 500), shows: "[data-testid=error-banner]" }],
  ["a workflow list, malformed answer", { route: "/projects/demo", token: tokens.admin, fault: lost("/openapi/workflows", "malformed", 200), shows: "[data-testid=error-banner]" }],
  // The network fails every chunk, the background part's fetch fails and is retried, and a
  // workflow is opened: the chunk's failure notice, and the navigation.
  ["a screen whose chunk cannot be fetched", {
    route: "/projects/demo", token: tokens.admin, shows: "[data-testid=workflow-row]",
    block: ["*/split_*", "*/chunk_*"],
    click: ["[data-testid=workflow-row][data-workflow=build-deploy] a.wf-name", "[data-testid=chunk-failed]"],
    then: "window.wasmBindings.cold_code_unavailable(); 1",
  }],
];
for (const [name, v] of visits) await visit(name, v);
await send("Network.setBlockedURLs", { urls: [] });
await fetch(`${base}/__sandbox/faults`, { method: "DELETE" });

const keysOf = (set) => [...new Set([...set].map((i) => nameKey(fns[i].name)))].sort();
const picker = new Set(keysOf(ran.picker));
const list = new Set(keysOf(ran.list).filter((k) => !picker.has(k)));
fs.writeFileSync(
  out,
  "# The main module's functions the landing routes ran (scripts/profile), as name keys\n" +
    "# (scripts/split-cold.mjs): those the project picker's and the workflow list's screens ran\n" +
    "# until just after their first answer, those the picker's visits ran, then those the list's\n" +
    "# visits added. Recorded again by scripts/profile after code changes.\n" +
    "[first_picker]\n" + keysOf(ran.first_picker).join("\n") + "\n[first_list]\n" + keysOf(ran.first_list).join("\n") + "\n[picker]\n" + [...picker].join("\n") + "\n[list]\n" + [...list].join("\n") + "\n",
);
console.error(`[profile] ${ran.first_picker.size} + ${ran.first_list.size} first, ${picker.size} + ${list.size} keys written to ${path.relative(root, out)}`);
stop();
process.exit(0);
