// Assembles dist/ from the split, bound and optimised wasm (scripts/build runs it):
//   node scripts/assemble.mjs <stage dir> <dist dir> <public url>
// <stage dir> holds wasm-bindgen's zadig-console.js and zadig-console_bg.wasm, wasm-split's
// __wasm_split.js and one .wasm per chunk. This step minifies the JavaScript and CSS, names every
// built file with one hash of the whole build (the files refer to each other in a cycle, so one
// hash for all), writes index.html from the project's template, copies public/, precompresses
// the hashed files (.gz and .br) and writes manifest.json, which the size report reads.
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";
import { createRequire } from "node:module";
import { importEntries, lebBytes, sections } from "./wasm-sections.mjs";
import { splitStyles } from "./styles.mjs";

const [stage, dist, publicUrl] = process.argv.slice(2);
if (!stage || !dist || !publicUrl) {
  console.error("usage: node scripts/assemble.mjs <stage dir> <dist dir> <public url>");
  process.exit(2);
}
const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");
const esbuild = createRequire(process.env.ESBUILD_DIR + "/")("esbuild");

const read = (p) => fs.readFileSync(p);
const text = (p) => fs.readFileSync(p, "utf8");

// What the stage holds, by role.
const names = fs.readdirSync(stage);
// The project picker's own main module (scripts/split-cold.mjs), when the build has one.
const PICKER = "zadig-console_bg_picker.wasm";
const pickerMain = names.includes(PICKER);
const chunkWasm = names.filter((n) => n.endsWith(".wasm") && n !== "zadig-console_bg.wasm" && n !== PICKER).sort();
const built = ["zadig-console.js", "zadig-console_bg.wasm", ...(pickerMain ? [PICKER] : []), "__wasm_split.js", ...chunkWasm];
for (const n of built) {
  if (!names.includes(n)) throw new Error(`the stage lacks ${n}`);
}

// The boot module: starts the wasm, and exposes its exports for the benchmark command. When the
// code cannot be fetched or started, the shell says so and offers a reload instead of loading
// for ever. (The main module is imported dynamically so a failed fetch of it is caught too.)
const boot = `
const failed = () => {
  const shell = document.getElementById("boot");
  if (!shell) return;
  shell.querySelector(".loading")?.remove();
  const notice = document.getElementById("boot-failed");
  notice.hidden = false;
  notice.querySelector("button").addEventListener("click", () => location.reload());
};
try {
  const bindings = await import("./zadig-console.js");
  // The main module embed-boot.js chose for this route and is already fetching (the project
  // picker's own where the build has one), else the full one.
  await bindings.default({ module_or_path: window.__zcMain || new URL("./zadig-console_bg.wasm", import.meta.url) });
  window.wasmBindings = bindings;
} catch (e) {
  failed();
}`;

// The log viewer's colour classes are a stylesheet of their own, out of the first load: the
// console adds it once the page is idle or when a log is first shown (browser::load_log_colours,
// which finds it by the meta below).
const logColours = text(path.join(root, "style/ansi.css"));

