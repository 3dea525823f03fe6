// Moves what the landing screens do not need before their first answer out of the main module
// (scripts/build runs it after wasm-opt):
//   node scripts/split-cold.mjs <stage dir> <profile>
// The main module holds what the landing routes need and much that they never run before their
// first answer, or at all: error paths, handlers for clicks not yet made, code only other screens
// reach through it. <profile> (scripts/profile records it in Chromium against the sandbox) lists
// the functions the landing screens ran until just after their first answer (`first`), and those
// the landing routes' visits ran at all, unhappy paths included. The first stay; the others of
// some size, with what they call directly, move to `later.wasm`; every other function of some
// size to `cold.wasm`. The app asks for both once its first answer is in (`zcLoadParts`, see
// chunks::first_answer), and every chunk load waits for them. A moved function's place in the
// main module keeps a stub of the same signature: the stub makes sure its part is there (loading
// it at once, synchronously, in the rare case it is needed before it has arrived) and calls the
// real function through the function table, where the part puts its functions when it is
// instantiated. A part reaches the main module's functions (and the other part's, through their
// stubs) through the same table, so the main module exports nothing new for it and keeps its
// function indices: the glue, the chunks and the table are unchanged. The step works on
// binaryen's text form, where functions are named, so no instruction is decoded here.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { importEntries, leb, sections } from "./wasm-sections.mjs";

/** A stable key for a function name: binaryen's `.N` suffixes (which change between builds) are
 * dropped, then FNV-1a (64-bit) as hex. The profile stores keys, not names. */
export const nameKey = (name) => {
  const base = name.replace(/\.\d+$/, "");
  let h = 0xcbf29ce484222325n;
  for (const b of Buffer.from(base)) {
    h ^= BigInt(b);
    h = (h * 0x100000001b3n) & 0xffffffffffffffffn;
  }
  return h.toString(16).padStart(16, "0");
};

/** Defined functions in order: { name, size } (size of the body in bytes). */
export const functionsOf = (wasm) => {
  let imported = 0;
  const sizes = [];
  const names = new Map();
  for (const s of sections(wasm)) {
    if (s.id === 2) {
      imported = importEntries(wasm, s.body).filter((e) => e.desc[0] === 0).length;
    } else if (s.id === 10) {
      let [n, p] = leb(wasm, s.body);
      for (let i = 0; i < n; i++) {
        const [l, q] = leb(wasm, p);
        sizes.push(l);
        p = q + l;
      }
    } else if (s.id === 0) {
      const [nl, q] = leb(wasm, s.body);
      if (wasm.subarray(q, q + nl).toString() !== "name") continue;
      let p = q + nl;
      while (p < s.end) {
        const sub = wasm[p];
        const [size, body] = leb(wasm, p + 1);
        if (sub === 1) {
          let [n, r] = leb(wasm, body);
          for (let i = 0; i < n; i++) {
            let idx, l;
            [idx, r] = leb(wasm, r);
            [l, r] = leb(wasm, r);
            names.set(idx, wasm.subarray(r, r + l).toString());
            r += l;
          }
        }
        p = body + size;
      }
    }
  }
  if (names.size === 0) throw new Error("the module has no function names (build it with -g)");
  return sizes.map((size, i) => ({ name: names.get(imported + i) || "", size }));
};

// A `$name` token at `at` (plain or quoted): [token, end].
const nameToken = (s, at) => {
  if (s[at] !== "$") throw new Error(`no name at ${s.slice(at, at + 40)}`);
  if (s[at + 1] === '"') {
    let i = at + 2;
    while (s[i] !== '"') i += s[i] === "\\" ? 2 : 1;
    return [s.slice(at, i + 1), i + 1];
  }
  let i = at + 1;
  while (i < s.length && !/[\s()]/.test(s[i])) i++;
  return [s.slice(at, i), i];
};

