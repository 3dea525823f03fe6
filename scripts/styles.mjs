// The release build's stylesheet step (scripts/assemble.mjs): which rules the first load needs.

/**
 * The project's stylesheet as two: `first`, the rules the main module's own views, the shell in
 * index.html and the scripts may need, and `later`, the rest. A rule goes to `later` only when
 * none of its selectors can match what those draw: each of its selectors names a class or id
 * that none of `corpus` (the main modules' data, where their views' class names are, and the
 * scripts' and page's text) holds, neither whole nor as a prefix ending in "-" and a rest held
 * on their own (`status-{kind}` is built from "status-" and "failed"; names inside :not() and
 * the like are not counted). Rules without a class or
 * id (elements, the theme's custom properties), @keyframes and @font-face stay first; an @media
 * block is split rule by rule. Comments are dropped (both are minified afterwards).
 */
export const splitStyles = (source, corpus) => {
  const all = corpus.join("\n");
  const held = new Map();
  const has = (name) => {
    if (!held.has(name)) {
      let yes = all.includes(name);
      for (let i = name.indexOf("-"); !yes && i > 0; i = name.indexOf("-", i + 1)) {
        yes = all.includes(name.slice(0, i + 1)) && all.includes(name.slice(i + 1));
      }
      held.set(name, yes);
    }
    return held.get(name);
  };
  // Selectors split at top-level commas (not those inside :is(), :not(), attribute values).
  const selectors = (list) => {
    const out = [];
    let depth = 0;
    let start = 0;
    for (let i = 0; i < list.length; i++) {
      const c = list[i];
      if (c === "(" || c === "[") depth++;
      else if (c === ")" || c === "]") depth--;
      else if (c === "," && depth === 0) {
        out.push(list.slice(start, i));
        start = i + 1;
      }
    }
    out.push(list.slice(start));
    return out.map((x) => x.trim()).filter(Boolean);
  };
  const mayMatch = (selector) => {
    // Names inside :not(), :is(), :where() or :has() are left out: a rule with them stays first
    // unless the names outside them rule it out.
    const bare = selector.replace(/\[[^\]]*\]/g, "").replace(/:[\w-]+\([^()]*\)/g, "");
    const names = [...bare.matchAll(/[.#](-?[A-Za-z_][\w-]*)/g)].map((m) => m[1]);
    return names.every(has);
  };
  // Top-level blocks: [prelude, body] (body without its braces).
  const blocks = (text) => {
    const out = [];
    let i = 0;
    while (i < text.length) {
      const open = text.indexOf("{", i);
      if (open < 0) {
        if (text.slice(i).trim()) throw new Error(`style: text after the last rule: ${text.slice(i, i + 40)}`);
        break;
      }
      let depth = 1;
      let j = open + 1;
      for (; j < text.length && depth; j++) {
        if (text[j] === "{") depth++;
        else if (text[j] === "}") depth--;
      }
      if (depth) throw new Error("style: a block is not closed");
      out.push([text.slice(i, open).trim(), text.slice(open + 1, j - 1)]);
      i = j;
    }
    return out;
  };
  const plain = source.replace(/\/\*[\s\S]*?\*\//g, "");
  const first = [];
  const later = [];
  for (const [prelude, body] of blocks(plain)) {
    if (/^@media/.test(prelude)) {
      const inner = blocks(body);
      const f = inner.filter(([sel]) => selectors(sel).some(mayMatch));
      const l = inner.filter((b) => !f.includes(b));
      const wrap = (rules) => (rules.length ? [`${prelude}{${rules.map(([sel, b]) => `${sel}{${b}}`).join("")}}`] : []);
      first.push(...wrap(f));
      later.push(...wrap(l));
    } else if (prelude.startsWith("@") || selectors(prelude).some(mayMatch)) {
      first.push(`${prelude}{${body}}`);
    } else {
      later.push(`${prelude}{${body}}`);
    }
  }
  return { first: first.join("\n") + "\n", later: later.join("\n") + "\n" };
};
