// Where the main module's data objects are after wasm-split, and which point to which
// (scripts/build runs it between wasm-split-cli and wasm-bindgen):
//   node scripts/data-map.mjs <linked wasm> <wasm-split's main module> <out.json>
// wasm-split lays the main module's data out anew, so the linked module's symbols do not say
// where an object is in the shipped module. Its relocations do: the linked module (built with
// --emit-relocs) records, for every place in the code that holds a data address, the symbol and
// addend, and wasm-split writes the new address into that same place of the same function
// (relocated values keep their width). Reading those places in wasm-split's output gives each
// symbol the main module's code uses its new address; the data relocations then give the symbols
// only other data points to, and which object points to which. Every object's bytes are checked
// against the linked module's (relocated places aside): a mismatch stops the build.
// scripts/split-cold.mjs uses the map to move read-only data only moved code needs.
import fs from "node:fs";
import { functionNames, importedFunctions, leb, sections, sleb } from "./wasm-sections.mjs";

const customName = (wasm, s) => {
  const [nl, q] = leb(wasm, s.body);
  return [wasm.subarray(q, q + nl).toString(), q + nl];
};

/** Defined functions' bodies: [start, end) in the file, in order. */
const bodies = (wasm) => {
  const s = sections(wasm).find((s) => s.id === 10);
  let [n, p] = leb(wasm, s.body);
  const out = [];
  for (let i = 0; i < n; i++) {
    const [size, q] = leb(wasm, p);
    out.push([q, q + size]);
    p = q + size;
  }
  return out;
};

/** Active data segments: { addr, at, len } (at: the bytes' offset in the file). */
export const dataSegments = (wasm) => {
  const s = sections(wasm).find((s) => s.id === 11);
  if (!s) return [];
  let [n, p] = leb(wasm, s.body);
  const out = [];
  for (let i = 0; i < n; i++) {
    const [flags, q] = leb(wasm, p);
    p = q;
    let addr = null;
    if (flags === 0 || flags === 2) {
      if (flags === 2) p = leb(wasm, p)[1];
      if (wasm[p] !== 0x41) throw new Error("a data segment's offset is not i32.const");
      [addr, p] = sleb(wasm, p + 1);
      if (wasm[p++] !== 0x0b) throw new Error("a data segment's offset is not one constant");
    } else if (flags !== 1) throw new Error(`data segment flags ${flags}`);
    const [len, r] = leb(wasm, p);
    out.push({ addr, at: r, len });
    p = r + len;
  }
  return out;
};

/** The linking section: data symbols { name, segment, offset, size } by symbol index (others
 * null) and the segments' names. */
const linking = (wasm) => {
  const s = sections(wasm).find((s) => s.id === 0 && customName(wasm, s)[0] === "linking");
  if (!s) throw new Error("the linked module has no linking section (link with --emit-relocs)");
  let p = customName(wasm, s)[1];
  [, p] = leb(wasm, p); // version
  const symbols = [];
  const segmentNames = [];
  while (p < s.end) {
    const type = wasm[p];
    const [size, body] = leb(wasm, p + 1);
    let r = body;
    const str = () => {
      const [l, q] = leb(wasm, r);
      r = q + l;
      return wasm.subarray(q, q + l).toString();
    };
    const u = () => {
      const [v, q] = leb(wasm, r);
      r = q;
      return v;
    };
    if (type === 8) {
      const n = u();
      for (let i = 0; i < n; i++) {
        const kind = wasm[r++];
        const flags = u();
        const undefinedSym = flags & 0x10;
        if (kind === 1) {
          const name = str();
          if (undefinedSym) symbols.push(null);
          else symbols.push({ name, segment: u(), offset: u(), size: u() });
        } else if (kind === 3) {
          u();
          symbols.push(null);
        } else {
          u();
          if (!undefinedSym || flags & 0x40) str();
          symbols.push(null);
        }
      }
    } else if (type === 5) {
      const n = u();
      for (let i = 0; i < n; i++) {
        segmentNames.push(str());
        u();
        u();
      }
    }
    p = body + size;
  }
  return { symbols, segmentNames };
};

/** A relocation section's entries: { type, offset, index, addend }. */
const relocs = (wasm, name) => {
  const s = sections(wasm).find((s) => s.id === 0 && customName(wasm, s)[0] === name);
  if (!s) throw new Error(`the linked module has no ${name} section (link with --emit-relocs)`);
  let p = customName(wasm, s)[1];
  [, p] = leb(wasm, p); // the section it applies to
  let n;
  [n, p] = leb(wasm, p);
  const out = [];
  const WITH_ADDEND = new Set([3, 4, 5, 8, 9, 11, 14, 15, 16, 17, 21, 22, 23, 25]);
  for (let i = 0; i < n; i++) {
    const type = wasm[p++];
    let offset, index, addend = 0;
    [offset, p] = leb(wasm, p);
    [index, p] = leb(wasm, p);
    if (WITH_ADDEND.has(type)) [addend, p] = sleb(wasm, p);
    out.push({ type, offset, index, addend });
  }
  return out;
};

