// Moves what the landing screens do not need before their first answer out of the main module
// (scripts/build runs it after wasm-opt):
//   node scripts/split-cold.mjs <stage dir> <profile> [data map]
// The main module holds what the landing routes need and much that they never run before their
// first answer, or at all: error paths, handlers for clicks not yet made, code only other screens
// reach through it. <profile> (scripts/profile records it in Chromium against the sandbox) lists
// the functions the landing screens ran until just after their first answer (`first_picker`,
// `first_list`), and those the landing routes' visits ran at all (for reference: the split does
// not need them). The first stay; every other function of some size moves to the main module's
// later part (`later.wasm`), which the app asks for once its first answer is in (`zcLoadParts`,
// see chunks::first_answer); every chunk load, and the work that follows the first answer, waits
// for it. A moved function's place in the main module keeps a stub of the same signature when
// something could call it before the part is there: the stub makes sure the part is there
// (loading it at once, synchronously, in the rare case it is needed before it has arrived) and
// calls the real function through the function table, where the part puts its functions when it
// is instantiated. The part reaches the main module's functions through the same table (a slot
// they have already, or one of their own), so the main module exports nothing new for it and
// keeps its function indices: the glue, the chunks and the table are unchanged. With the data map
// (scripts/data-map.mjs), read-only data only moved code refers to moves to the part too. The
// step works on binaryen's text form, where functions are named, so no instruction is decoded
// here. (It can cut into any number of parts: a later and a cold part, for what the visits ran
// after the first answer and what they never ran, cost 1.7 KB gzip more in the picker's first
// load and 0.5 KB in the list's, in stubs between the two parts and data both needed.)
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { functionNames, importedFunctions, leb, sections } from "./wasm-sections.mjs";

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
  const sizes = [];
  const body = sections(wasm).find((s) => s.id === 10);
  let [n, p] = leb(wasm, body.body);
  for (let i = 0; i < n; i++) {
    const [l, q] = leb(wasm, p);
    sizes.push(l);
    p = q + l;
  }
  const names = functionNames(wasm);
  if (names.size === 0) throw new Error("the module has no function names (build it with -g)");
  const imported = importedFunctions(wasm);
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

/** The bytes of a string in binaryen's text form (printable ASCII as is, `\hh` and the usual
 * escapes otherwise). */
export const watBytes = (s) => {
  const out = [];
  for (let i = 0; i < s.length; i++) {
    if (s[i] !== "\\") {
      out.push(...Buffer.from(String.fromCodePoint(s.codePointAt(i))));
      if (s.codePointAt(i) > 0xffff) i++;
      continue;
    }
    const h = s.slice(i + 1, i + 3);
    if (/^[0-9a-fA-F]{2}$/.test(h)) {
      out.push(parseInt(h, 16));
      i += 2;
    } else {
      const c = { n: 10, t: 9, r: 13, '"': 34, "'": 39, "\\": 92 }[s[i + 1]];
      if (c === undefined) throw new Error(`an unknown escape \\${s[i + 1]} in a data string`);
      out.push(c);
      i += 1;
    }
  }
  return Buffer.from(out);
};

/** Bytes as a string in the text form. */
export const watString = (bytes) => {
  let out = "";
  for (const b of bytes) {
    out += b >= 0x20 && b < 0x7f && b !== 0x22 && b !== 0x5c ? String.fromCharCode(b) : `\\${b.toString(16).padStart(2, "0")}`;
  }
  return out;
};

/** An element segment that only puts nulls in the function table. */
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

/** An active segment of the function table listing functions: { head, offset, names } (head:
 * the text before the names), or null for another form. */
