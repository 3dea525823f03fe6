// A check of scripts/split-cold.mjs on a small module (tests/e2e/tests/build_steps.rs runs it):
// the moved function is called through its stub (directly and through the table), the cold
// module is loaded once, on first need, and reaches the main module's functions, imports,
// globals and memory.   node scripts/split-cold.test.mjs   (binaryen on PATH: scripts/env.sh)
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { KEEP, dataOwners, directClosure, itemsOf, nameKey, readProfile, splitText } from "./split-cold.mjs";

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
// A part instantiated as the loader does it: "t" imports from the main module's table, "p" from
// its exports.
const instantiatePart = (module, main) => {
  const t = {};
  const p = {};
  for (const i of WebAssembly.Module.imports(module)) {
    if (i.module === "t") t[i.name] = main.__indirect_function_table.get(+i.name);
    else p[i.name] = main[i.name];
  }
  new WebAssembly.Instance(module, { t, p });
};
const load = (slot) => {
  assert.equal(slot, 2, "the stub names its slot, which says the part");
  loads++;
  instantiatePart(new WebAssembly.Module(coldWasm), exports);
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
// A moved function nothing in the main module can call before its part is there has no stub:
// `chunky` sits in a table slot whose number no code or data holds (only the chunks call it), and
// `leaf` is called by `chunky` alone. The slot holds a placeholder until the part puts `chunky`
// there. Read-only data only moved code refers to moves with it (scripts/data-map.mjs's map).
{
  const source2 = `(module
 (type $t (func (param i32) (result i32)))
 (import "./zadig-console_bg.js" "log" (func $log (param i32)))
 (memory $0 1)
 (table $0 4 4 funcref)
 (elem (table $0) (i32.const 1) func $chunky)
 (elem (table $0) (i32.const 3) func $helper2)
 (data (i32.const 64) "kept!")
 (data (i32.const 80) "moved")
 (export "memory" (memory $0))
 (export "__indirect_function_table" (table $0))
 (export "hot" (func $hot))
 (func $hot (param $0 i32) (result i32)
  (i32.add (i32.load8_u (i32.const 64)) (local.get $0)))
 (func $chunky (param $0 i32) (result i32)
  (i32.add (call $helper2 (call $leaf (local.get $0))) (i32.load8_u (i32.const 80))))
 (func $helper2 (param $0 i32) (result i32)
  (i32.add (local.get $0) (i32.const 1000)))
 (func $leaf (param $0 i32) (result i32)
  (i32.mul (local.get $0) (i32.const 30)))
)
`;
  as("source2", source2);
  const wat2 = execFileSync("wasm-dis", [...features, path.join(dir, "source2.wasm")]).toString();
  const names2 = itemsOf(wat2).filter((it) => it.kind === "func").map((it) => it.lines[0].match(/\$\w+/)[0]);
  const map = { groups: [[64, 69, 1], [80, 85, 1]], edges: [] };
  const split = splitText(wat2, (i) => ({ $chunky: 1, $leaf: 1 })[names2[i]] || 0, 1, map);
  assert.ok(!/\(func \$(chunky|leaf)\b/.test(split.primary), "no stubs");
  assert.ok(split.primary.includes("$zc_cold_absent"), "a placeholder holds the slot");
  assert.ok(!split.primary.includes("moved"), "the moved code's data is not in the main module");
  assert.ok(split.primary.includes("kept!"));
  assert.deepEqual(split.moved, [5]);
  assert.ok(split.modules[0].text.includes('(import "t" "3"'), "the part reaches helper2 in the slot it has already");
  const main2 = new WebAssembly.Instance(new WebAssembly.Module(as("primary2", split.primary)), {
    "./zadig-console_bg.js": { log: () => {}, __zc_cold_load: () => assert.fail("no stub loads the part") },
  }).exports;
  assert.equal(main2.hot(1), "k".charCodeAt(0) + 1);
  assert.throws(() => main2.__indirect_function_table.get(1)(2), WebAssembly.RuntimeError);
  instantiatePart(new WebAssembly.Module(as("part2", split.modules[0].text)), main2);
  assert.equal(main2.__indirect_function_table.get(1)(2), 1060 + "m".charCodeAt(0), "the part fills the slot and writes its data");
  assert.equal(Buffer.from(main2.memory.buffer, 80, 5).toString(), "moved");
}

// An address the code names outside the object it stands for (`TABLE[i - 1]` read at TABLE - 4 +
// 4i) keeps that object where the code is: the data map lists such addresses.
{
  const items3 = itemsOf("(module\n (func $k (result i32)\n  (i32.const 92)\n )\n (func $m (result i32)\n  (i32.const 96)\n )\n)\n");
  const map = { groups: [[80, 95, 1], [96, 100, 1]], edges: [[1, 0]] };
  assert.deepEqual([...dataOwners(map, items3, [0, 1], 1).moved[1]], [1], "by its range alone, the table would move");
  assert.deepEqual([...dataOwners({ ...map, outside: [[92, 1]] }, items3, [0, 1], 1).moved[1]], [], "the map's address keeps it");
  const items4 = itemsOf("(module\n (func $m (result i32)\n  (i32.const 96)\n )\n)\n");
  assert.deepEqual([...dataOwners(map, items4, [1], 1).moved[1]].sort(), [0, 1], "what a moved object points to moves with it");
}

// Kept whatever the profile says: the notice, and a hash table lookup's equality check.
assert.ok(KEEP.test("zadig_console::panic_notice::show"));
assert.ok(KEEP.test("<hashbrown[9133]::raw::RawTable<usize>>::find_or_find_insert_index::<indexmap[a4]::inner::equal<u64, ()>::{closure#0}, indexmap[a4]::inner::get_hash<u64, ()>::{closure#0}>::{closure#0}"));
assert.ok(!KEEP.test("<hashbrown[9133]::raw::RawTable<usize>>::reserve_rehash::<indexmap[a4]::inner::get_hash<u64, ()>::{closure#0}>"));
fs.rmSync(dir, { recursive: true, force: true });
console.log("split-cold: ok");
