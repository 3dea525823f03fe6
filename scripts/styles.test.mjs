// A check of scripts/styles.mjs (tests/e2e/tests/build_steps.rs runs it):
//   node scripts/styles.test.mjs
import assert from "node:assert/strict";
import { splitStyles } from "./styles.mjs";

const source = `/* a comment { with braces } */
:root { --fg: #111; }
a:hover { color: red; }
.topbar .brand, .dialog-only { font-weight: 600; }
.dialog-only { margin: 0; }
.status-failed .dot:before { content: ""; }
.status-exploded { color: red; }
[data-testid=x] .drawn-early { top: 0; }
#boot .loading { left: 0; }
:is(.drawn-early, .x) { right: 0; }
:is(.dialog-only, .x) { right: 1px; }
.drawn-early:not(.dialog-only) { right: 2px; }
@keyframes spin { to { transform: rotate(1turn); } }
@media (max-width: 640px) { .topbar nav { gap: 0; } .dialog-only { width: 100%; } }
`;
// What the main module and the page hold: class names packed together as string data are.
const corpus = ["topbarbrandstatus-faileddotdrawn-early", '<div id="boot"><p class="loading">'];
const { first, later } = splitStyles(source, corpus);
const rules = (css) => css.trim().split("\n");
assert.deepEqual(rules(first), [
  ":root{ --fg: #111; }",
  "a:hover{ color: red; }",
  ".topbar .brand, .dialog-only{ font-weight: 600; }",
  '.status-failed .dot:before{ content: ""; }',
  "[data-testid=x] .drawn-early{ top: 0; }",
  "#boot .loading{ left: 0; }",
  ":is(.drawn-early, .x){ right: 0; }",
  ":is(.dialog-only, .x){ right: 1px; }",
  ".drawn-early:not(.dialog-only){ right: 2px; }",
  "@keyframes spin{ to { transform: rotate(1turn); } }",
  "@media (max-width: 640px){.topbar nav{ gap: 0; }}",
]);
assert.deepEqual(rules(later), [
  ".dialog-only{ margin: 0; }",
  ".status-exploded{ color: red; }",
  "@media (max-width: 640px){.dialog-only{ width: 100%; }}",
]);
assert.throws(() => splitStyles(".a { color: red;", corpus), /not closed/);
console.log("styles: ok");