const elemFuncs = (it) => {
  const text = it.lines.join("");
  const m = text.match(/^( \(elem (?:\$\S+ )?(?:\(table \$0\) )?\(i32\.const (\d+)\)(?: func)?)((?: (?:\$"(?:[^"\\]|\\.)*"|\$[^\s()"]+))*)\)$/);
  if (!m) return null;
  const names = [];
  for (let at = 0; at < m[3].length; ) {
    const [name, end] = nameToken(m[3], at + 1);
    names.push(name);
    at = end;
  }
  return { head: m[1], offset: +m[2], names };
};

const DATA = /^ \(data (\$\S+) \(i32\.const (\d+)\) "((?:[^"\\]|\\.)*)"\)$/;

/**
 * Read-only data objects (scripts/data-map.mjs: `groups` [start, end, readonly], `edges`) that
 * only moved code needs, by part: { moved: [Set of group indices per part (1-based)], kept }.
 * An object is needed by the code that refers to an address in it (an `i32.const` or a memory
 * access's `offset=`), or to its end, or to an address the map says stands for it (the linked
 * code's addend put it outside: `TABLE[i - 1]`), and by the objects that point to it; an address
 * between objects counts for both neighbours. Everything outside the functions (globals, exports)
 * counts as kept.
 */
export const dataOwners = (data, items, where, count) => {
  const groups = data.groups;
  if (!groups.length) return { moved: Array.from({ length: count + 1 }, () => new Set()), kept: new Set() };
  const lo = groups[0][0];
  const hi = groups[groups.length - 1][1];
  const lastAtOrBefore = (v) => {
    let a = 0, b = groups.length - 1, r = -1;
    while (a <= b) {
      const m = (a + b) >> 1;
      if (groups[m][0] <= v) {
        r = m;
        a = m + 1;
      } else b = m - 1;
    }
    return r;
  };
  const outside = new Map();
  for (const [v, g] of data.outside || []) {
    if (!outside.has(v)) outside.set(v, []);
    outside.get(v).push(g);
  }
  const attribute = (v, set) => {
    for (const g of outside.get(v) || []) set.add(g);
    if (v < lo || v > hi) return;
    const i = lastAtOrBefore(v);
    if (i >= 0) set.add(i);
    if (i >= 0 && v >= groups[i][1] && i + 1 < groups.length) set.add(i + 1);
    if (i > 0 && groups[i - 1][1] === v) set.add(i - 1);
  };
  const ADDR = /\((?:i32)\.const (\d+)\)|offset=(\d+)/g;
  const roots = Array.from({ length: count + 1 }, () => new Set());
  let fi = 0;
  for (const it of items) {
    if (it.kind === "data" || it.kind === "elem" || it.kind === "type" || it.kind === "rec") continue;
    const k = it.kind === "func" ? where[fi++] : 0;
    for (const line of it.lines) for (const m of line.matchAll(ADDR)) attribute(+(m[1] ?? m[2]), roots[k]);
  }
  const next = groups.map(() => []);
  for (const [a, b] of data.edges) next[a].push(b);
  const reach = (set) => {
    const seen = new Set(set);
    const todo = [...set];
    while (todo.length) for (const j of next[todo.pop()]) if (!seen.has(j)) seen.add(j) && todo.push(j);
    return seen;
  };
  const kept = reach(roots[0]);
  const moved = roots.map((r, k) => (k === 0 ? new Set() : new Set([...reach(r)].filter((g) => groups[g][2] && !kept.has(g)))));
  return { moved, kept };
};

/**
 * The split itself, on text. `moduleOf(i)` says where defined function i goes: 0 (or false) stays
 * in the main module, k (or true for 1) moves to the k-th of `parts` modules (by default as many
 * as `moduleOf` names). With `data` (scripts/data-map.mjs's map), read-only data only moved code
 * needs moves too (see dataOwners): the main module holds zeros there (which wasm-opt leaves out),
 * each part that needs it writes it when it is instantiated. Returns { primary, modules, moved }:
 * module texts, for each moved module { text, first, end } (the table slots it fills), and the
 * bytes of data moved to each part.
 */
