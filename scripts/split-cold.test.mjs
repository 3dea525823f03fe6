// A check of scripts/split-cold.mjs on a small module (tests/e2e/tests/build_steps.rs runs it):
// the moved function is called through its stub (directly and through the table), the cold
// module is loaded once, on first need, and reaches the main module's functions, imports,
// globals and memory.   node scripts/split-cold.test.mjs   (binaryen on PATH: scripts/env.sh)
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { directClosure, itemsOf, nameKey, readProfile, splitText } from "./split-cold.mjs";

const features = ["--enable-reference-types", "--enable-bulk-memory", "--enable-mutable-globals"];
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "split-cold-"));
const as = (name, text) => {
  fs.writeFileSync(path.join(dir, `${name}.wat`), text);
  execFileSync("wasm-as", ["-g", ...features, path.join(dir, `${name}.wat`), "-o", path.join(dir, `${name}.wasm`)]);
  return fs.readFileSync(path.join(dir, `${name}.wasm`));
};

const source = `(module
 (type $t (func (param i32) (result i32)))
 (import "./zadig-console_bg.js" "log" (func $log (param i32)))
 (global $sp (mut i32) (i32.const 1024))
 (memory $0 1)
 (table $0 2 2 funcref)
 (elem (table $0) (i32.const 1) func $cold)
 (elem (table $0) (i32.const 0) funcref (item ref.null func))
 (export "memory" (memory $0))
 (export "__indirect_function_table" (table $0))
 (export "hot" (func $hot))
 (export "via_table" (func $via_table))
 (export "sp" (global $sp))
 (func $hot (param $0 i32) (result i32)
  (i32.add (call $cold (local.get $0)) (i32.const 1)))
 (func $cold (param $0 i32) (result i32)
  (call $log (local.get $0))
  (global.set $sp (i32.const 7))
  (i32.store (i32.const 16) (local.get $0))
  (i32.mul (call $helper (local.get $0)) (i32.const 2)))
 (func $helper (param $0 i32) (result i32)
  (i32.add (local.get $0) (i32.const 100)))
 (func $unreached (param $0 i32) (result i32)
  (i32.sub (call $cold (local.get $0)) (i32.const 1)))
 (func $via_table (param $0 i32) (result i32)
  (call_indirect $0 (type $t) (local.get $0) (i32.const 1)))
)
`;
// binaryen's own printing of it, which is what the step reads.
as("source", source);
const wat = execFileSync("wasm-dis", [...features, path.join(dir, "source.wasm")]).toString();
const items = itemsOf(wat);
const names = items.filter((it) => it.kind === "func").map((it) => it.lines[0].match(/\$\w+/)[0]);

// Direct calls: `hot` reaches `cold` and `helper`; `unreached` and `via_table` (which reaches
// `cold` through the table only) are not reached from `hot`.
const reached = directClosure(items, names.map((n) => n === "$hot"));
assert.deepEqual(names.filter((_, i) => reached[i]).sort(), ["$cold", "$helper", "$hot"]);

// `cold` moves to the first part, `unreached` (which calls `cold`, through its stub) to the
// second; the first part calls `helper` in the main module.
const { primary, modules } = splitText(wat, (i) => ({ $cold: 1, $unreached: 2 })[names[i]] || 0);
assert.equal(modules.length, 2);
assert.deepEqual([modules[0].first, modules[0].end, modules[1].first, modules[1].end], [2, 3, 3, 4]);
const cold = modules[0].text;
const primaryWasm = as("primary", primary);
const coldWasm = as("cold", cold);
as("second", modules[1].text);

let loads = 0;
const logged = [];
let exports;
const load = (slot) => {
  assert.equal(slot, 2, "the stub names its slot, which says the part");
  loads++;
  const module = new WebAssembly.Module(coldWasm);
  const t = {};
  const p = {};
  for (const i of WebAssembly.Module.imports(module)) {
    if (i.module === "t") t[i.name] = exports.__indirect_function_table.get(+i.name);
    else p[i.name] = exports[i.name];
  }
  new WebAssembly.Instance(module, { t, p });
};
const instance = new WebAssembly.Instance(new WebAssembly.Module(primaryWasm), {
  "./zadig-console_bg.js": { log: (x) => logged.push(x), __zc_cold_load: load },
});
exports = instance.exports;
assert.equal(loads, 0, "nothing is loaded before it is needed");
assert.equal(exports.hot(5), 211);
assert.equal(loads, 1, "the first call loads the cold module");
assert.deepEqual(logged, [5], "the cold code calls the main module's imports");
assert.equal(exports.sp.value, 7, "the cold code writes the main module's globals");
assert.equal(new Int32Array(exports.memory.buffer)[4], 5, "and its memory");
assert.equal(exports.via_table(6), 212, "the table's entry for the moved function is its stub");
assert.equal(exports.hot(1), 203);
assert.equal(loads, 1, "the cold module is loaded once");
assert.ok(!primary.includes("i32.store"), "the moved body is not in the main module");
assert.ok(!primary.includes("ref.null"), "a segment of nulls only is left out");
assert.ok(wat.includes("ref.null"), "(which the source has)");
assert.equal(exports.__indirect_function_table.get(0), null);
assert.ok(cold.includes("i32.store"), "the moved body is in the cold module");
// The profile's sections, by name key (binaryen's `.N` suffixes left out).
const profile = readProfile(`# comment\n[first_picker]\n${nameKey("$a")}\n[first_list]\n${nameKey("$d")}\n[picker]\n${nameKey("$b.3")}\n[list]\n${nameKey("$c")}\n`);
assert.ok(profile.first_picker.has(nameKey("$a")) && profile.first_list.has(nameKey("$d")));
assert.ok(profile.picker.has(nameKey("$b")) && profile.list.has(nameKey("$c")));
assert.equal(profile.first_picker.size + profile.first_list.size + profile.picker.size + profile.list.size, 4);
assert.throws(() => readProfile("[later]\n"), /unknown section/);
fs.rmSync(dir, { recursive: true, force: true });
console.log("split-cold: ok");