// Short import names. wasm-bindgen names each of the main module's ~260 imports from JS like
// `__wbg_set_attribute_2b3a1c4d5e6f7a8b`, in one module "./zadig-console_bg.js", and the glue
// spells each name again as a key of its import object: some 6 KB gzip of names between the two
// files. They are renamed together (a, b, … aa, …; the module "w"), and the build stops if the
// glue does not hold each name exactly once as such a key.
const nameBytes = (s) => Buffer.concat([lebBytes(Buffer.byteLength(s)), Buffer.from(s)]);
const shortName = (i) => {
  const abc = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
  let s = "";
  do {
    s = abc[i % 52] + s;
    i = Math.floor(i / 52) - 1;
  } while (i >= 0);
  return s;
};
// `renamed` (old name to short name) grows as names come and serves every main module of the
// build, so the one glue fits each.
const shortenImports = (wasm, module, short, renamed) => {
  const parts = [wasm.subarray(0, 8)];
  for (const s of sections(wasm)) {
    if (s.id !== 2) {
      parts.push(wasm.subarray(s.start, s.end));
      continue;
    }
    const imports = importEntries(wasm, s.body);
    const entries = [lebBytes(imports.length)];
    for (const { module: mod, name, desc } of imports) {
      if (mod === module) {
        if (!renamed.has(name)) renamed.set(name, shortName(renamed.size));
        entries.push(nameBytes(short), nameBytes(renamed.get(name)));
      } else {
        entries.push(nameBytes(mod), nameBytes(name));
      }
      entries.push(desc);
    }
    const content = Buffer.concat(entries);
    parts.push(Buffer.from([2]), lebBytes(content.length), content);
  }
  return Buffer.concat(parts);
};
/** A module's data segments' bytes, as text (where its views' class names are). */
const dataOf = (wasm) => {
  const data = sections(wasm).find((s) => s.id === 11);
  return data ? wasm.subarray(data.body, data.end).toString("latin1") : "";
};

// The later stylesheet (splitStyles) is fetched with the main module's later part:
// `zcColdLoad`, which every chunk load awaits, waits for it too, and a failure is tried again by
// the next call, as a part's is. A part loaded at once (code needed before the parts arrived) asks
// for it too: that code's class names may be in the part's data only.
const withLaterStyles = (glue) => {
  const from = "export function zcColdLoad() {\n  return Promise.all(zcParts().map(zcLoad));\n}\n";
  if (glue.split(from).length !== 2) throw new Error("the glue does not hold zcColdLoad as expected");
  const now = "function zcLoadNow(part) {\n  if (part.done) return;\n";
  if (glue.split(now).length !== 2) throw new Error("the glue does not hold zcLoadNow as expected");
  glue = glue.replace(now, `${now}  zcLoadStyles().catch(() => {});\n`);
  return glue.replace(
    from,
    `let zcStyles;
function zcLoadStyles() {
  zcStyles = zcStyles || new Promise((loaded, failed) => {
    const link = document.createElement("link");
    link.rel = "stylesheet";
    link.href = new URL("./later.css", import.meta.url).href;
    link.onload = () => loaded();
    link.onerror = () => {
      link.remove();
      zcStyles = undefined;
      failed(new Error("zadig-console: the stylesheet could not be loaded"));
    };
    document.head.appendChild(link);
  });
  return zcStyles;
}
export function zcColdLoad() {
  return Promise.all([...zcParts().map(zcLoad), zcLoadStyles()]);
}
`,
  );
};

// wasm-split's loader (__wasm_split.js) is needed only when a chunk is first asked for: the glue
// imports it then (`import()`), and the main module's imports from it are functions that wait for
// it. If it cannot be fetched, the chunk's load fails as a failed fetch of the chunk would (its
// callback is told so), and the next request tries again.
const lazySplitLoader = (glue) => {
  const line = /^import \* as (import\d+) from "\.\/__wasm_split\.js"\n/gm;
  const names = [...glue.matchAll(line)].map((m) => m[1]);
  if (!names.length) throw new Error("the glue does not import __wasm_split.js");
  let js = glue.replace(line, "");
  for (const n of names) {
    const key = `"./__wasm_split.js": ${n},`;
    if (js.split(key).length !== 2) throw new Error(`the glue does not hand ${n} to the wasm once`);
    js = js.replace(key, '"./__wasm_split.js": zcSplitImports,');
  }
  if (/\bimport\d+\b/.test(js.replace(/\bimport0\b/g, ""))) throw new Error("the glue still uses a static import of __wasm_split.js");
  return `let zcSplitLoader, zcSplitTries = 0;
const zcSplit = (name) => (index, data) => {
  zcSplitLoader = zcSplitLoader || import("./__wasm_split.js" + (zcSplitTries++ ? "?try=" + zcSplitTries : "")).catch((e) => {
    zcSplitLoader = undefined;
    throw e;
  });
  zcSplitLoader.then((m) => m[name](index, data), () => wasm.__indirect_function_table.get(index)(data, false));
};
const zcSplitImports = new Proxy({}, { get: (_, name) => zcSplit(name) });
${js}`;
};