export const splitText = (wat, moduleOf, parts, data) => {
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
  // A moved function keeps a stub in the main module when something can call it before its part
  // is there: a kept function or another part (by a call or a reference), an export, or a table
  // slot whose number the main module's code or data (or a part's) holds. A slot whose number
  // none of them holds is only called by the chunks, which load after the parts: the part puts
  // the function there itself, and the main module's table holds a placeholder of its signature
  // until then (or nothing, when the function has no slot).
  const owners = data ? dataOwners(data, items, where, count) : null;
  const stubbed = where.map((k) => k > 0);
  const slotted = new Map(); // moved function without a stub -> the table slots it fills
  if (count > 0) {
    // Which modules hold each number: the code of each, and each word of the data (the main
    // module's, or the parts' a moved object goes to). A part's own code and data are there
    // when it is.
    const holders = new Map();
    const hold = (n, k) => {
      if (!holders.has(n)) holders.set(n, new Set());
      holders.get(n).add(k);
    };
    funcs.forEach((f, i) => {
      for (const line of f.lines) for (const m of line.matchAll(/\(i32\.const (\d+)\)/g)) hold(+m[1], where[i]);
    });
    const movedTo = (addr) => {
      if (!owners) return [0];
      const at = [];
      for (let k = 1; k <= count; k++) {
        for (const g of owners.moved[k]) if (addr >= data.groups[g][0] && addr < data.groups[g][1]) at.push(k);
      }
      return at.length ? at : [0];
    };
    for (const it of items.filter((it) => it.kind === "data")) {
      const m = it.lines.length === 1 && it.lines[0].match(DATA);
      if (!m) {
        for (const line of it.lines) for (const w of line.matchAll(/\d+/g)) hold(+w[0], 0);
        continue;
      }
      const bytes = watBytes(m[3]);
      for (let a = (4 - (+m[2] % 4)) % 4; a + 4 <= bytes.length; a += 4) {
        const n = bytes.readUInt32LE(a);
        if (n === 0 || n >= 1 << 20) continue;
        for (const k of movedTo(+m[2] + a)) hold(n, k);
      }
    }
    const heldElsewhere = (slot, k) => [...(holders.get(slot) || [])].some((h) => h !== k);
    const needed = where.map(() => false);
    const mark = (name) => {
      const d = defined.get(name);
      if (d !== undefined) needed[d] = true;
    };
    funcs.forEach((f, i) => {
      for (const line of f.lines.slice(1)) {
        for (const m of line.matchAll(REF)) {
          const d = defined.get(m[1]);
          if (d !== undefined && where[d] !== where[i]) needed[d] = true;
        }
      }
    });
    for (const it of items) {
      if (it.kind === "export") {
        const m = it.lines[0].match(/\(func (\$.*)\)\)$/);
        if (m) mark(m[1]);
      } else if (it.kind === "elem") {
        const e = elemFuncs(it);
        if (!e) {
          for (const m of it.lines.join("").matchAll(/\$"(?:[^"\\]|\\.)*"|\$[^\s()]+/g)) mark(m[0]);
          continue;
        }
        e.names.forEach((name, k) => {
          const d = defined.get(name);
          if (d === undefined || !where[d]) return;
          if (heldElsewhere(e.offset + k, where[d])) needed[d] = true;
          else {
            if (!slotted.has(d)) slotted.set(d, []);
            slotted.get(d).push(e.offset + k);
          }
        });
      }
    }
    where.forEach((k, i) => {
      if (k > 0 && !needed[i]) stubbed[i] = false;
      else slotted.delete(i);
    });
  }
  // One placeholder for every signature: a call through a slot that holds it traps either way
  // (a mismatched signature is a trap too), and one function index repeated compresses best.
  let placeholderUsed = false;


  const dataOf = Array.from({ length: count + 1 }, () => []);
  const movedBytes = Array.from({ length: count + 1 }, () => 0);
  if (owners) {
    // The main module's data as segments of bytes; a moved object's bytes are cut out of them.
    const segments = items.filter((it) => it.kind === "data").map((it) => {
      const m = it.lines.length === 1 && it.lines[0].match(DATA);
      return m ? { it, name: m[1], addr: +m[2], bytes: watBytes(m[3]) } : null;
    }).filter(Boolean);
    const cut = new Set();
    const bytesOf = (start, end) => {
      const out = Buffer.alloc(end - start);
      for (const sg of segments) {
        const a = Math.max(start, sg.addr), b = Math.min(end, sg.addr + sg.bytes.length);
        if (a < b) sg.bytes.copy(out, a - start, a - sg.addr, b - sg.addr);
      }
      return out;
    };
    const groups = data.groups;
    const all = new Set();
    for (let k = 1; k <= count; k++) {
      for (const g of [...owners.moved[k]].sort((a, b) => a - b)) {
        const [start, end] = groups[g];
        dataOf[k].push(` (data (i32.const ${start}) "${watString(bytesOf(start, end))}")`);
        movedBytes[k] += end - start;
        all.add(g);
      }
    }
    for (const g of all) {
      const [start, end] = groups[g];
      for (const sg of segments) {
        const a = Math.max(start, sg.addr), b = Math.min(end, sg.addr + sg.bytes.length);
        if (a < b) {
          sg.bytes.fill(0, a - sg.addr, b - sg.addr);
          cut.add(sg);
        }
      }
    }
    for (const sg of cut) sg.it.lines = [` (data ${sg.name} (i32.const ${sg.addr}) "${watString(sg.bytes)}")`];
  }
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
  // A function already in a slot of the table that only one segment writes (and that keeps it:
  // not a placeholder's) is reached there; the others get slots of their own.
  const writers = new Map();
  const inSlot = new Map();
  for (const it of items.filter((it) => it.kind === "elem")) {
    const e = elemFuncs(it);
    if (!e) continue;
    e.names.forEach((name, k) => {
      const slot = e.offset + k;
      writers.set(slot, (writers.get(slot) || 0) + 1);
      const d = defined.get(name);
      if (!inSlot.has(name) && (d === undefined || !where[d] || stubbed[d])) inSlot.set(name, slot);
    });
  }
  for (const it of items.filter((it) => it.kind === "elem" && !elemFuncs(it))) {
    const range = elemRange(it);
    if (!range) continue;
    for (let slot = range[0]; slot < range[1]; slot++) writers.set(slot, (writers.get(slot) || 0) + 1);
  }
  const refSlot = new Map();
  const refNames = [];
  const refBase = next;
  for (const n of refs.keys()) {
    const slot = inSlot.get(n);
    if (slot !== undefined && writers.get(slot) === 1) refSlot.set(n, slot);
    else {
      refSlot.set(n, refBase + refNames.length);
      refNames.push(n);
    }
  }
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
    for (const fi of members[k]) for (const slot of slotted.get(fi) || []) out.push(` (elem (table $0) (i32.const ${slot}) func ${sigs[fi].name})`);
    for (const fi of members[k]) out.push(...funcs[fi].lines);
    out.push(...dataOf[k]);
    out.push(")");
    modules.push({ text: out.join("\n") + "\n", ...ranges[k - 1] });
  }

  // Element segments that only put nulls in the table (the chunks' slots, which each chunk
  // fills when it arrives) change nothing in a new table: they are left out, unless another
  // segment writes the same slots (then the order of the writes would matter).
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
      else if (!stubbed[f]) {
        // No stub: its slots (if any) hold a placeholder until the part arrives.
      } else {
        const s = sigs[f];
        const slot = slotOf.get(f);
        const args = s.params.map((_, k) => ` (local.get ${k})`).join("");
        primary.push(` (func ${s.name}${sigText(s)}`, `  (call ${trampolineOf(s)}${args} (i32.const ${slot}))`, " )");
      }
    } else if (it.kind === "elem" && !droppedElems.has(it) && elemFuncs(it)) {
      const e = elemFuncs(it);
      const names = e.names.map((name) => {
        const d = defined.get(name);
        if (d === undefined || !where[d] || stubbed[d]) return name;
        placeholderUsed = true;
        return "$zc_cold_absent";
      });
      primary.push(`${e.head}${names.map((n) => ` ${n}`).join("")})`);
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
  if (placeholderUsed) primary.push(" (func $zc_cold_absent", "  (unreachable)", " )");
  primary.push(
    " (func $zc_cold_ensure (param $0 i32)",
    "  (if (ref.is_null (table.get $0 (local.get $0))) (then (call $zc_cold_load (local.get $0))))",
    " )",
  );
  if (refNames.length) primary.push(` (elem (table $0) (i32.const ${refBase}) func ${refNames.join(" ")})`);
  primary.push(...newExports, ")");
  return { primary: primary.join("\n") + "\n", modules, moved: movedBytes.slice(1) };
};