/** The module's top-level items: { kind, lines }, in order (binaryen prints one per line at an
 * indent of one space, its body indented further, a multi-line item closed by " )"). */
export const itemsOf = (wat) => {
  const lines = wat.split("\n");
  if (lines[0] !== "(module") throw new Error("not a module");
  const items = [];
  for (const line of lines.slice(1)) {
    if (line === ")" || line === "") continue;
    if (/^ \(/.test(line)) items.push({ kind: line.slice(2).match(/^[\w.@]+/)[0], lines: [line] });
    else items[items.length - 1].lines.push(line);
  }
  return items;
};

/** A function item's name and signature: { name, params: [type], results: [type] }. */
export const signatureOf = (header) => {
  const [name, end] = nameToken(header, " (func ".length);
  const rest = header.slice(end);
  const params = [];
  const results = [];
  for (const m of rest.matchAll(/\((param|result)((?: [^()\s]+)+)\)/g)) {
    let types = m[2].trim().split(" ");
    if (m[1] === "param" && types[0].startsWith("$")) types = types.slice(1);
    (m[1] === "param" ? params : results).push(...types);
  }
  if (/\(ref /.test(rest)) throw new Error(`a reference-typed signature: ${header.slice(0, 200)}`);
  return { name, params, results };
};

const REF = /\((?:call|return_call|ref\.func) (\$"(?:[^"\\]|\\.)*"|\$[^\s()]+)/g;
const GLOBAL = /\(global\.[gs]et (\$"(?:[^"\\]|\\.)*"|\$[^\s()]+)/g;

/** Which defined functions `seeds` (a flag per function) reach by direct calls, themselves
 * included: a flag per function. What a function that ran can call directly (its error paths,
 * its other branches) stays with it; only what is reached through the table (closures, trait
 * objects, other screens' code) is left to the profile. */
export const directClosure = (items, seeds) => {
  const funcs = items.filter((it) => it.kind === "func");
  const index = new Map(funcs.map((f, i) => [signatureOf(f.lines[0]).name, i]));
  const reached = seeds.slice();
  const todo = [];
  reached.forEach((r, i) => r && todo.push(i));
  const CALL = /\((?:call|return_call) (\$"(?:[^"\\]|\\.)*"|\$[^\s()]+)/g;
  while (todo.length) {
    const i = todo.pop();
    for (const line of funcs[i].lines.slice(1)) {
      for (const m of line.matchAll(CALL)) {
        const j = index.get(m[1]);
        if (j !== undefined && !reached[j]) {
          reached[j] = true;
          todo.push(j);
        }
      }
    }
  }
  return reached;
};

/**
 * The split itself, on text. `moduleOf(i)` says where defined function i goes: 0 (or false) stays
 * in the main module, k (or true for 1) moves to the k-th of `parts` modules (by default as many
 * as `moduleOf` names). Returns { primary, modules }:
 * module texts, and for each moved module { text, first, end }, the table slots it fills.
 */
export const splitText = (wat, moduleOf, parts) => {
  const items = itemsOf(wat);
  const funcs = items.filter((it) => it.kind === "func");
  const table = items.find((it) => it.kind === "table" && /^ \(table \$0 /.test(it.lines[0]));
  const tableMatch = table && table.lines[0].match(/^ \(table \$0 (\d+) (\d+) funcref\)$/);
  if (!tableMatch) throw new Error("the function table is not `(table $0 N N funcref)`");
  const tableSize = +tableMatch[1];

  // Imports by name, for the signatures of imported functions the moved code calls.
  const importSig = new Map();
  for (const it of items.filter((it) => it.kind === "import")) {
    const m = it.lines[0].match(/ \(func (\$.*)$/);
    if (!m) continue;
    const sig = signatureOf(` (func ${m[1].replace(/\)\)$/, "")}`);
    importSig.set(sig.name, sig);
  }
  const sigs = funcs.map((f) => signatureOf(f.lines[0]));
  const defined = new Map(sigs.map((s, i) => [s.name, i]));
  const where = funcs.map((_, i) => +moduleOf(i));
  const count = parts ?? Math.max(0, ...where);
  const members = Array.from({ length: count + 1 }, () => []);
  where.forEach((k, i) => members[k].push(i));
  const slotOf = new Map();
  let next = tableSize;
  const ranges = [];
  for (let k = 1; k <= count; k++) {
    const first = next;
    for (const fi of members[k]) slotOf.set(fi, next++);
    ranges.push({ first, end: next });
  }

  // What each moved module refers to in the main module: functions (kept, imported, or the stub
  // of one moved elsewhere) and globals.
  const refs = new Map();
  const globalsOf = [];
  for (let k = 1; k <= count; k++) {
    const globals = new Set();
    for (const fi of members[k]) {
      for (const line of funcs[fi].lines.slice(1)) {
        for (const m of line.matchAll(REF)) {
          const n = m[1];
          const d = defined.get(n);
          if (d !== undefined && where[d] === k) continue;
          if (d === undefined && !importSig.has(n)) throw new Error(`moved code refers to unknown ${n}`);
          if (!refs.has(n)) refs.set(n, d === undefined ? importSig.get(n) : sigs[d]);
        }
        for (const m of line.matchAll(GLOBAL)) globals.add(m[1]);
      }
    }
    globalsOf[k] = globals;
  }
  const refNames = [...refs.keys()];
  const refBase = next;
  const refSlot = new Map(refNames.map((n, k) => [n, refBase + k]));
  const newSize = refBase + refNames.length;

  // Exports the moved modules import by: the memory, both tables, the globals they use.
  const exportOf = new Map();
  for (const it of items.filter((it) => it.kind === "export")) {
    const m = it.lines[0].match(/^ \(export "([^"]+)" \((memory|table|global) (\$\S+?)\)\)$/);
    if (m) exportOf.set(`${m[2]} ${m[3]}`, m[1]);
  }
  const newExports = [];
  const exportName = (kind, name) => {
    const k = `${kind} ${name}`;
    if (!exportOf.has(k)) {
      const e = `zc_cold_${kind}_${exportOf.size}`;
      exportOf.set(k, e);
      newExports.push(` (export "${e}" (${kind} ${name}))`);
    }
    return exportOf.get(k);
  };
  const tables = items.filter((it) => it.kind === "table").map((it) => it.lines[0].match(/^ \(table (\$\S+) \d+(?: \d+)? (\w+)\)$/));
  if (tables.some((t) => !t)) throw new Error("a table of an unexpected form");
  const memory = items.find((it) => it.kind === "memory");
  if (!memory || !/^ \(memory \$0 \d+\)$/.test(memory.lines[0])) throw new Error("the memory is not `(memory $0 N)`");
  const globalItems = new Map(
    items.filter((it) => it.kind === "global").map((it) => {
      const m = it.lines[0].match(/^ \(global (\$\S+) (\(mut \w+\)|\w+) /);
      return [m[1], m[2]];
    }),
  );

  const sigText = (s) =>
    (s.params.length ? ` (param ${s.params.join(" ")})` : "") + (s.results.length ? ` (result ${s.results.join(" ")})` : "");

  // The moved modules.
  const modules = [];
  for (let k = 1; k <= count; k++) {
    const out = ["(module"];
    for (const it of items.filter((it) => it.kind === "type" || it.kind === "rec")) out.push(...it.lines);
    out.push(` (import "p" "${exportName("memory", "$0")}" (memory $0 1))`);
    for (const [, name, type] of tables) out.push(` (import "p" "${exportName("table", name)}" (table ${name} 1 ${type}))`);
    for (const g of globalsOf[k]) {
      if (!globalItems.has(g)) throw new Error(`moved code uses an unknown global ${g}`);
      out.push(` (import "p" "${exportName("global", g)}" (global ${g} ${globalItems.get(g)}))`);
    }
    const used = new Set();
    for (const fi of members[k]) {
      for (const line of funcs[fi].lines.slice(1)) {
        for (const m of line.matchAll(REF)) {
          const d = defined.get(m[1]);
          if (refSlot.has(m[1]) && !(d !== undefined && where[d] === k)) used.add(m[1]);
        }
      }
    }
    for (const n of used) out.push(` (import "t" "${refSlot.get(n)}" (func ${n}${sigText(refs.get(n))}))`);
    out.push(` (elem (table $0) (i32.const ${ranges[k - 1].first}) func ${members[k].map((fi) => sigs[fi].name).join(" ")})`);
    for (const fi of members[k]) out.push(...funcs[fi].lines);
    out.push(")");
    modules.push({ text: out.join("\n") + "\n", ...ranges[k - 1] });
  }

  // Element segments that only put nulls in the table (the chunks' slots, which each chunk
  // fills when it arrives) change nothing in a new table: they are left out, unless another
  // segment writes the same slots (then the order of the writes would matter).
  const nullOnly = (it) => /^ \(elem \S+ \(table \$0\) \(i32\.const \d+\) funcref(?: \(item \(ref\.null nofunc\)\))+\)$/.test(it.lines.join(""));
  // [first, end) of the slots an active segment of the function table writes; `[0, 0]` for a
  // declarative segment (it writes nothing), `null` when the form is not understood.
  const elemRange = (it) => {
    const text = it.lines.join("");
    if (/^ \(elem (?:\$\S+ )?declare /.test(text)) return [0, 0];
    const body = text.replace(/\)$/, "");
    const m = body.match(/^ \(elem (?:\$\S+ )?(?:\(table \$0\) )?\(i32\.const (\d+)\)(?: (funcref|func))?/);
    if (!m) return null;
    const rest = body.slice(m[0].length).trim();
    let count = 0;
    if (m[2] === "funcref") count = rest.split("(item ").length - 1;
    else for (let at = 0; at < rest.length; at = nameToken(rest, at)[1] + 1) count++;
    return [+m[1], +m[1] + count];
  };
  const elems = items.filter((it) => it.kind === "elem");
  const elemRanges = elems.map(elemRange);
  const droppedElems = new Set(
    elems.filter((it, k) => {
      if (!nullOnly(it) || !elemRanges[k]) return false;
      const [a, b] = elemRanges[k];
      return elems.every((_, j) => j === k || (elemRanges[j] && (elemRanges[j][1] <= a || elemRanges[j][0] >= b)));
    }),
  );

  // The main module: stubs in place of the moved functions, the loader's import, the helper
  // that calls it, the table grown by the moved slots and the slots of what the moved code calls.
  // A stub hands its arguments and its slot to one trampoline per signature, which makes sure
  // the part is there and calls the slot: some 7 bytes less per stub than doing both itself.
  const trampolines = new Map();
  const trampolineOf = (s) => {
    const key = sigText(s);
    if (!trampolines.has(key)) trampolines.set(key, { name: `$zc_cold_via_${trampolines.size}`, s });
    return trampolines.get(key).name;
  };
  const primary = ["(module"];
  const lastImport = items.reduce((at, it, i) => (it.kind === "import" ? i : at), -1);
  let fi = 0;
  items.forEach((it, i) => {
    if (it === table) {
      primary.push(` (table $0 ${newSize} ${newSize} funcref)`);
    } else if (it.kind === "func") {
      const f = fi++;
      if (!where[f]) primary.push(...it.lines);
      else {
        const s = sigs[f];
        const slot = slotOf.get(f);
        const args = s.params.map((_, k) => ` (local.get ${k})`).join("");
        primary.push(` (func ${s.name}${sigText(s)}`, `  (call ${trampolineOf(s)}${args} (i32.const ${slot}))`, " )");
      }
    } else if (!droppedElems.has(it)) primary.push(...it.lines);
    if (i === lastImport) primary.push(' (import "./zadig-console_bg.js" "__zc_cold_load" (func $zc_cold_load (param i32)))');
  });
  for (const { name, s } of trampolines.values()) {
    const n = s.params.length;
    const args = s.params.map((_, k) => ` (local.get ${k})`).join("");
    primary.push(
      ` (func ${name}${sigText({ params: [...s.params, "i32"], results: s.results })}`,
      `  (call $zc_cold_ensure (local.get ${n}))`,
      `  (call_indirect $0${sigText(s)}${args} (local.get ${n}))`,
      " )",
    );
  }
  primary.push(
    " (func $zc_cold_ensure (param $0 i32)",
    "  (if (ref.is_null (table.get $0 (local.get $0))) (then (call $zc_cold_load (local.get $0))))",
    " )",
  );
  if (refNames.length) primary.push(` (elem (table $0) (i32.const ${refBase}) func ${refNames.join(" ")})`);
  primary.push(...newExports, ")");
  return { primary: primary.join("\n") + "\n", modules };
};

// The loader, added to wasm-bindgen's glue, for the moved parts (later and cold).
// `zcColdLoad()`, which every chunk load awaits (see below), fetches and instantiates every part
// once, tries again on the next call after a failure, and is settled as soon as the parts are
// there by either path. `__zc_cold_load(slot)` is the
// main module's import: a stub found its slot empty, so that part is needed now; it is fetched
// synchronously (a synchronous request cannot ask for an ArrayBuffer, hence the x-user-defined
// text) and compiled synchronously. If that fails too, the page cannot go on without that code:
// the console's internal-error notice says so (its code is always kept, see KEEP) and the error
// propagates like a panic.
const loader = (variants) => `
const zcVariants = [
${variants.map((parts) => `  [\n${parts.map((p) => `    { url: new URL("./${p.file}", import.meta.url), first: ${p.first}, end: ${p.end} },`).join("\n")}\n  ],`).join("\n")}
];
for (const v of zcVariants) for (const p of v) p.ready = new Promise((r) => { p.arrived = r; });
// The parts of the main module running (scripts/split-cold.mjs makes one per landing variant).
const zcParts = () => zcVariants[wasm.zc_variant.value];
function zcImports(module) {
  const table = wasm.__indirect_function_table, t = {}, p = {};
  for (const i of WebAssembly.Module.imports(module)) {
    if (i.module === "t") t[i.name] = table.get(+i.name);
    else p[i.name] = wasm[i.name];
  }
  return { p, t };
}
function zcStart(part, module) {
  if (!part.done) new WebAssembly.Instance(module, zcImports(module));
  part.done = true;
  part.arrived();
}
function zcLoad(part) {
  if (!part.done && !part.loading) {
    const attempt = WebAssembly.compileStreaming(fetch(part.url)).then((m) => zcStart(part, m));
    attempt.catch(() => { if (part.loading === attempt) part.loading = undefined; });
    part.loading = attempt;
  }
  return part.done ? Promise.resolve() : Promise.race([part.ready, part.loading]);
}
export function zcColdLoad() {
  return Promise.all(zcParts().map(zcLoad));
}
// The app asks for the parts once the landing screen's first answer is in (chunks::first_answer); a
// failure is tried again by the next chunk load. Work that can wait for them awaits
// zcPartsReady() (chunks::parts).
globalThis.zcLoadParts = () => { zcColdLoad().catch(() => {}); };
globalThis.zcPartsReady = () => zcColdLoad();
let zcFailed = false;
function zcLoadNow(part) {
  if (part.done) return;
  if (zcFailed) throw new Error("zadig-console: code could not be loaded");
  let module;
  try {
    const x = new XMLHttpRequest();
    x.open("GET", part.url, false);
    x.overrideMimeType("text/plain; charset=x-user-defined");
    x.send();
    if (x.status !== 200) throw new Error("HTTP " + x.status);
    const s = x.responseText, bytes = new Uint8Array(s.length);
    for (let i = 0; i < s.length; i++) bytes[i] = s.charCodeAt(i) & 255;
    module = new WebAssembly.Module(bytes);
  } catch (e) {
    zcFailed = true;
    cold_code_unavailable();
    throw new Error("zadig-console: code could not be loaded: " + e.message);
  }
  zcStart(part, module);
}
function zcLoadSlot(slot) {
  zcLoadNow(zcParts().find((p) => slot >= p.first && slot < p.end));
}
export function zcColdLoadNow() {
  for (const p of zcParts()) zcLoadNow(p);
}
`;

/** Adds the loader to the glue and makes every chunk load wait for the moved parts (a chunk's
 * code calls into the main module, some of it moved). The build stops if the glue or the chunk
 * loader is not shaped as expected. */
const patchGlue = (stage, variants) => {
  const gluePath = path.join(stage, "zadig-console.js");
  let glue = fs.readFileSync(gluePath, "utf8");
  const edits = [
    ["    const import0 = {\n", (x) => `${x}        __zc_cold_load: (slot) => zcLoadSlot(slot),\n`],
    ["\nlet wasmModule, wasmInstance, wasm;\n", (x) => `${x}${loader(variants)}`],
  ];
  for (const [from, to] of edits) {
    if (glue.split(from).length !== 2) throw new Error(`the glue does not hold ${JSON.stringify(from)} once`);
    glue = glue.replace(from, to(from));
  }
  fs.writeFileSync(gluePath, glue);
  const splitPath = path.join(stage, "__wasm_split.js");
  let split = fs.readFileSync(splitPath, "utf8");
  const head = 'import { initSync } from "./zadig-console.js";\n';
  const wait = "        const parallelStuff = deps.map(d => d());\n";
  if (split.split(head).length !== 2 || split.split(wait).length !== 2) throw new Error("the chunk loader is not shaped as split-cold expects");
  split = split.replace(head, 'import { initSync, zcColdLoad } from "./zadig-console.js";\n');
  split = split.replace(wait, "        const parallelStuff = [...deps.map(d => d()), zcColdLoad()];\n");
  fs.writeFileSync(splitPath, split);
};

/** The profile's sections: the keys the project picker's and the workflow list's screens ran
 * until a moment after their first answer (`first_picker`, `first_list`), the keys the picker's
 * visits ran, and those the list's visits added. */
export const readProfile = (text) => {
  const out = { first_picker: new Set(), first_list: new Set(), picker: new Set(), list: new Set() };
  let section;
  for (const line of text.split("\n")) {
    const head = line.match(/^\[(\w+)\]$/);
    if (head) {
      if (!(head[1] in out)) throw new Error(`the profile has an unknown section ${head[1]}`);
      section = out[head[1]];
    } else if (/^[0-9a-f]{16}$/.test(line)) {
      if (!section) throw new Error("the profile has keys before its first section");
      section.add(line);
    }
  }
  return out;
};

/** Kept whatever the profile says, with what it calls directly: what shows that code could not be
 * loaded. */
export const KEEP = /cold_code_unavailable|panic_notice/;

// The command.
if (import.meta.url === `file://${process.argv[1]}`) {
  const [stage, profilePath] = process.argv.slice(2);
  if (!stage || !profilePath) {
    console.error("usage: node scripts/split-cold.mjs <stage dir> <profile>");
    process.exit(2);
  }
  const features = process.env.WASM_OPT_FLAGS.split(/\s+/).filter((f) => f.startsWith("--enable"));
  const mainPath = path.join(stage, "zadig-console_bg.wasm");
  const wasm = fs.readFileSync(mainPath);
  const fns = functionsOf(wasm);
  const profile = readProfile(fs.readFileSync(profilePath, "utf8"));
  // Small functions stay: a stub is some 15 bytes. Measured on the first loads' gzip bytes: 20
  // is the least (40: 1.4 KB more for the picker, 8: 0.8 KB more).
  const MIN = Number(process.env.ZC_COLD_MIN || 20);
  const tmp = fs.mkdtempSync(path.join(stage, ".cold-"));
  const watPath = path.join(tmp, "main.wat");
  execFileSync("wasm-dis", [...features, mainPath, "-o", watPath], { stdio: ["ignore", "ignore", "inherit"] });
  const wat = fs.readFileSync(watPath, "utf8");
  const items = itemsOf(wat);
  const keys = fns.map((f) => nameKey(f.name));
  for (const section of ["first_picker", "first_list"]) {
    if (profile[section].size === 0) throw new Error(`the profile has no [${section}] section: record it again (scripts/profile)`);
  }
  // What the landing routes' visits ran at all (their unhappy paths included), and what that calls
  // directly.
  const ran = directClosure(items, fns.map((f, i) => KEEP.test(f.name) || [profile.first_picker, profile.first_list, profile.picker, profile.list].some((s) => s.has(keys[i]))));
  // Two main modules from the one build, each with its later and cold parts: the project picker's
  // (`/`) and the one every other route starts with, which keeps what both landing screens run (a
  // list without the picker's code needed its parts early on slow connections; see README "Size").
  // A main module keeps what its screens ran until just after their first answer; what the visits
  // ran otherwise moves to its later part, the rest of some size to its cold part. The loader
  // knows the variant by the main module's `zc_variant` export.
  const variants = [
    { main: "zadig-console_bg.wasm", files: ["later.wasm", "cold.wasm"], first: [profile.first_picker, profile.first_list] },
    { main: "zadig-console_bg_picker.wasm", files: ["later-picker.wasm", "cold-picker.wasm"], first: [profile.first_picker] },
  ];
  const opt = (name, out) => {
    execFileSync("wasm-as", [...features, path.join(tmp, `${name}.wat`), "-o", path.join(tmp, `${name}.wasm`)], { stdio: "inherit" });
    execFileSync("wasm-opt", [...process.env.WASM_OPT_FLAGS.split(/\s+/).filter(Boolean), path.join(tmp, `${name}.wasm`), "-o", out], { stdio: "inherit" });
  };
  // What says that code could not be loaded stays whole, with all it calls directly: it runs when
  // a part cannot be fetched.
  const notice = directClosure(items, fns.map((f) => KEEP.test(f.name)));
  const loads = variants.map((v, n) => {
    const first = fns.map((f, i) => notice[i] || v.first.some((s) => s.has(keys[i])));
    const moduleOf = (i) => (fns[i].size < MIN || first[i] ? 0 : ran[i] ? 1 : 2);
    const { primary, modules } = splitText(wat, moduleOf, 2);
    const marked = primary.replace(/\)\n$/, ` (global $zc_variant i32 (i32.const ${n}))\n (export "zc_variant" (global $zc_variant))\n)\n`);
    if (marked === primary) throw new Error("the main module's text does not end as expected");
    fs.writeFileSync(path.join(tmp, "primary.wat"), marked);
    modules.forEach((m, k) => fs.writeFileSync(path.join(tmp, `part${k}.wat`), m.text));
    opt("primary", path.join(stage, v.main));
    modules.forEach((_, k) => opt(`part${k}`, path.join(stage, v.files[k])));
    for (let k = 1; k <= v.files.length; k++) {
      const count = fns.filter((_, i) => moduleOf(i) === k).length;
      const bytes = fns.reduce((a, f, i) => a + (moduleOf(i) === k ? f.size : 0), 0);
      console.error(`[split-cold] ${v.files[k - 1]}: ${count} of ${fns.length} functions (${bytes} bytes of code)`);
    }
    return modules.map((m, k) => ({ file: v.files[k], first: m.first, end: m.end }));
  });
  fs.rmSync(tmp, { recursive: true, force: true });
  patchGlue(stage, loads);
}