const shortenGlue = (glue, module, short, renamed) => {
  let js = glue;
  for (const [name, to] of renamed) {
    const key = new RegExp(`^(\\s+)${name}:`, "gm");
    const found = js.match(key) || [];
    if (found.length !== 1) throw new Error(`the glue names the import ${name} ${found.length} times`);
    js = js.replace(key, `$1${to}:`);
    if (js.includes(name)) throw new Error(`the glue uses the import name ${name} otherwise`);
  }
  const modKey = `${JSON.stringify(module)}: import0,`;
  if (js.split(modKey).length !== 2) throw new Error(`the glue has no single ${modKey}`);
  return js.replace(modKey, `${JSON.stringify(short)}: import0,`);
};
// Leptos depends on server_fn, whose browser build exports wasm-streams' three stream classes
// (IntoUnderlyingSource, IntoUnderlyingSink, IntoUnderlyingByteSource) from the wasm. The console
// calls no server function, so nothing creates them: scripts/build removes their wasm exports
// (the code behind them goes with them) and this drops their glue. The build stops if the glue
// does not hold the three classes as expected, still names them afterwards, or the wasm still
// exports them.
const dropStreamClasses = (glue) => {
  let js = glue;
  for (const c of ["IntoUnderlyingByteSource", "IntoUnderlyingSink", "IntoUnderlyingSource"]) {
    const parts = [
      new RegExp(`^export class ${c} \\{\\n[\\s\\S]*?^\\}\\n`, "m"),
      new RegExp(`^if \\(Symbol\\.dispose\\) ${c}\\.prototype\\[Symbol\\.dispose\\] = ${c}\\.prototype\\.free;\\n`, "m"),
      new RegExp(`^const ${c}Finalization = [^;]*;\\n`, "m"),
    ];
    for (const re of parts) {
      if ((js.match(new RegExp(re.source, "gm")) || []).length !== 1) throw new Error(`the glue does not hold ${re} once`);
      js = js.replace(re, "");
    }
  }
  if (/intounderlying/i.test(js)) throw new Error("the glue still names a stream class");
  return js;
};
const stagedWasm = read(path.join(stage, "zadig-console_bg.wasm"));
// The other half of the step: the main module must no longer export them (names are bytes of
// its export section; the build strips the name section).
if (stagedWasm.includes("intounderlying")) throw new Error("the main module still exports a stream class");
const renamed = new Map();
const mainWasm = shortenImports(stagedWasm, "./zadig-console_bg.js", "w", renamed);
const pickerWasm = pickerMain && shortenImports(read(path.join(stage, PICKER)), "./zadig-console_bg.js", "w", renamed);
const shortGlue = shortenGlue(dropStreamClasses(text(path.join(stage, "zadig-console.js"))), "./zadig-console_bg.js", "w", renamed);
// A build without the main module's parts (scripts/profile's) keeps the stylesheet whole.
const withParts = shortGlue.includes("export function zcColdLoad()");
const glue = lazySplitLoader(withParts ? withLaterStyles(shortGlue) : shortGlue);

// The stylesheet in two: the rules what the main module draws may need (style.css, in the first
// load) and those only the chunks' screens use (later.css, fetched with the main module's later
// and cold parts, which every chunk waits for: see splitStyles).
const styles = text(path.join(root, "style/main.css"));
const { first: css, later: laterCss } = withParts
  ? splitStyles(styles, [
      ...[mainWasm, pickerWasm].filter(Boolean).map(dataOf),
      text(path.join(root, "index.html")),
      text(path.join(root, "public/embed-boot.js")),
      glue,
      boot,
    ])
  : { first: styles, later: "" };