/** The value a memory-address relocation of `type` holds at `at`. */
const relocValue = (wasm, type, at) => {
  if (type === 3) return leb(wasm, at)[0];
  if (type === 4) return sleb(wasm, at)[0];
  if (type === 5) return wasm.readUInt32LE(at);
  throw new Error(`relocation type ${type} against data is not expected in a wasm32 non-PIC build`);
};

/**
 * The map: { groups: [{ start, end, readonly }] sorted by start (overlapping symbols, such as
 * merged string tails, form one group), edges: [[from, to]] (group indices: `from` holds a
 * pointer into `to`), outside: [[address, group]] (an address the code names outside the group
 * it stands for) }.
 */
export const dataMap = (linked, split) => {
  const { symbols, segmentNames } = linking(linked);
  const codeRelocs = relocs(linked, "reloc.CODE");
  const dataRelocs = relocs(linked, "reloc.DATA");
  const linkedCode = sections(linked).find((s) => s.id === 10);
  const linkedData = sections(linked).find((s) => s.id === 11);
  const linkedSegs = dataSegments(linked);

  // Functions of wasm-split's main module, matched to the linked module's by name.
  const lNames = functionNames(linked);
  const sNames = functionNames(split);
  const lImported = importedFunctions(linked);
  const sImported = importedFunctions(split);
  const lBodies = bodies(linked);
  const sBodies = bodies(split);
  const lByName = new Map();
  for (const [idx, name] of lNames) if (idx >= lImported) lByName.set(name, lByName.has(name) ? -1 : idx - lImported);

  // The new address of every data symbol the main module's code refers to.
  const address = new Map();
  const setAddress = (sym, value, where) => {
    if (address.has(sym) && address.get(sym) !== value) {
      throw new Error(`data symbol ${symbols[sym].name} at two addresses (${address.get(sym)}, ${value}) ${where}`);
    }
    address.set(sym, value);
  };
  const relocsByBody = codeRelocs
    .filter((r) => [3, 4, 5].includes(r.type) && symbols[r.index])
    .map((r) => ({ ...r, at: linkedCode.body + r.offset }))
    .sort((a, b) => a.at - b.at);
  const firstAtOrAfter = (at) => {
    let lo = 0, hi = relocsByBody.length;
    while (lo < hi) {
      const m = (lo + hi) >> 1;
      if (relocsByBody[m].at < at) lo = m + 1;
      else hi = m;
    }
    return lo;
  };
  let matched = 0;
  const values = []; // [value, symbol]: what each relocated place in the code holds
  sBodies.forEach(([s0, s1], i) => {
    const name = sNames.get(sImported + i);
    const li = name === undefined ? undefined : lByName.get(name);
    if (li === undefined || li < 0) return;
    const [l0, l1] = lBodies[li];
    if (l1 - l0 !== s1 - s0) throw new Error(`function ${name} changed size in wasm-split`);
    matched++;
    for (let k = firstAtOrAfter(l0); k < relocsByBody.length && relocsByBody[k].at < l1; k++) {
      const r = relocsByBody[k];
      const value = relocValue(split, r.type, s0 + (r.at - l0));
      setAddress(r.index, value - r.addend, `in ${name}`);
      values.push([value, r.index]);
    }
  });

  // The main module's data as memory: bytes and which are there.
  const sSegs = dataSegments(split).filter((s) => s.addr !== null && s.len > 0);
  const lo = Math.min(...sSegs.map((s) => s.addr));
  const hi = Math.max(...sSegs.map((s) => s.addr + s.len));
  const mem = Buffer.alloc(hi - lo);
  const present = new Uint8Array(hi - lo);
  for (const s of sSegs) {
    split.copy(mem, s.addr - lo, s.at, s.at + s.len);
    present.fill(1, s.addr - lo, s.addr - lo + s.len);
  }
  const inMain = (a, n) => a >= lo && a + n <= hi && present.subarray(a - lo, a - lo + n).every((b) => b);

  // Data relocations: where each lies in its segment, and the symbols holding it.
  const dataSites = dataRelocs
    .filter((r) => r.type === 2 || r.type === 26 || (r.type === 5 && symbols[r.index]))
    .map((r) => {
      const at = linkedData.body + r.offset;
      const seg = linkedSegs.findIndex((s) => at >= s.at && at < s.at + s.len);
      if (seg < 0) throw new Error(`a data relocation outside the data segments (${r.offset})`);
      return { ...r, seg, pos: at - linkedSegs[seg].at };
    });
  if (dataRelocs.some((r) => [3, 4, 11, 14, 15, 16, 17, 21, 23, 25].includes(r.type))) {
    throw new Error("a data relocation of an unexpected type");
  }
  const bySegment = new Map();
  symbols.forEach((s, i) => {
    if (!s || s.size === 0) return;
    if (!bySegment.has(s.segment)) bySegment.set(s.segment, []);
    bySegment.get(s.segment).push(i);
  });
  const holders = (site) =>
    (bySegment.get(site.seg) || []).filter((i) => symbols[i].offset <= site.pos && site.pos + 4 <= symbols[i].offset + symbols[i].size);
  const sitesOf = new Map();
  for (const site of dataSites) {
    for (const h of holders(site)) {
      if (!sitesOf.has(h)) sitesOf.set(h, []);
      sitesOf.get(h).push(site);
    }
  }
  // Symbols only data points to: their addresses from the relocated words of known holders.
  const edges = [];
  const todo = [...address.keys()];
  const seen = new Set();
  while (todo.length) {
    const h = todo.pop();
    if (seen.has(h)) continue;
    seen.add(h);
    const sym = symbols[h];
    if (!inMain(address.get(h), sym.size)) continue;
    for (const site of sitesOf.get(h) || []) {
      if (site.type !== 5) continue;
      const word = mem.readUInt32LE(address.get(h) + (site.pos - sym.offset) - lo);
      const target = symbols[site.index];
      if (target.size === 0) continue;
      if (!address.has(site.index)) {
        setAddress(site.index, word - site.addend, `pointed to by ${sym.name}`);
        todo.push(site.index);
      } else if (address.get(site.index) !== word - site.addend) {
        throw new Error(`data symbol ${target.name} at two addresses, pointed to by ${sym.name}`);
      }
      edges.push([h, site.index]);
    }
  }

  // Each placed symbol's bytes must be the linked module's, relocated places aside.
  const objects = [];
  for (const [i, a] of address) {
    const s = symbols[i];
    if (s.size === 0 || !inMain(a, s.size)) continue;
    const src = linkedSegs[s.segment];
    const mask = new Uint8Array(s.size);
    for (const site of sitesOf.get(i) || []) mask.fill(1, site.pos - s.offset, site.pos - s.offset + 4);
    for (let k = 0; k < s.size; k++) {
      if (!mask[k] && linked[src.at + s.offset + k] !== mem[a - lo + k]) {
        throw new Error(`data symbol ${s.name} does not hold its bytes at ${a} (byte ${k})`);
      }
    }
    objects.push({ sym: i, start: a, end: a + s.size, readonly: /^\.rodata/.test(segmentNames[s.segment] || "") });
  }
  objects.sort((x, y) => x.start - y.start || y.end - x.end);
  const groups = [];
  const groupOf = new Map();
  for (const o of objects) {
    const g = groups[groups.length - 1];
    if (g && o.start < g.end) {
      g.end = Math.max(g.end, o.end);
      g.readonly = g.readonly && o.readonly;
    } else groups.push({ start: o.start, end: o.end, readonly: o.readonly });
    groupOf.set(o.sym, groups.length - 1);
  }
  const groupEdges = new Set();
  for (const [a, b] of edges) {
    if (groupOf.has(a) && groupOf.has(b) && groupOf.get(a) !== groupOf.get(b)) groupEdges.add(`${groupOf.get(a)} ${groupOf.get(b)}`);
  }
  // Addresses the code names outside the object they stand for (an addend before its start or
  // past its end: `TABLE[i - 1]` is read at TABLE - 4 + 4i), by the object they stand for.
  const outside = new Map();
  for (const [value, sym] of values) {
    const g = groupOf.get(sym);
    if (g === undefined) continue;
    if (value < groups[g].start || value > groups[g].end) outside.set(`${value} ${g}`, [value, g]);
  }
  return {
    matched,
    outside: [...outside.values()],
    groups,
    edges: [...groupEdges].map((e) => e.split(" ").map(Number)),
  };
};

if (import.meta.url === `file://${process.argv[1]}`) {
  const [linkedPath, splitPath, outPath] = process.argv.slice(2);
  if (!outPath) {
    console.error("usage: node scripts/data-map.mjs <linked wasm> <wasm-split main> <out.json>");
    process.exit(2);
  }
  const map = dataMap(fs.readFileSync(linkedPath), fs.readFileSync(splitPath));
  const bytes = map.groups.reduce((a, g) => a + g.end - g.start, 0);
  console.error(`[data-map] ${map.groups.length} objects (${bytes} bytes) in the main module's data, ${map.edges.length} pointers between them; ${map.matched} functions matched`);
  fs.writeFileSync(outPath, JSON.stringify({ groups: map.groups.map((g) => [g.start, g.end, g.readonly ? 1 : 0]), edges: map.edges, outside: map.outside }));
}