// The loader, added to wasm-bindgen's glue, for the main module's moved part (scripts/split-cold.mjs can make more than one).
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
 * loaded, and the equality checks a hash table's lookup calls (through the table) only when two
 * hashes share their top bits: whether those run depends on the keys, not on the path taken, so a
 * profile cannot tell (the workflow list's keyed rows needed one before the parts had arrived). */
export const KEEP = /cold_code_unavailable|panic_notice|hashbrown\[\w+\]::raw::RawTable<.*>>::find\w*::<.*>::\{closure#\d+\}$/;

// The command.
if (import.meta.url === `file://${process.argv[1]}`) {
  const [stage, profilePath, dataMapPath] = process.argv.slice(2);
  if (!stage || !profilePath) {
    console.error("usage: node scripts/split-cold.mjs <stage dir> <profile> [data map]");
    process.exit(2);
  }
  const dataMap = dataMapPath ? JSON.parse(fs.readFileSync(dataMapPath, "utf8")) : undefined;
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
  // Two main modules from the one build, each with its later part: the project picker's (`/`),
  // which keeps what the picker's screen ran until just after its first answer, and the one every
  // other route starts with, which keeps what the workflow list's ran (see README "Size"). The
  // loader knows the variant by the main module's `zc_variant` export.
  const variants = [
    { main: "zadig-console_bg.wasm", files: ["later.wasm"], first: [profile.first_list] },
    { main: "zadig-console_bg_picker.wasm", files: ["later-picker.wasm"], first: [profile.first_picker] },
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
    const moduleOf = (i) => (fns[i].size < MIN || first[i] ? 0 : 1);
    const { primary, modules, moved } = splitText(wat, moduleOf, 1, dataMap);
    const marked = primary.replace(/\)\n$/, ` (global $zc_variant i32 (i32.const ${n}))\n (export "zc_variant" (global $zc_variant))\n)\n`);
    if (marked === primary) throw new Error("the main module's text does not end as expected");
    fs.writeFileSync(path.join(tmp, "primary.wat"), marked);
    modules.forEach((m, k) => fs.writeFileSync(path.join(tmp, `part${k}.wat`), m.text));
    opt("primary", path.join(stage, v.main));
    modules.forEach((_, k) => opt(`part${k}`, path.join(stage, v.files[k])));
    for (let k = 1; k <= v.files.length; k++) {
      const count = fns.filter((_, i) => moduleOf(i) === k).length;
      const bytes = fns.reduce((a, f, i) => a + (moduleOf(i) === k ? f.size : 0), 0);
      console.error(`[split-cold] ${v.files[k - 1]}: ${count} of ${fns.length} functions (${bytes} bytes of code), ${moved[k - 1]} bytes of data`);
    }
    return modules.map((m, k) => ({ file: v.files[k], first: m.first, end: m.end }));
  });
  fs.rmSync(tmp, { recursive: true, force: true });
  patchGlue(stage, loads);
}
