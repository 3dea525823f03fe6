// Fewer, larger shared chunks. wasm-split gives every set of split points (screens, dialogs) that
// shares code a module of its own, so one screen can need fifty modules, many of them a few
// hundred bytes: each costs a request and compresses worse alone. This step merges shared chunks
// into one module where that saves bytes overall: a merge saves a file's overhead for every split
// point that needed both, and costs the other's bytes for every split point that needed only one.
// Pairs are merged greedily, best saving first, while one saves anything. The loader
// (__wasm_split.js) is rewritten to fetch a merged module once for all its members.
//
//   node scripts/merge-chunks.mjs <wasm-split output dir>
//
// Every shared chunk imports the same three things (or two of them) from the main module (memory, table and the
// table offset) and exports nothing; calls between modules go through the table. Merging is
// therefore binaryen's wasm-merge with a small provider module that re-exports those imports,
// so the merged module imports each of them once.
import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";
import { execFileSync } from "node:child_process";
import { importEntries, sections } from "./wasm-sections.mjs";

const dir = process.argv[2];
if (!dir) throw new Error("usage: merge-chunks.mjs <split dir>");
const loaderPath = path.join(dir, "__wasm_split.js");
let loader = fs.readFileSync(loaderPath, "utf8");

// What one more file costs a split point that fetches it, in gzip bytes: headers, type and
// import sections, a gzip stream's own tables (measured: 66 small chunks merged into one
// module came to about 300 bytes per file less), and a request's headers.
const FILE_COST = 600;
// Binaryen's feature flags as the build uses them (scripts/env.sh).
const features = (process.env.WASM_OPT_FLAGS || "").split(/\s+/).filter((f) => f.startsWith("--enable-"));
if (features.length === 0) throw new Error("merge-chunks: WASM_OPT_FLAGS has no --enable-* flags");

const block = /\/\* ([^*]*) \*\/\nconst __chunk_(\d+) = makeLoad\(\(\) => \{\n {4}const src = fetch\(new URL\("\.\/chunk_\2\.wasm", import\.meta\.url\)\);\n {4}src\.catch\(\(\) => \{\}\);\n {4}return async \(imports\) => \(WebAssembly\.instantiateStreaming\(src, imports\)\);\n\}\n, \[\]\);\n/g;
const chunks = [];
for (const m of loader.matchAll(block)) {
  const file = path.join(dir, `chunk_${m[2]}.wasm`);
  const data = fs.readFileSync(file);
  chunks.push({ id: Number(m[2]), users: new Set(m[1].split(",").map((s) => s.trim())), gz: zlib.gzipSync(data, { level: 9 }).length, text: m[0] });
}
const declared = (loader.match(/^const __chunk_\d+ = /gm) || []).length;
if (chunks.length !== declared || chunks.length === 0) {
  throw new Error(`merge-chunks: read ${chunks.length} of ${declared} shared chunks; the loader's shape changed`);
}

// Greedy merging. A group's users are its members' users together; a split point among them
// fetches the whole group.
let groups = chunks.map((c) => ({ members: [c], users: new Set(c.users), gz: c.gz }));
const saving = (a, b) => {
  let both = 0;
  let onlyA = 0;
  for (const u of a.users) (b.users.has(u) ? both++ : onlyA++);
  const onlyB = b.users.size - both;
  return FILE_COST * both - b.gz * onlyA - a.gz * onlyB;
};
for (;;) {
  let best = null;
  for (let i = 0; i < groups.length; i++) {
    for (let j = i + 1; j < groups.length; j++) {
      const s = saving(groups[i], groups[j]);
      if (s > 0 && (!best || s > best.s)) best = { i, j, s };
    }
  }
  if (!best) break;
  const [a, b] = [groups[best.i], groups[best.j]];
  groups = groups.filter((_, k) => k !== best.i && k !== best.j);
  groups.push({ members: [...a.members, ...b.members], users: new Set([...a.users, ...b.users]), gz: a.gz + b.gz });
}

