// The size report: per landing route, the bytes a cold first visit fetches before its first data
// (gzip -9 and brotli 11), and every chunk fetched on first use. Reads dist/manifest.json, which
// scripts/build writes.   node scripts/size.mjs [dist dir]
import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";
import { execFileSync } from "node:child_process";

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");
const dist = process.argv[2] || path.join(root, "dist");
const manifest = JSON.parse(fs.readFileSync(path.join(dist, "manifest.json"), "utf8"));
const budget = JSON.parse(fs.readFileSync(path.join(root, "scripts/size-budget.json"), "utf8"));

// gzip itself, as the budget test measures; brotli from Node's zlib (quality 11, as shipped).
const sizes = (name) => {
  const data = fs.readFileSync(path.join(dist, name));
  return {
    raw: data.length,
    gzip: execFileSync("gzip", ["-9", "-c", path.join(dist, name)], { maxBuffer: 1 << 30 }).length,
    br: zlib.brotliCompressSync(data, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
  };
};
const sum = (names) =>
  names.map(sizes).reduce((a, b) => ({ raw: a.raw + b.raw, gzip: a.gzip + b.gzip, br: a.br + b.br }), { raw: 0, gzip: 0, br: 0 });
const n = (x) => x.toLocaleString("en-US");
const row = (cells, widths) => cells.map((c, i) => (i === 0 ? String(c).padEnd(widths[i]) : String(c).padStart(widths[i]))).join("  ");

const w = [34, 11, 11, 11, 11];
console.log("Landing routes: bytes fetched before the first data");
console.log(row(["route", "raw", "gzip -9", "brotli 11", "budget gz"], w));
let over = false;
for (const [route, b] of Object.entries(budget.routes)) {
  const s = sum(manifest.first_load[route]);
  if (s.gzip > b.gzip) over = true;
  console.log(row([`${route} (${b.name})`, n(s.raw), n(s.gzip), n(s.br), n(b.gzip) + (s.gzip > b.gzip ? " OVER" : "")], w));
}
console.log("\nFiles of the first load");
console.log(row(["file", "raw", "gzip -9", "brotli 11", ""], w));
for (const f of [...new Set(Object.values(manifest.first_load).flat())]) {
  const s = sizes(f);
  const only = Object.entries(manifest.first_load).filter(([, files]) => files.includes(f)).map(([r]) => r);
  const which = only.length === Object.keys(manifest.first_load).length ? "" : `only ${only.join(" ")}`;
  console.log(row([f, n(s.raw), n(s.gzip), n(s.br), which], w));
}
console.log("\nChunks: fetched on first use (files a chunk needs, shared ones counted in each)");
console.log(row(["chunk", "raw", "gzip -9", "brotli 11", "files"], w));
for (const [name, files] of Object.entries(manifest.chunks).sort()) {
  const s = sum(files);
  console.log(row([name, n(s.raw), n(s.gzip), n(s.br), files.length], w));
}
// The main module's later part and the later stylesheet: asked for once the first
// answer is in, and awaited by every chunk.
for (const f of manifest.later || []) {
  const s = sizes(f);
  const part = f.endsWith(".css") ? "later stylesheet" : (/^later/.test(f) ? "later" : "cold") + (/-picker-/.test(f) ? " part (picker's)" : " part");
  console.log(row([f.endsWith(".css") ? part : `main module: ${part}`, n(s.raw), n(s.gzip), n(s.br), 1], w));
}
if (manifest.log_colours) {
  const s = sizes(manifest.log_colours);
  console.log(row(["log colours (stylesheet)", n(s.raw), n(s.gzip), n(s.br), 1], w));
}
const every = [...new Set(Object.values(manifest.chunks).flat())];
const all = sum(every);
console.log(row([`all chunk files (${every.length})`, n(all.raw), n(all.gzip), n(all.br), ""], w));
if (over) console.log("\nA landing route is over its budget.");