const sources = new Map([
  ["boot.js", Buffer.from(boot)],
  ["style.css", Buffer.from(css)],
  ["later.css", Buffer.from(laterCss)],
  ["ansi.css", Buffer.from(logColours)],
  ...built.map((n) => [
    n,
    n === "zadig-console_bg.wasm" ? mainWasm : n === PICKER ? pickerWasm : n === "zadig-console.js" ? Buffer.from(glue) : read(path.join(stage, n)),
  ]),
]);
const hash = createHash("sha256");
for (const [n, b] of sources) hash.update(n).update(b);
const tag = hash.digest("hex").slice(0, 16);
const hashed = (n) => {
  const dot = n.indexOf(".");
  return `${n.slice(0, dot)}-${tag}${n.slice(dot)}`;
};

// A built file refers to a sibling by `from "./name"` (an import) or `new URL("./name", …)` (a
// fetch). Only those are renamed: the same string as a key of the wasm's import object is the
// name the wasm itself imports by, and stays.
const relink = (code) => {
  for (const n of sources.keys()) {
    for (const q of ['"', "'"]) {
      for (const lead of ["from ", "new URL(", "import("]) {
        for (const dot of ["./", ""]) {
          code = code.split(`${lead}${q}${dot}${n}${q}`).join(`${lead}${q}./${hashed(n)}${q}`);
        }
      }
    }
  }
  return code;
};
const minify = (code, loader) =>
  esbuild.transformSync(code, { loader, minify: true, format: loader === "js" ? "esm" : undefined, target: "es2022", legalComments: "none" }).code;

fs.rmSync(dist, { recursive: true, force: true });
fs.mkdirSync(dist, { recursive: true });
const out = new Map();
for (const [n, b] of sources) {
  let data = b;
  if (n.endsWith(".js")) data = Buffer.from(minify(relink(b.toString("utf8")), "js"));
  if (n.endsWith(".css")) data = Buffer.from(minify(b.toString("utf8"), "css"));
  out.set(n, data);
  fs.writeFileSync(path.join(dist, hashed(n)), data);
}

// index.html: the template without Trunk's directives, pointing at the hashed files. Paths are
// relative to <base>, so a sub-path deployment changes <base href> alone.
let html = text(path.join(root, "index.html"));
html = html.replace(/<base data-trunk-public-url\s*\/>/, `<base href="${publicUrl}" />`);
html = html.replace(/^\s*<link data-trunk[^>]*>\n/gm, "");
const head = [
  `<link rel="stylesheet" href="${hashed("style.css")}" />`,
  `<meta name="zc-log-colours" content="${hashed("ansi.css")}" />`,
  `<link rel="modulepreload" href="${hashed("boot.js")}" />`,
  `<link rel="modulepreload" href="${hashed("zadig-console.js")}" />`,
  `<script type="module" src="${hashed("boot.js")}"></script>`,
].map((l) => `    ${l}\n`).join("");
// Which main module a route starts with: embed-boot.js (the page's first script) reads this,
// starts fetching the module at once and tells boot.js.
const bootScript = '<script src="embed-boot.js"></script>';
if (html.split(bootScript).length !== 2) throw new Error("index.html does not load embed-boot.js once");
html = html.replace(
  bootScript,
  `<meta name="zc-main" content="${hashed("zadig-console_bg.wasm")}"${pickerMain ? ` data-picker="${hashed(PICKER)}"` : ""} />\n    ${bootScript}`,
);
if (!html.includes("  </head>")) throw new Error("index.html has no </head>");
html = html.replace("  </head>", `${head}  </head>`);
fs.writeFileSync(path.join(dist, "index.html"), html);