// A module's imports, each as its whole entry (module, name, type), for comparing.
const importsOf = (file) => {
  const wasm = fs.readFileSync(file);
  const section = sections(wasm).find((s) => s.id === 2);
  if (!section) return [];
  return importEntries(wasm, section.body).map((e) => {
    if (e.desc[0] === 0) throw new Error(`merge-chunks: ${file} imports a function`);
    return `${e.module} ${e.name} ${e.desc.toString("hex")}`;
  });
};
// The provider: the three imports every chunk has, exported under the names the chunks import.
// (A chunk that uses no stack imports only the memory and the table.)
let full;
let expectedEntries = [];
for (const c of chunks) {
  expectedEntries = importsOf(path.join(dir, `chunk_${c.id}.wasm`));
  if (expectedEntries.length === 3) {
    full = c;
    break;
  }
}
if (!full) throw new Error("merge-chunks: no shared chunk has the three imports");
const expected = execFileSync("wasm-dis", [path.join(dir, `chunk_${full.id}.wasm`), ...features], { maxBuffer: 1 << 28 })
  .toString().split("\n").filter((l) => /^\s*\(import /.test(l)).map((l) => l.trim().replace(/\$\S+ /, ""));
if (expected.length !== 3) throw new Error(`merge-chunks: chunk_${full.id} reads as ${expected.length} imports`);
const HOST = "__wasm_splix"; // as long as "__wasm_split", so the name is swapped back in place
const kinds = { memory: "$m", table: "$t", global: "$g" };
const provider = ["(module"];
for (const line of expected) {
  const m = line.match(/^\(import "__wasm_split" "([^"]+)" \((memory|table|global) (.*)\)\)$/);
  if (!m) throw new Error(`merge-chunks: unexpected import ${line}`);
  provider.push(` (import "${HOST}" "${m[1]}" (${m[2]} ${kinds[m[2]]} ${m[3]}))`, ` (export "${m[1]}" (${m[2]} ${kinds[m[2]]}))`);
}
provider.push(")");
const providerWat = path.join(dir, "merge-provider.wat");
const providerWasm = path.join(dir, "merge-provider.wasm");
fs.writeFileSync(providerWat, provider.join("\n"));
execFileSync("wasm-as", [providerWat, "-o", providerWasm, ...features]);

let merged = 0;
for (const g of groups) {
  if (g.members.length < 2) continue;
  g.members.sort((a, b) => a.id - b.id);
  const [head, ...rest] = g.members;
  const files = g.members.map((c) => path.join(dir, `chunk_${c.id}.wasm`));
  for (const f of files) {
    const extra = importsOf(f).filter((e) => !expectedEntries.includes(e));
    if (extra.length) throw new Error(`merge-chunks: ${f} imports what other chunks do not: ${extra}`);
  }
  const out = path.join(dir, `merged_${head.id}.wasm`);
  const args = [providerWasm, "__wasm_split"];
  files.forEach((f, k) => args.push(f, `m${k}`));
  execFileSync("wasm-merge", [...args, "-o", out, ...features]);
  // Back to the loader's import module name: exactly the provider's three imports.
  const bytes = fs.readFileSync(out);
  const from = Buffer.from(HOST);
  const to = Buffer.from("__wasm_split");
  let at = bytes.indexOf(from);
  let n = 0;
  while (at >= 0) {
    to.copy(bytes, at);
    n++;
    at = bytes.indexOf(from, at + from.length);
  }
  if (n !== 3) throw new Error(`merge-chunks: ${out} names the provider's module ${n} times, not 3`);
  fs.writeFileSync(files[0], bytes);
  fs.rmSync(out);
  for (const f of files.slice(1)) fs.rmSync(f);
  // The loader: the head's entry fetches the merged module; the others are gone, and every list
  // of dependencies names the head once.
  const users = [...g.users].sort().join(", ");
  loader = loader.replace(head.text, head.text.replace(/^\/\* [^*]* \*\//, `/* ${users} */`));
  for (const c of rest) {
    if (!loader.includes(c.text)) throw new Error(`merge-chunks: chunk_${c.id}'s entry is missing`);
    loader = loader.replace(c.text, "");
    loader = loader.replace(new RegExp(`\\b__chunk_${c.id}\\b`, "g"), `__chunk_${head.id}`);
  }
  merged += rest.length;
}
// Lists of dependencies without repeats.
loader = loader.replace(/, \[([^\]]*)\]\)/g, (_, list) => `, [${[...new Set(list.split(",").map((s) => s.trim()).filter(Boolean))].join(", ")}])`);
// The loader and the files agree: every chunk named is declared once and on disk, and every
// chunk on disk is declared.
const declaredNow = [...loader.matchAll(/^const __chunk_(\d+) = /gm)].map((m) => m[1]);
const named = new Set([...loader.matchAll(/\b__chunk_(\d+)\b/g)].map((m) => m[1]));
const onDisk = fs.readdirSync(dir).filter((f) => /^chunk_\d+\.wasm$/.test(f)).map((f) => f.slice(6, -5));
const same = (a, b) => a.length === b.length && [...a].every((x) => b.includes(x));
if (new Set(declaredNow).size !== declaredNow.length || !same([...named], declaredNow) || !same(onDisk, declaredNow)) {
  throw new Error("merge-chunks: the rewritten loader and the chunk files disagree");
}
fs.writeFileSync(loaderPath, loader);
fs.rmSync(providerWat);
fs.rmSync(providerWasm);
console.log(`[merge-chunks] ${chunks.length} shared chunks -> ${chunks.length - merged}`);
