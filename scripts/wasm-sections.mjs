// Reading a WebAssembly binary's sections, its imports and its function names, for the build's
// steps that read or edit modules (scripts/assemble.mjs renames the main module's imports;
// scripts/merge-chunks.mjs compares the chunks' imports; scripts/split-cold.mjs and
// scripts/data-map.mjs read functions by name).

/** A LEB128 at `at` (signed: two's complement, 32-bit): [value, the offset after it]. */
const readLeb = (buf, at, signed) => {
  let v = 0, shift = 0, b;
  do {
    b = buf[at++];
    v += (b & 0x7f) * 2 ** shift;
    shift += 7;
  } while (b & 0x80);
  if (signed && b & 0x40) v -= 2 ** shift;
  return [v, at];
};

/** An unsigned LEB128 at `at`: [value, the offset after it]. */
export const leb = (buf, at) => readLeb(buf, at, false);

/** A signed LEB128 (32-bit) at `at`: [value, the offset after it]. */
export const sleb = (buf, at) => readLeb(buf, at, true);

/** A value as unsigned LEB128 bytes. */
export const lebBytes = (v) => {
  const out = [];
  do {
    let b = v % 128;
    v = Math.floor(v / 128);
    if (v) b |= 0x80;
    out.push(b);
  } while (v);
  return Buffer.from(out);
};

/** The sections after the header, in order: { id, start, body, end } (start is the id's byte). */
export const sections = (wasm) => {
  const out = [];
  let at = 8;
  while (at < wasm.length) {
    const [size, body] = leb(wasm, at + 1);
    out.push({ id: wasm[at], start: at, body, end: body + size });
    at = body + size;
  }
  return out;
};

/** The entries of an import section's body: { module, name, desc } (desc: the kind byte and the
 * type that follows it, as bytes). */
export const importEntries = (wasm, body) => {
  let [count, p] = leb(wasm, body);
  const out = [];
  while (count--) {
    const [ml, m0] = leb(wasm, p);
    const module = wasm.subarray(m0, m0 + ml).toString();
    const [nl, n0] = leb(wasm, m0 + ml);
    const name = wasm.subarray(n0, n0 + nl).toString();
    const d0 = n0 + nl;
    let d = d0 + 1;
    const kind = wasm[d0];
    if (kind === 0) d = leb(wasm, d)[1];
    else if (kind === 1) {
      const flags = wasm[d + 1];
      d = leb(wasm, d + 2)[1];
      if (flags & 1) d = leb(wasm, d)[1];
    } else if (kind === 2) {
      const flags = wasm[d];
      d = leb(wasm, d + 1)[1];
      if (flags & 1) d = leb(wasm, d)[1];
    } else if (kind === 3) d += 2;
    else if (kind === 4) d = leb(wasm, d + 1)[1];
    else throw new Error(`import kind ${kind}`);
    out.push({ module, name, desc: wasm.subarray(d0, d) });
    p = d;
  }
  return out;
};

/** Function names by function index, from the name section's first subsection (empty without
 * one). */
export const functionNames = (wasm) => {
  const names = new Map();
  for (const s of sections(wasm)) {
    if (s.id !== 0) continue;
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
  return names;
};

/** The number of imported functions. */
export const importedFunctions = (wasm) => {
  const s = sections(wasm).find((s) => s.id === 2);
  return s ? importEntries(wasm, s.body).filter((e) => e.desc[0] === 0).length : 0;
};