// public/ as it is, but the page's first script minified (it is in every first load; a classic
// script, so no module format).
const copied = [];
for (const n of fs.readdirSync(path.join(root, "public")).sort()) {
  if (n === "embed-boot.js") {
    const code = esbuild.transformSync(text(path.join(root, "public", n)), { loader: "js", minify: true, target: "es2017", legalComments: "none" }).code;
    fs.writeFileSync(path.join(dist, n), code);
  } else {
    fs.copyFileSync(path.join(root, "public", n), path.join(dist, n));
  }
  copied.push(n);
}

// Precompressed twins for servers that send them as they are (README "Size"): the hashed files
// and the embed scripts. index.html and config.json are left alone: deployments edit them.
const precompress = [...sources.keys()].map(hashed).concat(["embed-boot.js", "zadig-console-embed.js"]);
for (const n of precompress) {
  const data = read(path.join(dist, n));
  fs.writeFileSync(path.join(dist, n + ".gz"), zlib.gzipSync(data, { level: 9 }));
  fs.writeFileSync(
    path.join(dist, n + ".br"),
    zlib.brotliCompressSync(data, {
      params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: data.length },
    }),
  );
}

// What the page fetches before it can ask for data (the landing routes' code is all in the main
// module), and what each chunk adds when it is first used.
const splitJs = text(path.join(stage, "__wasm_split.js"));
const chunks = {};
for (const m of splitJs.matchAll(/export const __wasm_split_load_(\w+) = wrapAsyncCb\(makeLoad\(\(\) => \{\s*const src = fetch\(new URL\("\.\/([^"]+)"[\s\S]*?\}\s*,\s*\[([^\]]*)\]\)\);/g)) {
  chunks[m[1]] = { file: hashed(m[2]), deps: m[3].split(",").map((s) => s.trim()).filter(Boolean) };
}
// Dependencies are named by their loader variables; resolve them to files.
for (const m of splitJs.matchAll(/const (\w+) = makeLoad\(\(\) => \{\s*const src = fetch\(new URL\("\.\/([^"]+)"/g)) {
  chunks[m[1]] = chunks[m[1]] || { file: hashed(m[2]), deps: [], shared: true };
}
const files = (name, seen = new Set()) => {
  const c = chunks[name];
  if (!c || seen.has(name)) return [];
  seen.add(name);
  return [c.file, ...c.deps.flatMap((d) => files(d, seen))];
};
// Every chunk load waits for the running main module's later part (scripts/split-cold.mjs) and
// the later stylesheet, so each chunk counts them among its files (the full main module's part;
// the picker's is fetched instead only where the page started on the picker); all are listed on
// their own.
const parts = ["later.wasm", "cold.wasm"].filter((n) => names.includes(n)).map(hashed);
const pickerParts = ["later-picker.wasm", "cold-picker.wasm"].filter((n) => names.includes(n)).map(hashed);
// What a cold visit to each landing route fetches before its first answer.
const shared = ["index.html", "config.json", "embed-boot.js", "favicon.svg", ...["style.css", "boot.js", "zadig-console.js"].map(hashed)];
const manifest = {
  tag,
  log_colours: hashed("ansi.css"),
  first_load: {
    "/": [...shared, hashed(pickerMain ? PICKER : "zadig-console_bg.wasm")],
    "/projects/:project": [...shared, hashed("zadig-console_bg.wasm")],
  },
  chunks: Object.fromEntries(
    Object.entries(chunks)
      .filter(([, c]) => !c.shared)
      .map(([name, c]) => [name, [...new Set([hashed("__wasm_split.js"), ...files(name), ...parts, hashed("later.css")])]]),
  ),
  later: [...parts, ...pickerParts, hashed("later.css")],
  copied,
};
for (const n of Object.values(manifest.first_load).flat().concat(manifest.later, Object.values(manifest.chunks).flat())) {
  if (!fs.existsSync(path.join(dist, n))) throw new Error(`manifest names a missing file: ${n}`);
}
fs.writeFileSync(path.join(dist, "manifest.json"), JSON.stringify(manifest, null, 2) + "\n");
